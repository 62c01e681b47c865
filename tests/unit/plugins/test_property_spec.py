# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property tests for the stack spec validator.

Generated specs, mostly plausible with a share of nonsense, go through ``parse_stack``. Either
it refuses them with a SpecError naming the host and a field, or everything it accepts obeys
the rules a router needs: unique names and veths of at most 15 characters, addresses inside
the subnet and apart from the gateway, and no router port published twice.
"""

from __future__ import annotations

import netaddr

from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack

HOST = 'edge-7'
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values that are right, values that are wrong, and values of the wrong type.
names = st.one_of(st.sampled_from(['web', 'app', 'db', 'pihole', 'a', 'web', 'averyveryverylongname', 'my app', 'x/y', '', '-x']),
                  st.from_regex(r'[a-z][a-z0-9-]{0,12}', fullmatch=True), st.integers(), st.none())
ports = st.one_of(st.sampled_from(['8080:80', '53:53/udp', '8080:81', '0:80', '70000:80', '10.0.0.1:8080:80', '8000-8010:8000-8010',
                                   '8005:80', '80', 'x:80', '8080:80/sctp', '443:443']),
                  st.builds('{}:{}'.format, st.integers(min_value=-1, max_value=70000), st.integers(min_value=1, max_value=65535)),
                  st.integers(min_value=0, max_value=70000), st.none())
addresses = st.one_of(st.none(), st.sampled_from(['172.17.0.2', '172.17.0.1', '172.17.0.255', '172.17.1.5', '172.17.0.300', 'x']),
                      st.builds('172.17.0.{}'.format, st.integers(min_value=0, max_value=255)))
envs = st.one_of(st.none(), st.dictionaries(st.sampled_from(['A', 'B', 'TOKEN', '', '1X', 'A B']),
                                            st.one_of(st.text(max_size=5), st.integers(), st.booleans()), max_size=3),
                 st.lists(st.text(max_size=3), max_size=2))
mounts = st.one_of(st.none(), st.lists(st.sampled_from(['usb1/a:/data', 'usb1/b:/data', 'usb1/c:data', 'usb1/d', '../x:/y',
                                                        'usb1/e:/e:ro', {'src': 'usb1/f', 'dst': '/f'}, 42]), max_size=3))


@st.composite
def containers(draw):
    entry = {'name': draw(names), 'image': draw(st.sampled_from(['nginx:latest', 'alpine', '', None]))}
    for key, strategy in (('ports', st.one_of(st.lists(ports, max_size=3), st.text(max_size=6))), ('address', addresses),
                          ('env', envs), ('mounts', mounts),
                          ('veth', st.one_of(st.none(), st.sampled_from(['veth-x', 'veth-0123456789abc', 'v'])))):
        if draw(st.booleans()):
            entry[key] = draw(strategy)
    if entry.get('env') and isinstance(entry['env'], dict) and draw(st.booleans()):
        entry['secret_env'] = draw(st.lists(st.sampled_from(['A', 'TOKEN', 'NOPE']), max_size=2))
    return entry


networks = st.one_of(st.none(), st.fixed_dictionaries({}, optional={
    'name': st.sampled_from(['containers', 'br x', 'web']),
    'subnet': st.sampled_from(['172.17.0.0/24', '172.17.0.0/30', '172.17.0.0/31', '172.17.0.5/24', '10.0.0.0/8', 'fd00::/64', 'x']),
    'gateway': st.sampled_from(['172.17.0.1', '172.17.0.254', '10.9.9.9', '172.17.0.0']),
}))


def _port_range(text):
    low, _sep, high = text.partition('-')
    return int(low), int(high or low)


@SETTINGS
@given(networks, st.lists(st.one_of(containers(), st.just('web'), st.none()), max_size=5))
def test_a_spec_is_either_refused_naming_host_and_field_or_safe_to_deploy(network, entries):
    try:
        stack = parse_stack({'network': network, 'containers': entries}, host=HOST)
    except SpecError as error:
        assert error.host == HOST, error
        assert error.field, error
        assert str(error).startswith('host %s, field %s: ' % (HOST, error.field)), str(error)
        return
    subnet = stack.network.subnet
    gateway = stack.network.gateway
    assert gateway in subnet and gateway not in (subnet.network, subnet.broadcast)
    seen_names, seen_veths = set(), set()
    published = []
    for container in stack.containers:
        assert container.name not in seen_names and container.veth not in seen_veths
        seen_names.add(container.name)
        seen_veths.add(container.veth)
        assert 1 <= len(container.veth) <= 15, container.veth
        assert container.image, container.name
        if container.address is not None:
            assert container.address in subnet and container.address != gateway
        for key in container.secret_env:
            assert key in container.env
        for port in container.ports:
            low, high = _port_range(port.published)
            assert 1 <= low <= high <= 65535
            for protocol, other_low, other_high, host_ip in published:
                overlap = low <= other_high and other_low <= high
                same_place = not port.host_ip or not host_ip or port.host_ip == host_ip
                assert not (protocol == port.protocol and overlap and same_place), (port, published)
            published.append((port.protocol, low, high, port.host_ip))
    requested = [container.address for container in stack.containers if container.address is not None]
    assert len(requested) == len(set(requested))


@SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=253), min_size=2, max_size=6))
def test_requested_addresses_that_collide_are_refused_by_name(slots):
    entries = [{'name': 'c%d' % index, 'image': 'alpine', 'address': str(netaddr.IPAddress('172.17.0.2') + slot)}
               for index, slot in enumerate(slots)]
    try:
        parse_stack({'containers': entries}, host=HOST)
    except SpecError as error:
        assert error.host == HOST and error.field.endswith('.address'), error
        assert len(set(slots)) < len(slots) or '172.17.0.255' in [entry['address'] for entry in entries] \
            or '172.17.0.1' in [entry['address'] for entry in entries], error
        return
    assert len(set(slots)) == len(slots)


# Plausible specs only: every value is fine on its own, so only the rules between entries can fail.
PORT_POOL = ['8080:80', '8080:81', '53:53/udp', '53:53', '10.0.0.1:8080:80', '10.0.0.2:8080:80', '8000-8010:8000-8010', '8005:80',
             '443:443']
ADDRESS_POOL = [None, None, '172.17.0.10', '172.17.0.11', '172.17.0.10']
plausible = st.lists(
    st.fixed_dictionaries({'name': st.sampled_from(['web', 'app', 'db', 'dns']), 'image': st.just('nginx'),
                           'ports': st.lists(st.sampled_from(PORT_POOL), max_size=3),
                           'address': st.sampled_from(ADDRESS_POOL)}),
    max_size=4, unique_by=lambda entry: entry['name'])


def _parsed(text):
    """(protocol, low, high, host_ip) of a PORT_POOL entry, the oracle's own reading."""
    text, _sep, protocol = text.partition('/')
    parts = text.split(':')
    host_ip = parts[0] if len(parts) == 3 else None
    low, high = _port_range(parts[-2])
    return protocol or 'tcp', low, high, host_ip


def _clash(first, second):
    protocol, low, high, host_ip = _parsed(first)
    other_protocol, other_low, other_high, other_host = _parsed(second)
    return (protocol == other_protocol and low <= other_high and other_low <= high
            and (host_ip is None or other_host is None or host_ip == other_host))


@SETTINGS
@given(plausible)
def test_plausible_specs_are_refused_exactly_when_two_entries_collide(entries):
    published = [port for entry in entries for port in entry['ports']]
    clashes = any(_clash(first, second) for index, first in enumerate(published) for second in published[index + 1:])
    addresses = [entry['address'] for entry in entries if entry['address']]
    collides = clashes or len(addresses) != len(set(addresses))
    containers_spec = [dict((key, value) for key, value in entry.items() if value is not None) for entry in entries]
    try:
        parse_stack({'containers': containers_spec}, host=HOST)
    except SpecError as error:
        assert collides, (entries, str(error))
        assert error.field.endswith('.address') or '.ports[' in error.field, error
        return
    assert not collides, entries
