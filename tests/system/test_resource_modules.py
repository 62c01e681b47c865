# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The resource modules (envlist, mountlist, veth, port_forward, container_network,
container_config) in real playbooks against the simulator, one router per RouterOS version.

Each test walks one module through: create (with --diff), second run unchanged with zero
writes, change, check mode with zero writes, an unmarked neighbour that purge/absent leave
alone, delete, and bad input refused with a clear message before any write. "Zero writes" is
read from the simulator's counters, "what the router has" from its control API.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

import helpers  # pylint: disable=import-error
from helpers import fleet_runner  # pylint: disable=import-error

VERSIONS = ('7.16.2', '7.19.6', '7.20.8', '7.21.5', '7.22.3', '7.24')
ROUTERS = dict(('r%d' % (index + 1), version) for index, version in enumerate(VERSIONS))
PREFIX = 'routeros_fleet.containers.'


def at_least(version, minimum):
    return tuple(int(part) for part in version.split('.')) >= tuple(int(part) for part in minimum.split('.'))


@pytest.fixture(scope='module')
def fleet():
    simulated = fleet_runner.SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS)).start()
    yield simulated
    simulated.stop()


class Runner(object):
    """Runs tasks on every router at once and collects each task's registered result per router."""

    def __init__(self, fleet, tmp_path):
        self.fleet = fleet
        self.playbooks = fleet_runner.PlaybookRunner([fleet.inventory], forks=len(ROUTERS))
        self.tmp_path = tmp_path
        self.count = 0

    def run(self, tasks, check=False, diff=False, host_vars=None):
        self.count += 1
        playbook = self.tmp_path / ('play%d.yml' % self.count)
        prefix = str(self.tmp_path / ('results%d-' % self.count))
        registered = [dict(task, register='result%d' % index, ignore_errors=True) for index, task in enumerate(tasks)]
        names = ', '.join('result%d' % index for index in range(len(tasks)))
        registered.append({'ansible.builtin.copy': {'content': '{{ [%s] | to_json }}' % names,
                                                    'dest': prefix + '{{ inventory_hostname }}.json'},
                           'delegate_to': 'localhost', 'check_mode': False, 'diff': False,
                           'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}})
        play = {'hosts': 'routers', 'gather_facts': False, 'tasks': registered, 'vars': {'per_host': host_vars or {}}}
        playbook.write_text(json.dumps([play]))
        completed = self.playbooks.run(playbook, check=check, diff=diff)
        results = {}
        for router in ROUTERS:
            path = prefix + router + '.json'
            if not os.path.exists(path):
                raise AssertionError('the play did not finish on %s:\n%s\n%s' % (
                    router, completed.stdout[-4000:], completed.stderr[-4000:]))
            with open(path) as handle:
                results[router] = json.load(handle)
        self.last_output = completed.stdout + completed.stderr
        return results

    def one(self, module, params, check=False, diff=False, host_vars=None):
        """One task of ``module`` on every router: ``{router: result}``."""
        results = self.run([task(module, params)], check=check, diff=diff, host_vars=host_vars)
        return dict((router, outcome[0]) for router, outcome in results.items())

    def without_writes(self, tasks, host_vars=None):
        """Run ``tasks`` with the counters reset and prove that none of them wrote anything."""
        reset_counters(self.fleet)
        results = self.run(tasks, host_vars=host_vars)
        helpers.each_router(ROUTERS, lambda router, version: _no_writes(self.fleet, router))
        return results

    def only_newer(self, module, params, minimum, message):
        """Versions from ``minimum`` accept the task; older ones refuse it with ``message`` and write nothing."""
        reset_counters(self.fleet)
        results = self.one(module, params)

        def check(router, version):
            if at_least(version, minimum):
                ok(results[router])
            else:
                assert results[router].get('failed') and message in results[router]['msg'], results[router]
                _no_writes(self.fleet, router)
        helpers.each_router(ROUTERS, check)
        return results


def task(module, params, check_mode=False, diff=False):
    """A task; the keywords only when set, so that a play's --check/--diff still apply."""
    keywords = dict((key, True) for key, value in (('check_mode', check_mode), ('diff', diff)) if value)
    return dict(keywords, **{PREFIX + module: params})


@pytest.fixture
def runner(fleet, tmp_path):
    return Runner(fleet, tmp_path)


def reset_counters(fleet):
    for router in ROUTERS:
        fleet.control.reset_counters(router)


def _no_writes(fleet, router):
    writes = fleet.control.counters(router)['writes']
    assert not writes, 'writes happened: %s' % writes


def ok(result, changed=None):
    assert not result.get('failed'), result.get('msg', result)
    if changed is not None:
        assert result['changed'] is changed, 'changed=%s, actions %s' % (result['changed'], result.get('actions'))


def rows(fleet, router, menu, **match):
    return [row for row in fleet.control.config(router)[menu]
            if all(row.get(key) == value for key, value in match.items())]


def add_by_hand(fleet, router, menu, attrs):
    """An object the modules did not create, added over the API like a user in Winbox would."""
    import librouteros  # pylint: disable=import-outside-toplevel
    info = fleet.router(router)
    api = librouteros.connect(info['host'], fleet.user, fleet.password, port=info['port'])
    try:
        words = ['=%s=%s' % (key, value) for key, value in attrs.items()]
        tuple(api.rawCmd(menu + '/add', *words))
    finally:
        api.close()


def expect_all(results, changed):
    helpers.each_router(ROUTERS, lambda router, version: ok(results[router], changed))


def expect_failure(results, *needles):
    def check(router, version):
        result = results[router]
        assert result.get('failed'), 'did not fail: %s' % result.get('actions')
        for needle in needles:
            assert needle in result['msg'], result['msg']
    helpers.each_router(ROUTERS, check)


def nth(results, index):
    """The ``index``-th task's result on every router."""
    return dict((router, outcome[index]) for router, outcome in results.items())


def list_key(version, renamed_in):
    return 'list' if at_least(version, renamed_in) else 'name'


# --- envlist -----------------------------------------------------------------------------------

def test_envlist(runner, fleet):
    env = {'TZ': 'UTC', 'WEBPASSWORD': 'hunter2-secret', 'OLD': 'x'}
    params = {'name': 'pihole', 'env': env, 'secret_keys': ['WEBPASSWORD']}
    changed = dict(params, env=dict(env, TZ='Europe/Vienna'))

    created = runner.one('envlist', params, diff=True)
    expect_all(created, True)
    assert 'hunter2-secret' not in json.dumps(created) and 'hunter2-secret' not in runner.last_output

    def created_rows(router, version):
        found = rows(fleet, router, '/container/envs', **{list_key(version, '7.20'): 'pihole'})
        assert sorted(row['key'] for row in found) == ['OLD', 'TZ', 'WEBPASSWORD']
        assert all(row['comment'] == '[rfc:envlist=pihole]' for row in found)
        assert created[router]['diff'] and created[router]['envlist']['env']['WEBPASSWORD'] == '********'
    helpers.each_router(ROUTERS, created_rows)

    quiet = runner.without_writes([task('envlist', params), task('envlist', changed, check_mode=True, diff=True),
                                   task('envlist', {'name': 'pihole', 'env': {'1BAD': 'x'}})])
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'field env.1BAD', 'not a valid environment variable name')
    helpers.each_router(ROUTERS, lambda router, version: _env_value(fleet, router, version, 'TZ', 'UTC'))

    for router, version in ROUTERS.items():
        add_by_hand(fleet, router, '/container/envs', {list_key(version, '7.20'): 'pihole', 'key': 'HAND', 'value': 'mine'})
    purge = dict(changed, env={'TZ': 'Europe/Vienna', 'WEBPASSWORD': 'hunter2-secret'}, purge=True)
    result = runner.run([task('envlist', changed), task('envlist', purge)])
    expect_all(nth(result, 0), True)
    expect_all(nth(result, 1), True)

    def purge_kept_hand(router, version):
        _env_value(fleet, router, version, 'TZ', 'Europe/Vienna')
        _env_keys(fleet, router, version, ['HAND', 'TZ', 'WEBPASSWORD'])
        assert nth(result, 1)[router]['actions'] == ['remove /container/envs pihole/OLD']
    helpers.each_router(ROUTERS, purge_kept_hand)

    absent = {'name': 'pihole', 'state': 'absent'}
    expect_all(runner.one('envlist', absent), True)
    helpers.each_router(ROUTERS, lambda router, version: _env_keys(fleet, router, version, ['HAND']))
    expect_all(nth(runner.without_writes([task('envlist', absent)]), 0), False)


def _env_value(fleet, router, version, key, value):
    found = rows(fleet, router, '/container/envs', key=key, **{list_key(version, '7.20'): 'pihole'})
    assert [row['value'] for row in found] == [value]


def _env_keys(fleet, router, version, keys):
    found = rows(fleet, router, '/container/envs', **{list_key(version, '7.20'): 'pihole'})
    assert sorted(row['key'] for row in found) == keys


# --- mountlist ---------------------------------------------------------------------------------

def test_mountlist(runner, fleet):
    read_only = dict((router, {'ro': at_least(version, '7.20')}) for router, version in ROUTERS.items())
    params = {'name': 'web', 'mounts': [
        {'src': 'usb1/web/html', 'dst': '/usr/share/nginx/html', 'read_only': '{{ per_host[inventory_hostname].ro }}'},
        {'src': 'usb1/web/conf', 'dst': 'etc/nginx/conf.d'}]}
    changed = dict(params, mounts=[dict(params['mounts'][0]), {'src': 'usb1/web/conf2', 'dst': '/etc/nginx/conf.d'}])
    expect_all(runner.one('mountlist', params, diff=True, host_vars=read_only), True)

    def created(router, version):
        found = fleet.control.config(router)['/container/mounts']
        assert sorted(row['dst'].lstrip('/') for row in found) == ['etc/nginx/conf.d', 'usr/share/nginx/html']
        if at_least(version, '7.23'):
            assert sorted(row['mode'] for row in found) == ['ro', 'rw']
        elif at_least(version, '7.20'):
            assert sorted(row['read-only'] for row in found) == ['false', 'true']
        if not at_least(version, '7.21'):
            assert sorted(row['name'] for row in found) == ['web:/etc/nginx/conf.d', 'web:/usr/share/nginx/html']
    helpers.each_router(ROUTERS, created)

    bad = {'name': 'web', 'mounts': [{'src': 'a', 'dst': '/x'}, {'src': 'b', 'dst': 'x/'}]}
    quiet = runner.without_writes([task('mountlist', params), task('mountlist', changed, check_mode=True),
                                   task('mountlist', bad)], host_vars=read_only)
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'field mounts[1].dst', 'mounted twice')

    for router, version in ROUTERS.items():
        hand_list = 'web' if at_least(version, '7.21') else 'web-hand'
        add_by_hand(fleet, router, '/container/mounts', {list_key(version, '7.21'): hand_list, 'src': 'usb1/hand', 'dst': '/hand'})
    result = runner.run([task('mountlist', changed), task('mountlist', dict(changed, mounts=changed['mounts'][:1], purge=True))],
                        host_vars=read_only)
    expect_all(nth(result, 0), True)
    expect_all(nth(result, 1), True)
    helpers.each_router(ROUTERS, lambda router, version: _mount_dsts(fleet, router, ['hand', 'usr/share/nginx/html']))

    runner.only_newer('mountlist', {'name': 'ro', 'mounts': [{'src': 'a', 'dst': '/x', 'read_only': True}]}, '7.20',
                      'read-only mounts need RouterOS 7.20 or later')
    result = runner.run([task('mountlist', {'name': 'ro', 'state': 'absent'}), task('mountlist', {'name': 'web', 'state': 'absent'})])
    expect_all(nth(result, 1), True)
    helpers.each_router(ROUTERS, lambda router, version: _mount_dsts(fleet, router, ['hand']))


