# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container's ``mountlist`` between the names users write and what the router holds.

Users name mount lists on every version. From 7.21 the container's ``mountlists=`` holds
exactly those names. Before 7.21 there are no lists: each mount is an item with a unique
name (``L:<dst>``, see resources/mountlist.py) and the container's ``mounts=`` lists item
names. So, before 7.21, ``expand`` turns each list name into the names of its items, and
``collapse`` turns the item names a container holds back into list names, so that
container_info's options feed back as desired state without a change.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import (
    item_names, rows_of_list, shares_list_name,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_MOUNTS


def _mount_changes(plan, action):
    return [change for change in (plan.changes if plan is not None else ())
            if change.action == action and change.object_type is not None
            and change.object_type.name == CONTAINER_MOUNTS.name]


def planned_item_names(state, list_name, linked_plan):
    """The item names ``list_name`` will have once ``linked_plan`` (the module's own list) is applied.

    Its new items do not exist in ``state`` yet: their names come from the plan's adds, which
    the mount list resource named from the spec (``mountlist.item_name``).
    """
    # An id is a RouterOS '.id' or, for a row another resource is adding, that add Change.
    removed = [change.item_id for change in _mount_changes(linked_plan, 'remove')]
    names = [row.get('list') for row in rows_of_list(state, list_name) if row.id not in removed]
    names.extend(change.after['list'] for change in _mount_changes(linked_plan, 'add')
                 if change.after and change.after.get('list') is not None)
    return names


def expand(list_names, state, managed=None, linked_plan=None, field='mountlist'):
    """What the container's mount field must hold on ``state.version`` for ``list_names``.

    ``managed`` is the list the module keeps for ``mounts`` (its rows come from ``linked_plan``);
    a list that would be empty is left out (the router refuses a reference to no mount). Any
    other list must exist on the router: a SpecError naming the field and host otherwise,
    before anything is written.
    """
    result = []
    for list_name in list_names:
        if list_name == managed:
            items = planned_item_names(state, list_name, linked_plan)
        else:
            items = item_names(state, list_name)
            if not items:
                raise SpecError('mount list %r does not exist on this router (RouterOS %s); create it first, '
                                'with the mountlist module or the mounts option' % (list_name, state.version),
                                field=field, host=state.host)
        if shares_list_name(state.version):
            items = [list_name] if items else []
        result.extend(item for item in items if item not in result)
    return result


def collapse(items, state):
    """The list names behind the mount item names a container holds (the reverse of ``expand``).

    A run of items that is exactly one list's items, in the router's order, becomes that list's
    name; anything else (a mount made by hand, part of a list) stays an item name, which
    ``expand`` maps back to itself. From 7.21 the names already are list names.
    """
    items = list(items or [])
    if shares_list_name(state.version):
        return items
    names = []
    index = 0
    while index < len(items):
        list_name = items[index].split(':', 1)[0]
        members = item_names(state, list_name)
        if members and items[index:index + len(members)] == members:
            names.append(list_name)
            index += len(members)
        else:
            names.append(items[index])
            index += 1
    return names
