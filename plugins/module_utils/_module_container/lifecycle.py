# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What to do to one container, decided from the state already read, then done step by step.

``plan_container(spec, state)`` is pure: it compares the spec with the container the router has
and returns a ``ContainerPlan`` of named steps (the ``actions`` users see), a diff of only what
differs, and warnings. ``execute(session, plan)`` runs the steps with their waits; in check
mode nothing runs. The stack module calls both for each container inside its own session.

Changes and what they cost, as RouterOS forces it (docs/design.md, "Container lifecycle"):

* image, file, root_dir or layer_dir differ: the container is replaced (``recreate``);
* anything else: stop if running, ``set``, start again if it should run;
* nothing differs: start or stop to reach ``state``; ``restart`` forces stop and start.

Replacing a running container safely (``rollback: true``, the default). RouterOS keeps no
image cache, so the old image cannot be brought back without downloading it again: the one
safe order is to pull the new image *beside* the old container and touch the old one only
once the new image is extracted.

1. add the new container under a staging identity (name ``<name>.next`` on 7.19+, a staging
   marker before), without its interfaces so that it cannot clash with the running one;
2. wait until it is extracted; on failure remove it and fail: the old container never
   stopped, its configuration is untouched;
3. stop the old container, remove it, give the new one its name, marker and interfaces;
4. start it if it should run.

When root_dir is given and the same for both, the two cannot share it: the new image is then
first pulled into ``<root_dir>.next`` as a test and that copy removed, the old container is
replaced in place, and if the second pull fails after all, the old configuration is added
back and started (that needs its image to download again; the failure message says so).
With ``rollback: false`` the old container is stopped and removed first (less disk space).
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import marker_find, name_find
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import envlists, mounts, options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import state as st
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.operations import LifecycleError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.options import for_version
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER, RECREATE_FIELDS
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_CONFIG

STAGING_SUFFIX = options.STAGING_NAME_SUFFIX

# Set on a stopped container only, then put back: the staged copy must not claim them early.
_DEFERRED_ON_STAGING = ('interface', 'start_on_boot')


class Step(object):
    """One named step: ``action`` is what users read in ``actions``; ``label`` names the object
    the step works on when it is not the container itself (the staged replacement).
    ``commands`` are the console lines the step sends, ``(verb, where, attrs)``, for the diff;
    None means the one command ``<action> <the container>``."""

    __slots__ = ('action', 'run', 'label', 'commands')

    def __init__(self, action, run, label=None, commands=None):
        self.action = action
        self.run = run
        self.label = label
        self.commands = commands

    def __repr__(self):
        return 'Step(%r)' % self.action


class ContainerPlan(object):
    """The decision for one container on one router."""

    def __init__(self, spec, host, version):
        self.spec = spec
        self.host = host
        self.version = version
        self.steps = []
        self.before = {}
        self.after = {}
        self.warnings = []
        self.current = None        # ContainerState before the plan, or None
        self.desired = {}          # canonical values the container will hold
        self.owner = None
        # A staged replacement: the index of the switch step. Changes to lists the old container
        # already uses wait for it, so that a failed pull leaves the old container as it was.
        self.switch_index = None

    @property
    def actions(self):
        seen = []
        for step in self.steps:
            if step.action not in seen:
                seen.append(step.action)
        return seen

    @property
    def changed(self):
        return bool(self.steps)

    @property
    def linked_index(self):
        """Where env/mount list changes go: after the steps that stop the old process."""
        index = 0
        for step in self.steps:
            if step.action not in ('cleanup', 'wait', 'stop'):
                break
            index += 1
        return index

    def add(self, action, run, label=None, commands=None):
        self.steps.append(Step(action, run, label, commands))


def identity_markers(name, owner=None):
    """The ownership markers of the container and of its staged replacement."""
    default_owner = owner_for('container', name)
    owner = owner_for('container', name, owner)
    key = None if owner == default_owner else quote(name)
    return Marker(owner, key), Marker(owner, quote(name + STAGING_SUFFIX))


def console_target(name, marker, version):
    """How the console names our container (or its staged copy): by name on 7.19+, by marker before."""
    return name_find(name) if version >= '7.19' else marker_find(marker)


def find_container(rows, name, marker, version, strict=False):
    """Our container among ``rows``: by name on 7.19+, by marker before (name is a UUID there).

    ``strict`` (a stack's containers): a row with the name counts only with our marker, so that
    a stack never updates, replaces or prunes a container of another owner or one made by hand.
    """
    if version >= '7.19':
        for row in rows:
            if row.raw.get('name') == name and (not strict or row.marker == marker):
                return row
    for row in rows:
        if row.marker == marker:
            return row
    return None


