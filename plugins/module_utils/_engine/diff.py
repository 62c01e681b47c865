# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Ansible diffs of a Plan: one section per object, only the keys that differ, secrets masked."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import kind

MASK = '********'


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


def change_section(change):
    """One diff section, or None for a change with nothing to show (a lifecycle step)."""
    before = change.before or {}
    after = change.after or {}
    if change.action in ('add', 'remove'):
        keys = set(before) | set(after)
    else:
        keys = set(name for name in set(before) | set(after) if before.get(name) != after.get(name))
    if not keys and change.action not in ('move',):
        return None
    header = '%s %s' % (change.menu, change.label)
    section = {
        'before_header': '%s (%s)' % (header, 'absent' if change.action == 'add' else 'before'),
        'after_header': '%s (%s)' % (header, 'absent' if change.action == 'remove' else 'after'),
        'before': mask(dict((name, before[name]) for name in keys if name in before), change.secret_keys,
                       change.object_type),
        'after': mask(dict((name, after[name]) for name in keys if name in after), change.secret_keys,
                      change.object_type),
    }
    if change.action == 'move':
        section['before'] = {'position': (change.before or {}).get('position', 'elsewhere')}
        section['after'] = {'position': (change.after or {}).get('position', 'moved')}
    return section


def diff_sections(plan):
    sections = []
    for change in plan.changes:
        section = change_section(change)
        if section is not None:
            sections.append(section)
    return sections
