# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The action plugin behind every module of the collection: it runs the module in Ansible's worker.

Routers run no Python, so nothing has to run on the managed host. This plugin validates the
task's arguments with the module's own argument spec, fills connection options from the
host's variables (``r1 ansible_host=10.0.0.1 routeros_password=...`` is all a play needs) and
runs the collection's one run loop (module_utils/_run) right here: no module process, no
AnsiballZ, imports paid once per worker. Everything it returns is masked first, the way a
module masks its no_log values.
"""

from __future__ import annotations

import importlib
import os
import traceback

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.loop import display_name, precheck_failure, run

display = Display()

MODULES_PACKAGE = 'ansible_collections.routeros_fleet.containers.plugins.modules'

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


def module_front(name):
    """The module file: its ARGUMENT_SPEC, MODULE_OPTIONS and job()."""
    return importlib.import_module('%s.%s' % (MODULES_PACKAGE, name))


def run_front(front, module_args, check_mode=False, diff=False, inventory_hostname=None, connect=None):
    """Validate ``module_args`` as the module would, run its job, and mask every secret.

    Returns the task result: the module's keys, ``warnings`` and ``invocation.module_args``
    (masked). No secret survives in any string of it: the no_log values are the connection
    password, every no_log option and the job's secret values (env values of secret keys).
    """
    job = front.job()
    no_log_values = set(job.secret_values(module_args))
    validation = ArgumentSpecValidator(front.ARGUMENT_SPEC, **front.MODULE_OPTIONS).validate(module_args)
    no_log_values.update(validation._no_log_values)
    params = validation.validated_parameters
    no_log_values.update(job.secret_values(params))
    warnings = []
    name = display_name(params, inventory_hostname)
    # The job's own checks of the raw arguments come first: their messages name the host and the field.
    failure = precheck_failure(job, module_args, name)
    if failure is not None:
        result = failure
    elif validation.error_messages:
        # The message AnsibleModule gives for the same arguments.
        result = {'failed': True, 'msg': validation.errors.msg}
        if isinstance(validation.errors[0], UnsupportedError):
            result['msg'] = 'Unsupported parameters for (%s) module: %s' % (front.__name__.rsplit('.', 1)[-1], result['msg'])
    else:
        try:
            result, warnings = run(job, params, check_mode=check_mode, diff=diff, name=name, connect=connect)
        except Exception as exc:  # pylint: disable=broad-except
            # A bug of ours must not print a secret either: the traceback is masked like the rest.
            result = {'failed': True, 'msg': 'internal error: %s: %s' % (type(exc).__name__, exc),
                      'exception': traceback.format_exc()}
    if warnings:
        result['warnings'] = list(warnings)
    result['invocation'] = {'module_args': params}
    no_log_values.update(job.found_secret_values)
    return remove_values(result, no_log_values)


class ActionModule(ActionBase):

    _supports_check_mode = True
    _supports_async = False
    front = None    # the module file, set by each module's own action plugin (plugins/action/<module>.py)

    @property
    def module_name(self):
        action = getattr(self._task, 'resolved_action', None) or self._task.action
        return action.rsplit('.', 1)[-1]

    def _task_environment(self):
        """ROUTEROS_* set with the task's ``environment:`` keyword, as a module process would see them."""
        environment = {}
        for entry in self._task.environment or []:
            entry = self._templar.template(entry)
            if isinstance(entry, dict):
                environment.update((str(key), str(value)) for key, value in entry.items() if str(key).startswith('ROUTEROS_'))
        return environment

    def run(self, tmp=None, task_vars=None):
        task_vars = dict(task_vars or {})
        result = super(ActionModule, self).run(tmp, task_vars)
        del tmp

        # This worker process runs this one task for this one host: the environment is ours to set.
        os.environ.update(self._task_environment())
        module_args = dict(self._task.args)
        filled = connection_options_from_host(module_args, task_vars, self._templar.template)
        module_args.update(filled)
        # Names only: the values may hold the password.
        display.vvv('routeros: connection options from host variables: %s' % (', '.join(sorted(filled)) or 'none'),
                    host=task_vars.get('inventory_hostname'))
        front = self.front or module_front(self.module_name)
        refusal = self.refusal(front, module_args, task_vars.get('inventory_hostname'))
        result.update(refusal or run_front(front, module_args, check_mode=bool(self._task.check_mode), diff=bool(self._task.diff),
                                           inventory_hostname=task_vars.get('inventory_hostname')))
        return result

    def refusal(self, front, module_args, inventory_hostname):
        """A failed result (masked) to return instead of running the module, or None: a subclass's own checks."""
        return None
