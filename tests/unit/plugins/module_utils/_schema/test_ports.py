# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Published ports: docker's and compose's syntax (the stack), and port_forward's rules."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.ports import parse_port, parse_ports


@pytest.mark.parametrize('text, expected', [
    ('8080:80', ('tcp', '8080', '80', None)),
    ('53:53/udp', ('udp', '53', '53', None)),
    ('53:53/UDP', ('udp', '53', '53', None)),
    ('127.0.0.1:8080:80', ('tcp', '8080', '80', '127.0.0.1')),
    ('0.0.0.0:8080:80/tcp', ('tcp', '8080', '80', None)),
    (':8080:80', ('tcp', '8080', '80', None)),
    ('8000-8010:8000-8010', ('tcp', '8000-8010', '8000-8010', None)),
    ('9000-9000:80', ('tcp', '9000', '80', None)),
    ('443:8443/UDP', ('udp', '443', '8443', None)),
    ({'published': 8080, 'target': 80}, ('tcp', '8080', '80', None)),
    ({'published': '53', 'target': 53, 'protocol': 'udp', 'host_ip': '10.0.0.1'}, ('udp', '53', '53', '10.0.0.1')),
])
def test_short_and_long_syntax(text, expected):
    port = parse_port(text, 'ports[0]')
    assert (port.protocol, port.published, port.target, port.host_ip) == expected


@pytest.mark.parametrize('text, message', [
    ('80', 'names only the container port'),
    (80, 'names only the container port'),
    ('8080:80/icmp', "protocol 'icmp'"),
    ('70000:80', 'outside 1-65535'),
    ('0:80', 'outside 1-65535'),
    ('http:80', 'not a port number'),
    ('8000-8010:9000-9010', 'only onto the same range'),
    ('8010-8000:8010-8000', 'runs backwards'),
    ('example.org:80:80', 'not an IP address'),
    ('[::1]:80:80', 'only IPv4'),
    ('1:2:3:4', 'is not "[host_ip:]published:container'),
    ({'target': 80}, 'published (the router port) is required'),
    ({'published': 80}, 'target (the container port) is required'),
    ({'published': 80, 'target': 80, 'proto': 'udp'}, 'unknown key(s) proto'),
    (True, 'expected a string'),
])
def test_bad_ports_name_the_field(text, message):
    with pytest.raises(SpecError) as caught:
        parse_port(text, 'containers[web].ports[2]')
    assert message in str(caught.value)
    assert 'field containers[web].ports[2]' in str(caught.value)


def test_same_published_port_twice_is_refused():
    with pytest.raises(SpecError) as caught:
        parse_ports(['8080:80', '8080:81'], 'containers[web].ports')
    assert 'containers[web].ports[1]' in str(caught.value)


def test_same_port_on_two_protocols_is_fine():
    ports = parse_ports(['53:53/udp', '53:53'], 'ports')
    assert [port.protocol for port in ports] == ['udp', 'tcp']


def test_ports_must_be_a_list():
    with pytest.raises(SpecError, match='expected a list'):
        parse_ports('8080:80', 'ports')


# The port_forward module's rules: a bare port is the same port inside; a range may go to one
# port or to a range as wide.

@pytest.mark.parametrize('rule, published, target, protocol', [
    ('8080:80', '8080', '80', 'tcp'),
    ('8080:80/udp', '8080', '80', 'udp'),
    ('53/udp', '53', '53', 'udp'),
    ('8080-8090:80-90', '8080-8090', '80-90', 'tcp'),
    ('8080-8090:80', '8080-8090', '80', 'tcp'),
    (8080, '8080', '8080', 'tcp'),
])
def test_rules(rule, published, target, protocol):
    port = parse_port(rule, 'rules[0]', compose=False)
    assert (port.published, port.target, port.protocol) == (published, target, protocol)


@pytest.mark.parametrize('rule, message', [
    ('0:80', 'outside 1-65535'), ('70000', 'outside 1-65535'), ('90-80:80', 'backwards'),
    ('8080-8090:80-85', 'maps 11 ports onto 6'), ('80/sctp', "protocol 'sctp'"), ('http', 'not a port number'),
])
def test_rule_errors(rule, message):
    with pytest.raises(SpecError, match=message):
        parse_port(rule, 'rules[0]', compose=False)


def test_rule_with_separate_fields():
    assert parse_port({'port': 8080, 'to_port': 80, 'protocol': 'udp'}, 'rules[0]', compose=False) == \
        parse_port('8080:80/udp', 'rules[0]', compose=False)
    with pytest.raises(SpecError, match='protocol'):
        parse_port({'port': '53/udp', 'protocol': 'tcp'}, 'rules[0]', compose=False)
