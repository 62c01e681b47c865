"""Rule order in /ip/firewall/nat and /ip/firewall/filter: place-before, move, dynamic rules."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from routeros_sim.router import CommandError, Router


@pytest.fixture
def router():
    return Router(version='7.22.3')


def comments(router, path):
    return [r.get('comment', '') for r in router.execute(path, 'print').rows]


def add(router, path, comment, **extra):
    attrs = {'chain': 'dstnat', 'action': 'accept', 'comment': comment}
    attrs.update({k.replace('_', '-'): v for k, v in extra.items()})
    return router.execute(path, 'add', attrs).ret


NAT = '/ip/firewall/nat'
FILTER = '/ip/firewall/filter'


def test_add_appends_and_place_before_inserts_and_is_never_printed(router):
    a = add(router, NAT, 'a')
    add(router, NAT, 'b')
    add(router, NAT, 'c', place_before=a)
    assert comments(router, NAT) == ['defconf: masquerade', 'c', 'a', 'b']
    assert all('place-before' not in r for r in router.execute(NAT, 'print').rows)


def test_move_puts_rule_just_before_destination(router):
    a, b, c = (add(router, NAT, name) for name in 'abc')
    router.execute(NAT, 'move', {'numbers': c, 'destination': a})
    assert comments(router, NAT)[1:] == ['c', 'a', 'b']
    router.execute(NAT, 'move', {'numbers': a, 'destination': b})
    assert comments(router, NAT)[1:] == ['c', 'a', 'b']
    router.execute(NAT, 'move', {'numbers': c})
    assert comments(router, NAT)[1:] == ['a', 'b', 'c']


def test_move_several_keeps_their_order(router):
    a, b, c, d = (add(router, NAT, name) for name in 'abcd')
    router.execute(NAT, 'move', {'numbers': f'{d},{c}', 'destination': a})
    assert comments(router, NAT)[1:] == ['d', 'c', 'a', 'b']


def test_dynamic_rules_stay_first(router):
    dynamic = router.execute(FILTER, 'print').rows[0]
    assert dynamic['dynamic'] == 'true'
    mine = add(router, FILTER, 'mine', chain='forward')
    with pytest.raises(CommandError, match='dynamic'):
        router.execute(FILTER, 'move', {'numbers': mine, 'destination': dynamic['.id']})
    with pytest.raises(CommandError, match='dynamic'):
        add(router, FILTER, 'early', chain='forward', place_before=dynamic['.id'])
    with pytest.raises(CommandError, match='dynamic'):
        router.execute(FILTER, 'remove', {'numbers': dynamic['.id']})
    with pytest.raises(CommandError, match='dynamic'):
        router.execute(FILTER, 'move', {'numbers': dynamic['.id']})
    assert router.execute(FILTER, 'print').rows[0]['.id'] == dynamic['.id']
    assert comments(router, FILTER)[-1] == 'mine'


def test_move_to_first_static_rule_is_allowed(router):
    first_static = router.execute(FILTER, 'print').rows[1]['.id']
    mine = add(router, FILTER, 'mine', chain='input')
    router.execute(FILTER, 'move', {'numbers': mine, 'destination': first_static})
    assert comments(router, FILTER)[1] == 'mine'


def test_unknown_item_in_move(router):
    with pytest.raises(CommandError, match='^no such item$'):
        router.execute(NAT, 'move', {'numbers': '*99'})


def test_dstnat_rule_prints_what_was_set(router):
    router.execute(NAT, 'add', {'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '8080',
                                'to-addresses': '172.17.0.2', 'to-ports': '80', 'in-interface-list': 'WAN'})
    row = router.execute(NAT, 'print').rows[-1]
    assert {k: row[k] for k in ('chain', 'action', 'protocol', 'dst-port', 'to-addresses', 'to-ports',
                                'in-interface-list', 'disabled', 'dynamic')} == {
        'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '8080',
        'to-addresses': '172.17.0.2', 'to-ports': '80', 'in-interface-list': 'WAN',
        'disabled': 'false', 'dynamic': 'false'}


def test_rule_validation(router):
    with pytest.raises(CommandError, match='^input does not match any value of action$'):
        router.execute(NAT, 'add', {'chain': 'srcnat', 'action': 'explode'})
    with pytest.raises(CommandError, match='^failure: chain not specified$'):
        router.execute(NAT, 'add', {'action': 'masquerade'})
    with pytest.raises(CommandError, match='^input does not match any value of in-interface$'):
        router.execute(NAT, 'add', {'chain': 'dstnat', 'in-interface': '!ether9'})
    router.execute(NAT, 'add', {'chain': 'dstnat', 'in-interface': '!ether1'})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(['add', 'add-before', 'move', 'move-end', 'remove']),
                          st.integers(0, 20), st.integers(0, 20)), max_size=25))
def test_any_sequence_keeps_dynamic_rules_first_and_ids_unique(operations):
    router = Router(version='7.24')
    for operation, first, second in operations:
        current = [r['.id'] for r in router.execute(FILTER, 'print').rows]
        pick = current[first % len(current)]
        other = current[second % len(current)]
        attrs = {'add': {'chain': 'forward'}, 'add-before': {'chain': 'forward', 'place-before': pick},
                 'move': {'numbers': pick, 'destination': other}, 'move-end': {'numbers': pick},
                 'remove': {'numbers': pick}}[operation]
        verb = operation.split('-')[0]
        before = router.execute(FILTER, 'print').rows
        try:
            router.execute(FILTER, verb, attrs)
        except CommandError:
            assert router.execute(FILTER, 'print').rows == before   # a refusal changes nothing
        rows = router.execute(FILTER, 'print').rows
        flags = [r['dynamic'] for r in rows]
        assert flags == sorted(flags, reverse=True)                 # all 'true' before any 'false'
        assert flags[0] == 'true'
        assert len({r['.id'] for r in rows}) == len(rows)
