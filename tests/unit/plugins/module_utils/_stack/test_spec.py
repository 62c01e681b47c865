# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import copy
import netaddr

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import stack_secret_values as secret_values
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import check_entries, parse_stack

PIHOLE = {
    'name': 'pihole',
    'image': 'pihole/pihole:2024.07.0',
    'env': {'TZ': 'Europe/Riga', 'WEBPASSWORD': 'hunter2', 'PORT': 80, 'DEBUG': 'false'},
    'secret_env': ['WEBPASSWORD'],
    'mounts': ['usb1/pihole/etc:/etc/pihole', {'src': 'usb1/pihole/dnsmasq/', 'dst': '/etc/dnsmasq.d', 'read_only': True}],
    'ports': ['53:53/udp', '8080:80'],
    'start_on_boot': True,
}


def spec(**overrides):
    params = {'network': {'name': 'containers', 'subnet': '172.17.0.0/24'}, 'containers': [copy.deepcopy(PIHOLE)]}
    params.update(overrides)
    return params


def with_container(**changes):
    container = copy.deepcopy(PIHOLE)
    for key, value in changes.items():
        if value is None:
            container.pop(key, None)
        else:
            container[key] = value
    return spec(containers=[container])


def test_the_readme_example_parses():
    stack = parse_stack(spec(), host='r1')
    container = stack.containers[0]
    assert stack.owner == 'default' and stack.marker_owner == 'stack=default'
    assert stack.prune is True
    assert str(stack.network.gateway) == '172.17.0.1'
    assert stack.network.gateway_interface_address == '172.17.0.1/24'
    assert stack.network.publish_on == 'LAN'
    assert container.env == {'TZ': 'Europe/Riga', 'WEBPASSWORD': 'hunter2', 'PORT': '80', 'DEBUG': 'false'}
    assert container.secret_env == ('WEBPASSWORD',)
    assert [m.as_dict() for m in container.mounts] == [
        {'src': '/usb1/pihole/etc', 'dst': '/etc/pihole', 'read_only': False},
        {'src': '/usb1/pihole/dnsmasq', 'dst': '/etc/dnsmasq.d', 'read_only': True},
    ]
    assert [str(port) for port in container.ports] == ['53:53/udp', '8080:80/tcp']
    assert container.veth == 'veth-pihole'
    assert container.options == {'start_on_boot': True}
    assert secret_values(spec()) == {'hunter2'}


def test_defaults_for_an_empty_spec():
    stack = parse_stack({})
    assert stack.containers == [] and str(stack.network.subnet) == '172.17.0.0/24'


def test_secret_values_are_found_in_raw_parameters_whatever_their_shape():
    # The module masks these before validation, while AnsibleModule logs its invocation.
    params = spec(containers=[dict(PIHOLE, env={'A': 'x', 'B': 12, 'C': None}, secret_env=['A', 'B', 'C', 'MISSING']),
                              'not a mapping', {'name': 'n', 'env': 'not a mapping', 'secret_env': ['X']}])
    assert secret_values(params) == {'x', '12'}


def test_publish_on_and_router_services():
    network = parse_stack(spec(network={'subnet': '10.1.0.0/24', 'publish_on': 'all', 'router_services': ['dns']})).network
    assert network.publish_on == 'all' and network.router_services == ('dns',)