def _mount_dsts(fleet, router, dsts):
    assert sorted(row['dst'].lstrip('/') for row in fleet.control.config(router)['/container/mounts']) == dsts


# --- veth ----------------------------------------------------------------------------------------

def test_veth(runner, fleet):
    params = {'name': 'veth-web', 'addresses': ['172.30.0.2/24'], 'gateway': '172.30.0.1', 'bridge': 'bridge'}
    dual = dict((router, {'addresses': ['172.30.0.3/24', 'fd30::3/64'] if at_least(version, '7.20') else ['172.30.0.3/24']})
                for router, version in ROUTERS.items())
    changed = dict(params, addresses='{{ per_host[inventory_hostname].addresses }}')
    ports_before = dict((router, len(fleet.control.config(router)['/interface/bridge/port'])) for router in ROUTERS)

    created = runner.one('veth', params, diff=True)
    expect_all(created, True)

    def has_veth(router, version):
        assert rows(fleet, router, '/interface/veth', name='veth-web')[0]['address'] == '172.30.0.2/24'
        assert rows(fleet, router, '/interface/bridge/port', interface='veth-web')[0]['bridge'] == 'bridge'
        assert created[router]['veth']['bridge'] == 'bridge'
    helpers.each_router(ROUTERS, has_veth)

    quiet = runner.without_writes([task('veth', params), task('veth', changed, check_mode=True),
                                   task('veth', dict(params, name='veth-name-too-long')), task('veth', dict(params, bridge='nope'))],
                                  host_vars=dual)
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'field name', 'at most 15')
    expect_failure(nth(quiet, 3), 'bridge nope does not exist')

    result = runner.run([task('veth', changed), task('veth', changed)], host_vars=dual)
    expect_all(nth(result, 0), True)
    expect_all(nth(result, 1), False)
    runner.only_newer('veth', dict(params, addresses=['172.30.0.4/24', 'fd30::4/64']), '7.20',
                      'several addresses on one veth need RouterOS 7.20')

    expect_all(runner.one('veth', {'name': 'veth-web', 'state': 'absent'}), True)

    def gone(router, version):
        assert not rows(fleet, router, '/interface/veth', name='veth-web')
        assert len(fleet.control.config(router)['/interface/bridge/port']) == ports_before[router]
        assert rows(fleet, router, '/interface/bridge', name='bridge')
    helpers.each_router(ROUTERS, gone)


