"""The API server as a client sees it: login, tags, concurrency, cancel, replies, faults,
and malformed input that must never take the server down."""

import re
import time

import librouteros
import pytest
from librouteros.exceptions import TrapError
from librouteros.login import token

from conftest import PASSWORD, USER, RawClient, attributes

from routeros_sim.protocol import encode_length, encode_sentence

INVALID_LOGIN = ['!trap', '=message=invalid user name or password (6)']


def port_of(running, name='r1'):
    return running.fleet.get(name).port


def logged_in(running, name='r1'):
    client = RawClient(port_of(running, name))
    assert client.login() == [['!done']]
    return client


def assert_serves_a_new_client(running):
    client = logged_in(running)
    reply = client.command('/system/identity/print')
    assert reply[-1] == ['!done'] and reply[0][0] == '!re'
    client.close()


# -- login ---------------------------------------------------------------------------------

def test_plain_login_and_a_wrong_password(running):
    client = RawClient(port_of(running))
    assert client.login(password='wrong') == [INVALID_LOGIN, ['!done']]
    assert client.login(user='nobody') == [INVALID_LOGIN, ['!done']]
    assert client.login() == [['!done']]
    assert client.command('/system/identity/print')[-1] == ['!done']


def test_a_command_before_login_ends_the_session(running):
    client = RawClient(port_of(running))
    client.send('/system/identity/print')
    assert client.read() == ['!fatal', 'not logged in']
    assert client.closed()
    assert_serves_a_new_client(running)


def test_login_with_a_name_and_no_password_answers_a_challenge(running):
    client = RawClient(port_of(running))
    reply = client.command('/login', '=name=%s' % USER)
    assert reply[0][0] == '!done' and len(reply) == 1
    assert re.fullmatch('[0-9a-f]{32}', attributes(reply[0])['ret'])


def test_legacy_challenge_login(running):
    client = RawClient(port_of(running))
    challenge = client.command('/login')
    assert challenge[0][0] == '!done' and len(attributes(challenge[0])['ret']) == 32
    api = librouteros.connect('127.0.0.1', USER, PASSWORD, port=port_of(running), login_method=token, timeout=5)
    assert tuple(api.path('/system/identity'))
    api.close()
    with pytest.raises(TrapError, match=r'invalid user name or password \(6\)'):
        librouteros.connect('127.0.0.1', USER, 'wrong', port=port_of(running), login_method=token, timeout=5)


def test_a_response_without_a_challenge_is_refused(running):
    client = RawClient(port_of(running))
    assert client.command('/login', '=name=admin', '=response=00' + '0' * 32) == [INVALID_LOGIN, ['!done']]


# -- replies -------------------------------------------------------------------------------

def test_every_reply_to_a_tagged_command_carries_its_tag(running):
    client = logged_in(running)
    client.send_raw(b''.join(encode_sentence(['/ip/firewall/filter/print', '.tag=%s' % tag]) for tag in ('a', 'b', 'c')))
    replies = [client.read_until_done(tag) for tag in ('a', 'b', 'c')]
    for tag, reply in zip(('a', 'b', 'c'), replies):
        assert len(reply) > 1
        assert all(sentence[-1] == '.tag=%s' % tag for sentence in reply)
    trap = client.command('/nothing/print', '.tag=x')
    assert trap == [['!trap', '=category=0', '=message=no such command or directory (nothing)', '.tag=x'],
                    ['!trap', '=category=0', '=message=no such command prefix', '.tag=x'], ['!done', '.tag=x']]


def test_add_returns_the_new_id(running):
    client = logged_in(running)
    reply = client.command('/container/envs/add', '=list=app', '=key=A', '=value=1')
    assert len(reply) == 1 and reply[0][0] == '!done' and attributes(reply[0])['ret'].startswith('*')


def test_proplist_and_count_only(running):
    client = logged_in(running)
    rows = client.command('/ip/firewall/filter/print')[:-1]
    assert len(rows) >= 2
    only = client.command('/ip/firewall/filter/print', '=.proplist=.id,chain')[:-1]
    assert [sorted(attributes(row)) for row in only] == [['.id', 'chain']] * len(rows)
    assert client.command('/ip/firewall/filter/print', '=count-only=') == [['!done', '=ret=%d' % len(rows)]]
    assert client.command('/ip/firewall/filter/print', '=count-only=', '?chain=nothing') == [['!done', '=ret=0']]


