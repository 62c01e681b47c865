# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack module's run: validate, connect, read once, plan everything, apply, report."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, format_address
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.deploy import (
    StackError, apply_stack, object_types, plan_stack, validate_offline,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack

STACK_ARGUMENT_SPEC = dict(
    owner=dict(type='str', default='default'),
    network=dict(type='dict', options=dict(
        name=dict(type='str', default='containers'),
        subnet=dict(type='str', default='172.17.0.0/24'),
        gateway=dict(type='str'),
        masquerade=dict(type='bool', default=True),
        publish_on=dict(type='str', default='LAN'),
        router_services=dict(type='list', elements='str'),
        allow_service_ports=dict(type='bool', default=False),
    )),
    containers=dict(type='list', elements='dict', default=[]),
    config=dict(type='dict', options=dict(
        registry_url=dict(type='str'),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
        tmpdir=dict(type='str'),
        layer_dir=dict(type='str'),
        memory_high=dict(type='str'),
    )),
    prune=dict(type='bool', default=True),
    adopt=dict(type='list', elements='str', default=[]),
    adopt_owners=dict(type='list', elements='str', default=[]),
)


def secret_values(params):
    """The values the spec marks secret (env keys in secret_env), wherever they are in ``params``.

    Computed from raw parameters so that it works before validation: AnsibleModule logs its
    invocation while it is being built, and these values must be masked there already.
    """
    values = set()
    for container in params.get('containers') or []:
        if not isinstance(container, dict):
            continue
        env = container.get('env') if isinstance(container.get('env'), dict) else {}
        for key in container.get('secret_env') or []:
            value = env.get(key) if isinstance(key, str) else None
            if value not in (None, '', True, False):
                values.add(str(value))
    return values


def _router_info(session):
    return {'host': session.host, 'port': session.port, 'version': str(session.version),
            'identity': getattr(session, 'identity', None)}


def _failure(result, details=None):
    """What a failed run returns: the router and how far it got; the message already lists every step."""
    failure = {'changed': bool(details and details.get('applied'))}
    if 'router' in result:
        failure['router'] = result['router']
    failure.update(details or {})
    return failure


def run_stack_module(module, connect=None):
    """What the stack module front calls. ``connect`` is for tests."""
    module.no_log_values.update(secret_values(module.params))
    host = module.params.get('hostname') or 'unknown'
    try:
        stack = parse_stack(module.params, host=host)
        validate_offline(stack, host=host)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(host)))

    if connect is None:
        from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect

    result = {'changed': False, 'actions': [], 'objects': [], 'summary': {}}
    session = None
    try:
        session = connect(module.params)
        host = session.host
        result['router'] = _router_info(session)
        session.check_container_support()
        state = RouterState.read(session, object_types())
        stack_plan = plan_stack(stack, state)
        for warning in stack_plan.warnings:
            module.warn(warning)
        result.update(
            changed=stack_plan.changed,
            actions=stack_plan.actions(),
            objects=[item.report() for item in stack_plan.objects],
            summary=stack_plan.summary(),
            addresses=stack_plan.addresses,
        )
        if module._diff:
            # Diff headers name the router by address and port: several may share one address.
            result['diff'] = stack_plan.diff(format_address(session.host, session.port))
        if not module.check_mode:
            apply_stack(session, stack_plan, state=state)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(host)), **_failure(result))
    except StackError as error:
        module.fail_json(msg=str(error), **_failure(result, error.data()))
    except RouterError as error:
        module.fail_json(msg=str(error), **_failure(result))
    finally:
        if session is not None:
            session.close()
    module.exit_json(**result)