def render(values, for_add):
    """Canonical values as RouterOS property strings; None unsets on set and is left out on add."""
    resolved_attrs = {}
    for key, value in values.items():
        field = CONTAINER.field(key)
        if value is None or (value == [] and for_add):
            if not for_add:
                resolved_attrs[key] = None
            continue
        resolved_attrs[key] = normalize.kind(field.kind).render(value)
    return resolved_attrs


def _ros(resolved, attrs):
    return dict((resolved.ros_name(key), value) for key, value in attrs.items())


def registry_of(config_row):
    """The registry a bare image reference goes to: `registry-url`, else `assumed-registry-url`."""
    if config_row is None:
        return None
    return config_row.values.get('registry_url') or config_row.values.get('assumed_registry_url') or None


def _same(key, want, row, current, registry_url):
    if key == 'image':
        have = current.image
        if not have:
            return True  # a version that does not print the reference: nothing to compare
        try:
            return normalize.normalize_image(want, registry_url) == normalize.normalize_image(have, registry_url)
        except ValueError:
            return False
    if key == 'file':
        # Some versions do not print the tarball a container came from: then nothing to compare.
        return 'file' not in row.raw or normalize.normalize_path(row.raw['file']) == want
    if key == 'comment':
        return (row.user_comment or '') == (want or '')
    have = row.values.get(key)
    if want is None or want == []:
        return have in (None, '', 0, [])
    return have == want


def _show(key, value):
    if value is None:
        return None
    return normalize.kind(CONTAINER.field(key).kind).show(value)


