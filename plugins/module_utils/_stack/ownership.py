# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Which objects with the names a stack wants are the stack's, and taking others over on purpose.

A stack finds its objects by name (a bridge, a veth, a container on 7.19+, the rows of an env
or mount list), and a name says nothing about who made the object. Before anything is
planned, every object the stack would find by name is checked: one without our marker (made
by hand, by a script, by the container module) or with another owner's marker is a conflict,
refused before any write with the host, the object and the way to take it over on purpose:

* ``adopt: [<container or network name>, ...]``: the unmarked objects the stack finds by that
  name (the container, its veth and bridge port, its env and mount rows; the network's bridge)
  become the stack's: they get its marker, then they are planned like any of its objects;
* ``adopt_owners: [<previous owner>, ...]``: every object marked by that stack owner (or by a
  full owner such as ``container=web``) is re-marked with this stack's owner, keeping its key:
  the way to rename ``routeros_containers_owner``.

Adoption is a plan of its own (comment changes only), applied first and folded into the state,
so the resources plan against objects that already carry our marker.

List names. Env and mount lists are found by name on every version, and on RouterOS before
7.20 a container of another stack with the same name would share a list named after it. A
stack other than ``default`` names the lists of a new container ``<name>@<owner>`` (``@`` is
not allowed in container names, so no container of the ``default`` stack can have it); a list
that already exists under the plain name with our marker keeps that name.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import rows_of_list
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import (
    STAGING_SUFFIX, identity_markers,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER, containers_have_names
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, BRIDGE_PORT, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_FILTER, FIREWALL_NAT, IP_ADDRESS, VETH,
)

DEFAULT_OWNER = 'default'
LIST_OWNER_SEPARATOR = '@'
# Every menu whose rows can carry a stack's marker: what adopt_owners re-marks.
MARKED_TYPES = (CONTAINER, CONTAINER_ENVS, CONTAINER_MOUNTS, VETH, BRIDGE, BRIDGE_PORT, IP_ADDRESS,
                FIREWALL_NAT, FIREWALL_FILTER)


def stack_owner(name):
    """``stack=<name>``, or the owner as given when it already names a kind (``container=web``)."""
    return name if '=' in name else 'stack=%s' % quote(name)


def list_name(stack, container_name, state):
    """The env and mount list name of one container of ``stack`` on this router.

    A list the stack already has for the container keeps its name (a renamed owner's
    ``<name>@<old owner>`` too, once adopted); a new one is ``<name>`` for the ``default``
    stack and ``<name>@<owner>`` for any other.
    """
    names = [container_name, '%s%s%s' % (container_name, LIST_OWNER_SEPARATOR, stack.owner)]
    for object_type in (CONTAINER_ENVS, CONTAINER_MOUNTS):
        for row in state.rows(object_type):
            # Before 7.21 a mount item is named `<list>:<dst>` (mountlist.item_name).
            name = (row.get('list') or '').split(':', 1)[0]
            if container_of_list(name) == container_name and name not in names:
                names.append(name)
    for name in names:
        rows = state.find(CONTAINER_ENVS, list=name) + rows_of_list(state, name)
        if rows and all(row.owned_by(stack.marker_owner) for row in rows):
            return name
    return names[0] if stack.owner == DEFAULT_OWNER else names[1]


def container_of_list(name):
    """The container name behind a list name (the reverse of ``list_name``)."""
    return name.split(LIST_OWNER_SEPARATOR, 1)[0]


def _container_rows(state, name):
    # Where a container's name is a UUID the router picks, only its marker can claim it.
    if not containers_have_names(state.version):
        return []
    return [row for row in state.rows(CONTAINER) if row.raw.get('name') in (name, name + STAGING_SUFFIX)]


def _claims(stack, state, list_names):
    """``(adopt name, what, field, row, marker)`` for every object the stack would find by name."""
    owner = stack.marker_owner
    network = stack.network.name
    for row in state.find(BRIDGE, name=network):
        yield network, 'bridge %s' % network, 'network.name', row, Marker(owner, '%s:bridge' % quote(network))
    for container in stack.containers:
        where = 'containers[%s]' % container.name
        marker, staging_marker = identity_markers(container.name, owner)
        for row in _container_rows(state, container.name):
            staged = row.raw.get('name') != container.name
            yield (container.name, 'container %s' % row.raw.get('name'), where + '.name', row,
                   staging_marker if staged else marker)
        for row in state.find(VETH, name=container.veth):
            yield container.name, 'veth %s' % container.veth, where + '.veth', row, Marker(owner)
        for row in state.find(BRIDGE_PORT, interface=container.veth):
            if not row.dynamic:
                yield container.name, 'bridge port %s' % container.veth, where + '.veth', row, Marker(owner)
        name = list_names[container.name]
        for row in state.find(CONTAINER_ENVS, list=name):
            yield container.name, 'env %s/%s' % (name, row.get('key')), where + '.env', row, Marker(owner)
        for row in rows_of_list(state, name):
            yield container.name, 'mount %s (%s)' % (row.get('list'), row.get('dst')), where + '.mounts', row, Marker(owner)


def _remark(state, object_type, row, marker, label):
    comment = marker.render(row.user_comment)
    return Change('set', object_type, item_id=row.id, label=label, before={'comment': row.get('comment')},
                  after={'comment': comment}, attrs={state.resolve(object_type).ros_name('comment'): comment})


def plan_adoption(stack, state):
    """The comment changes that make previous owners' and adopted objects ours (``adopt_owners``)."""
    plan = Plan(state.host)
    previous = set(stack_owner(name) for name in stack.adopt_owners)
    previous.discard(stack.marker_owner)
    if not previous:
        return plan
    for object_type in MARKED_TYPES:
        if not state.has_type(object_type):
            continue
        for row in state.rows(object_type):
            if row.marker is not None and row.marker.owner in previous:
                label = '%s (was %s)' % (row.get('name') or row.get('list') or row.marker.key or row.id, row.marker.owner)
                plan.append(_remark(state, object_type, row, Marker(stack.marker_owner, row.marker.key), label))
    return plan


def check_claims(stack, state, list_names):
    """Adopt what ``adopt`` names; a SpecError (host, field, object, how to adopt) for any other
    object with a name the stack wants that is not its own. Returns the adoption Plan."""
    plan = Plan(state.host)
    adopt = set(stack.adopt)
    for name, what, field, row, marker in _claims(stack, state, list_names):
        if row.marker is not None and row.marker.owner == stack.marker_owner:
            continue
        if row.marker is None and name in adopt:
            plan.append(_remark(state, _type_of(state, row), row, marker, '%s (adopted)' % what))
            continue
        if row.marker is None:
            raise SpecError('%s exists on the router but was not made by this stack (no ownership marker); '
                            'nothing was changed. Rename ours, remove it, or take it over on purpose with '
                            'adopt: [%s]' % (what, name), field=field, host=state.host)
        raise SpecError('%s belongs to %s, not to %s; nothing was changed. Two owners cannot share a name: '
                        'rename one, or move it to this stack with adopt_owners: [%s]'
                        % (what, row.marker.owner, stack.marker_owner, row.marker.owner), field=field, host=state.host)
    return plan


def _type_of(state, row):
    for object_type in MARKED_TYPES:
        if state.has_type(object_type) and any(item is row for item in state.rows(object_type)):
            return object_type
    raise ValueError('row %r is in no state table' % (row,))