def test_print_filters_with_queries(running):
    client = logged_in(running)
    for key in ('A', 'B', 'C'):
        client.command('/container/envs/add', '=list=app', '=key=%s' % key, '=value=v')
    rows = client.command('/container/envs/print', '?key=A', '?key=C', '?#|')[:-1]
    assert sorted(attributes(row)['key'] for row in rows) == ['A', 'C']


def test_a_malformed_query_is_a_trap_and_the_session_goes_on(running):
    client = logged_in(running)
    reply = client.command('/container/envs/print', '?#|')
    assert reply[0][:2] == ['!trap', '=category=1'] and 'underflow' in reply[0][2]
    assert client.command('/container/envs/print', '=count-only=')[-1][0] == '!done'


@pytest.mark.parametrize('version, empty', [('7.17.1', False), ('7.18.2', True), ('7.24', True)])
def test_an_empty_print_sends_empty_from_7_18(fleet_factory, version, empty):
    running = fleet_factory(versions=(version,))
    client = logged_in(running)
    expected = [['!empty'], ['!done']] if empty else [['!done']]
    assert client.command('/container/envs/print') == expected
    # count-only never sends !empty
    assert client.command('/container/envs/print', '=count-only=') == [['!done', '=ret=0']]


def test_quit_ends_the_session_with_fatal(running):
    client = logged_in(running)
    client.send('/quit')
    assert client.read() == ['!fatal', 'session terminated on request']
    assert client.closed()


# -- concurrency and cancel ----------------------------------------------------------------

def test_tagged_commands_run_concurrently_under_latency(fleet_factory):
    running = fleet_factory(latency_ms=300)
    client = logged_in(running)
    started = time.monotonic()
    client.send_raw(b''.join(encode_sentence(['/system/identity/print', '.tag=%d' % tag]) for tag in range(5)))
    for tag in range(5):
        client.read_until_done(tag)
    elapsed = time.monotonic() - started
    assert 0.3 <= elapsed < 1.0, 'five commands of 300 ms each took %.2f s' % elapsed


def test_commands_reach_the_router_in_the_order_they_arrived(fleet_factory):
    running = fleet_factory(latency_ms=100)
    client = logged_in(running)
    client.send_raw(encode_sentence(['/container/envs/add', '=list=app', '=key=K', '=value=1', '.tag=add'])
                    + encode_sentence(['/container/envs/print', '?key=K', '.tag=print']))
    replies = client.read_until_done('add') + client.read_until_done('print')
    printed = [sentence for sentence in replies if sentence[0] == '!re']
    assert len(printed) == 1 and attributes(printed[0])['value'] == '1'


def test_cancel_interrupts_a_command_in_flight(fleet_factory):
    running = fleet_factory(latency_ms=500)
    client = logged_in(running)
    client.send('/container/envs/add', '=list=app', '=key=K', '=value=1', '.tag=slow')
    client.send('/cancel', '=tag=slow', '.tag=c')
    assert client.read() == ['!trap', '=category=2', '=message=interrupted', '.tag=slow']
    assert client.read() == ['!done', '.tag=slow']
    assert client.read() == ['!done', '.tag=c']
    assert client.command('/container/envs/print', '=count-only=') == [['!done', '=ret=0']]
    assert client.command('/cancel', '=tag=gone') == [['!trap', '=category=0', '=message=no such command'], ['!done']]


def test_cancel_without_a_tag_interrupts_everything(fleet_factory):
    running = fleet_factory(latency_ms=500)
    client = logged_in(running)
    client.send('/system/identity/print', '.tag=1')
    client.send('/system/identity/print', '.tag=2')
    client.send('/cancel')
    replies = [client.read() for _sentence in range(5)]
    assert replies == [['!trap', '=category=2', '=message=interrupted', '.tag=1'], ['!done', '.tag=1'],
                       ['!trap', '=category=2', '=message=interrupted', '.tag=2'], ['!done', '.tag=2'], ['!done']]


# -- malformed input -----------------------------------------------------------------------

