# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""RouterSession on loopback, against a scripted peer (words sent, replies parsed, tags, traps) and the simulator."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, RouterTrap
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.wire import ScriptedRouter, sentence, simulated_router_on_loopback


def options(router, **overrides):
    params = {'hostname': '127.0.0.1', 'port': router.port, 'username': 'admin', 'password': 'secret', 'timeout': 3}
    params.update(overrides)
    return params


def test_connect_reads_identity_and_resources_in_one_round_trip():
    with ScriptedRouter() as router:
        session = connect(options(router))
        try:
            assert str(session.version) == '7.20.8'
            assert session.version >= '7.20'
            assert session.architecture == 'arm64'
            assert session.board_name == 'RB5009UG+S+'
            assert session.identity == 'lab-r1'
            assert session.free_hdd_space == 1048576
            assert session.round_trips == 2  # login, then both system prints together
        finally:
            session.close()
        tagged = [words for words in router.requests if words[0] in ('/system/resource/print', '/system/identity/print')]
        assert [word for words in tagged for word in words if word.startswith('.tag=')] == ['.tag=0', '.tag=1']
        assert '=.proplist=version,architecture-name,board-name,free-hdd-space,total-hdd-space' in tagged[0]


def test_print_returns_raw_strings_and_sends_proplist_and_query():
    rows = [{'.id': '*1', 'name': 'pihole', 'running': 'true', 'memory-high': '007', 'cmd': 'a=b'}]
    with ScriptedRouter(menus={'/container/print': rows}) as router:
        with connect(options(router)) as session:
            assert session.print('/container', proplist=['.id', 'name'], query={'name': 'pihole'}) == rows
        assert router.requests[-1] == ['/container/print', '=.proplist=.id,name', '?=name=pihole']


def test_print_many_handles_interleaved_tagged_replies_in_one_round_trip():
    held = []

    def handler(words, conn):
        if words[0] == '/login':
            return [sentence('!done')]
        if words[0] == '/system/resource/print':
            return [sentence('!re', '=version=7.16.2', '=architecture-name=arm', '.tag=0'), sentence('!done', '.tag=0')]
        if words[0] == '/system/identity/print':
            return [sentence('!re', '=name=r', '.tag=1'), sentence('!done', '.tag=1')]
        held.append(words)
        if len(held) < 3:
            return None
        # All three asked: answer out of order, interleaved, with an untagged stray and an !empty.
        return [sentence('!re', '=name=b1', '.tag=1'), sentence('!done', '.tag=2'), sentence('!re', '=name=a1', '.tag=0'),
                sentence('!re', '=stray=yes'), sentence('!re', '=name=b2', '.tag=1'), sentence('!done', '.tag=1'),
                sentence('!empty', '.tag=0'), sentence('!re', '=name=a2', '.tag=0'), sentence('!done', '.tag=0')]

    with ScriptedRouter(handler=handler) as router:
        with connect(options(router)) as session:
            before = session.round_trips
            answer = session.print_many([('/a', ('name',)), ('/b', None), ('/c', None, {'x': 1})])
            assert session.round_trips == before + 1
        assert answer == [[{'name': 'a1'}, {'name': 'a2'}], [{'name': 'b1'}, {'name': 'b2'}], []]
        assert held == [['/a/print', '=.proplist=name', '.tag=0'], ['/b/print', '.tag=1'], ['/c/print', '?=x=1', '.tag=2']]


def test_print_many_raises_the_first_trap_after_reading_every_answer():
    def handler(words, conn):
        if words[0] == '/login':
            return [sentence('!done')]
        tag = [word for word in words if word.startswith('.tag=')]
        if words[0] == '/bad/print':
            return [sentence('!trap', '=message=no such command prefix', '=category=0', *tag), sentence('!done', *tag)]
        return [sentence('!re', '=version=7.24', *tag), sentence('!done', *tag)]

    with ScriptedRouter(handler=handler) as router:
        with connect(options(router)) as session:
            with pytest.raises(RouterTrap) as caught:
                session.print_many([('/ok', None), ('/bad', None), ('/ok2', None)])
            assert caught.value.menu == '/bad'
            assert caught.value.verb == 'print'
            assert caught.value.category == 0
            assert str(caught.value) == 'router 127.0.0.1:%d: /bad print: no such command prefix' % router.port
            # The session is still in step: the next command gets its own answer.
            assert session.print('/ok') == [{'version': '7.24'}]


