"""What real routers print and answer where an easier simulator would hide bugs: one test per
behaviour of MODEL.md's "Fidelity" table (sources there)."""

import re

import pytest

from conftest import USER, RawClient, attributes

from routeros_sim.model.catalog import Catalog
from routeros_sim.model.clock import ManualClock
from routeros_sim.router import CommandError, Router


def make(version='7.22.3', arch='arm64'):
    clock = ManualClock()
    return Router(version=version, arch=arch, clock=clock, catalog=Catalog.load()), clock


def failure(router, path, verb, attrs=None):
    with pytest.raises(CommandError) as caught:
        router.execute(path, verb, attrs or {})
    return caught.value


def pulled(version, **attrs):
    """A router with one extracted nginx container (no property set but the image)."""
    router, clock = make(version)
    router.execute('/container', 'add', {'remote-image': 'nginx', **attrs})
    clock.advance(10)
    return router, router.execute('/container', 'print').rows[-1]


# --- the session --------------------------------------------------------------------------

def test_a_command_before_login_is_fatal(running):
    client = RawClient(running.fleet.get('r1').port)
    client.send('/interface/print')
    assert client.read() == ['!fatal', 'not logged in']
    assert client.closed()


def test_login_with_only_a_name_gets_the_challenge(running):
    client = RawClient(running.fleet.get('r1').port)
    reply = client.command('/login', '=name=%s' % USER)
    assert [sentence[0] for sentence in reply] == ['!done']
    assert re.fullmatch('[0-9a-f]{32}', attributes(reply[0])['ret'])


@pytest.mark.parametrize('path, unknown', [('/system/health', 'health'), ('/nothing/here', 'nothing'),
                                           ('/container/nope', 'nope')])
def test_an_unknown_menu_gets_two_traps_then_done(running, path, unknown):
    client = RawClient(running.fleet.get('r1').port)
    client.login()
    assert client.command(path + '/print') == [
        ['!trap', '=category=0', '=message=no such command or directory (%s)' % unknown],
        ['!trap', '=category=0', '=message=no such command prefix'],
        ['!done']]


def test_an_unknown_command_of_a_known_menu_is_one_trap():
    router, dummy = make()
    error = failure(router, '/container', 'frobnicate')
    assert (error.message, error.more) == ('no such command or directory (frobnicate)', ())


# --- /interface ---------------------------------------------------------------------------

