# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container module in real playbooks against the simulator, on every RouterOS version we support.

One simulated router per version; each play runs on all of them at once (one fork each) and
every test checks each router, naming the versions that failed. Each test drives a container
of its own, so the tests do not depend on each other's order. The simulator's counters prove
"no write" claims and its control API shows the configuration the running process got.
"""

from __future__ import annotations

import json

import pytest

# tests/system/conftest.py puts the harness and the simulator on sys.path.
import helpers  # pylint: disable=import-error
from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-error

VERSIONS = ('7.16.2', '7.19.6', '7.20.8', '7.21.5', '7.22.3', '7.23.3', '7.24')
ROUTERS = dict(('r%d' % (index + 1), version) for index, version in enumerate(VERSIONS))


def _version_tuple(version):
    return tuple(int(part) for part in version.split('.'))


@pytest.fixture(scope='module')
def fleet():
    # Pulls take seconds on the simulated clock; fifty times faster keeps the suite short.
    simulated = SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS), time_scale=50).start()
    yield simulated
    simulated.stop()


class Runner(object):
    """Plays on every router at once through the harness's ``run_playbook`` (tests/system/helpers.py)."""

    def __init__(self, fleet):
        self.fleet = fleet

    def run(self, tasks, check=False, diff=False, host_vars=None):
        """Run ``tasks`` on every router at once; ``{router: [result of each task]}``.

        Task ``i`` is registered as ``result<i>`` for later tasks; ``host_vars``
        (``{router: {name: value}}``) is ``per_host`` in the play, for per-version values.
        """
        named = [dict(task, name='task%d' % index, register='result%d' % index) for index, task in enumerate(tasks)]
        play = {'hosts': 'routers', 'gather_facts': False, 'tasks': named, 'vars': {'per_host': host_vars or {}}}
        run = helpers.run_playbook(self.fleet, [play], check=check, diff=diff, env={'ANSIBLE_FORKS': str(len(ROUTERS))})
        results = {}
        for router in ROUTERS:
            results[router] = []
            for index in range(len(tasks)):
                records = run.results('task%d' % index, router)
                if not records:
                    raise AssertionError('task%d did not run on %s:\n%s' % (index, router, run.output[-4000:]))
                # The callback keeps the outcome beside the result: put it back where tests look.
                result = dict(records[-1]['result'], failed=records[-1]['status'] in ('failed', 'ignored'))
                results[router].append(result)
        return results

    def one(self, check=False, diff=False, **params):
        """One container task on every router: ``{router: result}``."""
        return dict((router, results[0]) for router, results in self.run([container_task(**params)], check, diff).items())


def container_task(**params):
    return {'routeros_fleet.containers.container': params, 'ignore_errors': True}


@pytest.fixture
def runner(fleet):
    return Runner(fleet)


def writes(fleet, router):
    return fleet.control.counters(router)['writes']


def reset_counters(fleet):
    for router in ROUTERS:
        fleet.control.reset_counters(router)


def running(fleet, router, result):
    """The configuration the running process got, looked up by id (names are UUIDs before 7.19)."""
    return fleet.control.running(router, result['container']['id'])


def ok(result):
    assert not result.get('failed'), result.get('msg', result)
    return result


def test_create_start_then_unchanged(fleet, runner):
    params = dict(name='web', image='nginx', env={'TZ': 'UTC', 'API_TOKEN': 'hunter2'}, secret_env=['API_TOKEN'],
                  start_on_boot=True)
    first = runner.one(**params)

    def created(router, version):
        result = ok(first[router])
        assert result['changed'] and result['steps'] == ['pull', 'start'], result['steps']
        assert result['container']['status'] == 'running'
        assert result['timings']['pull'] > 0
        assert 'hunter2' not in json.dumps(result)
        process = running(fleet, router, result)
        assert process['env']['TZ'] == 'UTC' and process['env']['API_TOKEN'] == 'hunter2'
    helpers.each_router(ROUTERS, created)

    reset_counters(fleet)
    second = runner.one(**params)

    def unchanged(router, version):
        result = ok(second[router])
        assert not result['changed'] and result['steps'] == [], result['steps']
        assert writes(fleet, router) == {}
    helpers.each_router(ROUTERS, unchanged)


