# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A file per module rather than a plugin_routing redirect: linters take a redirect target
# for the module's canonical name and would tell users to write routeros_fleet.containers.routeros.

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import ActionModule as RouterOSActionModule


class ActionModule(RouterOSActionModule):
    """Runs the container_info module on the controller, connection options from host variables."""