@pytest.mark.parametrize('params, field, message', [
    (spec(owner='my stack'), 'owner', 'letters, digits'),
    (spec(network={'subnet': '172.17.0.1/24'}), 'network.subnet', 'not a subnet'),
    (spec(network={'subnet': 'fd00::/64'}), 'network.subnet', 'only IPv4'),
    (spec(network={'subnet': '10.0.0.0/31'}), 'network.subnet', 'too small'),
    (spec(network={'subnet': '10.0.0.0/24', 'gateway': '10.0.1.1'}), 'network.gateway', 'not a host address'),
    (spec(network={'subnet': '10.0.0.0/24', 'vlan': 3}), 'network', 'unknown key(s) vlan'),
    (spec(network={'name': 'my bridge'}), 'network.name', 'bridge name'),
    (spec(network={'masquerade': 'perhaps'}), 'network.masquerade', 'expected a boolean'),
    (spec(containers={'name': 'x'}), 'containers', 'expected a list'),
    (spec(containers=['pihole']), 'containers[0]', 'each container is a mapping'),
    (with_container(name=None), 'containers[0].name', 'missing'),
    (with_container(name='pi hole'), 'containers[0].name', 'not a usable name'),
    (with_container(image=None), 'containers[pihole].image', 'image is required'),
    (with_container(env=['TZ=UTC']), 'containers[pihole].env', 'expected a mapping'),
    (with_container(env={'TZ': None}), 'containers[pihole].env.TZ', 'is empty (null)'),
    (with_container(env={'DEBUG': True}), 'containers[pihole].env.DEBUG', 'quote it ("true")'),
    (with_container(env={'1TZ': 'x'}), 'containers[pihole].env.1TZ', 'not a valid environment variable name'),
    (with_container(env={'TZ': {'a': 1}}), 'containers[pihole].env.TZ', 'must be a string'),
    (with_container(secret_env=['PASSWORD']), 'containers[pihole].secret_env', 'PASSWORD is not a key of env'),
    (with_container(secret_env='WEBPASSWORD'), 'containers[pihole].secret_env', 'expected a list'),
    (with_container(mounts='a:/b'), 'containers[pihole].mounts', 'expected a list'),
    (with_container(mounts=['usb1/a']), 'containers[pihole].mounts[0]', 'is not "router/path'),
    (with_container(mounts=['./data:/data']), 'containers[pihole].mounts[0]', 'relative'),
    (with_container(mounts=['usb1/a:data']), 'containers[pihole].mounts[0]', 'must be absolute'),
    (with_container(mounts=['usb1/a:/data', 'usb1/b:/data/']), 'containers[pihole].mounts[1].dst', 'mounted twice'),
    (with_container(mounts=[{'src': 'usb1/a', 'dst': '/a', 'mode': 'ro'}]), 'containers[pihole].mounts[0]', 'unknown key(s) mode'),
    (with_container(ports=['80']), 'containers[pihole].ports[0]', 'names only the container port'),
    (with_container(address='10.0.0.5'), 'containers[pihole].address', 'not a host address of the container subnet'),
    (with_container(address='172.17.0.1'), 'containers[pihole].address', 'is the gateway'),
    (with_container(address='pihole.lan'), 'containers[pihole].address', 'not an IP address'),
    (with_container(veth='veth-for-the-pihole'), 'containers[pihole].veth', 'longer than 15'),
    (with_container(envlist='other'), 'containers[pihole].envlist', 'set by the stack'),
    (with_container(interface='veth9'), 'containers[pihole].interface', 'set by the stack'),
    (with_container(state='absent'), 'containers[pihole].state', 'delete the entry instead'),
    (with_container(bogus=1), 'containers[pihole].bogus', 'unknown option; a container entry takes'),
    (with_container(logging='maybe'), 'containers[pihole].logging', 'expected a boolean'),
    (with_container(restart_retries='often'), 'containers[pihole].restart_retries', 'expected an integer'),
    (with_container(pull='sometimes'), 'containers[pihole].pull', 'must be one of missing, always'),
    (with_container(healthcheck={'test': 'true', 'every': '5s'}), 'containers[pihole].healthcheck.every', 'unknown option'),
    (with_container(healthcheck='curl -f http://x/'), 'containers[pihole].healthcheck', 'expected a mapping'),
    (spec(containers=[PIHOLE, PIHOLE]), 'containers[1].name', 'listed twice'),
    (spec(containers=[PIHOLE, dict(PIHOLE, name='pihole2', veth='veth-pihole')]), 'containers[pihole2].veth',
     'also used by pihole'),
    (spec(containers=[PIHOLE, dict(PIHOLE, name='dns', ports=['53:5353/udp'])]), 'containers[dns].ports[0]',
     'already published by pihole'),
    (spec(containers=[dict(PIHOLE, ports=['8000-8010:8000-8010']), dict(PIHOLE, name='web', ports=['8005:80'])]),
     'containers[web].ports[0]', 'already published by pihole'),
    (spec(containers=[dict(PIHOLE, address='172.17.0.5'), dict(PIHOLE, name='web', ports=[], address='172.17.0.5')]),
     'containers[web].address', 'requested by both'),
    (spec(config={'registry': 'x'}), 'config', 'unknown key(s) registry'),
    (spec(network={'router_services': 'dns'}), 'network.router_services', 'expected a list'),
    (spec(network={'name': 'pihole'}), 'containers[pihole].name', 'name of the network'),
    (spec(prune='sometimes'), 'prune', 'expected a boolean'),
])
def test_bad_input_names_host_and_field(params, field, message):
    with pytest.raises(SpecError) as caught:
        parse_stack(params, host='r7')
    text = str(caught.value)
    assert text.startswith('host r7, field %s: ' % field), text
    assert message in text, text