def test_add_set_remove_command_words():
    def handler(words, conn):
        if words[0] == '/container/add':
            return [sentence('!done', '=ret=*1A')]
        if words[0] in ('/container/start', '/container/set', '/container/remove'):
            return [sentence('!done')]
        if words[0] == '/container/shell':
            return [sentence('!re', '=line=hello'), sentence('!done')]
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        with connect(options(router)) as session:
            assert session.add('/container', {'remote-image': 'pihole/pihole:latest', 'start-on-boot': True, 'cmd': ''}) == '*1A'
            session.set('/container', '*1A', {'comment': 'x [rfc:stack=default]', 'dns': None})
            session.remove('/container', '*1A')
            assert session.command('/container', 'start', {'.id': '*1A'}) == []
            assert session.command('/container', 'shell') == [{'line': 'hello'}]
            assert session.command('/container', 'add', {'file': 'a.tar'}) == [{'ret': '*1A'}]
    sent = router.requests[3:]
    assert sent[0] == ['/container/add', '=remote-image=pihole/pihole:latest', '=start-on-boot=yes', '=cmd=']
    assert sent[1] == ['/container/set', '=.id=*1A', '=comment=x [rfc:stack=default]', '=!dns=']
    assert sent[2][:2] == ['/container/remove', '=.id=*1A']
    assert sent[3] == ['/container/start', '=.id=*1A']


def test_trap_names_menu_verb_and_message():
    def handler(words, conn):
        if words[0] == '/container/add':
            return [sentence('!trap', '=message=failure: Name already exists', '=category=4'), sentence('!done')]
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        with connect(options(router)) as session:
            with pytest.raises(RouterTrap) as caught:
                session.add('/container', {'name': 'x'})
            assert caught.value.message == 'failure: Name already exists'
            assert caught.value.category == 4
            assert str(caught.value).endswith(':%d: /container add: failure: Name already exists' % router.port)
            assert session.print('/system/identity') == [{'name': 'lab-r1'}]


def test_fatal_closes_the_session_with_a_clear_line():
    def handler(words, conn):
        if words[0] == '/container/print':
            return [sentence('!fatal', 'session terminated on request')]
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        session = connect(options(router))
        with pytest.raises(RouterError, match=r'!fatal\): session terminated on request$'):
            session.print('/container')
        with pytest.raises(RouterError, match='session is closed'):
            session.print('/system/identity')


def test_drop_in_the_middle_of_a_reply():
    def handler(words, conn):
        if words[0] == '/container/print':
            conn.sendall(sentence('!re', '=name=a'))
            return 'close'
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        with connect(options(router)) as session:
            with pytest.raises(RouterError) as caught:
                session.print('/container')
            assert str(caught.value) == 'router 127.0.0.1:%d: connection dropped by the router' % router.port


def test_empty_sentences_are_ignored():
    def handler(words, conn):
        if words[0] == '/x/print':
            return [b'\x00', sentence('!re', '=a=1'), b'\x00', sentence('!done')]
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        with connect(options(router)) as session:
            assert session.print('/x') == [{'a': '1'}]


def test_non_ascii_values_round_trip():
    rows = [{'name': 'Küche-🙂', 'comment': 'straße'}]
    with ScriptedRouter(menus={'/x/print': rows}) as router:
        with connect(options(router)) as session:
            assert session.print('/x') == rows


def test_container_support_ok_and_each_failure_explained():
    def check(**fault):
        with simulated_router_on_loopback('7.20.8') as router:
            if fault:
                router.inject_fault(**fault)
            with connect({'hostname': '127.0.0.1', 'port': router.port, 'password': 'pw', 'timeout': 3}) as session:
                session.check_container_support()

    check()
    with pytest.raises(RouterError, match=r'container package is not installed: .*container-7\.20\.8-arm64\.npk'):
        check(kind='container_package', state='missing')
    with pytest.raises(RouterError, match='installed but disabled'):
        check(kind='container_package', state='disabled')
    with pytest.raises(RouterError, match='device-mode does not allow containers: .*physical access'):
        check(kind='device_mode', container=False)
