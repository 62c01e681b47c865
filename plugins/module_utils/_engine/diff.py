# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ansible diffs of a Plan, written as the RouterOS commands the plan sends.

Operators read RouterOS, not our internal keys: each change is one console line
(``/container/envs add list=pihole key=TZ value=Europe/Riga``, ``/ip/firewall/nat set
[find comment~"rfc:stack=default#web:tcp/8081]"] to-ports=80``), under a header naming the
host and the object. ``after`` holds the commands; ``before`` holds, for each ``set``, the
same properties as the router has them now (so Ansible's unified diff shows old and new
side by side). Secrets never appear (docs/design.md "Secrets"):

* a secret property (``Field.secret``, ``Change.secret_keys``) is ``********`` in every line,
  and its old value is never written into ``before``: a change of only a secret shows one
  masked ``+`` line instead of nothing;
* a ``remove`` names the row only by what identifies it (list and key, name, or our marker),
  never by its values: the router cannot tell which env value was once secret, so a removed
  row's values are not shown at all.
"""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import kind

MASK = '********'

_BARE_RE = re.compile(r'^[A-Za-z0-9_.:/@*+,=-]+$')


def show_value(object_type, name, value):
    """What a person reads: durations and sizes formatted the RouterOS way."""
    if object_type is not None and object_type.has_field(name) and value is not None:
        try:
            return kind(object_type.field(name).kind).show(value)
        except (TypeError, ValueError):
            return value
    return value


def mask(values, secret_keys, object_type=None):
    """A copy of ``values`` for output: secret keys masked (an empty secret stays visibly empty)."""
    if values is None:
        return None
    secret = set(secret_keys)
    if object_type is not None:
        secret.update(field.name for field in object_type.fields if field.secret)
    shown = {}
    for name, value in values.items():
        if name in secret and value not in (None, ''):
            shown[name] = MASK
        else:
            shown[name] = show_value(object_type, name, value)
    return shown


def cli_value(value):
    """A value as the RouterOS console takes it: bare when safe, else in quotes with \\ " $ ? escaped."""
    text = '' if value is None else str(value)
    if _BARE_RE.match(text) and not text.startswith('='):
        return text
    return '"%s"' % re.sub(r'([\\"$?])', r'\\\1', text).replace('\n', '\\n')


def _ros_names(field):
    return [ros for _since, ros in field.ros if ros]


def _secret_ros_names(change):
    """The RouterOS property names whose values are masked in this change (on any version)."""
    object_type = change.object_type
    if object_type is None:
        return frozenset()
    names = set()
    for field in object_type.fields:
        if field.secret or field.name in change.secret_keys:
            names.update(_ros_names(field))
    return frozenset(names)


def _identity(object_type, raw):
    """``list=pihole key=TZ`` from the RouterOS values that identify a row, or None."""
    if object_type is None or not object_type.identity:
        return None
    parts = []
    for name in object_type.identity:
        ros = [candidate for candidate in reversed(_ros_names(object_type.field(name))) if candidate in raw]
        if not ros or raw[ros[0]] in (None, ''):
            return None
        parts.append('%s=%s' % (ros[0], cli_value(raw[ros[0]])))
    return ' '.join(parts)


def marker_find(marker):
    """``[find comment~"rfc:stack=default#web]"]``: `~` is a regular expression, so the marker goes
    without its opening `[` (a bracket expression there), and its closing `]` is literal."""
    return '[find comment~%s]' % cli_value(marker.text()[1:])


def name_find(name):
    return '[find name=%s]' % cli_value(name)


def _marker_find(comment):
    # Imported here: ownership is the marker's one home, and diff.py stays importable alone.
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker
    marker = Marker.parse(comment)[1]
    return None if marker is None else marker_find(marker)


def _find_new(change):
    """How the console would name the row an earlier add makes."""
    found = _identity(change.object_type, change.attrs)
    if found:
        return '[find %s]' % found
    return _marker_find(change.attrs.get('comment')) or '[find (the new %s)]' % change.label


