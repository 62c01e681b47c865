# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container and container_info module runs: parse, connect, read once, plan, apply, report."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.info import (
    INFO_TYPES, describe_container, describe_router,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.operations import LifecycleError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.resource import ContainerResource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError


def _default_connect():
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect
    return connect


def _host(module):
    return module.params.get('hostname') or 'unknown'


def _failure_details(error):
    cause = error.original if isinstance(error, ApplyError) else error
    details = {}
    if isinstance(cause, LifecycleError):
        if cause.reason:
            details['reason'] = cause.reason
        if cause.log_lines:
            details['log_lines'] = cause.log_lines
    if isinstance(error, ApplyError):
        details.update(error.data())
    return details


def run_container_module(module, connect=None, clock=None):
    """The container module: one container brought to the requested state, with waits."""
    resource = ContainerResource(clock=clock)
    try:
        spec = resource.validate(module.params)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(_host(module))))
    # `env` cannot be no_log as a whole; its secret values are masked wherever Ansible prints
    # this task (module_args in -vvv output and callbacks included), as for no_log options.
    module.no_log_values.update(value for key, value in (spec.env or {}).items() if key in spec.secret_env and value)

    connect = connect or _default_connect()
    result = {'changed': False, 'actions': []}
    session = None
    plan = None
    try:
        session = connect(module.params)
        session.check_container_support()
        state = RouterState.read(session, resource.object_types())
        plan = resource.plan(spec, state)
        for warning in plan.warnings:
            module.warn(warning)
        result['changed'] = bool(plan)
        result['actions'] = plan.container_plan.actions
        result['changes'] = plan.actions()
        if module._diff:
            result['diff'] = diff_sections(plan)
        apply_plan(session, plan, check_mode=module.check_mode)
        ops = plan.container_runtime['ops']
        result['timings'] = dict(ops.timings) if ops is not None else {}
        if plan and not module.check_mode:
            state = RouterState.read(session, resource.object_types())
        result['container'] = resource.report(spec, state)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(_host(module))))
    except RouterError as error:
        if plan is not None:
            result['actions'] = plan.container_plan.actions
            ops = plan.container_runtime['ops']
            result['timings'] = dict(ops.timings) if ops is not None else {}
        result.update(_failure_details(error))
        result.pop('changed', None)
        module.fail_json(msg=str(error), changed=bool(plan), **result)
    finally:
        if session is not None:
            session.close()
    module.exit_json(**result)


def run_container_info_module(module, connect=None):
    """container_info: every container (or the named ones) and what the router can run."""
    connect = connect or _default_connect()
    names = module.params.get('name') or []
    secret_keys = module.params.get('secret_env') or []
    session = None
    try:
        session = connect(module.params)
        router = describe_router(session)
        containers = []
        if router['container_package'] is not None:
            state = RouterState.read(session, INFO_TYPES)
            for row in state.rows(CONTAINER):
                described = describe_container(row, state, secret_keys=secret_keys)
                if not names or described['name'] in names:
                    containers.append(described)
    except RouterError as error:
        module.fail_json(msg=str(error))
    finally:
        if session is not None:
            session.close()
    module.exit_json(changed=False, router=router, containers=containers)