@pytest.mark.parametrize('garbage', [bytes([0xF8]), bytes([0xFF, 1, 2, 3]), encode_length(17 * 1024 * 1024)])
def test_bad_framing_gets_fatal_and_the_server_stays_up(running, garbage):
    client = RawClient(port_of(running))
    client.send_raw(garbage)
    fatal = client.read()
    assert fatal[0] == '!fatal' and len(fatal) == 2
    assert client.closed()
    assert_serves_a_new_client(running)


def test_bad_framing_after_login_gets_fatal_too(running):
    client = logged_in(running)
    client.send_raw(bytes([0xFA]))
    assert client.read()[0] == '!fatal'
    assert client.closed()


@pytest.mark.parametrize('data', [
    b'GET / HTTP/1.1\r\nHost: x\r\n\r\n',          # garbage that parses as a length and a partial word
    encode_length(5) + b'/lo',                      # half a word
    encode_sentence(['/login', '=name=admin'])[:-1],  # a sentence without its end
])
def test_a_client_that_leaves_midway_does_not_hurt_the_next(running, data):
    client = RawClient(port_of(running))
    client.send_raw(data)
    client.close()
    assert_serves_a_new_client(running)


def test_many_connections_at_once(running):
    clients = [logged_in(running) for _client in range(20)]
    for client in clients:
        assert client.command('/system/identity/print')[-1] == ['!done']
        client.close()


# -- faults and counters -------------------------------------------------------------------

def test_drop_after_closes_the_connection_without_a_reply(running):
    host = running.fleet.get('r1')
    running.call(host.inject_fault, 'drop_after', sentences=2)
    client = logged_in(running)                                       # sentence 1
    assert client.command('/system/identity/print')[-1] == ['!done']  # sentence 2
    client.send('/system/identity/print')                             # the line goes dead here
    assert client.closed()
    assert_serves_a_new_client(running)                               # the fault fired once


def test_latency_fault_and_clear(running):
    host = running.fleet.get('r1')
    running.call(host.inject_fault, 'latency', ms=400)
    client = logged_in(running)
    started = time.monotonic()
    client.command('/system/identity/print')
    assert time.monotonic() - started >= 0.4
    running.call(host.inject_fault, 'clear')
    started = time.monotonic()
    client.command('/system/identity/print')
    assert time.monotonic() - started < 0.3


def test_counters_count_sentences_logins_commands_and_writes(running):
    host = running.fleet.get('r1')
    client = logged_in(running)
    client.command('/container/envs/print')
    client.command('/container/envs/add', '=list=app', '=key=A', '=value=1')
    client.command('/container/envs/add', '=list=app', '=key=B', '=value=2')
    client.command('/nothing/print')
    counters = running.call(host.counters.as_dict)
    assert counters == {
        'sentences': 5, 'round_trips': 5, 'logins': 1,
        'commands': {'/container/envs add': 2, '/container/envs print': 1, '/nothing print': 1},
        'writes': {'/container/envs add': 2},
    }
    running.call(host.counters.reset)
    assert running.call(host.counters.as_dict)['commands'] == {}


def test_an_unset_word_reaches_the_model_as_bang_key(running):
    client = logged_in(running)
    new_id = attributes(client.command('/container/envs/add', '=list=app', '=key=A', '=value=1', '=comment=note')[0])['ret']
    assert client.command('/container/envs/set', '=.id=%s' % new_id, '=!comment=') == [['!done']]
    (row,) = client.command('/container/envs/print', '?.id=%s' % new_id)[:-1]
    assert 'comment' not in attributes(row) or attributes(row)['comment'] == ''


def test_a_model_bug_is_reported_as_such_and_the_session_survives(running, capsys):
    router = running.fleet.get('r1').router

    def broken(**_kwargs):
        raise RuntimeError('boom')
    original, router.execute = router.execute, broken
    client = logged_in(running)
    try:
        assert client.command('/system/identity/print') == [
            ['!trap', '=category=4', '=message=simulator internal error: RuntimeError: boom'], ['!done']]
    finally:
        router.execute = original
    assert client.command('/system/identity/print')[-1] == ['!done']
    assert 'RuntimeError: boom' in capsys.readouterr().err
