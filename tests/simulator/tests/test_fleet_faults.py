"""Faults real fleets see: the container package gone after a reboot, a container that exits,
an image for the wrong CPU, a router that reboots in the middle of a change."""

import pytest

from conftest import RawClient

from routeros_sim.model.catalog import Catalog
from routeros_sim.model.clock import ManualClock
from routeros_sim.router import CommandError, Router


def make(version='7.22.3'):
    clock = ManualClock()
    return Router(version=version, clock=clock, catalog=Catalog.load()), clock


def started(router, clock, name='web', image='nginx', **attrs):
    router.execute('/container', 'add', {'remote-image': image, 'name': name, **attrs})
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': name})
    clock.advance(1)


def row_of(router, name='web'):
    return next(r for r in router.execute('/container', 'print').rows if r['name'] == name)


def messages(router, path='/log'):
    return [r['message'] for r in router.execute(path, 'print').rows]


@pytest.mark.parametrize('state', ['disabled', 'missing'])
def test_container_package_disabled_or_missing_hides_the_menus(state):
    router, dummy = make()
    router.inject_fault('container_package', state=state)
    packages = {r['name']: r for r in router.execute('/system/package', 'print').rows}
    if state == 'missing':
        assert 'container' not in packages
    else:
        assert packages['container']['disabled'] == 'true'
    with pytest.raises(CommandError) as caught:
        router.execute('/container', 'print')
    assert (caught.value.message, caught.value.more) == ('no such command or directory (container)',
                                                         ('no such command prefix',))
    router.inject_fault('container_package', state='installed')
    assert router.execute('/container', 'print').rows == []


def test_a_container_that_exits_stops_with_its_status_and_output():
    router, clock = make()
    router.inject_fault('exits', image='nginx', status=3, log=['config error: no upstream', 'bye'])
    started(router, clock)
    assert row_of(router)['running'] == 'true'
    clock.advance(1)
    row = row_of(router)
    assert row['running'] == 'false' and row['stopped'] == 'true'
    assert router.running_config('web') is None
    assert 'container web: exited with status 3' in messages(router)
    assert messages(router, '/container/log')[-2:] == ['config error: no upstream', 'bye']
    # It does so on every start, until the fault is cleared.
    router.execute('/container', 'start', {'numbers': 'web'})
    clock.advance(3)
    assert row_of(router)['stopped'] == 'true'
    router.inject_fault('clear')
    router.execute('/container', 'start', {'numbers': 'web'})
    clock.advance(3)
    assert row_of(router)['running'] == 'true'


def test_an_image_for_the_wrong_cpu_pulls_then_dies_of_signal_4():
    router, clock = make('7.19.6')
    router.inject_fault('wrong_arch', image='alpine')
    router.execute('/container', 'add', {'remote-image': 'alpine', 'name': 'tool', 'cmd': 'sleep 1d'})
    clock.advance(10)
    assert row_of(router, 'tool')['status'] == 'stopped'       # the pull itself works
    router.execute('/container', 'start', {'number': 'tool'})
    clock.advance(3)
    assert row_of(router, 'tool')['status'] == 'stopped'
    assert 'container tool: terminated by signal 4 (Illegal instruction)' in messages(router)


def test_a_router_that_reboots_under_a_write_keeps_it_and_answers_nothing(fleet_factory):
    running = fleet_factory()
    host = running.fleet.get('r1')
    running.call(host.inject_fault, 'reboot_after', writes=2)
    client = RawClient(host.port)
    client.login()
    assert client.command('/interface/list/add', '=name=FIRST')[0][0] == '!done'
    client.send('/interface/list/add', '=name=SECOND')
    assert client.read() is None          # dropped without an answer
    again = RawClient(host.port)
    again.login()
    names = [row for row in again.command('/interface/list/print') if row[0] == '!re']
    assert sum('=name=SECOND' in row for row in names) == 1 and sum('=name=FIRST' in row for row in names) == 1
