# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""playbooks/deploy.yml against a mixed-version simulated fleet, through real ansible-playbook runs.

Every test starts from factory-default routers (the control API's reset), so the tests do not
depend on each other's order. What the module reports is read from the registered result of
the role's stack task, dumped per host by a second play; what the routers really hold and
whether anything was written comes from the simulator's control API.
"""

from __future__ import annotations

import json
import os
import re
import sys

import pytest

from helpers import REPO_ROOT, fleet_runner

VERSIONS = tuple(os.environ.get('DEPLOY_TEST_VERSIONS', '7.16.2,7.19.6,7.20.8,7.22.3,7.24').split(','))
ROUTERS = ['r%d' % (index + 1) for index in range(len(VERSIONS))]
SECRET = 'pa55-never-shown'
MARKER = '[rfc:'

SPEC = {
    'routeros_containers_network': {'name': 'containers', 'subnet': '172.17.0.0/24'},
    'routeros_containers': [
        {'name': 'pihole', 'image': 'pihole/pihole:latest', 'env': {'TZ': 'Europe/Riga', 'WEBPASSWORD': SECRET},
         'secret_env': ['WEBPASSWORD'], 'mounts': ['usb1/pihole/etc:/etc/pihole'], 'ports': ['53:53/udp', '8080:80'],
         'start_on_boot': True},
        {'name': 'web', 'image': 'nginx:latest', 'ports': ['8081:80'], 'start_on_boot': True},
        {'name': 'whoami', 'image': 'traefik/whoami:latest', 'env': {'WHOAMI_NAME': 'fleet'},
         'mounts': ['usb1/whoami:/data'], 'ports': ['8000:80']},
    ],
}


def edited_spec():
    """The spec after an edit: one env value changes, web moves to another tag, whoami goes away."""
    spec = json.loads(json.dumps(SPEC))
    spec['routeros_containers'][0]['env']['TZ'] = 'Europe/Vilnius'
    spec['routeros_containers'][1]['image'] = 'nginx:1.27-alpine'
    del spec['routeros_containers'][2]
    return spec


@pytest.fixture(scope='module')
def fleet():
    # Pulls take seconds on the simulated clock; 200 times faster keeps the suite short.
    simulated = fleet_runner.SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS), time_scale=200).start()
    yield simulated
    simulated.stop()


@pytest.fixture
def deploy(fleet, tmp_path):
    for router in ROUTERS:
        fleet.control.reset(router)
        fleet.control.reset_counters(router)
    return Deploy(fleet, tmp_path)


class Deploy(object):
    """Runs playbooks/deploy.yml, then a play that saves each host's stack result as JSON."""

    def __init__(self, fleet, tmp_path):
        self.fleet = fleet
        self.tmp_path = tmp_path
        self.count = 0
        # Per-host overrides live in host_vars beside an inventory source, as users keep them.
        inventory = tmp_path / 'inventory'
        (inventory / 'host_vars').mkdir(parents=True)
        (inventory / 'overrides.yml').write_text('all:\n  children:\n    routers: {}\n')
        (inventory / 'host_vars' / 'r2.yml').write_text(json.dumps(
            {'routeros_containers_overrides': {'web': {'ports': ['9081:80']}}}))
        self.playbooks = fleet_runner.PlaybookRunner([fleet.inventory, inventory / 'overrides.yml'])

    def run(self, spec, check=False, diff=False, extra=(), verbosity=0):
        self.count += 1
        results = self.tmp_path / ('results%d' % self.count)
        results.mkdir()
        spec_file = self.tmp_path / ('spec%d.json' % self.count)
        spec_file.write_text(json.dumps(spec))
        playbook = self.tmp_path / ('run%d.yml' % self.count)
        playbook.write_text(json.dumps([
            {'import_playbook': str(REPO_ROOT / 'playbooks' / 'deploy.yml')},
            {'name': 'Save results', 'hosts': 'routers', 'gather_facts': False, 'tasks': [
                {'ansible.builtin.copy': {'content': '{{ deploy_stack | default({}) | to_json }}',
                                          'dest': str(results) + '/{{ inventory_hostname }}.json'},
                 'delegate_to': 'localhost', 'check_mode': False, 'diff': False,
                 'vars': {'ansible_connection': 'local', 'ansible_python_interpreter': sys.executable}}]},
        ]))
        played = self.playbooks.run(playbook, extra_vars='@' + str(spec_file), check=check, diff=diff, verbosity=verbosity,
                                    extra_args=extra)
        output = played.stdout + played.stderr
        by_host = {}
        for router in ROUTERS:
            path = results / ('%s.json' % router)
            by_host[router] = json.loads(path.read_text()) if path.exists() else None
        return Run(played.rc, output, fleet_runner.parse_recap(output), by_host)

    def config(self, router):
        return self.fleet.control.config(router)

    def writes(self, router):
        return self.fleet.control.counters(router)['writes']


class Run(object):
    def __init__(self, rc, output, recap_counts, results):
        self.rc = rc
        self.output = output
        self.recap = recap_counts
        self.results = results

    def assert_ok(self):
        assert self.rc == 0, self.output[-6000:]
        assert set(self.recap) == set(ROUTERS), self.output[-3000:]
        for router, counts in self.recap.items():
            assert counts['failed'] == 0 and counts['unreachable'] == 0, (router, self.output[-6000:])
        return self


def ours(rows):
    return [row for row in rows if MARKER in row.get('comment', '')]


def not_ours(rows):
    return [row for row in rows if MARKER not in row.get('comment', '')]


def container_names(config, version):
    """Names of our containers; before 7.19 the name is a UUID and ours is in the marker key."""
    names = []
    for row in config['/container']:
        match = re.search(r'\[rfc:stack=default#([^\]]+)\]', row.get('comment', ''))
        if match:
            names.append(match.group(1))
    return sorted(names)


def router_name(config, name):
    """The name the router gives our container: itself from 7.19, a UUID before (ours by the marker)."""
    for row in config['/container']:
        if '[rfc:stack=default#%s]' % name in row.get('comment', ''):
            return row['name']
    raise AssertionError('no container of ours named %s' % name)


def test_fleet_converges_from_empty_then_changes_nothing(deploy):
    first = deploy.run(SPEC).assert_ok()
    for router, version in zip(ROUTERS, VERSIONS):
        result = first.results[router]
        assert result['changed'] is True, router
        assert result['summary']['removed'] == 0 and result['summary']['created'] >= 7, (router, result['summary'])
        config = deploy.config(router)
        assert container_names(config, version) == ['pihole', 'web', 'whoami'], router
        for container in ('pihole', 'web'):
            assert deploy.fleet.control.running(router, router_name(config, container)) is not None, (router, container)
        nat = [row for row in ours(config['/ip/firewall/nat']) if row.get('chain') == 'dstnat']
        assert sorted((row['protocol'], row['dst-port']) for row in nat) == sorted(
            [('udp', '53'), ('tcp', '8080'), ('tcp', '9081' if router == 'r2' else '8081'), ('tcp', '8000')]), router
        assert all(row.get('in-interface-list') == 'LAN' for row in nat), router
        addresses = result['addresses']
        assert len(set(addresses.values())) == 3
        veths = dict((row['name'], row['address']) for row in config['/interface/veth'])
        assert veths['veth-pihole'].split('/')[0] == addresses['pihole'], router
    # The same name gets the same address on every router, whatever its version.
    assert len(set(json.dumps(first.results[router]['addresses'], sort_keys=True) for router in ROUTERS)) == 1

    for router in ROUTERS:
        deploy.fleet.control.reset_counters(router)
    second = deploy.run(SPEC).assert_ok()
    for router in ROUTERS:
        assert second.results[router]['changed'] is False, (router, second.results[router]['actions'])
        assert second.results[router]['summary']['unchanged'] == len(second.results[router]['objects'])
        assert deploy.writes(router) == {}, router


def test_check_diff_predicts_the_real_run_and_writes_nothing(deploy):
    deploy.run(SPEC).assert_ok()
    for router in ROUTERS:
        deploy.fleet.control.reset_counters(router)
    before = dict((router, deploy.config(router)) for router in ROUTERS)

    preview = deploy.run(edited_spec(), check=True, diff=True).assert_ok()
    for router in ROUTERS:
        assert deploy.writes(router) == {}, router
        assert deploy.config(router)['/container'] == before[router]['/container']
        assert preview.results[router]['changed'] is True, router
    assert 'would remove' in preview.output and '--- before' in preview.output

    real = deploy.run(edited_spec()).assert_ok()
    for router in ROUTERS:
        predicted, done = preview.results[router], real.results[router]
        assert predicted['actions'] == done['actions'], router
        assert predicted['summary'] == done['summary'], router
        summary = done['summary']
        # TZ changes pihole, web gets a new image, whoami goes with its veth and port forward.
        assert (summary['changed'], summary['removed']) == (2, 3), (router, done['objects'])
        changed = sorted(item['name'] for item in done['objects'] if item['status'] == 'changed')
        assert changed == ['pihole', 'web'], router

    again = deploy.run(edited_spec(), check=True).assert_ok()
    assert all(again.results[router]['changed'] is False for router in ROUTERS)


def test_a_container_removed_from_the_spec_is_pruned_with_everything_it_had(deploy):
    first = deploy.run(SPEC).assert_ok()
    second = deploy.run(edited_spec()).assert_ok()
    for router, version in zip(ROUTERS, VERSIONS):
        address = first.results[router]['addresses']['whoami']
        config = deploy.config(router)
        assert container_names(config, version) == ['pihole', 'web'], router
        assert not [row for row in config['/interface/veth'] if row['name'] == 'veth-whoami'], router
        assert not [row for row in config['/interface/bridge/port'] if row.get('interface') == 'veth-whoami'], router
        assert not [row for row in config['/ip/firewall/nat'] if row.get('to-addresses') == address], router
        for menu in ('/container/envs', '/container/mounts'):
            assert not [row for row in config[menu] if 'whoami' in (row.get('list') or row.get('name') or '')], (router, menu)
        # The remaining containers kept their addresses.
        for name in ('pihole', 'web'):
            assert second.results[router]['addresses'][name] == first.results[router]['addresses'][name], router


def _hand_made(fleet, router, version):
    """Objects a person made on the router, through the API like Winbox would."""
    import librouteros  # pylint: disable=import-outside-toplevel
    info = fleet.router(router)
    api = librouteros.connect(host=info['host'], port=info['port'], username=fleet.user, password=fleet.password)
    try:
        api.path('ip', 'firewall', 'nat').add(**{'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp',
                                                 'dst-port': '2222', 'to-addresses': '192.168.88.10', 'to-ports': '22',
                                                 'comment': 'ssh to the NAS'})
        list_key = 'list' if version >= (7, 20) else 'name'
        api.path('container', 'envs').add(**{list_key: 'handmade', 'key': 'A', 'value': '1'})
        api.path('interface', 'veth').add(name='veth-hand', address='172.17.0.250/24', gateway='172.17.0.1')
        api.path('container').add(**{'remote-image': 'alpine:latest', 'interface': 'veth-hand', 'comment': 'my test box'})
    finally:
        api.close()


def _version(text):
    return tuple(int(part) for part in text.split('.')[:2])


def test_what_the_user_made_and_the_default_configuration_are_untouched(deploy):
    snapshots = {}
    for router, version in zip(ROUTERS, VERSIONS):
        _hand_made(deploy.fleet, router, _version(version))
        config = deploy.config(router)
        snapshots[router] = dict((menu, not_ours(rows)) for menu, rows in config.items()
                                 if menu.startswith(('/ip/', '/interface/', '/container')) and menu != '/container')
        for row in snapshots[router].get('/container/config', []):
            row.pop('memory-current', None)   # 7.22+: the router's live memory use, not configuration
        snapshots[router]['/container'] = [dict((key, value) for key, value in row.items() if key in ('.id', 'comment', 'interface'))
                                           for row in config['/container']]
    deploy.run(SPEC).assert_ok()
    deploy.run(edited_spec()).assert_ok()
    for router in ROUTERS:
        config = deploy.config(router)
        for menu, rows in snapshots[router].items():
            if menu == '/container':
                hand = [row for row in config['/container'] if row.get('comment') == 'my test box']
                assert [row['.id'] for row in hand] == [row['.id'] for row in rows if row.get('comment') == 'my test box']
                continue
            now = [dict((key, value) for key, value in row.items() if key != 'memory-current') for row in not_ours(config[menu])]
            assert now == rows, (router, menu)


def test_secrets_stay_out_of_output_diff_and_verbose_logs(deploy):
    run = deploy.run(SPEC, diff=True, verbosity=3).assert_ok()
    assert SECRET not in run.output
    assert '********' in run.output
    preview = deploy.run(edited_spec(), check=True, diff=True, verbosity=3).assert_ok()
    assert SECRET not in preview.output


def test_a_bad_spec_fails_every_router_before_anything_is_written(deploy):
    spec = edited_spec()
    spec['routeros_containers'][0]['ports'].append('8080:81')  # pihole publishes 8080 already
    run = deploy.run(spec)
    assert run.rc != 0
    assert 'field containers[pihole].ports[2]: publishes 8080/tcp again' in run.output
    for router in ROUTERS:
        assert run.recap[router]['failed'] == 1, router
        assert deploy.writes(router) == {}, router


def test_an_option_the_oldest_router_lacks_fails_only_that_router(deploy):
    spec = json.loads(json.dumps(SPEC))
    spec['routeros_containers'][1]['memory_max'] = '256M'  # /container memory-max exists from 7.23
    run = deploy.run(spec)
    for router, version in zip(ROUTERS, VERSIONS):
        if _version(version) < (7, 23):
            assert run.recap[router]['failed'] == 1, router
            assert deploy.writes(router) == {}, (router, run.output[-8000:])
        else:
            assert run.recap[router]['failed'] == 0 and run.results[router]['changed'] is True, router
    assert 'field containers[web].memory_max' in run.output