# --- port_forward --------------------------------------------------------------------------------

def test_port_forward(runner, fleet):
    for router in ROUTERS:
        add_by_hand(fleet, router, '/ip/firewall/nat', {'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp',
                                                        'dst-port': '2222', 'to-addresses': '192.168.88.22',
                                                        'to-ports': '22', 'comment': 'ssh by hand'})
    params = {'name': 'web', 'to_address': '172.30.0.2', 'rules': ['8080:80', {'port': 8443, 'to_port': 443}, '5353:53/udp']}
    changed = dict(params, to_address='172.30.0.9', rules=['8080:80', '5353:53/udp'])
    created = runner.one('port_forward', params, diff=True)
    expect_all(created, True)

    def placed(router, version):
        dstnat = rows(fleet, router, '/ip/firewall/nat', chain='dstnat')
        assert [row.get('dst-port') for row in dstnat] == ['8080', '8443', '5353', '2222']
        assert all(row.get('in-interface-list') == 'LAN' and row.get('dst-address-type') == 'local' for row in dstnat[:3])
        assert dstnat[0]['comment'] == '[rfc:port_forward=web#web:tcp/8080]'
    helpers.each_router(ROUTERS, placed)

    quiet = runner.without_writes([
        task('port_forward', params),
        task('port_forward', changed, check_mode=True),
        task('port_forward', {'name': 'other', 'to_address': '172.30.0.5', 'rules': ['8080']}),
        task('port_forward', dict(params, rules=['8080:80', '99999'])),
        task('port_forward', dict(params, in_interface_list='INTERNET')),
    ])
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'tcp/8080 is already published by [rfc:port_forward=web')
    expect_failure(nth(quiet, 3), 'field rules[1]', 'outside 1-65535')
    expect_failure(nth(quiet, 4), 'interface list INTERNET does not exist')

    result = runner.one('port_forward', changed)
    expect_all(result, True)

    def updated(router, version):
        assert result[router]['actions'] == ['set /ip/firewall/nat web tcp/8080', 'set /ip/firewall/nat web udp/5353',
                                             'remove /ip/firewall/nat web web:tcp/8443']
        assert [row['to-addresses'] for row in rows(fleet, router, '/ip/firewall/nat', chain='dstnat')] == [
            '172.30.0.9', '172.30.0.9', '192.168.88.22']
    helpers.each_router(ROUTERS, updated)

    expect_all(runner.one('port_forward', {'name': 'web', 'state': 'absent'}), True)
    helpers.each_router(ROUTERS, lambda router, version: _dst_ports(fleet, router, ['2222']))


