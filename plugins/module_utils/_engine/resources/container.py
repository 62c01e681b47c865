# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container resource: one container with its own env and mount lists, planned as ordinary
engine changes (add, set, remove, start, stop, and the waits apply understands, _engine/waits.py),
so that check mode, diff and ``actions`` come from the one Plan like every other resource.

What a difference costs, as RouterOS forces it (docs/design.md, "Container lifecycle"):

* image, file, root_dir or layer_dir differ: the container is replaced (``recreate``);
* anything else: stop if running, ``set``, start again if it should run;
* nothing differs: start or stop to reach ``state``; ``restart`` forces stop and start.

Replacing a running container safely (``rollback: true``, the default). RouterOS keeps no
image cache, so the old image cannot be brought back without downloading it again: the one
safe order is to pull the new image *beside* the old container and touch the old one only
once the new image is extracted.

1. add the new container under a staging identity (name ``<name>.next`` where containers have
   names, a staging marker before), without its interfaces so that it cannot clash with the
   running one; a failed pull removes it again (the change's undo): the old container never
   stopped, its configuration is untouched;
2. stop the old container, remove it, give the new one its name, marker and interfaces;
3. start it if it should run.

When root_dir is given and the same for both, the two cannot share it: the new image is then
first pulled into ``<root_dir>.next`` as a test and that copy removed, the old container is
replaced in place, and if the second pull fails after all, the undo adds the old configuration
back and starts it (that needs its image to download again; the failure message says so).
With ``rollback: false`` the old container is stopped and removed first (less disk space).
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import marker_find, name_find
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources import container_status as cs
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import EnvList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import MountList, rows_of_list
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.waits import PULLED, RUNNING, SETTLED, STOPPED, Wait
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import envlists, mountlist_names, options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.info import describe_container
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER, RECREATE_FIELDS, containers_have_names
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, VETH,
)

STAGING_SUFFIX = options.STAGING_NAME_SUFFIX

# Set on a stopped container only, then put back: the staged copy must not claim them early.
_DEFERRED_ON_STAGING = ('interface', 'start_on_boot')

# The steps that come before a container's own list changes: the old process stops first.
_BEFORE_LISTS = ('cleanup', 'wait', 'stop')


def identity_markers(name, owner=None):
    """The ownership markers of the container and of its staged replacement."""
    default_owner = owner_for('container', name)
    owner = owner_for('container', name, owner)
    key = None if owner == default_owner else quote(name)
    return Marker(owner, key), Marker(owner, quote(name + STAGING_SUFFIX))


def console_target(name, marker, version):
    """How the console names our container (or its staged copy): by name where containers have
    names, by marker before."""
    return name_find(name) if containers_have_names(version) else marker_find(marker)


def find_container(rows, name, marker, version, strict=False):
    """Our container among ``rows``: by name where containers have names, by marker before (the
    name is a UUID there).

    ``strict`` (a stack's containers): a row with the name counts only with our marker, so that
    a stack never updates, replaces or prunes a container of another owner or one made by hand.
    """
    if containers_have_names(version):
        for row in rows:
            if row.raw.get('name') == name and (not strict or row.marker == marker):
                return row
    for row in rows:
        if row.marker == marker:
            return row
    return None


def render(values, for_add):
    """Canonical values as RouterOS property strings; None unsets on set and is left out on add."""
    attrs = {}
    for key, value in values.items():
        if value is None or (value == [] and for_add):
            if not for_add:
                attrs[key] = None
            continue
        attrs[key] = normalize.kind(CONTAINER.field(key).kind).render(value)
    return attrs


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


def lifecycle_steps(plan):
    """The container's steps in order, each once (``pull``, ``stop``, ``set``, ``start``...):
    the container module's ``steps``."""
    steps = []
    for change in plan:
        if change.object_type is CONTAINER:
            step = change.step or change.verb or change.action
            if step not in steps:
                steps.append(step)
    return steps


