# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The run loop through AnsibleModule, for anyone who runs a module file itself.

Plays never get here: the action plugin runs the loop in the worker process. A module file
run directly logs its invocation (syslog/journal) and may fail on a bad option while
AnsibleModule is being built, so the job's secret values (env values whose keys are secret)
must be no_log values before either can happen: they are registered right after the raw
parameters are loaded.
"""

from __future__ import annotations

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.loop import display_name, failure_result, run
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError


def run_module(module_class, argument_spec, job, **module_options):
    """Build the module (``module_class`` is AnsibleModule), run ``job`` and exit with its result."""

    class RouterOSModule(module_class):

        def _load_params(self):
            super(RouterOSModule, self)._load_params()
            self.no_log_values.update(job.secret_values(self.params))

        def _set_internal_properties(self):
            super(RouterOSModule, self)._set_internal_properties()
            # The job's own checks of the raw arguments come before AnsibleModule's validation,
            # whose messages name neither the host nor the entry of a list.
            try:
                job.precheck(self.params, None)
            except SpecError as error:
                # The validator's no_log values (the password) must not show in the failure, and
                # its parameters name the router (hostname may come from ROUTEROS_HOSTNAME).
                validation = ArgumentSpecValidator(self.argument_spec).validate(self.params)
                self.no_log_values.update(validation._no_log_values)
                failure = failure_result(error, display_name(validation.validated_parameters))
                del failure['failed']
                self.fail_json(**failure)

    module = RouterOSModule(argument_spec=argument_spec, supports_check_mode=True, **module_options)
    result, warnings = run(job, module.params, check_mode=module.check_mode, diff=module._diff)
    module.no_log_values.update(job.found_secret_values)
    for warning in warnings:
        module.warn(warning)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