def test_interface_print_lists_every_type_with_unique_ids():
    router, dummy = make('7.20.8')
    router.execute('/interface/veth', 'add', {'name': 'veth1', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    rows = router.execute('/interface', 'print').rows
    by_name = {row['name']: row for row in rows}
    assert by_name['ether1']['type'] == 'ether' and by_name['bridge']['type'] == 'bridge'
    assert by_name['veth1']['type'] == 'veth' and by_name['veth1']['running'] == 'false'
    assert len({row['.id'] for row in rows}) == len(rows)
    assert {'ether1', 'ether5', 'bridge', 'veth1'} <= set(by_name)


def test_interface_names_are_unique_across_types():
    router, dummy = make()
    error = failure(router, '/interface/veth', 'add', {'name': 'bridge', 'address': '172.17.0.2/24'})
    assert error.message == 'failure: already have interface with such name'
    error = failure(router, '/interface/bridge', 'add', {'name': 'ether1'})
    assert error.message == 'failure: already have interface with such name'


# --- device-mode --------------------------------------------------------------------------

def test_container_add_under_device_mode_is_refused_with_routeros_text():
    router, dummy = make()
    router.inject_fault('device_mode', container=False)
    error = failure(router, '/container', 'add', {'remote-image': 'nginx'})
    assert error.message == 'failure: not allowed by device-mode'


# --- /container rows ----------------------------------------------------------------------

@pytest.mark.parametrize('version', ['7.18.2', '7.19.6'])
def test_7_18_and_7_19_print_the_full_repo_and_no_remote_image(version):
    dummy, row = pulled(version)
    assert row['repo'] == 'registry-1.docker.io/library/nginx:latest'
    assert 'remote-image' not in row and 'tag' not in row


@pytest.mark.parametrize('version, hidden', [
    ('7.18.2', ('dns', 'domain-name', 'cmd', 'entrypoint', 'envlist', 'stop-signal', 'hostname', 'logging',
                'start-on-boot')),
    ('7.19.6', ('dns', 'domain-name', 'cmd', 'entrypoint', 'envlist', 'stop-signal'))])
def test_7_18_and_7_19_leave_out_properties_never_set(version, hidden):
    router, row = pulled(version)
    assert not set(hidden) & set(row)
    item = row['.id']
    router.execute('/container', 'set', {'numbers': item, 'dns': '1.1.1.1', 'logging': 'yes'})
    row = router.execute('/container', 'print').rows[-1]
    assert row['dns'] == '1.1.1.1' and row['logging'] == 'true'


def test_7_19_keeps_printing_what_it_always_prints():
    dummy, row = pulled('7.19.6')
    assert row['logging'] == 'false' and row['start-on-boot'] == 'false' and 'hostname' in row


@pytest.mark.parametrize('version', ['7.18.2', '7.19.6'])
def test_workdir_is_filled_from_the_image_after_extraction(version):
    router, clock = make(version)
    router.execute('/container', 'add', {'remote-image': 'nginx'})
    assert 'workdir' not in router.execute('/container', 'print').rows[-1]
    clock.advance(10)
    assert router.execute('/container', 'print').rows[-1]['workdir'] == '/'


def test_a_set_workdir_wins_over_the_image():
    dummy, row = pulled('7.19.6', workdir='/srv')
    assert row['workdir'] == '/srv'


@pytest.mark.parametrize('version, printed', [('7.16.2', '15'), ('7.19.6', None), ('7.20.8', '15-SIGTERM'),
                                              ('7.24', '15-SIGTERM')])
def test_unset_stop_signal_per_release(version, printed):
    dummy, row = pulled(version)
    assert row.get('stop-signal') == printed


@pytest.mark.parametrize('given', ['2', 'SIGINT', '2-SIGINT'])
def test_stop_signal_is_printed_by_name_on_recent_releases(given):
    dummy, row = pulled('7.22.3', **{'stop-signal': given})
    assert row['stop-signal'] == '2-SIGINT'
    dummy, row = pulled('7.16.2', **{'stop-signal': given})
    assert row['stop-signal'] == '2'


def test_a_bad_stop_signal_is_refused():
    router, dummy = make()
    error = failure(router, '/container', 'add', {'remote-image': 'nginx', 'stop-signal': 'SIGNOPE'})
    assert error.message == 'input does not match any value of stop-signal'


def test_print_style_fault_flips_remote_image_and_unset_properties():
    router, clock = make('7.19.6')
    router.inject_fault('print_style', remote_image=True, unset=True)
    router.execute('/container', 'add', {'remote-image': 'nginx'})
    clock.advance(10)
    row = router.execute('/container', 'print').rows[-1]
    assert row['remote-image'] == 'nginx' and row['dns'] == '' and row['stop-signal'] == '15'
    router.inject_fault('clear')
    row = router.execute('/container', 'print').rows[-1]
    assert 'remote-image' not in row and 'dns' not in row
    newer, clock = make('7.22.3')
    newer.inject_fault('print_style', unset=False)
    newer.execute('/container', 'add', {'remote-image': 'nginx'})
    assert not {'dns', 'hostname', 'stop-signal', 'logging'} & set(newer.execute('/container', 'print').rows[-1])


# --- /container/config --------------------------------------------------------------------

@pytest.mark.parametrize('version', ['7.20.8', '7.22.3', '7.24'])
def test_fresh_config_prints_the_assumed_registry_only(version):
    router, dummy = make(version)
    config = router.execute('/container/config', 'print').rows[0]
    assert 'registry-url' not in config and config['assumed-registry-url'] == 'docker.io'
    router.execute('/container/config', 'set', {'registry-url': 'https://ghcr.io'})
    config = router.execute('/container/config', 'print').rows[0]
    assert config['registry-url'] == 'https://ghcr.io'


def test_older_config_prints_registry_url():
    router, dummy = make('7.16.2')
    config = router.execute('/container/config', 'print').rows[0]
    assert config['registry-url'] == 'https://registry-1.docker.io' and 'assumed-registry-url' not in config


@pytest.mark.parametrize('version, present', [('7.21.5', False), ('7.22.3', True), ('7.24', True)])
def test_memory_current_from_7_22(version, present):
    router, clock = make(version)
    config = router.execute('/container/config', 'print').rows[0]
    assert ('memory-current' in config) is present
    if present:
        assert config['memory-current'] == '0'
        router.execute('/container', 'add', {'remote-image': 'nginx', 'name': 'web'})
        clock.advance(10)
        router.execute('/container', 'start', {'numbers': 'web'})
        clock.advance(2)
        assert int(router.execute('/container/config', 'print').rows[0]['memory-current']) > 0


# --- /interface/veth ----------------------------------------------------------------------

def test_veth_macs_show_zeros_until_a_container_using_it_starts():
    router, clock = make('7.22.3')
    router.execute('/interface/veth', 'add', {'name': 'veth1', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    veth = router.execute('/interface/veth', 'print').rows[-1]
    assert veth['mac-address'] == veth['container-mac-address'] == '00:00:00:00:00:00'
    router.execute('/container', 'add', {'remote-image': 'nginx', 'name': 'web', 'interface': 'veth1'})
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': 'web'})
    clock.advance(2)
    veth = router.execute('/interface/veth', 'print').rows[-1]
    assert veth['running'] == 'true' and veth['mac-address'] != '00:00:00:00:00:00'
    given = router.execute('/interface/veth', 'add', {'name': 'veth2', 'mac-address': '02:00:00:00:00:01'})
    assert given.ret and router.execute('/interface/veth', 'print').rows[-1]['mac-address'] == '02:00:00:00:00:01'


# --- /container/mounts --------------------------------------------------------------------

@pytest.mark.parametrize('mode, read_only', [('rw', False), ('ro', True), ('rw,noexec', False), ('ro,noexec', True)])
def test_mount_modes_of_the_cli_reference(mode, read_only):
    router, dummy = make('7.24')
    router.execute('/container/mounts', 'add', {'list': 'data', 'src': 'usb1/data', 'dst': '/data', 'mode': mode})
    assert router.execute('/container/mounts', 'print').rows[-1]['mode'] == mode
    assert router.menus['/container/mounts'].resolve(['data'])[0]['read_only'] is read_only
    with pytest.raises(CommandError, match='^input does not match any value of mode$'):
        router.execute('/container/mounts', 'add', {'list': 'x', 'src': 'a', 'dst': '/b', 'mode': 'noexec'})


def test_the_config_dump_lists_each_interface_once():
    router, dummy = make()
    dump = router.dump()
    assert '/interface' not in dump and '/interface/bridge' in dump and '/interface/ethernet' not in dump
