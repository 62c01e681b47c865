# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A file per module rather than a plugin_routing redirect: linters take a redirect target
# for the module's canonical name and would tell users to write routeros_fleet.containers.routeros.

from __future__ import annotations

import importlib

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import ActionModule as RouterOSActionModule, module_front

# Imported when the strategy loads this plugin in the ansible-playbook process, before it forks a
# worker per host: every worker inherits the module's code instead of compiling it again.
FRONT = module_front('stack')
# The deploy role templates the stack task's arguments with the collection's filters, and Ansible
# loads every filter file of the collection in the worker when it resolves one: loaded here, each
# worker finds them in sys.modules (PluginLoader reuses a module already imported under its name).
for _filter in ('containers_for_host', 'compose_to_containers'):
    importlib.import_module('ansible_collections.routeros_fleet.containers.plugins.filter.%s' % _filter)


class ActionModule(RouterOSActionModule):
    """Runs the stack module in the Ansible worker process, connection options from host variables."""

    front = FRONT