def row_find(object_type, row):
    """``[find name=veth-web]``, ``[find comment~"rfc:..."]`` or the ``.id``: the row a set or remove names."""
    if hasattr(row.id, 'attrs'):
        return _find_new(row.id)
    found = _identity(object_type, row.raw or {})
    if found:
        return '[find %s]' % found
    return _marker_find((row.raw or {}).get('comment')) or (str(row.id) if row.id else None)


def _target(change):
    if change.where is not None:
        return change.where
    if change.target_row is not None:
        return row_find(change.object_type, change.target_row)
    if change.item_id is None:
        return None
    if hasattr(change.item_id, 'attrs'):
        return _find_new(change.item_id)
    return str(change.item_id)


def command_line(menu, verb, target, attrs, secret=frozenset()):
    words = [menu, verb]
    if target:
        words.append(target)
    for name, value in attrs.items():
        if hasattr(value, 'attrs'):
            value = _find_new(value)
            words.append('%s=%s' % (name, value))
            continue
        shown = MASK if name in secret and value not in (None, '') else value
        words.append('%s=%s' % (name, cli_value(shown)))
    return ' '.join(words)


def command_lines(change):
    """The console lines a change sends (none for a wait)."""
    if not change.sends:
        return []
    secret = _secret_ros_names(change)
    menu = change.menu
    target = _target(change)
    attrs = dict(change.attrs)
    if change.action == 'add':
        return [command_line(menu, 'add', None, attrs, secret)]
    if change.action == 'set':
        values = dict((name, value) for name, value in attrs.items() if value is not None)
        unset = [name for name, value in attrs.items() if value is None]
        lines = [command_line(menu, 'set', target, values, secret)] if values or not unset else []
        if unset:
            lines.append(command_line(menu, 'unset', target, {'value-name': ','.join(unset)}))
        return lines
    if change.action == 'unset':
        return [command_line(menu, 'unset', target, {'value-name': ','.join(attrs)})]
    if change.action == 'remove':
        return [command_line(menu, 'remove', target, {})]
    if change.action == 'move':
        destination = attrs.get('destination')
        moved = {} if destination is None else {'destination': destination}
        return [command_line(menu, 'move', target, moved)]
    attrs.pop('numbers', None)
    return [command_line(menu, change.verb, target, attrs, secret)]


def _before_lines(change):
    """For a set: the changed properties as the router has them now, secrets left out entirely."""
    if change.action != 'set' or not change.before or change.object_type is None:
        return []
    secret = _secret_ros_names(change)
    values = {}
    for name, value in change.before.items():
        if not change.object_type.has_field(name):
            continue
        field = change.object_type.field(name)
        ros = [candidate for candidate in _ros_names(field) if candidate in change.attrs]
        if not ros or ros[0] in secret:
            continue
        try:
            values[ros[0]] = '' if value is None else kind(field.kind).render(value)
        except (TypeError, ValueError):
            values[ros[0]] = value
    if not values:
        return []
    return [command_line(change.menu, 'set', _target(change), values)]


def diff_sections(plan, title=None, host=None):
    """Ansible diff sections: one per object (``title``, or each row's menu and label), text of commands.

    ``host`` defaults to the plan's host, the inventory host the run loop gave the state.
    """
    host = host or plan.host or 'unknown'
    sections = []
    by_header = {}
    for change in plan.changes:
        after = command_lines(change)
        if not after:
            continue
        before = _before_lines(change)
        header = '%s: %s' % (host, title or ('%s %s' % (change.menu, change.label)).strip())
        if header in by_header:
            # One object's lines stay together even when another object's changes come between
            # (a container stopped, its env list changed, then the container set and started).
            by_header[header]['before'].extend(before)
            by_header[header]['after'].extend(after)
        else:
            by_header[header] = {'before_header': header, 'after_header': header, 'before': before, 'after': after}
            sections.append(by_header[header])
    for section in sections:
        section['before'] = ''.join(line + '\n' for line in section['before'])
        section['after'] = ''.join(line + '\n' for line in section['after'])
    return sections


def change_section(change, host=None):
    """The diff section of one change alone, or None when it sends nothing to show."""
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan
    sections = diff_sections(Plan(host, [change]), host=host)
    return sections[0] if sections else None
