"""Generic menu behaviour of the router model, through Router.execute as the wire layer calls it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from routeros_sim.model import values
from routeros_sim.router import CommandError, Router


@pytest.fixture
def router():
    return Router(name='r1', version='7.22.3', users={'admin': ('secret', 'full'), 'viewer': ('v', 'read')})


def run(router, path, verb, **attrs):
    return router.execute(path, verb, {k.replace('_', '-'): v for k, v in attrs.items()})


def rows(router, path):
    return router.execute(path, 'print', {}).rows


def trap(router, path, verb, attrs=None, user='admin'):
    with pytest.raises(CommandError) as caught:
        router.execute(path, verb, attrs or {}, user=user)
    return caught.value.message


# --- ids and the usual commands ----------------------------------------------------------

def test_ids_are_upper_case_hex_and_never_reused(router):
    ids = [run(router, '/system/script', 'add', name=f's{i}').ret for i in range(27)]
    assert ids[0] == '*1' and ids[9] == '*A' and ids[26] == '*1B'
    run(router, '/system/script', 'remove', numbers=ids[26])
    assert run(router, '/system/script', 'add', name='again').ret == '*1C'


def test_print_puts_id_first_and_shows_defaults(router):
    run(router, '/interface/list', 'add', name='CONTAINERS')
    row = [r for r in rows(router, '/interface/list') if r['name'] == 'CONTAINERS'][0]
    assert list(row)[0] == '.id'
    assert row['include'] == '' and row['dynamic'] == 'false' and 'comment' not in row


def test_set_by_id_and_by_name_and_comma_list(router):
    a = run(router, '/system/script', 'add', name='a').ret
    b = run(router, '/system/script', 'add', name='b').ret
    run(router, '/system/script', 'set', numbers=f'{a},{b}', source=':log info x')
    run(router, '/system/script', 'set', **{'.id': a, 'comment': 'by id'})
    run(router, '/system/script', 'set', numbers='b', comment='by name')
    printed = {r['name']: r for r in rows(router, '/system/script')}
    assert printed['a']['source'] == printed['b']['source'] == ':log info x'
    assert printed['a']['comment'] == 'by id' and printed['b']['comment'] == 'by name'


def test_booleans_in_yes_no_true_false_out_true_false(router):
    item = run(router, '/interface/list/member', 'add', list='LAN', interface='ether1', disabled='yes').ret
    assert router.execute('/interface/list/member', 'print', {}).rows[-1]['disabled'] == 'true'
    run(router, '/interface/list/member', 'set', numbers=item, disabled='false')
    assert rows(router, '/interface/list/member')[-1]['disabled'] == 'false'
    assert trap(router, '/interface/list/member', 'set', {'numbers': item, 'disabled': 'maybe'}) == \
        'input does not match any value of disabled'


def test_enable_disable_comment_and_unset(router):
    rule = run(router, '/ip/firewall/nat', 'add', chain='dstnat', action='dst-nat', protocol='tcp',
               dst_port='8080', to_addresses='172.17.0.2', to_ports='80', comment='web').ret
    run(router, '/ip/firewall/nat', 'disable', numbers=rule)
    assert rows(router, '/ip/firewall/nat')[-1]['disabled'] == 'true'
    run(router, '/ip/firewall/nat', 'enable', numbers=rule)
    run(router, '/ip/firewall/nat', 'comment', numbers=rule, comment='new')
    assert rows(router, '/ip/firewall/nat')[-1]['comment'] == 'new'
    router.execute('/ip/firewall/nat', 'set', {'.id': rule, '!comment': ''})
    assert 'comment' not in rows(router, '/ip/firewall/nat')[-1]
    run(router, '/ip/firewall/nat', 'unset', numbers=rule, value_name='to-ports')
    last = rows(router, '/ip/firewall/nat')[-1]
    assert 'to-ports' not in last and last['disabled'] == 'false'


def test_durations_print_like_routeros(router):
    run(router, '/system/scheduler', 'add', name='tick', interval='90', on_event='/log info x')
    run(router, '/system/scheduler', 'add', name='daily', interval='1d00:00:00')
    run(router, '/system/scheduler', 'add', name='odd', interval='1w2d3h4m5s')
    printed = {r['name']: r['interval'] for r in rows(router, '/system/scheduler')}
    assert printed == {'tick': '1m30s', 'daily': '1d', 'odd': '1w2d3h4m5s'}
    assert trap(router, '/system/scheduler', 'add', {'name': 'bad', 'interval': 'soon'}) == \
        'value of interval must be a time interval'


def test_get_and_find(router):
    script = run(router, '/system/script', 'add', name='x', source='y').ret
    assert router.execute('/system/script', 'get', {'number': script, 'value-name': 'source'}).ret == 'y'
    assert router.execute('/system/identity', 'get', {'value-name': 'name'}).ret == 'MikroTik'
    assert script in router.execute('/system/script', 'find', {}).ret.split(';')


# --- validation texts --------------------------------------------------------------------

def test_duplicate_names(router):
    run(router, '/interface/list', 'add', name='DMZ')
    assert trap(router, '/interface/list', 'add', {'name': 'DMZ'}) == 'failure: already have such entry'
    assert trap(router, '/interface/bridge', 'add', {'name': 'ether1'}) == \
        'failure: already have interface with such name'


def test_duplicate_ip_address(router):
    assert trap(router, '/ip/address', 'add', {'address': '192.168.88.1/24', 'interface': 'ether2'}) == \
        'failure: already have such address'


def test_missing_references(router):
    assert trap(router, '/ip/address', 'add', {'address': '10.9.0.1/24', 'interface': 'ether9'}) == \
        'input does not match any value of interface'
    assert trap(router, '/interface/list/member', 'add', {'list': 'NOPE', 'interface': 'ether1'}) == \
        'input does not match any value of list'
    assert trap(router, '/ip/firewall/nat', 'add', {'chain': 'dstnat', 'in-interface-list': 'NOPE'}) == \
        'input does not match any value of in-interface-list'


def test_out_of_range_and_invalid_addresses(router):
    assert trap(router, '/interface/bridge/port', 'set', {'numbers': '*1', 'pvid': '5000'}) == \
        'value of pvid out of range (1..4094)'
    assert trap(router, '/ip/address', 'add', {'address': '300.1.1.1/24', 'interface': 'ether2'}) == \
        'invalid value for argument address'
    assert trap(router, '/ip/firewall/nat', 'add', {'chain': 'dstnat', 'dst-port': '70000', 'protocol': 'tcp'}) == \
        'value of dst-port out of range (0..65535)'


def test_nothing_is_stored_when_a_command_is_refused(router):
    before = rows(router, '/ip/address')
    trap(router, '/ip/address', 'add', {'address': '10.0.0.1/24', 'interface': 'nope'})
    assert rows(router, '/ip/address') == before


def test_ip_address_computes_network(router):
    run(router, '/ip/address', 'add', address='172.17.0.1/24', interface='ether2')
    row = rows(router, '/ip/address')[-1]
    assert row['network'] == '172.17.0.0' and row['actual-interface'] == 'ether2'


# --- errors of the command layer ----------------------------------------------------------

def test_unknown_menu_command_and_parameter(router):
    assert trap(router, '/container/nope', 'print') == 'no such command or directory (nope)'
    assert trap(router, '/container', 'frobnicate') == 'no such command or directory (frobnicate)'
    assert trap(router, '/container/envs', 'add', {'colour': 'red'}) == 'unknown parameter colour'


def test_argument_the_version_lacks_is_unknown():
    old = Router(version='7.19.6')
    assert old.execute('/container/envs', 'add', {'name': 'web', 'key': 'A', 'value': '1'}).ret == '*1'
    with pytest.raises(CommandError, match='^unknown parameter list$'):
        old.execute('/container/envs', 'add', {'list': 'web', 'key': 'A'})
    new = Router(version='7.20.8')
    with pytest.raises(CommandError, match='^unknown parameter name$'):
        new.execute('/container/envs', 'add', {'name': 'web', 'key': 'A'})


def test_console_only_commands_trap(router):
    assert 'console' in trap(router, '/ip/firewall/nat', 'export')


def test_read_user_gets_the_permission_trap_on_writes(router):
    assert router.authenticate('viewer', 'v') == 'read'
    assert router.authenticate('viewer', 'wrong') is None
    assert router.execute('/ip/address', 'print', {}, user='viewer').rows
    assert trap(router, '/ip/address', 'add', {'address': '10.1.1.1/24', 'interface': 'ether2'},
                user='viewer') == 'not enough permissions (9)'
    router.add_user('ops', 'o', 'write')
    assert router.execute('/system/script', 'add', {'name': 'ok'}, user='ops').ret


def test_is_write():
    assert not Router.is_write('print') and not Router.is_write('get')
    assert Router.is_write('add') and Router.is_write('move') and Router.is_write('start')


def test_user_passwords_are_never_printed(router):
    assert all('password' not in row for row in rows(router, '/user'))
    run(router, '/container/config', 'set', username='bot', password='hunter2')
    assert 'password' not in rows(router, '/container/config')[0]
    assert 'hunter2' not in repr(router.dump())


# --- container lists per version ---------------------------------------------------------

@pytest.mark.parametrize('version, list_key', [('7.19.6', 'name'), ('7.20.8', 'list'), ('7.24', 'list')])
def test_env_list_field_per_version(version, list_key):
    router = Router(version=version)
    router.execute('/container/envs', 'add', {list_key: 'pihole', 'key': 'TZ', 'value': 'UTC'})
    row = router.execute('/container/envs', 'print', {}).rows[0]
    assert row[list_key] == 'pihole' and row['key'] == 'TZ' and row['value'] == 'UTC'
    assert ('disabled' in row) == (version >= '7.21')


@pytest.mark.parametrize('version, attrs, expected', [
    ('7.19.6', {'name': 'etc', 'src': 'disk1/etc', 'dst': '/etc/pihole'},
     {'name': 'etc', 'src': 'disk1/etc', 'dst': '/etc/pihole'}),
    ('7.20.8', {'name': 'etc', 'src': 'disk1/etc', 'dst': '/etc/pihole', 'read-only': 'yes'},
     {'name': 'etc', 'read-only': 'true'}),
    ('7.21.5', {'list': 'etc', 'src': 'disk1/etc', 'dst': 'etc/pihole'},
     {'list': 'etc', 'src': 'disk1/etc', 'dst': 'etc/pihole', 'read-only': 'false'}),
    ('7.22.3', {'list': 'etc', 'src': 'disk1/etc', 'dst': 'etc/pihole'},
     {'list': 'etc', 'src': '/disk1/etc', 'dst': '/etc/pihole'}),
    ('7.23.3', {'list': 'etc', 'src': '/disk1/etc', 'dst': '/etc/pihole', 'mode': 'ro'},
     {'list': 'etc', 'src': '/disk1/etc', 'mode': 'ro'}),
])
def test_mount_fields_per_version(version, attrs, expected):
    router = Router(version=version)
    router.execute('/container/mounts', 'add', attrs)
    row = router.execute('/container/mounts', 'print', {}).rows[0]
    assert {k: row.get(k) for k in expected} == expected
    if version >= '7.23':
        assert 'read-only' not in row


# --- interfaces --------------------------------------------------------------------------

def test_veth_addresses_by_version():
    old = Router(version='7.19.6')
    old.execute('/interface/veth', 'add', {'name': 'veth1', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    with pytest.raises(CommandError, match='invalid value for argument address'):
        old.execute('/interface/veth', 'add', {'name': 'veth2', 'address': '172.17.0.3/24,fd00::3/64'})
    new = Router(version='7.20.8')
    new.execute('/interface/veth', 'add', {'name': 'veth1', 'address': '172.17.0.2/24,fd00::2/64',
                                           'gateway': '172.17.0.1', 'gateway6': 'fd00::1'})
    row = new.execute('/interface/veth', 'print', {}).rows[0]
    assert row['address'] == '172.17.0.2/24,fd00::2/64' and row['gateway6'] == 'fd00::1'
    assert row['mac-address'] and row['running'] == 'false'
    assert 'mac-address' not in old.execute('/interface/veth', 'print', {}).rows[0]


def test_bridge_port_is_keyed_by_interface(router):
    run(router, '/interface/bridge', 'add', name='containers')
    run(router, '/interface/veth', 'add', name='veth1', address='172.17.0.2/24')
    run(router, '/interface/bridge/port', 'add', bridge='containers', interface='veth1')
    assert trap(router, '/interface/bridge/port', 'add', {'bridge': 'bridge', 'interface': 'veth1'}) == \
        'failure: device already added as bridge port'
    assert trap(router, '/interface/bridge/port', 'add', {'bridge': 'nobridge', 'interface': 'ether1'}) == \
        'input does not match any value of bridge'
    run(router, '/interface/bridge/port', 'set', numbers='veth1', comment='by interface')
    assert rows(router, '/interface/bridge/port')[-1]['comment'] == 'by interface'


def test_renaming_an_interface_follows_references(router):
    run(router, '/interface/bridge', 'set', numbers='bridge', name='lan')
    assert {r['bridge'] for r in rows(router, '/interface/bridge/port')} == {'lan'}
    assert rows(router, '/ip/address')[0]['interface'] == 'lan'
    assert any(r['interface'] == 'lan' for r in rows(router, '/interface/list/member'))


def test_interface_list_in_use_cannot_be_removed(router):
    assert trap(router, '/interface/list', 'remove', {'numbers': 'LAN'}) == 'failure: list is in use'


# --- factory defaults ----------------------------------------------------------------------

def test_factory_defaults(router):
    assert [r['name'] for r in rows(router, '/interface/bridge')] == ['bridge']
    assert [r['interface'] for r in rows(router, '/interface/bridge/port')] == ['ether2', 'ether3', 'ether4', 'ether5']
    members = {(r['list'], r['interface']) for r in rows(router, '/interface/list/member')}
    assert members == {('LAN', 'bridge'), ('WAN', 'ether1')}
    assert rows(router, '/ip/address')[0]['address'] == '192.168.88.1/24'
    nat = rows(router, '/ip/firewall/nat')
    assert len(nat) == 1 and nat[0]['action'] == 'masquerade' and nat[0]['out-interface-list'] == 'WAN'
    filter_rules = rows(router, '/ip/firewall/filter')
    assert filter_rules[0]['dynamic'] == 'true' and len(filter_rules) > 5
    assert rows(router, '/system/identity') == [{'name': 'MikroTik'}]
    assert rows(router, '/system/device-mode')[0]['container'] == 'yes'
    assert any(r['name'] == 'container' for r in rows(router, '/system/package'))
    resource = rows(router, '/system/resource')[0]
    assert resource['version'] == '7.22.3 (stable)' and resource['architecture-name'] == 'arm64'
    for key in ('board-name', 'free-memory', 'free-hdd-space', 'total-hdd-space', 'cpu-count', 'uptime'):
        assert resource[key]


def test_hw_offload_only_where_the_version_has_it():
    assert any('hw-offload' in r for r in Router(version='7.20.8').execute('/ip/firewall/filter', 'print').rows)
    assert not any('hw-offload' in r for r in Router(version='7.21.5').execute('/ip/firewall/filter', 'print').rows)


def test_reset_returns_to_factory(router):
    run(router, '/system/identity', 'set', name='edge-7')
    run(router, '/interface/list', 'add', name='EXTRA')
    router.reset()
    assert rows(router, '/system/identity') == [{'name': 'MikroTik'}]
    assert [r['name'] for r in rows(router, '/interface/list')] == ['WAN', 'LAN']


# --- faults, persistence -------------------------------------------------------------------

def test_trap_next_fires_once(router):
    router.inject_fault('trap_next', menu='/ip/firewall/nat', verb='add', message='failure: simulated')
    assert trap(router, '/ip/firewall/nat', 'add', {'chain': 'srcnat'}) == 'failure: simulated'
    assert router.execute('/ip/firewall/nat', 'add', {'chain': 'srcnat'}).ret


def test_without_container_package_the_menu_is_missing(router):
    router.menus['/system/package'].where(name='container')[0]['disabled'] = 'true'
    assert trap(router, '/container', 'print') == 'no such command or directory (container)'


def test_state_dir_survives_a_new_process(tmp_path):
    first = Router(name='r7', version='7.20.8', state_dir=str(tmp_path))
    first.execute('/system/identity', 'set', {'name': 'persisted'})
    first.execute('/interface/list', 'add', {'name': 'KEEP'})
    second = Router(name='r7', version='7.20.8', state_dir=str(tmp_path))
    assert second.execute('/system/identity', 'print').rows == [{'name': 'persisted'}]
    assert second.execute('/interface/list', 'add', {'name': 'NEXT'}).ret == '*4'
    assert (tmp_path / 'r7.json').exists()


@given(st.floats(min_value=0, max_value=10 * 7 * 86400, allow_nan=False).map(lambda s: round(s, 3)))
def test_durations_round_trip(seconds):
    printed = values.format_duration(seconds)
    assert values.parse_duration('interval', printed) == pytest.approx(seconds, abs=0.0011)
    assert values.format_duration(values.parse_duration('interval', printed)) == printed
