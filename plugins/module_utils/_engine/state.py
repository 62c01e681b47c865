# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a router has, read once: one print per menu, all in one round trip, in canonical values."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import kind
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker


class Row(object):
    """One printed row. ``id`` is the RouterOS ``.id``, or the planned add (a Change) it will become."""

    __slots__ = ('id', 'values', 'raw', 'user_comment', 'marker')

    def __init__(self, row_id, values, raw=None):
        self.id = row_id
        self.values = values
        self.raw = raw or {}
        self.user_comment, self.marker = Marker.parse(values.get('comment'))

    @property
    def dynamic(self):
        return bool(self.values.get('dynamic'))

    @property
    def disabled(self):
        return bool(self.values.get('disabled'))

    def get(self, name, default=None):
        return self.values.get(name, default)

    def owned_by(self, owner):
        return self.marker is not None and self.marker.owner == owner

    def __repr__(self):
        return 'Row(%r, %r)' % (self.id, self.values)


def parse_row(resolved, raw):
    """Canonical values of every field the version has; a field not printed takes its default.

    A value that does not parse (an exotic RouterOS form) is kept as the raw string: it then
    simply compares unequal, and the planner sets it to what the user asked for.
    """
    values = {}
    for field in resolved.object_type.fields:
        if not resolved.has(field.name):
            continue
        ros_name = resolved.ros_name(field.name)
        if ros_name in raw:
            try:
                values[field.name] = kind(field.kind).parse(raw[ros_name])
            except ValueError:
                values[field.name] = raw[ros_name]
        elif field.default is not None:
            values[field.name] = field.default
    return Row(raw.get('.id'), values, raw)


class RouterState(object):
    """The rows of the menus a set of resources needs, on one router, as read in one round trip."""

    def __init__(self, host, version, rows_by_type, types):
        self.host = host
        self.version = version
        self._rows = rows_by_type
        self._types = types

    @classmethod
    def read(cls, session, object_types):
        types = []
        seen = set()
        for object_type in object_types:
            if object_type.name not in seen:
                seen.add(object_type.name)
                types.append(object_type)
        resolved = [object_type.resolve(session.version) for object_type in types]
        requests = [(item.menu, item.proplist()) for item in resolved]
        answers = session.print_many(requests) if requests else []
        rows = {}
        for item, answer in zip(resolved, answers):
            rows[item.object_type.name] = [parse_row(item, raw) for raw in answer]
        # The display name (inventory name): what SpecErrors and diff headers call this router.
        return cls(getattr(session, 'name', None) or session.host, session.version, rows, dict((t.name, t) for t in types))

    @classmethod
    def from_rows(cls, host, version, rows_by_type):
        """A state built from raw RouterOS rows ``{object_type: [raw dict, ...]}``: for tests and the stack."""
        rows = {}
        types = {}
        for object_type, raws in rows_by_type.items():
            resolved = object_type.resolve(version)
            rows[object_type.name] = [parse_row(resolved, raw) for raw in raws]
            types[object_type.name] = object_type
        return cls(host, version, rows, types)

    def resolve(self, object_type):
        return object_type.resolve(self.version)

    def rows(self, object_type):
        try:
            return self._rows[object_type.name]
        except KeyError:
            raise KeyError('%s was not read from %s: add it to the resource\'s object_types()' % (
                object_type.menu, self.host))

    def find(self, object_type, **values):
        return [row for row in self.rows(object_type)
                if all(row.values.get(name) == value for name, value in values.items())]

    def first(self, object_type, **values):
        found = self.find(object_type, **values)
        return found[0] if found else None

    def has_type(self, object_type):
        return object_type.name in self._rows

    def assume(self, plan):
        """Fold a plan's adds, sets and removes into this state, as if it had been applied.

        The stack plans its resources one after another against one state: the veth resource
        then sees the bridge that the network resource is about to add. An assumed row's id is
        the add Change itself; apply_plan() swaps in the real id when it has one.
        """
        for change in plan.changes:
            if change.object_type is None or change.object_type.name not in self._rows:
                continue
            rows = self._rows[change.object_type.name]
            if change.action == 'add':
                values = dict(change.after or {})
                rows.append(Row(change, values))
            elif change.action in ('set', 'unset'):
                for row in rows:
                    if row.id == change.item_id:
                        row.values.update(change.after or {})
                        row.user_comment, row.marker = Marker.parse(row.values.get('comment'))
            elif change.action == 'remove':
                rows[:] = [row for row in rows if row.id != change.item_id]

    def record_id(self, change, new_id):
        """After an add is applied, rows assumed from it carry the router's id."""
        for rows in self._rows.values():
            for row in rows:
                if row.id is change:
                    row.id = new_id
