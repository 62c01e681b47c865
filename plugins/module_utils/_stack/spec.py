# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The stack spec: one router's whole container deployment, checked before anything is written.

The spec is what users write in group_vars (see roles/deploy/README.md)::

    network: {name: containers, subnet: 172.17.0.0/24}
    containers:
      - name: pihole
        image: pihole/pihole:2024.07.0
        env: {TZ: Europe/Riga, WEBPASSWORD: "..."}
        secret_env: [WEBPASSWORD]
        mounts: ["usb1/pihole/etc:/etc/pihole"]
        ports: ["53:53/udp", "8080:80"]

``parse_stack()`` turns it into plain objects or raises SpecError naming the host and the
field (``containers[pihole].ports[1]``). What an entry takes is the table of container options
(_schema/container.py, the stack module's ``containers`` suboptions): the keys the stack reads
itself (``STACK_CONTAINER_KEYS``) and container options, which go to the container resource
unchanged and are validated there, so the stack never keeps a second copy of them.
``check_entries()`` checks raw entries before Ansible's argument validation converts them, so
that every error names the entry and the host.
"""

from __future__ import annotations

import hashlib
import re

from ansible.module_utils.common.validation import check_type_bool, check_type_int, check_type_list

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import compose_containers
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_bool, check_container_name
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_network import validate_network
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import validate_env
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import STACK, argument_spec
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.mounts import parse_mounts
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import host_address, parse_subnet
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.addresses import allocate
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.ports import parse_ports

_OWNER_RE = re.compile(r'^[A-Za-z0-9_.-]{1,40}$')
# A previous stack owner (`teama`), or any marker owner as printed (`container=web`).
_ADOPT_OWNER_RE = re.compile(r'^([A-Za-z0-9_]+=)?[A-Za-z0-9_.%-]{1,63}$')

# What the stack itself interprets; every other key of a container entry is a container option.
STACK_CONTAINER_KEYS = ('name', 'image', 'env', 'secret_env', 'mounts', 'ports', 'address', 'veth')
# Container options the stack sets itself from the keys above: writing them too is ambiguous.
MANAGED_CONTAINER_OPTIONS = ('interface', 'envlist', 'envlists', 'mountlist', 'mountlists', 'owner')
# What one entry of ``containers`` takes: the table's options of the stack (_schema/container.py).
ENTRY_ARGUMENT_SPEC = argument_spec(STACK)

NETWORK_KEYS = ('name', 'subnet', 'gateway', 'masquerade', 'publish_on', 'router_services', 'allow_service_ports')
CONFIG_KEYS = ('registry_url', 'username', 'password', 'tmpdir', 'layer_dir', 'memory_high')

DEFAULT_NETWORK = {'name': 'containers', 'subnet': '172.17.0.0/24'}
# dstnat rules without an interface list publish a service to the internet (ROUTEROS.md 3):
# publish on the LAN unless told otherwise (RouterOS's built-in list `all` means everywhere).
DEFAULT_PUBLISH_ON = 'LAN'
# Linux cuts interface names at 15 characters, and 7.20+ names the container's interface
# after its veth: a longer name would be cut differently inside and outside.
VETH_NAME_MAX = 15


class NetworkSpec(object):
    __slots__ = ('name', 'subnet', 'gateway', 'masquerade', 'publish_on', 'router_services', 'allow_service_ports')

    def __init__(self, name, subnet, gateway, masquerade, publish_on, router_services=(), allow_service_ports=False):
        self.name = name
        self.subnet = subnet
        self.gateway = gateway
        self.masquerade = masquerade
        self.publish_on = publish_on
        self.router_services = tuple(router_services)
        self.allow_service_ports = allow_service_ports

    @property
    def gateway_interface_address(self):
        """The bridge's address: the gateway with the subnet's prefix, as /ip/address wants it."""
        return '%s/%d' % (self.gateway, self.subnet.prefixlen)


class StackEntry(object):
    """One entry of the stack's ``containers``: the container, its env, mounts, ports, address and veth."""

    __slots__ = ('name', 'image', 'env', 'secret_env', 'mounts', 'ports', 'address', 'veth', 'options', 'veth_derived',
                 'resource_spec')

    def __init__(self, name, image, env, secret_env, mounts, ports, address, veth, options, veth_derived=False):
        self.veth_derived = veth_derived
        self.resource_spec = None      # (veth, the container resource's validated spec): planner.resource_spec_of
        self.name = name
        self.image = image
        self.env = env
        self.secret_env = secret_env
        self.mounts = mounts
        self.ports = ports
        self.address = address
        self.veth = veth
        self.options = options


class StackSpec(object):
    __slots__ = ('owner', 'network', 'containers', 'config', 'prune', 'adopt', 'adopt_owners', 'compose_notes')

    def __init__(self, owner, network, containers, config, prune, adopt=(), adopt_owners=(), compose_notes=()):
        self.compose_notes = list(compose_notes)
        self.owner = owner
        self.network = network
        self.containers = containers
        self.config = config
        self.prune = prune
        self.adopt = tuple(adopt)                # names whose unmarked objects become ours
        self.adopt_owners = tuple(adopt_owners)  # previous owners whose objects become ours

    @property
    def marker_owner(self):
        """The owner written into every object's marker: ``[rfc:stack=<owner>]``."""
        return 'stack=%s' % self.owner

    def container(self, name):
        for container in self.containers:
            if container.name == name:
                return container
        return None


def _require_dict(value, field):
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError('expected a mapping, got %s' % type(value).__name__, field=field)
    return value


def _check_keys(value, allowed, field):
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise SpecError('unknown key(s) %s; allowed: %s' % (', '.join(unknown), ', '.join(allowed)), field=field)


def parse_network(value, field='network'):
    """The stack's network: the container_network resource's own validation, plus where to publish."""
    value = dict(DEFAULT_NETWORK, **_require_dict(value, field))
    _check_keys(value, NETWORK_KEYS, field)
    check_container_name(value['name'], '%s.name' % field, what='bridge name')
    router_services = value.get('router_services') or []
    if not isinstance(router_services, list):
        raise SpecError('expected a list such as [dns, ntp, tcp/8080]', field='%s.router_services' % field)
    masquerade = check_bool(value.get('masquerade', True), '%s.masquerade' % field)
    network = validate_network(dict(value, masquerade=masquerade), field_prefix=field + '.')
    subnet = parse_subnet(network['subnet'])
    publish_on = value.get('publish_on') or DEFAULT_PUBLISH_ON
    return NetworkSpec(network['name'], subnet, host_address(network['gateway'], subnet), masquerade, str(publish_on),
                       router_services, check_bool(value.get('allow_service_ports') or False, '%s.allow_service_ports' % field))


def derived_veth_name(name, owner='default', salt=0):
    """The veth name of a container that names none: ``veth-<name>`` when that fits the 15
    characters, else ``veth-<first 5>-<4 hex of a hash of owner and name>``: the same on every
    run and every controller. ``salt`` moves a name that clashes with another container's."""
    plain = 'veth-%s' % name
    if len(plain) <= VETH_NAME_MAX and not salt:
        return plain
    seed = '%s/%s' % (owner, name) + ('#%d' % salt if salt else '')
    digest = hashlib.sha256(seed.encode('utf-8')).hexdigest()[:4]
    return 'veth-%s-%s' % (name[:5].rstrip('._-') or 'c', digest)


# Lists the stack parses itself: written as lists, never a string Ansible would split at commas.
_WRITTEN_AS_LISTS = (
    ('secret_env', 'expected a list of env names'),
    ('mounts', 'expected a list of "router/path:/container/path"'),
    ('ports', 'expected a list of ports such as ["8080:80", "53:53/udp"]'),
)
# Ansible's own conversions of an argument spec type: what they accept, the entry accepts.
_TYPE_CHECKS = {
    'bool': (check_type_bool, 'expected a boolean (yes/no, true/false), got %r'),
    'int': (check_type_int, 'expected an integer, got %r'),
    'list': (check_type_list, 'expected a list, got %r'),
}


def _check_options(value, spec, where):
    """``value``'s keys and types against ``spec`` (the table's argument spec of a stack entry),
    as Ansible's argument validation checks them, but naming the entry: ``containers[web].logging``."""
    unknown = sorted(set(value) - set(spec))
    if unknown:
        raise SpecError('unknown option; a container entry takes %s' % ', '.join(sorted(spec)),
                        field='%s.%s' % (where, unknown[0]))
    for key, item in value.items():
        if item is None:
            continue
        option, field = spec[key], '%s.%s' % (where, key)
        if option.get('type') == 'dict':
            if not isinstance(item, dict):
                raise SpecError('expected a mapping, got %s' % type(item).__name__, field=field)
            if 'options' in option:
                _check_options(item, option['options'], field)
            continue
        check, message = _TYPE_CHECKS.get(option.get('type'), (None, None))
        if check is not None:
            try:
                item = check(item)
            except (TypeError, ValueError):
                raise SpecError(message % (item,), field=field)
        # A YAML boolean given for a choice ('no') is Ansible's to convert.
        if option.get('choices') and not isinstance(item, bool) and item not in option['choices']:
            raise SpecError('must be one of %s; got %r' % (', '.join(option['choices']), item), field=field)


def check_entry(value, field, index):
    """One entry of ``containers`` as written: a mapping with a usable name, none of the options
    the stack sets itself, and every key an option of the table with a value of its type.
    Returns ``(name, where)``, where ``where`` names the entry in messages (``containers[web]``)."""
    if not isinstance(value, dict):
        raise SpecError('each container is a mapping with at least name and image', field='%s[%d]' % (field, index))
    name = check_container_name(value.get('name'), '%s[%d].name' % (field, index))
    where = '%s[%s]' % (field, name)
    managed = sorted(set(value) & set(MANAGED_CONTAINER_OPTIONS))
    if managed:
        raise SpecError('%s are set by the stack (from env, mounts, the network and the owner); remove them'
                        % ', '.join(managed), field='%s.%s' % (where, managed[0]))
    if value.get('state') == 'absent':
        raise SpecError('a stack removes a container that is no longer listed (prune); delete the entry instead',
                        field='%s.state' % where)
    for key, message in _WRITTEN_AS_LISTS:
        if value.get(key) is not None and not isinstance(value[key], list):
            raise SpecError(message, field='%s.%s' % (where, key))
    _check_options(value, ENTRY_ARGUMENT_SPEC, where)
    return name, where


def check_entries(params, host=None):
    """The raw ``containers`` parameter and each of its entries, before Ansible's argument
    validation converts them: so that a bad entry, key or value is named with the host
    (Ansible's own message for an entry that is no mapping reads "must be a list, not 'list'")."""
    containers = params.get('containers')
    try:
        if containers is not None and not isinstance(containers, list):
            raise SpecError('expected a list of containers', field='containers')
        for index, value in enumerate(containers or []):
            check_entry(value, 'containers', index)
    except SpecError as exc:
        raise exc.with_host(host) if host and not exc.host else exc


def parse_container(value, network, field, index, owner='default'):
    name, where = check_entry(value, field, index)
    image = value.get('image')
    if not image and not value.get('file'):
        raise SpecError('image is required (or file, for a tarball on the router)', field='%s.image' % where)
    env_value = _require_dict(value.get('env'), '%s.env' % where)
    env = validate_env(env_value, field='%s.env' % where)
    secret_env = value.get('secret_env') or []
    for key in secret_env:
        if key not in env:
            raise SpecError('%s is not a key of env' % key, field='%s.secret_env' % where)
    mounts = parse_mounts(value.get('mounts') or [], '%s.mounts' % where)
    ports = parse_ports(value.get('ports'), '%s.ports' % where)
    address = None
    if value.get('address'):
        try:
            address = host_address(value['address'], network.subnet, 'the container address')
        except ValueError as error:
            raise SpecError(str(error), field='%s.address' % where)
        if address == network.gateway:
            raise SpecError('%s is the gateway (the router\'s own address on the bridge)' % address,
                            field='%s.address' % where)
    veth = str(value.get('veth') or derived_veth_name(name, owner))
    if len(veth) > VETH_NAME_MAX:
        raise SpecError('%r is longer than %d characters, the Linux interface name limit' % (veth, VETH_NAME_MAX),
                        field='%s.veth' % where)
    options = dict((key, item) for key, item in value.items() if key not in STACK_CONTAINER_KEYS)
    return StackEntry(name, str(image) if image else None, env, tuple(secret_env), mounts, ports, address, veth, options,
                      veth_derived=not value.get('veth'))


def _check_port_clashes(containers):
    """Two containers may not publish the same router port: one dstnat rule would shadow the other."""
    published = []
    for container in containers:
        for position, port in enumerate(container.ports):
            for other_name, other in published:
                if port.overlaps(other):
                    raise SpecError('router port %s/%s is already published by %s' % (port.published, port.protocol, other_name),
                                    field='containers[%s].ports[%d]' % (container.name, position))
            published.append((container.name, port))


def parse_config(value, field='config'):
    value = _require_dict(value, field)
    _check_keys(value, CONFIG_KEYS, field)
    return dict((key, item) for key, item in value.items() if item is not None)


def _names(value, field, pattern=None):
    if value is None:
        return []
    if not isinstance(value, list):
        raise SpecError('expected a list of names', field=field)
    for index, item in enumerate(value):
        if pattern is None:
            check_container_name(item, '%s[%d]' % (field, index))
        elif not isinstance(item, str) or not pattern.match(item):
            raise SpecError('%r is not a name' % (item,), field='%s[%d]' % (field, index))
    return list(value)


def parse_stack(params, host=None, routeros_version=None, architecture=None):
    """The whole spec from module parameters; SpecError (with ``host``) on the first bad field.

    A ``compose`` parameter adds the compose file's services after ``containers``, converted
    for ``routeros_version`` (the router's own, once connected; None checks no version)."""
    compose_notes = []
    try:
        owner = str(params.get('owner') or 'default')
        if not _OWNER_RE.match(owner):
            raise SpecError('%r: use up to 40 letters, digits, "_", ".", "-"' % owner, field='owner')
        network = parse_network(params.get('network'))
        containers_value = params.get('containers') or []
        if not isinstance(containers_value, list):
            raise SpecError('expected a list of containers', field='containers')
        if params.get('compose'):
            converted = compose_containers(params['compose'], routeros_version, architecture)
            containers_value = list(containers_value) + converted.containers
            compose_notes = converted.notes
        containers = []
        names = {}
        veths = {}
        for index, item in enumerate(containers_value):
            container = parse_container(item, network, 'containers', index, owner)
            salt = 0
            while container.veth_derived and (container.veth in veths or container.veth == network.name):
                salt += 1
                container.veth = derived_veth_name(container.name, owner, salt)
            if container.name in names:
                raise SpecError('container %s is listed twice (entries %d and %d)' % (container.name, names[container.name], index),
                                field='containers[%d].name' % index)
            if container.veth in veths:
                raise SpecError('veth %s is also used by %s' % (container.veth, veths[container.veth]),
                                field='containers[%s].veth' % container.name)
            if container.name == network.name:
                # Port forwards and the network's NAT rules are told apart by this name in their markers.
                raise SpecError('a container may not have the name of the network', field='containers[%s].name' % container.name)
            if container.veth == network.name:
                raise SpecError('veth %s has the name of the bridge' % container.veth, field='containers[%s].veth' % container.name)
            names[container.name] = index
            veths[container.veth] = container.name
            containers.append(container)
        _check_port_clashes(containers)
        # Duplicate requested addresses and a subnet too small fail here, not mid-way.
        allocate([container.name for container in containers], network.subnet, network.gateway,
                 requested=dict((container.name, container.address) for container in containers if container.address))
        config = parse_config(params.get('config'))
        prune = check_bool(params.get('prune', True), 'prune')
        adopt = _names(params.get('adopt'), 'adopt')
        adopt_owners = _names(params.get('adopt_owners'), 'adopt_owners', _ADOPT_OWNER_RE)
    except SpecError as exc:
        raise exc.with_host(host) if host and not exc.host else exc
    return StackSpec(owner, network, containers, config, prune, adopt, adopt_owners, compose_notes)
