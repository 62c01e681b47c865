# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plan first, then apply: a Plan is the ordered list of every write, computed before the first one.

The helpers here compare only the fields a user gave (a field left out is not managed),
translate canonical names to the router version's property names, and refuse a field the
version lacks with a SpecError naming the field, the version it needs and the host.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import kind

ACTIONS = ('add', 'set', 'unset', 'remove', 'move', 'command', 'wait')


class Change(object):
    """One write, or one wait, against one object.

    ``item_id`` is the RouterOS ``.id``, or an earlier add Change whose id apply_plan() learns;
    ``attrs`` are RouterOS property names with the raw strings to send (a value may also be an
    earlier add Change: its id is sent). ``before``/``after`` are canonical values for the diff.
    ``secret_keys`` names canonical keys whose values are masked in every output.
    ``command`` sends ``verb`` (start, stop, repull...); ``wait`` sends nothing and only waits.

    What a container's lifecycle needs, and any object may use (_engine/waits.py):
    ``wait`` (a Wait) is what apply waits for after sending the change (an image extracted, a
    process running or stopped); ``undo`` are changes applied, best effort, when this change or
    its wait fails (a half-pulled container removed, an old configuration put back), and
    ``failure`` the message then: a text in which ``{error}`` stands for the failure, or a
    function of the failure and the undo's own error (None when the undo worked).
    ``step`` is the word users read in ``actions`` when it is not the action itself
    (``pull /container web`` for the add that pulls an image).
    For the diff (diff.py): ``target_row`` is the Row a set/remove/move works on, ``where`` a
    console ``[find ...]`` naming it where there is no row.
    """

    def __init__(self, action, object_type, item_id=None, label='', before=None, after=None, attrs=None,
                 secret_keys=(), verb=None, menu=None, where=None, target_row=None, step=None, wait=None,
                 undo=(), failure=None):
        if action not in ACTIONS:
            raise ValueError('unknown change action %r' % (action,))
        self.action = action
        self.object_type = object_type
        self.item_id = item_id
        self.label = label
        self.before = before
        self.after = after
        self.attrs = attrs or {}
        self.secret_keys = frozenset(secret_keys)
        self.verb = verb
        self.menu = menu or (object_type.menu if object_type is not None else '')
        self.result_id = None
        self.where = where
        self.target_row = target_row
        self.step = step
        self.wait = wait
        self.undo = list(undo)
        self.failure = failure
        self.elapsed = None

    @property
    def sends(self):
        """Whether applying this change sends anything to the router (a wait only reads)."""
        return self.action != 'wait'

    def describe(self):
        """One line for ``actions``: ``add /container/envs pihole/TZ``."""
        verb = self.step or (self.verb if self.action == 'command' else (self.verb or self.action))
        return ' '.join(part for part in (verb, self.menu, self.label) if part)

    def __repr__(self):
        return 'Change(%s)' % self.describe()


class Plan(object):
    """The ordered changes for one router; empty (falsy) when it already matches."""

    def __init__(self, host=None, changes=None):
        self.host = host
        self.changes = list(changes or [])
        self.warnings = []

    def append(self, change):
        if change is not None:
            self.changes.append(change)
        return change

    def extend(self, other):
        changes = other.changes if isinstance(other, Plan) else other
        for change in changes:
            self.append(change)
        if isinstance(other, Plan):
            self.warnings.extend(other.warnings)
        return self

    def actions(self):
        """One line per step: consecutive changes that make one step of one object (a staged
        container's old copy removed and the new one renamed) read as one line."""
        lines = []
        for change in self.changes:
            line = change.describe()
            if not lines or lines[-1] != line:
                lines.append(line)
        return lines

    def writes(self):
        """Whether applying sends anything: a plan that only waits sends nothing."""
        return any(change.sends for change in self.changes)

    def __bool__(self):
        return bool(self.changes)

    __nonzero__ = __bool__

    def __len__(self):
        return len(self.changes)

    def __iter__(self):
        return iter(self.changes)


def canonical(object_type, field_name, value, where=None):
    """A user's value in canonical form, or a SpecError naming the field."""
    try:
        return kind(object_type.field(field_name).kind).parse(value)
    except ValueError as error:
        raise SpecError(str(error), field=where or field_name)


def _render(field, value):
    return kind(field.kind).render(value)


def wanted_attrs(resolved, wanted, host):
    """RouterOS attributes for canonical ``wanted`` values; SpecError for a field the version lacks."""
    attrs = {}
    for name, value in wanted.items():
        resolved.require(name, host=host)
        field = resolved.object_type.field(name)
        if field.read_only:
            continue
        attrs[resolved.ros_name(name)] = _render(field, value)
    return attrs


def secret_fields(object_type):
    return frozenset(field.name for field in object_type.fields if field.secret)


def plan_add(state, object_type, wanted, label, marker=None, user_comment='', secret_keys=()):
    """Add a row with ``wanted`` (canonical) values; our marker goes into its comment."""
    resolved = state.resolve(object_type)
    after = dict(wanted)
    if marker is not None and object_type.has_field('comment'):
        after['comment'] = marker.render(user_comment)
    attrs = wanted_attrs(resolved, after, state.host)
    return Change('add', object_type, label=label, before=None, after=after, attrs=attrs,
                  secret_keys=secret_fields(object_type) | frozenset(secret_keys))


def plan_update(state, object_type, row, wanted, label, marker=None, user_comment=None, secret_keys=()):
    """Set the given fields that differ; None when the row already matches.

    The comment is ours to rewrite only on a row carrying our marker (or when the user gave a
    comment for a row they named): an unmarked row keeps its comment and gets no marker.
    """
    resolved = state.resolve(object_type)
    desired = dict(wanted)
    if object_type.has_field('comment'):
        if marker is not None and row.marker == marker:
            text = row.user_comment if user_comment is None else user_comment
            desired['comment'] = marker.render(text)
        elif user_comment is not None and row.marker is None:
            desired['comment'] = user_comment
    before = {}
    after = {}
    for name, value in desired.items():
        resolved.require(name, host=state.host)
        field = object_type.field(name)
        current = row.values.get(name, field.default)
        if current != value:
            before[name] = current
            after[name] = value
    if not after:
        return None
    attrs = wanted_attrs(resolved, after, state.host)
    return Change('set', object_type, item_id=row.id, label=label, before=before, after=after, attrs=attrs,
                  secret_keys=secret_fields(object_type) | frozenset(secret_keys), target_row=row)


def plan_remove(object_type, row, label, secret_keys=()):
    before = dict((name, value) for name, value in row.values.items()
                  if name not in ('dynamic',))
    return Change('remove', object_type, item_id=row.id, label=label, before=before, after=None,
                  secret_keys=secret_fields(object_type) | frozenset(secret_keys), target_row=row)


def plan_move(object_type, row, destination, label):
    """Put ``row`` just before ``destination`` (an id or an add Change), or at the end when None."""
    attrs = {'numbers': row.id}
    if destination is not None:
        attrs['destination'] = destination
    return Change('move', object_type, item_id=row.id, label=label, attrs=attrs, target_row=row)
