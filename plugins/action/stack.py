# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

# A file per module rather than a plugin_routing redirect: linters take a redirect target
# for the module's canonical name and would tell users to write routeros_fleet.containers.routeros.

from __future__ import annotations

import importlib
import os

import yaml

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import ActionModule as RouterOSActionModule, module_front

# Imported when the strategy loads this plugin in the ansible-playbook process, before it forks a
# worker per host: every worker inherits the module's code instead of compiling it again.
FRONT = module_front('stack')
# The deploy role templates the stack task's arguments with the collection's filters, and Ansible
# loads every filter file of the collection in the worker when it resolves one: loaded here, each
# worker finds them in sys.modules (PluginLoader reuses a module already imported under its name).
for _filter in ('containers_for_host', 'compose_to_containers'):
    importlib.import_module('ansible_collections.routeros_fleet.containers.plugins.filter.%s' % _filter)

ROLE = 'routeros_fleet.containers.deploy'
ROLE_SPEC_FILE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                              'roles', 'deploy', 'meta', 'argument_specs.yml')
# stack option -> the role variable that roles/deploy/tasks/main.yml passes in it. The other two
# variables of the role, routeros_containers_overrides and _exclude, are checked by the
# containers_for_host filter that applies them, before this plugin runs.
ROLE_VARIABLES = (
    ('containers', 'routeros_containers'),
    ('network', 'routeros_containers_network'),
    ('config', 'routeros_containers_config'),
    ('compose', 'routeros_containers_compose'),
    ('owner', 'routeros_containers_owner'),
    ('prune', 'routeros_containers_prune'),
    ('adopt', 'routeros_containers_adopt'),
    ('adopt_owners', 'routeros_containers_adopt_owners'),
)


def load_role_spec(path=ROLE_SPEC_FILE):
    """The options of the deploy role's entry point ``main`` (meta/argument_specs.yml).

    None without the file or the entry point (the unit tests insist on both): the stack task
    then runs on its own checks rather than every stack task failing to load.
    """
    try:
        with open(path, encoding='utf-8') as handle:
            data = yaml.load(handle, Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))
        return data['argument_specs']['main']['options']
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        return None


# Read once, here in the ansible-playbook process: the workers inherit it.
ROLE_SPEC = load_role_spec()


def role_refusal(job, module_args, inventory_hostname, spec=None):
    """The deploy role's variables checked against its own argument spec, as Ansible's role validation would.

    ``module_args`` are the stack task's arguments as the role passed them (one role variable
    each, ROLE_VARIABLES). Returns None when they are valid, else a failed result naming the
    host and every variable at fault (ArgumentSpecValidator's messages), secrets masked.
    """
    spec = ROLE_SPEC if spec is None else spec
    provided = dict((variable, module_args[option]) for option, variable in ROLE_VARIABLES if option in module_args)
    validation = ArgumentSpecValidator(spec).validate(provided)
    if not validation.error_messages:
        return None
    errors = list(validation.error_messages)
    result = {'failed': True, 'argument_errors': errors,
              'msg': "host %s: the deploy role's variables are not valid: %s" % (inventory_hostname, '; '.join(errors))}
    no_log_values = set(validation._no_log_values) | set(job.secret_values(module_args))
    return remove_values(result, no_log_values)


class ActionModule(RouterOSActionModule):
    """Runs the stack module in the Ansible worker process, connection options from host variables.

    As the deploy role's task, it first checks the role's variables against the role's argument
    spec: playbooks/deploy.yml turns Ansible's own validation task off (one task per router
    less), so this is where a wrong type or an unknown key is refused, before any router is read.
    """

    front = FRONT

    def refusal(self, front, module_args, inventory_hostname):
        role = getattr(self._task, '_role', None)
        if ROLE_SPEC is None or role is None or role.get_name() != ROLE:
            return None
        return role_refusal(front.job(), module_args, inventory_hostname)
