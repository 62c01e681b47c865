# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One router's whole container deployment: plan every object against one state, then apply.

The stack owns nothing of its own: each object is planned by the engine resource that owns
that kind of object (container_network, container_config, veth, the container resource with
its env and mount lists, port_forward), all against one RouterState read in one round trip.
Every plan is made before the first write, so a bad value on any object fails the whole
router with nothing changed.

Order. Removals come first and go top-down (port forwards, containers with their lists,
veths, networks), so that an address, a port or a subnet a removed object held is free when
the new objects are planned. The one exception is the bridge of a renamed network: it goes
last, after every veth's bridge port has moved to the new bridge (RouterOS removes a
bridge's ports with it), so a rename or re-subnet converges in one run. Then creation goes bottom-up: registry settings, the network,
and per container its veth, the container (env list, mount list, lifecycle), its port
forwards. Each plan is folded into the state (``state.assume``) before the next is made, so a
veth planned after the network sees the bridge that is about to be added.

Pruning touches only rows whose marker names this stack's owner (``[rfc:stack=<owner>...]``);
rows made by hand or by another stack are never planned for removal.
"""

from __future__ import annotations

import copy

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import unquote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_config import ContainerConfig
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_network import ContainerNetwork
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.port_forward import PortForward
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.veth import Veth
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import (
    STAGING_SUFFIX, ContainerResource, find_container, identity_markers,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    BRIDGE, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, IP_ADDRESS, VETH,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.addresses import allocate
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.ownership import (
    MARKED_TYPES, check_claims, container_of_list, list_name, plan_adoption,
)

try:
    import netaddr
except ImportError:  # pragma: no cover - normalize reports the missing library on first use
    netaddr = None


CREATED, CHANGED, REMOVED, UNCHANGED = 'created', 'changed', 'removed', 'unchanged'
STATUSES = (CREATED, CHANGED, REMOVED, UNCHANGED)

_NETWORK = ContainerNetwork()
_CONFIG = ContainerConfig()
_VETH = Veth()
_CONTAINER = ContainerResource()
_PORTS = PortForward()


def object_types():
    """Every menu any object of a stack needs, for the one RouterState read."""
    types = []
    for resource in (_CONFIG, _NETWORK, _VETH, _CONTAINER, _PORTS):
        for object_type in resource.object_types():
            if object_type not in types:
                types.append(object_type)
    for object_type in MARKED_TYPES:
        if object_type not in types:
            types.append(object_type)
    return types


class ObjectPlan(object):
    """The plan of one object of the stack (a network, a veth, a container...) and what it means."""

    __slots__ = ('kind', 'name', 'status', 'plan')

    def __init__(self, kind, name, existed, plan, removing=False):
        self.kind = kind
        self.name = name
        self.plan = plan
        if removing:
            self.status = REMOVED if plan else UNCHANGED
        elif not plan:
            self.status = UNCHANGED
        else:
            self.status = CHANGED if existed else CREATED

    @property
    def title(self):
        return '%s %s' % (self.kind, self.name)

    def actions(self):
        return self.plan.actions()

    def diff_section(self, host):
        """One section for the whole object, written as the RouterOS commands it sends (_engine/diff.py)."""
        sections = diff_sections(self.plan, title=self.title, host=host)
        return sections[0] if sections else None

    def report(self):
        return {'kind': self.kind, 'name': self.name, 'status': self.status, 'actions': self.actions()}


class StackPlan(object):
    """Every object's plan for one router, in the order they are applied."""

    def __init__(self, host):
        self.host = host
        self.objects = []
        self.warnings = []
        self.addresses = {}

    def add(self, kind, name, existed, plan, state, removing=False):
        state.assume(plan)
        self.warnings.extend(plan.warnings)
        self.objects.append(ObjectPlan(kind, name, existed, plan, removing))

    @property
    def changed(self):
        return any(item.plan for item in self.objects)

    def writes(self):
        return any(item.plan.writes() for item in self.objects)

    def actions(self):
        actions = []
        for item in self.objects:
            actions.extend(item.actions())
        return actions

    def summary(self):
        counts = dict((status, 0) for status in STATUSES)
        for item in self.objects:
            counts[item.status] += 1
        return counts

    def diff(self, router=None):
        router = router or self.host
        return [section for section in (item.diff_section(router) for item in self.objects) if section is not None]


def _field_error(error, prefix, host):
    """A resource's SpecError, with the field named as the stack spec names it."""
    field = '%s.%s' % (prefix, error.field) if error.field else prefix
    return SpecError(error.message, field=field, host=host or error.host)


