# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The in-process fake of a router session: a RouterSession backed by a simulated router.

The project's simulator (tests/simulator/routeros_sim) models a real router per version;
this session talks to its ``Router`` directly instead of over TCP, with a manual clock, so
that engine and lifecycle tests meet RouterOS behaviour (factory defaults, validation texts,
container states over time) instead of a hand-written imitation. Arguments go through the
same word encoding as the real session (``_api.words``), so ``True`` reaches the router as
``yes`` and ``None`` as ``=!key=``, and traps come back as the same ``RouterTrap``.

Every call is recorded in ``calls``, in the shapes
``('print', menu)``, ``('add', menu, attrs)``, ``('set', menu, id, attrs)``,
``('remove', menu, id)``, ``('command', menu, verb, attrs)``.
"""

from __future__ import annotations

import copy
import os
import sys

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import RouterSession
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.words import (
    attribute_words, menu_path, proplist_word, query_words)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion

# tests/unit/plugins/harness/ -> tests/simulator: the same relative place in the repository and
# in ansible-test's copy of the collection.
TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SIMULATOR_PATH = os.path.join(TESTS_DIR, 'simulator')
if SIMULATOR_PATH not in sys.path:
    sys.path.insert(0, SIMULATOR_PATH)

from routeros_sim.model.catalog import Catalog  # noqa: E402
from routeros_sim.model.clock import ManualClock  # noqa: E402
from routeros_sim.query import QueryError, compile_query  # noqa: E402
from routeros_sim.router import CommandError, Router  # noqa: E402
from routeros_sim.session import Command  # noqa: E402

WRITE_ACTIONS = ('add', 'set', 'remove', 'command')


class SimulatedTime(object):
    """The clock the waits poll with (``monotonic``/``sleep``): sleeping moves the router's time."""

    def __init__(self, clock):
        self.manual_clock = clock

    def monotonic(self):
        return self.manual_clock()

    def sleep(self, seconds):
        self.manual_clock.advance(seconds)


class _Menus(object):
    """``session.menus[menu]``: the rows as an admin prints them now (a fresh copy each time)."""

    def __init__(self, session):
        self._session = session

    def __getitem__(self, menu):
        return self._session.rows(menu)


