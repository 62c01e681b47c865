# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Bad input is refused before any write, with a message naming the host and the field.

Each case runs the stack module (or the container module) against a simulated router that
already holds a deployment, then checks three things: the run failed, the message names
``host <hostname>`` and the field, and the simulator counted zero writes.
"""

from __future__ import annotations

import copy

import pytest

from faults_helpers import (
    CONTAINERS, NETWORK, assert_ok, connection_params, containers, run_module_file, run_stack, start_fleet, writes)


@pytest.fixture(scope='module')
def fleet():
    simulated = start_fleet()
    assert_ok(run_stack(simulated))
    yield simulated
    simulated.stop()


def network(**changes):
    return dict(NETWORK, **changes)


def with_app(**changes):
    """CONTAINERS with app's entry changed (a value None removes the key)."""
    spec = copy.deepcopy(CONTAINERS)
    for key, value in changes.items():
        if value is None:
            spec[1].pop(key, None)
        else:
            spec[1][key] = value
    return spec


def extra_container(**entry):
    return copy.deepcopy(CONTAINERS) + [dict({'name': 'extra', 'image': 'alpine:latest'}, **entry)]


# name: (module parameters, field named in the message, words of the reason)
STACK_CASES = {
    # addresses and subnets
    'subnet with host bits': ({'network': network(subnet='172.17.0.5/24')}, 'network.subnet', 'host bits'),
    'subnet prefix over 32': ({'network': network(subnet='172.17.0.0/33')}, 'network.subnet', 'not a subnet'),
    'subnet not an address': ({'network': network(subnet='containers')}, 'network.subnet', 'not a subnet'),
    'subnet overlapping the router LAN': ({'network': network(subnet='192.168.88.0/24')}, 'network.subnet', '192.168.88'),
    'gateway outside the subnet': ({'network': network(gateway='10.0.0.1')}, 'network.gateway', 'not a host address'),
    'gateway is the broadcast': ({'network': network(gateway='172.17.0.255')}, 'network.gateway', 'not a host address'),
    'address outside the subnet': ({'containers_spec': with_app(address='10.9.9.9')}, 'containers[app].address', 'subnet'),
    'address is the gateway': ({'containers_spec': with_app(address='172.17.0.1')}, 'containers[app].address', 'gateway'),
    'address not an address': ({'containers_spec': with_app(address='172.17.0.300')}, 'containers[app].address', 'not an IP'),
    'two containers one address': ({'containers_spec': with_app(address='172.17.0.9') + [
        {'name': 'extra', 'image': 'alpine:latest', 'address': '172.17.0.9'}]}, 'address', 'requested by both'),
    # ports
    'port above 65535': ({'containers_spec': with_app(ports=['70000:80'])}, 'containers[app].ports[0]', '65535'),
    'port zero': ({'containers_spec': with_app(ports=['0:80'])}, 'containers[app].ports[0]', '65535'),
    'port not a number': ({'containers_spec': with_app(ports=['http:80'])}, 'containers[app].ports[0]', 'not a port'),
    'port published by two containers': ({'containers_spec': with_app(ports=['8081:80'])}, 'containers[app].ports[0]',
                                         'already published by web'),
    'port published twice by one container': ({'containers_spec': with_app(ports=['8000:80', '8000:81'])},
                                              'containers[app].ports[1]', 'again'),
    'protocol unknown': ({'containers_spec': with_app(ports=['8000:80/sctp'])}, 'containers[app].ports[0]', 'protocol'),
    # names
    'container name with a space': ({'containers_spec': extra_container(name='my app')}, 'containers[2].name', 'name'),
    'container name too long': ({'containers_spec': extra_container(name='a' * 64, veth='veth-long')}, 'containers[2].name', 'name'),
    'container name with a slash': ({'containers_spec': extra_container(name='a/b')}, 'containers[2].name', 'name'),
    'veth name over 15 characters': ({'containers_spec': extra_container(veth='veth-0123456789ab')}, 'containers[extra].veth', '15'),
    'bridge name with a space': ({'network': network(name='my bridge')}, 'network.name', 'bridge name'),
    # options and versions (the router runs 7.22.3)
    'option newer than the router': ({'containers_spec': with_app(memory_max='256M')}, 'containers[app].memory_max', '7.23'),
    'option of 7.24 only': ({'containers_spec': with_app(privileged=True)}, 'containers[app].privileged', '7.24'),
    'option unknown everywhere': ({'containers_spec': with_app(bogus_option=1)}, 'containers[app]', 'bogus_option'),
    'empty image': ({'containers_spec': with_app(image='')}, 'containers[app].image', 'required'),
    'image with a space': ({'containers_spec': with_app(image='traefik/who ami')}, 'containers[app]', 'image'),
    'secret_env key not in env': ({'containers_spec': with_app(env={'A': '1'}, secret_env=['B'])}, 'containers[app].secret_env',
                                  'not a key of env'),
    'mount without a container path': ({'containers_spec': with_app(mounts=['usb1/app'])}, 'containers[app].mounts[0]', 'router/path'),
    'mount target relative': ({'containers_spec': with_app(mounts=['usb1/app:data'])}, 'containers[app].mounts[0]', 'absolute'),
    'interface set by hand': ({'containers_spec': with_app(interface=['ether1'])}, 'containers[app].interface', 'set by the stack'),
    'negative memory limit': ({'containers_spec': with_app(memory_high=-1)}, 'containers[app].memory_high', 'size'),
    'negative stop time': ({'containers_spec': with_app(stop_time=-5)}, 'containers[app].stop_time', 'duration'),
    # wrong YAML types
    'containers a string': ({'containers_spec': 'web'}, 'containers', 'expected a list'),
    'container a list': ({'containers_spec': [['web', 'nginx']]}, 'containers[0]', 'mapping'),
    'env a list': ({'containers_spec': with_app(env=['A=1'])}, 'containers[app].env', 'mapping'),
    'ports a string': ({'containers_spec': with_app(ports='8000:80')}, 'containers[app].ports', 'list'),
    'port a float': ({'containers_spec': with_app(ports=[80.5])}, 'containers[app].ports[0]', 'expected'),
    'mounts a mapping': ({'containers_spec': with_app(mounts={'usb1/app': '/data'})}, 'containers[app].mounts', 'list'),
    'start_on_boot not a bool': ({'containers_spec': with_app(start_on_boot='maybe')}, 'containers[app].start_on_boot', 'yes/no'),
    'masquerade not a bool': ({'network': network(masquerade='perhaps')}, 'masquerade', 'bool'),
}


