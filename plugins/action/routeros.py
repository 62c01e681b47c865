# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugin behind every module of the collection (see meta/runtime.yml).

Routers run no Python, so the modules always execute on the controller and talk to the
router's API. This plugin makes that so whatever ``ansible_connection`` the host has, and
takes the connection options from the host's variables, so an inventory entry like
``r1 ansible_host=10.0.0.1 routeros_password=...`` is all a play needs.
"""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

display = Display()

# option -> host variables to try, in order (docs/design.md, connection contract).
HOST_VARIABLES = (
    ('hostname', ('routeros_hostname', 'ansible_host')),
    ('port', ('routeros_port',)),
    ('username', ('routeros_username',)),
    ('password', ('routeros_password',)),
    ('tls', ('routeros_tls',)),
    ('validate_certs', ('routeros_validate_certs',)),
    ('validate_cert_hostname', ('routeros_validate_cert_hostname',)),
    ('ca_path', ('routeros_ca_path',)),
    ('timeout', ('routeros_timeout',)),
)


def connection_options_from_host(task_args, task_vars, template, environ=None):
    """The connection options a task leaves out, filled from host variables.

    Precedence: task argument > host variable > environment variable (applied by the module
    through env_fallback) > default. ``inventory_hostname`` is the last resort for
    ``hostname``, after ``ROUTEROS_HOSTNAME``, because every host has one.
    """
    environ = os.environ if environ is None else environ
    filled = {}
    for option, variables in HOST_VARIABLES:
        if task_args.get(option) is not None:
            continue
        for variable in variables:
            if task_vars.get(variable) is not None:
                value = template(task_vars[variable])
                if value is not None and value != '':
                    filled[option] = value
                    break
    if task_args.get('hostname') is None and 'hostname' not in filled and not environ.get('ROUTEROS_HOSTNAME'):
        if task_vars.get('inventory_hostname'):
            filled['hostname'] = task_vars['inventory_hostname']
    return filled


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = False

    def _run_on_controller(self):
        local = self._shared_loader_obj.connection_loader.get('local', self._play_context)
        # The same switch network connections make: temp files go to the controller's local
        # tmp and the module runs with ansible_playbook_python, not the host's interpreter.
        local._remote_is_local = True
        self._connection = local

    def run(self, tmp=None, task_vars=None):
        task_vars = dict(task_vars or {})
        self._run_on_controller()
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp

        module_args = dict(self._task.args)
        filled = connection_options_from_host(module_args, task_vars, self._templar.template)
        module_args.update(filled)
        # Names only: the values may hold the password.
        display.vvv('routeros: connection options from host variables: %s' % (', '.join(sorted(filled)) or 'none'),
                    host=task_vars.get('inventory_hostname'))

        try:
            result.update(self._execute_module(module_args=module_args, task_vars=task_vars))
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
