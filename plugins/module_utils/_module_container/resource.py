# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container as an engine resource: what the container module and the stack module both plan.

The lifecycle steps (lifecycle.py) become ``run`` Changes of one engine Plan, together with
the env list and mount list the module keeps for ``env`` and ``mounts``, so that check mode,
diff and apply behave exactly as for every other resource (docs/design.md "Engine contract").
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import EnvList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import MountList, rows_of_list
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.info import describe_container
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.lifecycle import (
    STAGING_SUFFIX, console_target, find_container, identity_markers, plan_container,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.operations import ContainerOps
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, VETH,
)


class ContainerResource(Resource):
    """One container with its own env and mount lists. ``plan()`` returns an engine Plan whose
    ``container_plan`` attribute holds the lifecycle decision (actions, diff, timings)."""

    name = 'container'
    needs_container = True

    def __init__(self, clock=None):
        self.clock = clock

    def object_types(self):
        return [CONTAINER, CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, VETH, FIREWALL_NAT]

    def validate(self, params, owner=None):
        spec = options.validate(params)
        spec.owner = owner
        return spec

    def _linked_plan(self, spec, state, owner):
        """The env list and mount list the module keeps for ``env`` and ``mounts``."""
        plan = Plan(state.host)
        absent = spec.state == 'absent'
        list_state = 'absent' if absent else 'present'
        name = spec.managed_list_name

        def ours(rows):
            # On removal our own list goes too, even when the task no longer names env or mounts.
            return absent and any(row.owned_by(owner) for row in rows)

        if spec.env is not None or ours(state.find(CONTAINER_ENVS, list=name)):
            resource = EnvList()
            plan.extend(resource.plan(resource.validate({
                'name': name, 'env': spec.env or {}, 'secret_keys': spec.secret_env,
                'state': list_state, 'purge': True}, owner=owner), state))
        if spec.mounts is not None or ours(rows_of_list(state, name)):
            resource = MountList()
            plan.extend(resource.plan(resource.validate({
                'name': name, 'mounts': spec.mounts or [], 'state': list_state, 'purge': True},
                owner=owner), state))
        return plan

    def plan(self, spec, state):
        owner = identity_markers(spec.name, getattr(spec, 'owner', None))[0].owner
        linked = self._linked_plan(spec, state, owner)
        container_plan = plan_container(spec, state, owner=getattr(spec, 'owner', None),
                                        linked_changes=bool(linked) and spec.state != 'absent', linked_plan=linked)
        shared = {'ops': None, 'ctx': {'id': container_plan.current.id if container_plan.current else None}}
        marker, staging_marker = identity_markers(spec.name, getattr(spec, 'owner', None))
        targets = {spec.name: console_target(spec.name, marker, state.version),
                   spec.name + STAGING_SUFFIX: console_target(spec.name + STAGING_SUFFIX, staging_marker, state.version)}
        changes = [self._change(step, shared, step.label or spec.name, targets) for step in container_plan.steps]
        if changes:
            changes[0].before, changes[0].after = container_plan.before, container_plan.after
        plan = Plan(state.host)
        if spec.state == 'absent':
            plan.extend(changes)
            plan.extend(linked)
        else:
            deferred = _in_use(linked, state) if container_plan.switch_index is not None else []
            plan.extend(_interleave(changes, container_plan.linked_index, linked, container_plan.switch_index, deferred))
        plan.warnings = list(container_plan.warnings) + list(linked.warnings)
        plan.container_plan = container_plan
        plan.container_runtime = shared
        return plan

    def _change(self, step, shared, label, targets):
        clock = self.clock

        def runner(session, change):
            ops = shared['ops']
            if ops is None or ops.session is not session:
                ops = shared['ops'] = ContainerOps(session, clock=clock)
            return step.run(ops, shared['ctx'])

        return Change('run', CONTAINER, label=label, verb=step.action, runner=runner, where=targets.get(label),
                      commands=step.commands)

    def report(self, spec, state):
        marker = identity_markers(spec.name, getattr(spec, 'owner', None))[0]
        row = find_container(state.rows(CONTAINER), spec.name, marker, state.version, getattr(spec, 'owner', None) is not None)
        if row is None:
            return {'name': spec.name, 'exists': False, 'state': 'absent'}
        described = describe_container(row, state, secret_keys=spec.secret_env)
        described['exists'] = True
        return described


def _in_use(linked, state):
    """The env row adds and sets to a list that already has rows: the old container may use it.

    RouterOS reads a container's env list when the container starts (a reboot too), so such a
    change must wait until a staged replacement's image is in: if the pull fails, the old
    container keeps exactly the env it had. A list with no rows yet cannot be in use, and the
    staged copy needs it to exist: its rows go first.
    """
    deferred = []
    for change in linked:
        if change.action == 'remove' or change.object_type is not CONTAINER_ENVS:
            continue
        if change.action == 'set' or state.find(CONTAINER_ENVS, list=(change.after or {}).get('list')):
            deferred.append(change)
    return deferred


def _interleave(container_changes, linked_index, linked, switch_index=None, deferred=()):
    """The container's steps with its env/mount list changes in the order the router needs.

    Adds and sets go in once the old process is stopped (``linked_index``), before the
    container is set or replaced to reference them; those in ``deferred`` (lists the old
    container uses, during a staged replacement) just before the switch (``switch_index``).
    Removes go top-down: after the container (or its replacement) no longer references them,
    before it starts again, so that the new process starts without them and nothing a
    container still names is removed.
    """
    removes = [change for change in linked if change.action == 'remove']
    others = [change for change in linked if change.action != 'remove' and change not in deferred]
    deferred = list(deferred) if switch_index is not None else []
    start_index = len(container_changes)
    while start_index > linked_index and container_changes[start_index - 1].verb == 'start':
        start_index -= 1
    if not deferred:
        return (container_changes[:linked_index] + others + container_changes[linked_index:start_index]
                + removes + container_changes[start_index:])
    return (container_changes[:linked_index] + others + container_changes[linked_index:switch_index] + deferred
            + container_changes[switch_index:start_index] + removes + container_changes[start_index:])
