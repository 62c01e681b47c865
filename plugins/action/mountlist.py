# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A file per module rather than a plugin_routing redirect: linters take a redirect target
# for the module's canonical name and would tell users to write routeros_fleet.containers.routeros.

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import ActionModule as RouterOSActionModule, module_front

# Imported when the strategy loads this plugin in the ansible-playbook process, before it forks a
# worker per host: every worker inherits the module's code instead of compiling it again.
FRONT = module_front('mountlist')


class ActionModule(RouterOSActionModule):
    """Runs the mountlist module in the Ansible worker process, connection options from host variables."""

    front = FRONT