class _Planner(object):
    """The changes for one container on one router, decided from the state already read."""

    def __init__(self, spec, state, owner, linked):
        self.spec = spec
        self.state = state
        self.version = state.version
        self.named = containers_have_names(state.version)
        self.resolved = CONTAINER.resolve(state.version)
        self.marker, self.staging_marker = identity_markers(spec.name, owner)
        self.label = 'container %s' % spec.name
        self.linked = linked
        self.target = console_target(spec.name, self.marker, self.version)
        self.staged_target = console_target(spec.name + STAGING_SUFFIX, self.staging_marker, self.version)
        strict = owner is not None
        rows = state.rows(CONTAINER)
        self.row = find_container(rows, spec.name, self.marker, self.version, strict)
        self.staged = find_container(rows, spec.name + STAGING_SUFFIX, self.staging_marker, self.version, strict)
        self.current = cs.ContainerStatus(self.row) if self.row is not None else None
        self.changes = []
        self.warnings = []
        self.switch_at = None      # a staged replacement: where lists the old container uses change

    # -- the changes ----------------------------------------------------------------------------

    def _wait(self, until):
        return Wait(until, self.spec.wait_timeout, self.label)

    def _add(self, change):
        self.changes.append(change)
        return change

    def command(self, verb, item_id, until, target=None):
        return self._add(Change('command', CONTAINER, item_id=item_id, label=self.spec.name, verb=verb,
                                where=target or self.target, wait=self._wait(until)))

    def create(self, attrs, after=None, step='pull', label=None, failure=None):
        """Add a container and wait for its image; a failed pull removes it again (no half-made object)."""
        add = Change('add', CONTAINER, label=label or self.spec.name, attrs=attrs, after=after, step=step,
                     wait=self._wait(PULLED), failure=failure or (self.label + ': {error}'))
        add.undo = [Change('remove', CONTAINER, item_id=add, label=add.label)]
        return self._add(add)

    def remove(self, item_id, step=None, target=None, label=None):
        return self._add(Change('remove', CONTAINER, item_id=item_id, label=label or self.spec.name, step=step,
                                where=target or self.target))

    # -- the decision ---------------------------------------------------------------------------

    def values(self):
        spec = self.spec
        managed_env = spec.managed_list_name if spec.env is not None else None
        managed_mounts = spec.managed_list_name if spec.mounts is not None else None
        values, self.warnings = options.for_version(spec, self.version, self.state.host, managed_envlist=managed_env,
                                                    managed_mountlist=managed_mounts)
        if values.get('mountlist') is not None and spec.state != 'absent':
            values['mountlist'] = mountlist_names.expand(values['mountlist'], self.state, managed_mounts, self.linked)
        if managed_env and not spec.env:
            # An emptied env has no rows left, and the router refuses a reference to an env list
            # without rows: the container then names it no more (mountlist_names.expand does the same).
            values['envlist'] = [name for name in values.get('envlist') or [] if name != managed_env]
        if spec.state != 'absent':
            envlists.check_exist(values.get('envlist'), self.state, managed_env)
        return values

    def plan(self, linked_changes):
        spec, current, row = self.spec, self.current, self.row
        values = self.values()
        if self.staged is not None and self.staged.marker == self.staging_marker:
            # Left behind by an interrupted replacement: ours, never running, safe to drop.
            self.remove(self.staged.id, step='cleanup', target=self.staged_target)

        if spec.state == 'absent':
            if current is not None:
                if current.status not in (cs.STOPPED, cs.FAILED, cs.ERROR):
                    self.command('stop', current.id, STOPPED)
                removed = self.remove(current.id)
                removed.before = {'name': spec.name, 'state': current.status}
            return

        user_comment = values.pop('comment', row.user_comment if row is not None else '')
        should_run = spec.state == 'started' or (spec.state == 'present' and current is not None and current.running)
        full_attrs = render(values, for_add=True)
        if self.named:
            full_attrs['name'] = spec.name
        add_attrs = self._ros(full_attrs)
        add_attrs['comment'] = self.marker.render(user_comment)

        if current is None:
            after = dict((key, value) for key, value in values.items() if value is not None)
            after.update(name=spec.name, comment=add_attrs['comment'])
            created = self.create(add_attrs, after)
            if should_run:
                self.command('start', created, RUNNING)
            return

        registry_url = registry_of(self.state.first(CONTAINER_CONFIG) if self.state.has_type(CONTAINER_CONFIG) else None)
        differing = [key for key in sorted(values) if key != 'name' and not _same(key, values[key], row, current, registry_url)]
        if user_comment != (row.user_comment or '') or (row.marker is not None and row.marker != self.marker):
            differing.append('comment')

        recreate = [key for key in differing if key in RECREATE_FIELDS]
        if spec.recreate:
            recreate.append('recreate')
        if spec.pull == 'always':
            recreate.append('pull')
        if current.status in (cs.FAILED, cs.ERROR):
            # No usable root dir (the simulator and 7.20-7.22 print a failed pull as `error`).
            recreate.append('failed')

        if current.busy:
            self._add(Change('wait', CONTAINER, item_id=current.id, label=spec.name, step='wait', wait=self._wait(SETTLED)))
        if recreate:
            self.replace(add_attrs, user_comment, should_run, 'pull' if recreate == ['pull'] else 'recreate')
            return
        self.update(values, differing, user_comment, should_run, linked_changes)

    def _ros(self, attrs):
        return dict((self.resolved.ros_name(key), value) for key, value in attrs.items())

    def update(self, values, differing, user_comment, should_run, linked_changes):
        spec, current, row = self.spec, self.current, self.row
        settable = [key for key in differing if key != 'comment']
        set_attrs = self._ros(render(dict((key, values[key]) for key in settable), for_add=False))
        before = dict((key, row.values.get(key)) for key in settable)
        after = dict((key, values[key]) for key in settable)
        if 'comment' in differing:
            mine = row.marker is not None or not self.named
            set_attrs['comment'] = self.marker.render(user_comment) if mine else user_comment
            before['comment'], after['comment'] = row.values.get('comment'), set_attrs['comment']
        if self.named and row.raw.get('name') != spec.name:
            # Made before an upgrade that gave containers names (a UUID, found by its marker).
            set_attrs['name'] = spec.name
            before['name'], after['name'] = row.raw.get('name'), spec.name
        # The running process keeps the configuration it started with: any change needs a restart.
        needs_restart = bool(settable) or linked_changes or (spec.restart and spec.state == 'started')
        stop_first = current.running and (needs_restart or spec.state == 'stopped')
        if stop_first:
            self.command('stop', current.id, STOPPED)
        if set_attrs:
            self._add(Change('set', CONTAINER, item_id=current.id, label=spec.name, attrs=set_attrs, before=before,
                             after=after, where=self.target))
        if should_run and (stop_first or not current.running):
            self.command('start', current.id, RUNNING)

    def replace(self, add_attrs, user_comment, should_run, step):
        """Replace the container (see the module docstring for the order and why)."""
        spec, current, row = self.spec, self.current, self.row
        if current.status in (cs.FAILED, cs.ERROR) or not spec.rollback:
            if current.running or current.busy:
                self.command('stop', current.id, STOPPED)
            self.remove(current.id, step=step)
            created = self.create(add_attrs, self._after(add_attrs))
            if should_run:
                self.command('start', created, RUNNING)
            return

        root_dir = self.resolved.ros_name('root_dir')
        collides = bool(add_attrs.get(root_dir)) and normalize.normalize_path(add_attrs[root_dir]) == \
            normalize.normalize_path(row.raw.get(root_dir) or '')
        staged_attrs = dict(add_attrs, comment=self.staging_marker.render(user_comment))
        if self.named:
            staged_attrs['name'] = spec.name + STAGING_SUFFIX
        deferred = dict((self.resolved.ros_name(key), staged_attrs.pop(self.resolved.ros_name(key)))
                        for key in _DEFERRED_ON_STAGING
                        if self.resolved.has(key) and self.resolved.ros_name(key) in staged_attrs)
        if collides:
            staged_attrs[root_dir] = add_attrs[root_dir].rstrip('/') + STAGING_SUFFIX
        # The staged copy's own label keeps ``actions`` from naming "recreate /container <name>" twice.
        staged = self.create(staged_attrs, step=step, label=spec.name + STAGING_SUFFIX, failure=(
            '%s: the new image could not be pulled, the old container is unchanged%s: {error}'
            % (self.label, ' and still running' if current.running else '')))
        if current.running:
            self.command('stop', current.id, STOPPED)
        self.switch_at = len(self.changes)
        if collides:
            self.remove(staged, step=step, target=self.staged_target)
            self.remove(current.id, step=step)
            created = self.create(add_attrs, self._after(add_attrs), step=step, failure=self._restored)
            created.undo.extend(self._restore(row, current))
        else:
            switched = dict(deferred, comment=self.marker.render(user_comment))
            if self.named:
                switched['name'] = spec.name
            self.remove(current.id, step=step)
            self._add(Change('set', CONTAINER, item_id=staged, label=spec.name, attrs=switched, step=step,
                             after=self._after(switched), where=self.staged_target))
            created = staged
        if should_run:
            self.command('start', created, RUNNING)

    def _after(self, attrs):
        names = self.resolved.canonical_names
        return dict((names.get(key, key), value) for key, value in attrs.items())

    def _restore(self, row, current):
        """The undo of an in-place replacement whose pull failed: the old configuration, added back."""
        old_attrs = dict((key, value) for key, value in row.raw.items() if key in self.resolved.canonical_names
                         and not CONTAINER.field(self.resolved.canonical_names[key]).read_only)
        if not self.named:
            old_attrs.pop('name', None)
        if current.image and 'remote-image' not in old_attrs and 'file' not in old_attrs:
            old_attrs['remote-image'] = current.image
        restored = Change('add', CONTAINER, label=self.spec.name, attrs=old_attrs, wait=self._wait(PULLED))
        steps = [restored]
        if current.running:
            steps.append(Change('command', CONTAINER, item_id=restored, label=self.spec.name, verb='start',
                                wait=self._wait(RUNNING)))
        return steps

    def _restored(self, message, undo_error):
        if undo_error is None:
            return '%s: the new image could not be pulled, the old configuration was restored: %s' % (self.label, message)
        return ('%s: the new image could not be pulled (%s) and the old container could not be restored either: %s'
                % (self.label, message, undo_error))


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