def test_every_in_place_change_reaches_the_running_container(fleet, runner):
    base = dict(name='app', image='nginx', env={'MODE': 'one'}, container_hostname='app1', logging=False)
    helpers.each_router(ROUTERS, lambda router, version, created=runner.one(**base): ok(created[router]))
    changed = dict(base, env={'MODE': 'two'}, container_hostname='app2', cmd='nginx -g daemon-off',
                   dns=['9.9.9.9'], user='101', workdir='/srv', logging=True, comment='web server')
    results = runner.one(diff=True, **changed)

    def reached(router, version):
        result = ok(results[router])
        assert result['steps'] == ['stop', 'set', 'start'], result['steps']
        sections = [section for section in result['diff'] if section['before_header'].endswith(': /container app')]
        commands = sections[0]['after'].splitlines()
        assert [line for line in commands if line.startswith('/container set ') and ' hostname=app2' in line], commands
        assert 'remote-image' not in sections[0]['after']          # only what differs
        process = running(fleet, router, result)
        assert process['env']['MODE'] == 'two'
        assert process['hostname'] == 'app2' and process['cmd'] == ['nginx', '-g', 'daemon-off']
        assert process['dns'] == '9.9.9.9' and process['user'] == '101' and process['workdir'] == '/srv'
        assert result['container']['options']['comment'] == 'web server'
    helpers.each_router(ROUTERS, reached)
    again = runner.one(**changed)
    helpers.each_router(ROUTERS, lambda router, version: not ok(again[router])['changed'] or pytest.fail(again[router]['steps']))


def test_image_change_recreates(fleet, runner):
    helpers.each_router(ROUTERS, lambda router, version, created=runner.one(name='img', image='nginx'): ok(created[router]))
    results = runner.run([container_task(name='img', image='nginx:1.27-alpine'),
                          {'routeros_fleet.containers.container_info': {'name': ['img']}}])

    def recreated(router, version):
        result, info = results[router]
        ok(result)
        assert result['steps'] == ['recreate', 'stop', 'start'], result['steps']
        assert running(fleet, router, result)['image'] == 'docker.io/library/nginx:1.27-alpine'
        assert len(info['containers']) == 1, info['containers']   # neither the old one nor the staged copy is left
    helpers.each_router(ROUTERS, recreated)


def test_failed_pull_keeps_the_old_container_running(fleet, runner):
    first = runner.one(name='safe', image='nginx')
    helpers.each_router(ROUTERS, lambda router, version: ok(first[router]))
    for router in ROUTERS:
        fleet.control.fault(router, 'fail_next_pull', reason='registry unreachable')
    failed = runner.one(name='safe', image='nginx:1.27-alpine')

    def rolled_back(router, version):
        result = failed[router]
        assert result['failed']
        assert 'registry unreachable' in result['msg'] and 'old container is unchanged' in result['msg'], result['msg']
        assert result['reason'].endswith('registry unreachable')
        process = running(fleet, router, first[router])
        assert process is not None and process['image'] == 'docker.io/library/nginx:latest'
    helpers.each_router(ROUTERS, rolled_back)
    retry = runner.one(name='safe', image='nginx:1.27-alpine')
    helpers.each_router(ROUTERS, lambda router, version: ok(retry[router])['steps'] == ['recreate', 'stop', 'start']
                        or pytest.fail(retry[router]['steps']))


