# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):

    # For modules that change a router.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check mode and say what it would change without sending any write to the router.
    support: full
  diff_mode:
    description: Returns the differences between the router's configuration and the wanted one, when run with C(--diff).
    support: full
  idempotent:
    description: Running the same task twice changes nothing the second time.
    support: full
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: RouterOS
  action_group:
    description: Use C(group/routeros_fleet.containers.routeros) in C(module_defaults) to set the connection options once for all modules.
    support: full
    membership:
      - routeros_fleet.containers.routeros
'''

    # For modules that only read.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    description: Can run in check mode; reading changes nothing.
    support: full
  diff_mode:
    description: Returns no diff; the module only reads.
    support: N/A
  idempotent:
    description: Only reads.
    support: full
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: RouterOS
  action_group:
    description: Use C(group/routeros_fleet.containers.routeros) in C(module_defaults) to set the connection options once for all modules.
    support: full
    membership:
      - routeros_fleet.containers.routeros
'''
