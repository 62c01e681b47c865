"""The HTTP control API, through routeros_sim.control_client.Control."""

import json
import urllib.request

import librouteros
import pytest

from conftest import PASSWORD, USER, RawClient

from routeros_sim.control_client import Control, SimulatorError


@pytest.fixture
def controlled(fleet_factory):
    running = fleet_factory(versions=('7.22.3', '7.16.2'), control=True)
    return running, Control(running.control.url)


def api(running, name='r1', user=USER, password=PASSWORD):
    return librouteros.connect('127.0.0.1', user, password, port=running.fleet.get(name).port, timeout=5)


def test_routers_lists_the_ready_lines(controlled):
    running, control = controlled
    routers = control.routers()
    assert [router['name'] for router in routers] == ['r1', 'r2']
    assert routers[1] == {'name': 'r2', 'host': '127.0.0.1', 'port': running.fleet.get('r2').port, 'tls_port': None,
                          'version': '7.16.2', 'arch': 'arm64', 'user': USER}


def test_counters_and_their_reset(controlled):
    running, control = controlled
    client = api(running)
    tuple(client.path('/container/envs').select())
    client.path('/container/envs').add(list='app', key='A', value='1')
    client.close()
    counters = control.counters('r1')
    assert counters['logins'] == 1 and counters['round_trips'] == 3
    assert counters['commands'] == {'/container/envs add': 1, '/container/envs print': 1}
    assert counters['writes'] == {'/container/envs add': 1}
    assert control.counters('r2')['round_trips'] == 0
    control.reset_counters('r1')
    assert control.counters('r1') == {'sentences': 0, 'round_trips': 0, 'logins': 0, 'commands': {}, 'writes': {}}


def test_config_shows_every_menu(controlled):
    running, control = controlled
    client = api(running)
    client.path('/container/envs').add(list='app', key='A', value='1')
    client.close()
    config = control.config('r1')
    assert [row['key'] for row in config['/container/envs']] == ['A']
    assert config['/ip/address']


def test_running_is_null_for_an_unknown_container(controlled):
    _running, control = controlled
    assert control.running('r1', 'nothing here') is None


def test_trap_next_fault(controlled):
    running, control = controlled
    control.fault('r1', 'trap_next', menu='/container/envs', verb='add', message='failure: injected')
    client = api(running)
    envs = client.path('/container/envs')
    with pytest.raises(librouteros.exceptions.TrapError, match='failure: injected'):
        envs.add(list='app', key='A', value='1')
    envs.add(list='app', key='A', value='1')    # fires once
    client.close()


def test_wire_faults_drop_after_and_latency(controlled):
    running, control = controlled
    control.fault('r1', 'drop_after', sentences=1)
    client = RawClient(running.fleet.get('r1').port)
    assert client.login() == [['!done']]
    client.send('/system/identity/print')
    assert client.closed()
    control.fault('r1', 'latency', ms=50)
    assert running.fleet.get('r1').latency_seconds == 0.05
    control.fault('r1', 'clear')
    assert running.fleet.get('r1').latency_seconds == 0


def test_bad_faults_are_refused_with_the_reason(controlled):
    _running, control = controlled
    with pytest.raises(SimulatorError, match='HTTP 400.*sentences'):
        control.fault('r1', 'drop_after', sentences=-1)
    with pytest.raises(SimulatorError, match='HTTP 400.*unknown fault'):
        control.fault('r1', 'meteor')
    with pytest.raises(SimulatorError, match='HTTP 400'):
        control.fault('r1', 'trap_next', menu='/container')


def test_users_reboot_and_reset(controlled):
    running, control = controlled
    control.add_user('r1', 'ro', 'ro-pass', 'read')
    reader = api(running, user='ro', password='ro-pass')
    assert tuple(reader.path('/system/identity'))
    with pytest.raises(librouteros.exceptions.TrapError, match='not enough permissions'):
        reader.path('/container/envs').add(list='app', key='A', value='1')
    writer = api(running)
    writer.path('/container/envs').add(list='app', key='A', value='1')
    control.reboot('r1')     # connections drop, configuration stays
    assert [row['key'] for row in control.config('r1')['/container/envs']] == ['A']
    control.reset('r1')
    assert control.config('r1')['/container/envs'] == []
    with pytest.raises(SimulatorError, match='HTTP 400.*group'):
        control.add_user('r1', 'x', 'y', None)


def test_unknown_router_and_endpoint_are_404(controlled):
    _running, control = controlled
    with pytest.raises(SimulatorError, match='HTTP 404.*no such router: r9'):
        control.counters('r9')
    with pytest.raises(SimulatorError, match='HTTP 404.*no such endpoint'):
        control._call('GET', '/routers/r1/nothing')  # pylint: disable=protected-access
    with pytest.raises(SimulatorError, match='HTTP 405'):
        control._call('GET', '/routers/r1/reboot')  # pylint: disable=protected-access


def test_a_body_that_is_not_json_is_a_400(controlled):
    running, _control = controlled
    request = urllib.request.Request(running.control.url + '/routers/r1/faults', data=b'{nope', method='POST')
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=5)  # pylint: disable=consider-using-with
    assert raised.value.code == 400
    assert 'not JSON' in json.loads(raised.value.read())['error']
