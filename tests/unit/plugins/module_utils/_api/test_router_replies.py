# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Replies real routers give that are easy to mishandle: two traps for one command, and the
traps librouteros raises itself (TrapError, MultiTrapError). Served by the simulator over TCP."""

from __future__ import annotations

import pytest
from librouteros.exceptions import MultiTrapError, TrapError

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import (
    RouterError, RouterTrap, describe_failure, to_router_error)
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.wire import simulated_router_on_loopback


@pytest.fixture
def router_port():
    with simulated_router_on_loopback('7.20.8', password='pw') as router:
        yield router.port


def test_two_traps_for_an_unknown_menu_are_one_error_naming_the_first(router_port):
    session = connect({'hostname': '127.0.0.1', 'port': router_port, 'username': 'admin', 'password': 'pw', 'timeout': 5})
    try:
        with pytest.raises(RouterTrap) as caught:
            session.print('/system/health')
        assert caught.value.message == 'no such command or directory (health)'
        assert str(caught.value) == 'router 127.0.0.1:%d: /system/health print: no such command or directory (health)' % router_port
        # The session is still usable afterwards: both traps and the !done were read.
        assert session.print('/system/identity')[0]['name']
        with pytest.raises(RouterTrap, match=r'no such command or directory \(health\)'):
            session.print_many([('/system/identity', None), ('/system/health', None)])
        assert session.print('/system/identity')
    finally:
        session.close()


def test_librouteros_multi_trap_is_one_line_with_the_first_trap():
    error = MultiTrapError(TrapError('no such command or directory (health)', 0), TrapError('no such command prefix', 0))
    assert describe_failure(error) == 'the router refused the command: no such command or directory (health)'
    wrapped = to_router_error(error, '10.0.0.1', 8728)
    assert isinstance(wrapped, RouterError)
    assert str(wrapped) == 'router 10.0.0.1:8728: the router refused the command: no such command or directory (health)'


def test_librouteros_single_trap_is_one_line():
    assert describe_failure(TrapError('failure: not allowed by device-mode', 4)) == \
        'the router refused the command: failure: not allowed by device-mode'