class SimulatorSession(object):
    """The RouterSession API (docs/design.md, connection contract) on a simulated router.

    ``version``/``arch`` choose the router; it starts with RouterOS's factory configuration.
    ``catalog`` is a ``Catalog`` or a catalog file (default: the shipped one).
    ``time`` (a ``SimulatedTime``) is what lifecycle code should wait with; ``advance(s)``
    moves simulated time by hand.
    """

    def __init__(self, version='7.20.8', arch='arm64', host='192.0.2.1', port=8728, catalog=None,
                 user='admin', password='', group='full'):
        self.host = host
        self.port = port
        self.user = user
        self.clock = ManualClock()
        self.time = SimulatedTime(self.clock)
        # What apply's waits poll with (_engine/apply.py): the router's own time, no real sleeping.
        self.wait_clock = self.time
        self.router = Router(name='r1', version=version, arch=arch, catalog=catalog if catalog is not None else _shipped_catalog(),
                             users={user: (password, group)}, clock=self.clock)
        resource = self.router.execute('/system/resource', 'print').rows[0]
        identity = self.router.execute('/system/identity', 'print').rows[0]
        self.version = RouterOSVersion.parse(resource['version'])
        self.architecture = resource.get('architecture-name')
        self.identity = identity.get('name')
        self.calls = []
        self.print_rounds = 0
        self.round_trips = 0
        self.warnings = []
        self.closed = False
        self._container_support_checked = False
        self._container_support = None

    # -- what tests look at ---------------------------------------------------------------------

    @property
    def writes(self):
        return [call for call in self.calls if call[0] in WRITE_ACTIONS]

    def verbs(self):
        """Each write's verb in order: ``add``, ``set``, ``remove``, or the command (``start``...)."""
        return [call[2] if call[0] == 'command' else call[0] for call in self.writes]

    @property
    def container_support_checked(self):
        return self._container_support_checked

    @property
    def menus(self):
        return _Menus(self)

    def rows(self, menu):
        """The rows of ``menu`` as an admin prints them, without recording a call."""
        return [dict(row) for row in self.router.execute(menu_path(menu), 'print').rows or []]

    def seed(self, menu, *rows, **options):
        """Create rows the way a user would have by hand (not recorded); returns their ids.

        ``place_before='*id'`` puts them before that row (firewall menus).
        """
        ids = []
        for row in rows:
            attrs = dict(row)
            if options.get('place_before'):
                attrs['place-before'] = options['place_before']
            ids.append(self._execute(menu_path(menu), 'add', attribute_words(attrs))[1])
        return ids

    def clear(self, menu):
        """Remove every static row of ``menu`` (not recorded), e.g. to start without defconf."""
        for row in self.rows(menu):
            if row.get('dynamic') != 'true':
                self.router.execute(menu_path(menu), 'remove', {'.id': row['.id']})

    def container_states(self):
        """``{'.id': state}`` of every container (the model's state, whatever the version prints)."""
        self.router.containers.advance()
        return dict((row['.id'], row['_state']) for row in self.router.containers.rows)

    def trap_next(self, menu, verb, message):
        """The next ``verb`` on ``menu`` traps with ``message`` (the simulator's trap_next fault)."""
        self.router.inject_fault('trap_next', menu=menu_path(menu), verb=verb, message=message)

    def advance(self, seconds):
        self.clock.advance(seconds)

    # -- the RouterSession API ------------------------------------------------------------------

    def _execute(self, menu, verb, words):
        """Run one command sentence on the router: ``(rows, ret)``; a refusal raises RouterTrap."""
        command = Command(['%s/%s' % (menu, verb)] + words)
        attrs = dict(command.attrs)
        proplist = attrs.pop('.proplist', None)
        try:
            predicate = compile_query(command.queries) if command.queries else None
            result = self.router.execute(command.path, command.verb, attrs, user=self.user)
        except QueryError as error:
            raise RouterTrap(self.host, self.port, menu, verb, str(error), category=1)
        except CommandError as error:
            raise RouterTrap(self.host, self.port, menu, verb, error.message, category=error.category)
        rows = [row for row in result.rows or [] if predicate is None or predicate(row)]
        if proplist is not None:
            wanted = [name for name in proplist.split(',') if name]
            rows = [dict((name, row[name]) for name in wanted if name in row) for row in rows]
        else:
            rows = [dict(row) for row in rows]
        return rows, result.ret

    def print(self, menu, proplist=None, query=None):
        return self.print_many([(menu, proplist, query)])[0]

    def print_many(self, requests):
        requests = [tuple(request) + (None,) * (3 - len(request)) for request in requests]
        if not requests:
            return []
        self.print_rounds += 1
        self.round_trips += 1
        answers, first_trap = [], None
        for menu, proplist, query in requests:
            menu = menu_path(menu)
            self.calls.append(('print', menu))
            try:
                answers.append(self._execute(menu, 'print', proplist_word(proplist) + query_words(query))[0])
            except RouterTrap as trap:
                # Like the real session: every answer arrives, then the first trap raises.
                first_trap = first_trap or trap
                answers.append([])
        if first_trap is not None:
            raise first_trap
        return answers

    def add(self, menu, attrs):
        menu = menu_path(menu)
        self.calls.append(('add', menu, dict(attrs)))
        self.round_trips += 1
        return self._execute(menu, 'add', attribute_words(attrs))[1]

    def set(self, menu, item_id, attrs):
        menu = menu_path(menu)
        self.calls.append(('set', menu, item_id, dict(attrs)))
        self.round_trips += 1
        self._execute(menu, 'set', ['=.id=%s' % item_id] + attribute_words(attrs, allow_unset=True))

    def remove(self, menu, item_id):
        menu = menu_path(menu)
        self.calls.append(('remove', menu, item_id))
        self.round_trips += 1
        self._execute(menu, 'remove', ['=.id=%s' % item_id])

    def command(self, menu, verb, attrs=None):
        menu = menu_path(menu)
        self.calls.append(('command', menu, verb, dict(attrs or {})))
        self.round_trips += 1
        rows, ret = self._execute(menu, verb, attribute_words(attrs))
        if not rows and ret is not None:
            return [{'ret': ret}]
        return rows

    def container_support(self):
        # The real session's read and check, on this session's prints: one source of the explanations.
        return RouterSession.container_support(self)

    def check_container_support(self):
        RouterSession.check_container_support(self)

    def on_close(self, callback):
        self._on_close = getattr(self, '_on_close', []) + [callback]

    def close(self):
        callbacks, self._on_close = getattr(self, '_on_close', []), []
        for callback in callbacks:
            callback()
        self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


_CATALOG_CACHE = {}


def _shipped_catalog():
    """A fresh copy of the shipped catalog (``publish`` changes a catalog), parsed once."""
    if 'shipped' not in _CATALOG_CACHE:
        _CATALOG_CACHE['shipped'] = Catalog.load()
    return copy.deepcopy(_CATALOG_CACHE['shipped'])