def plan_container(spec, router_state, owner=None, linked_changes=False, linked_plan=None):
    """Compare ``spec`` with what ``router_state`` holds and decide the steps. SpecError before any write.

    ``linked_changes`` says that the container's env or mount list changes: a running container
    only sees that after a restart, so it is stopped before and started after those changes.
    ``linked_plan`` is that env/mount list plan: the mount items it adds are referenced by name
    before 7.21 (mounts.expand).
    """
    host, version = router_state.host, router_state.version
    plan = ContainerPlan(spec, host, version)
    managed_env = spec.managed_list_name if spec.env is not None else None
    managed_mounts = spec.managed_list_name if spec.mounts is not None else None
    values, plan.warnings = for_version(spec, version, host, managed_envlist=managed_env, managed_mountlist=managed_mounts)
    if values.get('mountlist') is not None and spec.state != 'absent':
        values['mountlist'] = mounts.expand(values['mountlist'], router_state, managed_mounts, linked_plan)
    if managed_env and not spec.env:
        # An emptied env has no rows left, and the router refuses a reference to an env list
        # without rows: the container then names it no more (mounts.expand does the same).
        values['envlist'] = [name for name in values.get('envlist') or [] if name != managed_env]
    if spec.state != 'absent':
        envlists.check_exist(values.get('envlist'), router_state, managed_env)
    plan.desired = values
    marker, staging_marker = identity_markers(spec.name, owner)
    plan.owner = marker.owner
    rows = router_state.rows(CONTAINER)
    strict = owner is not None
    row = find_container(rows, spec.name, marker, version, strict)
    staged = find_container(rows, spec.name + STAGING_SUFFIX, staging_marker, version, strict)
    config = router_state.first(CONTAINER_CONFIG) if router_state.has_type(CONTAINER_CONFIG) else None
    registry_url = registry_of(config)
    resolved = CONTAINER.resolve(version)
    ops_label = 'container %s' % spec.name
    timeout = spec.wait_timeout

    if staged is not None and staged.marker == staging_marker:
        # Left behind by an interrupted replacement: ours, never running, safe to drop.
        plan.add('cleanup', lambda ops, ctx, item_id=staged.id: ops.remove_quietly(item_id),
                 commands=[('remove', console_target(spec.name + STAGING_SUFFIX, staging_marker, version), {})])

    current = st.ContainerState(row.raw) if row is not None else None
    plan.current = current

    if spec.state == 'absent':
        if current is not None:
            plan.before = {'name': spec.name, 'state': current.status}
            plan.after = {'name': spec.name, 'state': 'absent'}
            if current.status not in (st.STOPPED, st.FAILED, st.ERROR):
                plan.add('stop', lambda ops, ctx: ops.stop(current.id, timeout, ops_label))
            plan.add('remove', lambda ops, ctx: ops.remove(current.id))
        return plan

    user_comment = values.pop('comment', row.user_comment if row is not None else '')
    should_run = spec.state == 'started' or (spec.state == 'present' and current is not None and current.running)
    full_attrs = render(values, for_add=True)
    if version >= '7.19':
        full_attrs['name'] = spec.name
    add_attrs = _ros(resolved, full_attrs)
    add_attrs['comment'] = marker.render(user_comment)

    if current is None:
        plan.before = {}
        plan.after = dict((key, _show(key, value)) for key, value in sorted(values.items()) if value is not None)
        plan.after.update(name=spec.name, state=spec.state)
        _plan_create(plan, ops_label, add_attrs, timeout, should_run)
        return plan

    differing = [key for key in sorted(values) if key != 'name' and not _same(key, values[key], row, current, registry_url)]
    if user_comment != (row.user_comment or '') or (row.marker is not None and row.marker != marker):
        differing.append('comment')
    comment_text = marker.render(user_comment) if (row.marker is not None or version < '7.19') else user_comment
    plan.before = dict((key, _show(key, row.values.get(key)) if key not in ('image', 'comment') else
                        (current.image if key == 'image' else row.user_comment)) for key in differing)
    plan.after = dict((key, _show(key, values.get(key)) if key != 'comment' else user_comment) for key in differing)

    recreate_reasons = [key for key in differing if key in RECREATE_FIELDS]
    if spec.recreate:
        recreate_reasons.append('recreate')
    if spec.pull == 'always':
        recreate_reasons.append('pull')
    if current.status in (st.FAILED, st.ERROR):
        # No usable root dir (the simulator and 7.20-7.22 print a failed pull as `error`).
        recreate_reasons.append('failed')

    if current.busy:
        plan.add('wait', lambda ops, ctx: ops.settle(current.id, timeout, ops_label), commands=[])

    if recreate_reasons:
        if current.running != should_run:
            plan.before['state'], plan.after['state'] = current.status, 'running' if should_run else 'stopped'
        _plan_replace(plan, current, row, resolved, add_attrs, marker, staging_marker, user_comment,
                      timeout, should_run, ops_label, 'pull' in recreate_reasons and len(recreate_reasons) == 1)
        return plan

    settable = [key for key in differing if key != 'comment']
    set_attrs = _ros(resolved, render(dict((key, values[key]) for key in settable), for_add=False))
    if 'comment' in differing:
        set_attrs['comment'] = comment_text
    if version >= '7.19' and row.raw.get('name') != spec.name:
        # Made before an upgrade to 7.19 (a UUID name, found by its marker): give it its name.
        set_attrs['name'] = spec.name
        plan.before['name'], plan.after['name'] = row.raw.get('name'), spec.name
    was_running = current.running
    # The running process keeps the configuration it started with: any change needs a restart.
    needs_restart = bool(settable) or linked_changes or (spec.restart and spec.state == 'started')
    stop_first = was_running and (needs_restart or spec.state == 'stopped')
    start_after = should_run and (stop_first or not was_running)
    if stop_first:
        plan.add('stop', lambda ops, ctx: ops.stop(current.id, timeout, ops_label))
    if set_attrs:
        plan.add('set', lambda ops, ctx: ops.set(current.id, set_attrs),
                 commands=[('set', console_target(spec.name, marker, version), set_attrs)])
    if start_after:
        plan.add('start', lambda ops, ctx: ops.start(current.id, timeout, ops_label))
    if was_running != should_run:
        plan.before['state'], plan.after['state'] = current.status, 'running' if should_run else 'stopped'
    if not [step for step in plan.steps if step.action != 'cleanup']:
        plan.before, plan.after = {}, {}
    return plan


def _plan_create(plan, label, add_attrs, timeout, should_run):
    def create(ops, ctx):
        ctx['id'] = ops.add(add_attrs)
        try:
            ops.pull(ctx['id'], timeout, label)
        except LifecycleError as exc:
            # A container whose image never arrived is of no use; leave no half-made object.
            ops.remove_quietly(ctx['id'])
            raise ops.error('%s: %s' % (label, exc.message), reason=exc.reason, log_lines=exc.log_lines)

    plan.add('pull', create, commands=[('add', None, add_attrs)])
    if should_run:
        plan.add('start', lambda ops, ctx: ops.start(ctx['id'], timeout, label))