def test_stopped_by_hand_is_started_again(fleet, runner):
    results = runner.run([container_task(name='hand', image='nginx'),
                          container_task(name='hand', image='nginx', state='stopped')])

    def stopped(router, version):
        first, stop = results[router]
        assert ok(stop)['steps'] == ['stop'] and running(fleet, router, first) is None
    helpers.each_router(ROUTERS, stopped)
    again = runner.run([container_task(name='hand', image='nginx'), container_task(name='hand', image='nginx', state='present')])

    def started(router, version):
        start, present = again[router]
        assert ok(start)['steps'] == ['start'] and running(fleet, router, start) is not None
        assert not ok(present)['changed']
    helpers.each_router(ROUTERS, started)


def test_check_mode_writes_nothing_and_shows_the_diff(fleet, runner):
    made = runner.one(name='dry', image='nginx', env={'PASSWORD': 'old-pw'}, secret_env=['PASSWORD'])
    helpers.each_router(ROUTERS, lambda router, version: ok(made[router]))
    reset_counters(fleet)
    results = runner.run([container_task(name='dry', image='nginx:1.27-alpine', env={'PASSWORD': 'new-pw'},
                                         secret_env=['PASSWORD'], workdir='/x'),
                          container_task(name='dry-new', image='nginx')], check=True, diff=True)

    def planned(router, version):
        change, create = results[router]
        assert ok(change)['changed'] and change['steps'] == ['recreate', 'stop', 'start'], change['steps']
        assert 'new-pw' not in json.dumps(change) and 'old-pw' not in json.dumps(change)
        assert any(' workdir=/x' in section['after'] for section in change['diff'])
        assert ok(create)['changed'] and create['steps'] == ['pull', 'start']
        assert writes(fleet, router) == {}
    helpers.each_router(ROUTERS, planned)


BAD_INPUT = [
    (dict(name='bad'), {}, 'image'),
    (dict(name='bad', image='nginx', stop_time='soon'), {}, 'stop_time'),
    # memory_max exists from 7.23: older versions refuse it, newer ones refuse a bad size.
    (dict(name='bad', image='nginx', memory_max='{{ per_host[inventory_hostname].memory_max }}'),
     dict((router, {'memory_max': 'lots' if _version_tuple(version) >= (7, 23) else '1G'}) for router, version in ROUTERS.items()),
     'memory_max'),
    (dict(name='bad', image='nginx', healthcheck={'test': 'true', 'interval': '{{ per_host[inventory_hostname].interval }}'}),
     dict((router, {'interval': 'often' if _version_tuple(version) >= (7, 22) else '5s'}) for router, version in ROUTERS.items()),
     'healthcheck'),
    (dict(name='bad', image='nginx', mounts=['nodst']), {}, 'mounts[0]'),
    (dict(name='bad', image='nginx', restart_policy='always', restart_retries=3,
          interface=['{{ per_host[inventory_hostname].veth }}']),
     dict((router, {'veth': 'veth-missing'}) for router in ROUTERS), 'restart'),
]


@pytest.mark.parametrize('params, host_vars, field', BAD_INPUT, ids=[case[2] for case in BAD_INPUT])
def test_bad_input_is_rejected_before_any_write(fleet, runner, params, host_vars, field):
    reset_counters(fleet)
    results = runner.run([container_task(**params)], host_vars=host_vars)

    def rejected(router, version):
        result = results[router][0]
        if field == 'restart' and _version_tuple(version) >= (7, 23):
            return   # valid there; the missing veth is the router's to refuse
        assert result.get('failed') and field in result['msg'], result.get('msg', result)
        assert writes(fleet, router) == {}
    helpers.each_router(ROUTERS, rejected)