def _validated(resource, params, owner, field, host):
    try:
        return resource.validate(params, owner=owner)
    except SpecError as error:
        raise _field_error(error, field, host)


def _planned(resource, spec, state, field):
    try:
        return resource.plan(spec, state)
    except SpecError as error:
        raise _field_error(error, field, state.host)


def config_params(config):
    """The container_config resource's parameters for the stack's ``config`` (whose keys drop the
    ``registry_`` prefix, as the deploy role's ``routeros_containers_config`` does)."""
    renamed = {'username': 'registry_username', 'password': 'registry_password'}
    return dict((renamed.get(key, key), value) for key, value in config.items())


def container_params(container):
    """The container resource's parameters for one stack entry."""
    params = dict(container.options)
    params.update(name=container.name, interface=[container.veth])
    if container.image:
        params['image'] = container.image
    # Always given, empty too: the stack manages the container's lists, and an env or mounts
    # emptied (or left out) in the spec must empty them on the router, not leave them be.
    params['env'] = dict(container.env)
    params['secret_env'] = list(container.secret_env)
    params['mounts'] = list(container.mounts)
    return params


def port_forward_params(container, address, network):
    """One port_forward spec per scope: the router's own addresses, or each host address given;
    always on the network's ``publish_on`` interface list."""
    groups = {}
    for port in container.ports:
        groups.setdefault(port.host_ip, []).append(port)
    params = []
    for host_ip in sorted(groups, key=lambda item: item or ''):
        entry = {'name': container.name if host_ip is None else '%s@%s' % (container.name, host_ip),
                 'to_address': str(address), 'rules': groups[host_ip], 'in_interface_list': network.publish_on,
                 'allow_service_ports': network.allow_service_ports}
        if host_ip is not None:
            entry['dst_address'] = host_ip
        params.append(entry)
    return params


def resource_spec_of(container, owner, host=None):
    """The container resource's spec of one stack entry, validated once per veth name (planning
    may give a container the veth it already runs on); each call gets a copy of its own."""
    if container.resource_spec is None or container.resource_spec[0] != container.veth:
        spec = _validated(_CONTAINER, container_params(container), owner, 'containers[%s]' % container.name, host)
        container.resource_spec = (container.veth, spec)
    return copy.copy(container.resource_spec[1])


def validate_offline(stack, host=None):
    """Every check that needs no router: the container options of each entry. SpecError otherwise."""
    for container in stack.containers:
        resource_spec_of(container, stack.marker_owner, host)


def _derivable(container_name, veth_name):
    """Whether ``veth_name`` is a name ``derived_veth_name`` gives ``container_name`` (any salt)."""
    prefix = 'veth-%s-' % (container_name[:5].rstrip('._-') or 'c')
    return veth_name == 'veth-%s' % container_name or (
        veth_name.startswith(prefix) and len(veth_name) == len(prefix) + 4
        and all(char in '0123456789abcdef' for char in veth_name[len(prefix):]))


def _keep_existing_veths(stack, state):
    """A container whose veth name was derived keeps the veth it already runs on, when that
    veth carries this stack's marker, is a name the derivation gives this container (a clash
    resolved another way on an earlier run) and no other entry wants it: a deployed interface
    is never renamed by a change elsewhere in the spec. A veth renamed by hand is repaired."""
    wanted = set(container.veth for container in stack.containers)
    owned = set(row.get('name') for row in _owned(state, VETH, stack.marker_owner))
    for container in stack.containers:
        if not container.veth_derived:
            continue
        marker, _staged = identity_markers(container.name, stack.marker_owner)
        row = find_container(state.rows(CONTAINER), container.name, marker, state.version)
        interfaces = list(row.get('interface') or []) if row is not None else []
        if len(interfaces) == 1 and interfaces[0] != container.veth and interfaces[0] in owned \
                and interfaces[0] not in wanted and _derivable(container.name, interfaces[0]):
            wanted.discard(container.veth)
            container.veth = interfaces[0]
            wanted.add(container.veth)


def _current_addresses(stack, state):
    """What each container's veth holds now, so that a deployed container keeps its address."""
    existing = {}
    for container in stack.containers:
        row = state.first(VETH, name=container.veth)
        for address in (row.get('address') or []) if row is not None else []:
            try:
                interface = netaddr.IPNetwork(str(address))
            except (netaddr.AddrFormatError, ValueError, TypeError):
                continue
            if interface.ip in stack.network.subnet:
                existing[container.name] = str(interface.ip)
                break
    return existing


def _in_subnet(text, subnet):
    try:
        address = netaddr.IPNetwork(str(text)).ip
    except (netaddr.AddrFormatError, ValueError, TypeError):
        return None
    return address if address in subnet else None