def _plan_replace(plan, current, row, resolved, add_attrs, marker, staging_marker, user_comment,
                  timeout, should_run, label, pull_only):
    """Replace the container (see the module docstring for the order and why)."""
    spec = plan.spec
    version = plan.version
    old_id = current.id
    old_running = current.running
    action = 'pull' if pull_only else 'recreate'
    old_attrs = dict((key, value) for key, value in row.raw.items()
                     if key in resolved.canonical_names and not CONTAINER.field(resolved.canonical_names[key]).read_only)
    if version < '7.19':
        old_attrs.pop('name', None)
    if current.image and 'remote-image' not in old_attrs and 'file' not in old_attrs:
        old_attrs['remote-image'] = current.image

    if current.status in (st.FAILED, st.ERROR) or not spec.rollback:
        if old_running or current.busy:
            plan.add('stop', lambda ops, ctx: ops.stop(old_id, timeout, label))
        plan.add(action, lambda ops, ctx: ops.remove(old_id), commands=[('remove', console_target(spec.name, marker, version), {})])
        _plan_create(plan, label, add_attrs, timeout, should_run)
        return

    root_dir = resolved.ros_name('root_dir')
    collides = bool(add_attrs.get(root_dir)) and normalize.normalize_path(add_attrs[root_dir]) == \
        normalize.normalize_path(row.raw.get(root_dir) or '')
    staged_attrs = dict(add_attrs)
    staged_attrs['comment'] = staging_marker.render(user_comment)
    if version >= '7.19':
        staged_attrs['name'] = spec.name + STAGING_SUFFIX
    deferred = dict((resolved.ros_name(key), staged_attrs.pop(resolved.ros_name(key)))
                    for key in _DEFERRED_ON_STAGING if resolved.has(key) and resolved.ros_name(key) in staged_attrs)
    if collides:
        staged_attrs[root_dir] = add_attrs[root_dir].rstrip('/') + STAGING_SUFFIX

    def stage(ops, ctx):
        ctx['staged'] = ops.add(staged_attrs)
        try:
            ops.pull(ctx['staged'], timeout, label)
        except LifecycleError as exc:
            ops.remove_quietly(ctx['staged'])
            raise ops.error('%s: the new image could not be pulled, the old container is unchanged%s: %s' % (
                label, ' and still running' if old_running else '', exc.message), reason=exc.reason, log_lines=exc.log_lines)

    def switch(ops, ctx):
        if collides:
            ops.remove(ctx.pop('staged'))
            ops.remove(old_id)
            ctx['id'] = ops.add(add_attrs)
            try:
                ops.pull(ctx['id'], timeout, label)
            except LifecycleError as exc:
                ops.remove_quietly(ctx['id'])
                _restore(ops, old_attrs, old_running, timeout, label, exc)
            return
        ops.remove(old_id)
        final = dict(deferred)
        final['comment'] = marker.render(user_comment)
        if version >= '7.19':
            final['name'] = spec.name
        ops.set(ctx['staged'], final)
        ctx['id'] = ctx.pop('staged')

    # Staging and switching are two steps of one replacement: the staged copy's label keeps the
    # engine's actions from naming the same "recreate /container <name>" twice.
    old_target = console_target(spec.name, marker, version)
    staged_target = console_target(spec.name + STAGING_SUFFIX, staging_marker, version)
    if collides:
        switch_commands = [('remove', staged_target, {}), ('remove', old_target, {}), ('add', None, add_attrs)]
    else:
        switched = dict(deferred, comment=marker.render(user_comment))
        if version >= '7.19':
            switched['name'] = spec.name
        switch_commands = [('remove', old_target, {}), ('set', staged_target, switched)]
    plan.add(action, stage, label=spec.name + STAGING_SUFFIX, commands=[('add', None, staged_attrs)])
    if old_running:
        plan.add('stop', lambda ops, ctx: ops.stop(old_id, timeout, label))
    plan.switch_index = len(plan.steps)
    plan.add(action, switch, commands=switch_commands)
    if should_run:
        plan.add('start', lambda ops, ctx: ops.start(ctx['id'], timeout, label))


def _restore(ops, old_attrs, old_running, timeout, label, failure):
    """Put the old container back after the in-place pull failed; always raises."""
    try:
        restored = ops.add(old_attrs)
        ops.pull(restored, timeout, label)
        if old_running:
            ops.start(restored, timeout, label)
    except (LifecycleError, RouterError) as exc:
        raise ops.error('%s: the new image could not be pulled (%s) and the old container could not be restored either: %s'
                        % (label, failure.message, exc), reason=failure.reason, log_lines=failure.log_lines)
    raise ops.error('%s: the new image could not be pulled, the old configuration was restored: %s'
                    % (label, failure.message), reason=failure.reason, log_lines=failure.log_lines)