def _ordered(planner, linked):
    """The container's changes with its env/mount list changes in the order the router needs.

    Adds and sets go in once the old process is stopped, before the container is set or
    replaced to reference them; those the old container uses, during a staged replacement,
    just before the switch. Removes go top-down: after the container (or its replacement) no
    longer references them, before it starts again, so that the new process starts without
    them and nothing a container still names is removed.
    """
    changes = planner.changes
    first = 0
    while first < len(changes) and (changes[first].step or changes[first].verb) in _BEFORE_LISTS:
        first += 1
    last = len(changes)
    while last > first and changes[last - 1].verb == 'start':
        last -= 1
    deferred = _in_use(linked, planner.state) if planner.switch_at is not None else []
    removes = [change for change in linked if change.action == 'remove']
    others = [change for change in linked if change.action != 'remove' and change not in deferred]
    switch = planner.switch_at if deferred else last
    return (changes[:first] + others + changes[first:switch] + deferred + changes[switch:last]
            + removes + changes[last:])


class ContainerResource(Resource):
    """One container with its own env and mount lists (``env``, ``mounts``)."""

    name = 'container'
    types = (CONTAINER, CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, VETH, FIREWALL_NAT)

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

    def find(self, spec, state):
        """Our container's row, or None."""
        marker = identity_markers(spec.name, getattr(spec, 'owner', None))[0]
        return find_container(state.rows(CONTAINER), spec.name, marker, state.version, getattr(spec, 'owner', None) is not None)

    def plan(self, spec, state):
        owner = getattr(spec, 'owner', None)
        linked = self._linked_plan(spec, state, identity_markers(spec.name, owner)[0].owner)
        planner = _Planner(spec, state, owner, linked)
        planner.plan(linked_changes=bool(linked) and spec.state != 'absent')
        plan = Plan(state.host)
        if spec.state == 'absent':
            plan.extend(planner.changes)
            plan.extend(linked.changes)
        else:
            plan.extend(_ordered(planner, linked.changes))
        plan.warnings = list(planner.warnings) + list(linked.warnings)
        return plan

    def report(self, spec, state):
        row = self.find(spec, state)
        if row is None:
            return {'name': spec.name, 'exists': False, 'state': 'absent'}
        described = describe_container(row, state, secret_keys=spec.secret_env)
        described['exists'] = True
        return described