def _reserved_addresses(stack, state):
    """Addresses of the subnet that something other than this stack's veths holds: never ours to give."""
    subnet = stack.network.subnet
    ours = set(container.veth for container in stack.containers)
    reserved = {}
    for row in state.rows(VETH):
        if row.get('name') in ours or row.owned_by(stack.marker_owner):
            continue
        whose = row.marker.owner if row.marker is not None else 'made by hand'
        for text in row.get('address') or []:
            address = _in_subnet(text, subnet)
            if address is not None:
                reserved.setdefault(str(address), 'veth %s (%s)' % (row.get('name'), whose))
    for row in state.rows(IP_ADDRESS):
        address = _in_subnet(row.get('address'), subnet)
        if address is not None and address != stack.network.gateway:
            reserved.setdefault(str(address), 'address %s on %s' % (row.get('address'), row.get('interface')))
    return reserved


def _owned(state, object_type, owner):
    return [row for row in state.rows(object_type) if row.marker is not None and row.marker.owner == owner]


def _stale(stack, state, network_spec):
    """What the stack made earlier and no longer wants: (port forward names, containers, veths, networks)."""
    owner = stack.marker_owner
    wanted = set(container.name for container in stack.containers)
    wanted_forwards = set()
    for container in stack.containers:
        wanted_forwards.update(params['name'] for params in port_forward_params(container, '0.0.0.0', stack.network))

    networks = []
    for row in _owned(state, BRIDGE, owner):
        key = row.marker.key or ''
        if key.endswith(':bridge') and row.get('name') != network_spec['name']:
            networks.append(row.get('name'))
    network_prefixes = set('%s:' % name for name in networks + [network_spec['name']])

    forwards = []
    for row in _owned(state, FIREWALL_NAT, owner):
        key = row.marker.key or ''
        name = unquote(key.split(':', 1)[0]) if ':' in key else None
        if name is None or any(key.startswith(prefix) for prefix in network_prefixes):
            continue
        if name not in wanted_forwards and name not in forwards:
            forwards.append(name)

    containers = []
    for row in _owned(state, CONTAINER, owner):
        name = unquote(row.marker.key or '')
        if name.endswith(STAGING_SUFFIX):
            name = name[:-len(STAGING_SUFFIX)]
        if name and name not in wanted and name not in containers:
            containers.append(name)
    for object_type in (CONTAINER_ENVS, CONTAINER_MOUNTS):
        for row in _owned(state, object_type, owner):
            # Before 7.21 each mount is an item named `<list>:<dst>` (mountlist.item_name).
            name = container_of_list((row.get('list') or '').split(':', 1)[0])
            if name and name not in wanted and name not in containers:
                containers.append(name)

    wanted_veths = set(container.veth for container in stack.containers)
    veths = []
    for row in _owned(state, VETH, owner):
        if row.get('name') not in wanted_veths and row.get('name') not in veths:
            veths.append(row.get('name'))
    return forwards, containers, veths, networks


def _plan_prune(stack, state, result, network_spec):
    owner = stack.marker_owner
    forwards, containers, veths, networks = _stale(stack, state, network_spec)
    for name in forwards:
        spec = _validated(_PORTS, {'name': name, 'state': 'absent'}, owner, 'port_forward %s' % name, state.host)
        result.add('port_forward', name, True, _planned(_PORTS, spec, state, 'port_forward %s' % name), state, removing=True)
    for name in containers:
        params = {'name': name, 'state': 'absent', 'env': {}, 'mounts': []}
        spec = _validated(_CONTAINER, params, owner, 'container %s' % name, state.host)
        spec.list_name = list_name(stack, name, state)
        result.add('container', name, True, _planned(_CONTAINER, spec, state, 'container %s' % name), state, removing=True)
    for name in veths:
        spec = _validated(_VETH, {'name': name, 'state': 'absent'}, owner, 'veth %s' % name, state.host)
        result.add('veth', name, True, _planned(_VETH, spec, state, 'veth %s' % name), state, removing=True)
    bridges = []
    for name in networks:
        params = {'name': name, 'subnet': network_spec['subnet'], 'state': 'absent'}
        spec = _validated(_NETWORK, params, owner, 'network %s' % name, state.host)
        planned = _planned(_NETWORK, spec, state, 'network %s' % name)
        # A renamed network: its address and NAT rules go now (the new network may take the same
        # subnet), its bridge only at the very end, once every veth's port has moved to the new
        # one (removing a bridge removes its ports: the move would find nothing).
        rules = Plan(state.host, [change for change in planned.changes if change.object_type is not BRIDGE])
        rules.warnings = planned.warnings
        bridges.append((name, Plan(state.host, [change for change in planned.changes if change.object_type is BRIDGE])))
        if rules:
            result.add('network', name, True, rules, state, removing=True)
    return [(name, plan) for name, plan in bridges if plan]