def test_absent_stops_and_removes(fleet, runner):
    helpers.each_router(ROUTERS, lambda router, version, made=runner.one(name='gone', image='nginx', env={'A': '1'}): ok(made[router]))
    results = runner.run([container_task(name='gone', state='absent', env={}), container_task(name='gone', state='absent')])

    def removed(router, version):
        result, again = results[router]
        assert ok(result)['steps'] == ['stop', 'remove'], result['steps']
        assert result['container'] == {'name': 'gone', 'exists': False, 'state': 'absent'}
        envs = fleet.control.config(router)['/container/envs']
        assert not [row for row in envs if 'container=gone' in (row.get('comment') or '')]
        assert not ok(again)['changed']
    helpers.each_router(ROUTERS, removed)


def test_container_info_options_feed_back_unchanged(fleet, runner):
    results = runner.run([
        container_task(name='round', image='nginx:1.27-alpine', env={'TZ': 'UTC', 'API_KEY': 'k3y'}, stop_signal='9',
                       start_on_boot=True, container_hostname='round', dns=['1.1.1.1'], comment='round trip'),
        {'routeros_fleet.containers.container_info': {'name': ['round']}},
        {'routeros_fleet.containers.container': None, 'args': '{{ result1.containers[0].options }}', 'ignore_errors': True},
    ])

    def round_trip(router, version):
        created, info, again = results[router]
        ok(created)
        described = info['containers'][0]
        assert described['options']['stop_signal'] == '9' and described['options']['comment'] == 'round trip'
        assert described['env'] == {'round': {'TZ': 'UTC', 'API_KEY': '********'}}
        assert 'k3y' not in json.dumps(info)
        assert info['router']['version'] == version and info['router']['containers_allowed']
        assert not ok(again)['changed'], again['steps']
    helpers.each_router(ROUTERS, round_trip)


def test_start_and_pull_failures_say_why(fleet, runner):
    results = runner.run([
        container_task(name='scratch', image='example/static-files'),
        container_task(name='hass', image='homeassistant/home-assistant:stable'),
        {'routeros_fleet.containers.container_info': {'name': ['scratch', 'hass']}},
    ])

    def explained(router, version):
        scratch, hass, info = results[router]
        if _version_tuple(version) >= (7, 22):
            assert scratch['failed'] and 'no command specified' in scratch['msg'], scratch.get('msg')
            assert 'no command specified' in scratch['reason']
        else:
            ok(scratch)
        assert hass['failed'] and 'no image for architecture arm64' in hass['msg'], hass.get('msg')
        assert hass['steps'] == ['pull', 'start']
        assert [item['name'] for item in info['containers']] == ['scratch']   # no half-made container left
    helpers.each_router(ROUTERS, explained)


# Settings that exist only from some version on, each given where the router has it.
VERSIONED = (('memory_high', (7, 20), '256M'), ('devices', (7, 20), None), ('stop_time', (7, 21), '5s'),
             ('cpu_list', (7, 21), '0'), ('shm_size', (7, 21), '64M'), ('memory_max', (7, 23), '512M'))


def test_version_specific_settings_are_set_once(fleet, runner):
    host_vars = dict((router, dict((name, value) for name, since, value in VERSIONED
                                   if value and _version_tuple(version) >= since)) for router, version in ROUTERS.items())
    params = dict(name='limits', image='nginx', restart_policy='{{ per_host[inventory_hostname].policy }}')
    for router, version in ROUTERS.items():
        host_vars[router]['policy'] = 'always' if _version_tuple(version) >= (7, 20) else 'no'
    for name, since, value in VERSIONED:
        if value:
            params[name] = '{{ per_host[inventory_hostname].%s | default(omit) }}' % name
    results = runner.run([container_task(**params), container_task(**params)], host_vars=host_vars)

    def set_once(router, version):
        first, second = results[router]
        assert ok(first)['steps'] == ['pull', 'start'], first['steps']
        options = first['container']['options']
        for name, value in host_vars[router].items():
            if name != 'policy':
                assert options[name] in (value, value + 'iB'), (name, options[name])
        assert options.get('restart_policy', 'no') == host_vars[router]['policy']
        assert not ok(second)['changed'], second['steps']
    helpers.each_router(ROUTERS, set_once)
