# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What each module adds to the one run loop (``_run.loop``): a small Job per kind of module.

Resource modules (envlist, mountlist, veth, port_forward, container_network, container_config)
share ``ResourceJob``; ``container`` adds its lifecycle steps and timings, ``container_info``
only reads, ``stack`` plans every object of a router at once.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import compose_secret_values
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.lease import plan_under_lease
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import lifecycle_steps
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.waits import SETTLED
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.info import INFO_TYPES, describe_container, describe_router
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.loop import Job
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.planner import apply_stack, object_types, plan_stack, validate_offline
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import check_entries, parse_stack


def secret_env_values(env, secret_keys):
    """The values of ``env`` whose keys are secret, from raw parameters of any shape."""
    if not isinstance(env, dict) or not isinstance(secret_keys, (list, tuple)):
        return set()
    values = set()
    for key in secret_keys:
        value = env.get(key) if isinstance(key, str) else None
        if value not in (None, '', True, False):
            values.add(str(value))
    return values


class ResourceJob(Job):
    """One engine Resource (``_engine.resource.Resource``) as a module: the report under its name."""

    def __init__(self, resource):
        super(ResourceJob, self).__init__()
        self.resource = resource
        self.name = resource.name
        self.needs_container = resource.needs_container

    def validate(self, params, host):
        return self.resource.validate(params)

    def object_types(self, spec):
        return self.resource.object_types()

    def plan(self, spec, state):
        return self.resource.plan(spec, state)

    def report(self, spec, plan, state, session):
        return {self.name: self.resource.report(spec, state)}


class EnvListJob(ResourceJob):

    def secret_values(self, params):
        return secret_env_values(params.get('env'), params.get('secret_keys'))


class ContainerJob(ResourceJob):
    """The container module: ``steps`` are the lifecycle verbs (pull, stop, start...), ``timings``
    how long the waits took."""

    def secret_values(self, params):
        return secret_env_values(params.get('env'), params.get('secret_env'))

    def _lifecycle(self, plan):
        if plan is None:
            return {}
        timings = {}
        for change in plan:
            # What users wait for: pulls, starts and stops (not a wait for someone else's step).
            if change.wait is not None and change.elapsed is not None and change.wait.until != SETTLED:
                timings[change.wait.until] = round(timings.get(change.wait.until, 0) + change.elapsed, 2)
        return {'steps': lifecycle_steps(plan), 'timings': timings}

    def report(self, spec, plan, state, session):
        result = super(ContainerJob, self).report(spec, plan, state, session)
        result.update(self._lifecycle(plan))
        return result

    def failure(self, plan, session):
        return self._lifecycle(plan)


class ContainerInfoJob(Job):
    """container_info: what the router can run and its containers; never writes."""

    name = 'container_info'

    def validate(self, params, host):
        return {'names': params.get('name') or [], 'secret_keys': params.get('secret_env') or []}

    def read(self, session, spec):
        router = describe_router(session)
        state = RouterState.read(session, INFO_TYPES) if router['container_package'] is not None else None
        return router, state

    def plan(self, spec, state):
        return Plan()

    def report(self, spec, plan, state, session):
        router, rows = state
        containers = []
        if rows is not None:
            for row in rows.rows(CONTAINER):
                described = describe_container(row, rows, secret_keys=spec['secret_keys'])
                if not spec['names'] or described['name'] in spec['names']:
                    containers.append(described)
        return {'router': router, 'containers': containers}


def stack_secret_values(params):
    """Secret env values of every container of a stack spec, whatever shape the raw parameters have."""
    values = set()
    for container in params.get('containers') or []:
        if isinstance(container, dict):
            values.update(secret_env_values(container.get('env'), container.get('secret_env')))
    values.update(compose_secret_values(params.get('compose')))
    return values


def router_info(session):
    return {'host': session.host, 'port': session.port, 'version': str(session.version),
            'identity': getattr(session, 'identity', None)}


class StackJob(Job):
    """The stack module: every object of one router planned against one state, applied in order."""

    name = 'stack'
    needs_container = True
    check_mode = False   # set by the run loop: the summary line says "would" then

    def secret_values(self, params):
        return stack_secret_values(params)

    def __init__(self):
        super(StackJob, self).__init__()
        self.params = None

    def precheck(self, params, host):
        check_entries(params, host)

    def validate(self, params, host):
        self.params = params
        stack = parse_stack(params, host=host)
        validate_offline(stack, host=host)
        return stack

    def connected(self, session, spec):
        if not self.params.get('compose'):
            return spec
        # Compose options the router's own version or CPU lacks are refused (or ignored) now.
        spec = parse_stack(self.params, host=session.name, routeros_version=session.version,
                           architecture=getattr(session, 'architecture', None))
        self.found_secret_values.update(container.env[key] for container in spec.containers
                                        for key in container.secret_env if container.env.get(key))
        return spec

    def object_types(self, spec):
        return object_types()

    def read_and_plan(self, session, spec):
        # One writing run per owner and router at a time (_engine/lease.py); the lease goes with the session.
        return plan_under_lease(session, spec.marker_owner, self.check_mode, object_types(),
                                lambda state: plan_stack(spec, state))

    def plan(self, spec, state):
        return plan_stack(spec, state)

    def changed(self, plan):
        return plan.changed

    def diff(self, plan, state):
        return plan.diff(state.host)

    def apply(self, session, plan, state):
        apply_stack(session, plan, state=state)
        return state

    def report(self, spec, plan, state, session):
        result = {'router': router_info(session), 'objects': [item.report() for item in plan.objects],
                  'summary': plan.summary(), 'addresses': plan.addresses, 'msg': summary_line(plan, session, self.check_mode)}
        if self.params.get('compose'):
            result['compose_notes'] = spec.compose_notes
        return result

    def failure(self, plan, session):
        return {'router': router_info(session)} if session is not None and session.version is not None else {}


def summary_line(plan, session, check_mode=False):
    """One line for the play's output: the router, its version and what the run did."""
    counts = plan.summary()
    verbs = ('would create', 'would change', 'would remove') if check_mode else ('created', 'changed', 'removed')
    return '%s (RouterOS %s): %s %d, %s %d, %s %d, unchanged %d' % (
        session.name, session.version, verbs[0], counts['created'], verbs[1], counts['changed'], verbs[2], counts['removed'],
        counts['unchanged'])