def _network_params(network):
    params = {'name': network.name, 'subnet': str(network.subnet), 'gateway': str(network.gateway),
              'masquerade': network.masquerade}
    if network.router_services:
        params['router_services'] = list(network.router_services)
    return params


def plan_stack(stack, state):
    """The StackPlan that makes the router match ``stack``; SpecError (naming host and field) before any write."""
    host = state.host
    owner = stack.marker_owner
    result = StackPlan(host)
    _keep_existing_veths(stack, state)

    # Ownership first: a previous owner's objects become ours, then every object the stack would
    # find by name must be ours or adopted on purpose (a SpecError otherwise, before any write).
    adoption = plan_adoption(stack, state)
    if adoption:
        result.add('ownership', 'previous owners', True, adoption, state)
    list_names = dict((container.name, list_name(stack, container.name, state)) for container in stack.containers)
    adoption = check_claims(stack, state, list_names)
    if adoption:
        result.add('ownership', 'adopted', True, adoption, state)

    # Everything is validated before the first plan is made: one bad entry fails the router.
    network_spec = _validated(_NETWORK, _network_params(stack.network), owner, 'network', host)
    config_spec = _validated(_CONFIG, config_params(stack.config), owner, 'config', host) if stack.config else None
    addresses = allocate([container.name for container in stack.containers], stack.network.subnet, stack.network.gateway,
                         requested=dict((item.name, item.address) for item in stack.containers if item.address),
                         existing=_current_addresses(stack, state), reserved=_reserved_addresses(stack, state))
    result.addresses = dict((name, str(address)) for name, address in addresses.items())
    entries = []
    for container in stack.containers:
        where = 'containers[%s]' % container.name
        veth_params = {'name': container.veth, 'addresses': ['%s/%d' % (addresses[container.name], stack.network.subnet.prefixlen)],
                       'gateway': str(stack.network.gateway), 'bridge': stack.network.name}
        resource_spec = resource_spec_of(container, owner, host)
        resource_spec.list_name = list_names[container.name]
        entries.append((
            container,
            _validated(_VETH, veth_params, owner, where + '.veth', host),
            resource_spec,
            [_validated(_PORTS, params, owner, where + '.ports', host)
             for params in port_forward_params(container, addresses[container.name], stack.network)],
        ))

    old_bridges = _plan_prune(stack, state, result, network_spec) if stack.prune else []

    if config_spec is not None:
        result.add('config', 'registry', True, _planned(_CONFIG, config_spec, state, 'config'), state)
    existed = state.first(BRIDGE, name=network_spec['name']) is not None
    result.add('network', network_spec['name'], existed, _planned(_NETWORK, network_spec, state, 'network'), state)

    for container, veth_spec, container_spec, forward_specs in entries:
        where = 'containers[%s]' % container.name
        existed = state.first(VETH, name=veth_spec['name']) is not None
        veth_plan = _planned(_VETH, veth_spec, state, where + '.veth')
        result.add('veth', veth_spec['name'], existed, veth_plan, state)
        if any(change.action == 'set' and change.object_type is VETH for change in veth_plan.changes):
            # A new address or gateway reaches the container only when it starts again.
            container_spec.restart = True
        existed_container = _CONTAINER.find(container_spec, state) is not None
        container_plan = _planned(_CONTAINER, container_spec, state, where)
        result.add('container', container.name, existed_container, container_plan, state)
        for forward_spec in forward_specs:
            existed = _PORTS.report(forward_spec, state)['exists']
            result.add('port_forward', forward_spec['name'], existed, _planned(_PORTS, forward_spec, state, where + '.ports'), state)
    for name, plan in old_bridges:
        result.add('bridge', name, True, plan, state, removing=True)
    return result


def apply_stack(session, stack_plan, state=None, clock=None):
    """Apply every object's plan in order. The ApplyError of a failure names the object and its
    change, with every change applied before it and every one not applied."""
    done = []
    pending = [item for item in stack_plan.objects if item.plan]
    for index, item in enumerate(pending):
        try:
            apply_plan(session, item.plan, state=state, clock=clock)
        except ApplyError as error:
            raise ApplyError(session.host, session.port, '%s (%s)' % (item.title, error.failed), done + error.applied,
                             error.not_applied + _titles(pending[index + 1:]), error.original)
        done.extend(item.actions())
    return done


def _titles(items):
    return [item.title for item in items]