def _dst_ports(fleet, router, ports):
    assert [row.get('dst-port') for row in rows(fleet, router, '/ip/firewall/nat', chain='dstnat')] == ports


# --- container_network ----------------------------------------------------------------------------

def test_container_network(runner, fleet):
    params = {'name': 'ctr-net', 'subnet': '172.31.0.0/24', 'router_services': ['dns']}
    changed = dict(params, router_services=['dns', 'ntp'])
    before = dict((router, (len(fleet.control.config(router)['/ip/firewall/filter']),
                            len(fleet.control.config(router)['/ip/firewall/nat']))) for router in ROUTERS)
    expect_all(runner.one('container_network', params, diff=True), True)

    def built(router, version):
        config = fleet.control.config(router)
        assert [row for row in config['/interface/bridge'] if row['name'] == 'ctr-net']
        assert [row for row in config['/ip/address'] if row['address'] == '172.31.0.1/24' and row['interface'] == 'ctr-net']
        assert [row for row in config['/ip/firewall/nat'] if row.get('src-address') == '172.31.0.0/24'
                and row['action'] == 'masquerade']
        actions = [(row['action'], row.get('dst-port')) for row in config['/ip/firewall/filter'] if row['chain'] == 'input']
        first_drop = [action for action, port in actions].index('drop')
        assert ('accept', '53') in actions[:first_drop], actions
    helpers.each_router(ROUTERS, built)

    quiet = runner.without_writes([
        task('container_network', params),
        task('container_network', changed, check_mode=True),
        task('container_network', dict(params, subnet='172.31.0.1/24')),
        task('container_network', dict(params, name='other', subnet='192.168.88.0/25')),
    ])
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'field subnet', 'host bits')
    expect_failure(nth(quiet, 3), 'overlaps 192.168.88.1/24 on interface bridge')

    result = runner.run([task('container_network', changed), task('container_network', changed)])
    expect_all(nth(result, 0), True)
    expect_all(nth(result, 1), False)

    expect_all(runner.one('container_network', dict(params, state='absent')), True)

    def removed(router, version):
        config = fleet.control.config(router)
        assert not [row for row in config['/interface/bridge'] if row['name'] == 'ctr-net']
        assert (len(config['/ip/firewall/filter']), len(config['/ip/firewall/nat'])) == before[router]
        assert [row for row in config['/interface/bridge'] if row['name'] == 'bridge']
    helpers.each_router(ROUTERS, removed)