@pytest.mark.parametrize('containers, field, message', [
    ('web', 'containers', 'expected a list of containers'),
    ([['web', 'nginx']], 'containers[0]', 'each container is a mapping'),
    ([{'name': 'web', 'image': 'nginx', 'dns': '1.1.1.1'}, {'name': 'x', 'start_on_boot': 'maybe'}],
     'containers[x].start_on_boot', 'expected a boolean'),
])
def test_raw_entries_are_checked_before_the_argument_spec_converts_them(containers, field, message):
    with pytest.raises(SpecError) as caught:
        check_entries({'containers': containers}, host='r7')
    assert str(caught.value).startswith('host r7, field %s: %s' % (field, message)), str(caught.value)


def test_raw_entries_take_what_the_argument_spec_converts():
    # Ansible turns these into a list, a boolean and an integer: the entry check lets them through.
    check_entries({'containers': [{'name': 'web', 'image': 'nginx', 'dns': '1.1.1.1', 'logging': 'yes',
                                   'restart_retries': '3', 'restart_policy': 'always'}]})
    check_entries({'containers': None})


def test_same_port_different_host_addresses_is_allowed():
    stack = parse_stack(spec(containers=[dict(PIHOLE, ports=['10.0.0.1:80:80']),
                                         dict(PIHOLE, name='web', ports=['10.0.0.2:80:80'])]))
    assert len(stack.containers) == 2


def test_requested_address_is_kept():
    stack = parse_stack(with_container(address='172.17.0.50/24'))
    assert stack.containers[0].address == netaddr.IPAddress('172.17.0.50')


def test_unknown_keys_are_container_options_for_the_container_resource():
    stack = parse_stack(with_container(cmd='--verbose', memory_high='256M', state='stopped'))
    assert stack.containers[0].options == {'start_on_boot': True, 'cmd': '--verbose', 'memory_high': '256M', 'state': 'stopped'}


def test_long_container_names_get_a_short_stable_unique_veth_name():
    names = ['uptime-kuma', 'zigbee2mqtt', 'uptime-kuma-2', 'pihole']
    first = parse_stack(spec(containers=[dict(PIHOLE, name=name, ports=[]) for name in names]))
    veths = [container.veth for container in first.containers]
    assert veths[3] == 'veth-pihole'
    assert all(len(veth) <= 15 for veth in veths) and len(set(veths)) == 4
    assert veths[0].startswith('veth-uptim-')
    again = parse_stack(spec(containers=[dict(PIHOLE, name=name, ports=[]) for name in reversed(names)]))
    assert [container.veth for container in reversed(again.containers)] == veths


def test_a_derived_veth_name_that_clashes_moves_deterministically(monkeypatch):
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack import spec as spec_module
    real = spec_module.derived_veth_name
    monkeypatch.setattr(spec_module, 'derived_veth_name',
                        lambda name, owner='default', salt=0: 'veth-same' if not salt else real(name, owner, salt))
    stack = parse_stack(spec(containers=[dict(PIHOLE, name='alpha-service', ports=[]), dict(PIHOLE, name='alpha-other', ports=[])]))
    assert stack.containers[0].veth == 'veth-same'
    assert stack.containers[1].veth == real('alpha-other', 'default', 1)