# Types the module's argument spec checks: AnsibleModule refuses them itself, before our code
# runs, and Ansible prints the host in front (``fatal: [r1]``), so the message need not. The
# stack checks its container entries (and the list of them) itself first: those name the host.
ARGUMENT_SPEC_CASES = ('masquerade not a bool',)

KNOWN_BUGS = {}


def _case(name):
    if name in KNOWN_BUGS:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[name]))
    return name


@pytest.fixture
def deployed(fleet):
    """The baseline deployment, put back after a case that (wrongly) wrote something."""
    fleet.control.reset_counters('r1')
    yield fleet
    if writes(fleet):
        fleet.control.reset('r1')
        assert_ok(run_stack(fleet))


@pytest.mark.parametrize('case', [_case(name) for name in sorted(STACK_CASES)])
def test_bad_stack_input_is_refused_before_any_write(deployed, case):
    fleet = deployed
    params, field, reason = STACK_CASES[case]
    result = run_stack(fleet, **copy.deepcopy(params))
    assert result.get('failed'), (case, result.get('actions'))
    message = result['msg']
    if case not in ARGUMENT_SPEC_CASES:
        assert 'host 127.0.0.1' in message, message
    assert field in message, (field, message)
    assert reason.lower() in message.lower(), (reason, message)
    assert 'Traceback' not in result['_raw'] and '\n' not in message, message
    assert writes(fleet) == {}, (case, writes(fleet))


def run_container_module(fleet, **params):
    return run_module_file('container', dict(connection_params(fleet), **params))[0]


CONTAINER_CASES = {
    'unknown env list': ({'envlist': ['no-such-list']}, 'envlist', 'no-such-list'),
    'unknown mount list': ({'mountlist': ['no-such-mounts']}, 'mountlist', 'no-such-mounts'),
    'empty image': ({'image': ''}, 'image', 'image'),
}


@pytest.mark.parametrize('case', sorted(CONTAINER_CASES))
def test_bad_container_module_input_is_refused_before_any_write(deployed, case):
    fleet = deployed
    params, field, reason = CONTAINER_CASES[case]
    result = run_container_module(fleet, **dict({'name': 'solo', 'image': 'alpine:latest'}, **params))
    assert result.get('failed'), (case, result)
    message = result['msg']
    assert field in message and reason in message, message
    assert '127.0.0.1' in message, message
    assert writes(fleet) == {}, (case, writes(fleet))


def test_one_bad_container_blocks_the_good_ones_too(deployed):
    """No partial deploy: a bad entry anywhere means nothing at all is written."""
    fleet = deployed
    spec = containers(app={'ports': ['70000:80']}) + [{'name': 'fresh', 'image': 'alpine:latest'}]
    result = run_stack(fleet, containers_spec=spec)
    assert result.get('failed') and 'containers[app].ports[0]' in result['msg']
    assert writes(fleet) == {}