# --- container_config ----------------------------------------------------------------------------

def test_container_config(runner, fleet):
    params = {'registry_url': 'https://registry-1.docker.io', 'tmpdir': 'usb1/tmp', 'memory_high': '512M',
              'registry_username': 'robot', 'registry_password': 'registry-token-123'}
    changed = dict(params, memory_high='1G')
    created = runner.one('container_config', params, diff=True)
    expect_all(created, True)
    assert 'registry-token-123' not in json.dumps(created) and 'registry-token-123' not in runner.last_output

    def configured(router, version):
        config = fleet.control.config(router)['/container/config'][0]
        memory = config['memory-high' if at_least(version, '7.20') else 'ram-high']
        assert memory in ('536870912', '512.0MiB', '512MiB'), memory
        assert config['tmpdir'].lstrip('/') == 'usb1/tmp' and config['username'] == 'robot'
    helpers.each_router(ROUTERS, configured)

    quiet = runner.without_writes([task('container_config', params), task('container_config', changed, check_mode=True),
                                   task('container_config', {'registry_url': 'registry.example'})])
    expect_all(nth(quiet, 0), False)
    expect_all(nth(quiet, 1), True)
    expect_failure(nth(quiet, 2), 'field registry_url')

    result = runner.run([task('container_config', changed), task('container_config', changed)])
    expect_all(nth(result, 0), True)
    expect_all(nth(result, 1), False)
    runner.only_newer('container_config', {'swap_max': '1G'}, '7.24', 'needs RouterOS 7.24 or later')
