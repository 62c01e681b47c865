# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""An in-memory RouterSession for engine and module unit tests: rows per menu, every call recorded.

It keeps raw RouterOS strings like the real session, gives ids `*1`, `*2`... that are never
reused, honours `place-before` and `move`, and can trap on a chosen write.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion


class FakeSession(object):

    def __init__(self, version='7.20.8', menus=None, host='192.0.2.1', port=8728):
        self.host = host
        self.port = port
        self.version = RouterOSVersion.parse(version)
        self.menus = dict((menu, [dict(row) for row in rows]) for menu, rows in (menus or {}).items())
        self.calls = []
        self.print_rounds = 0
        self.closed = False
        self.trap_on = None          # (menu, verb, message): the next matching write traps
        self.container_support_checked = False
        self._next_id = 0x100
        for rows in self.menus.values():
            for row in rows:
                if '.id' not in row:
                    row['.id'] = self._new_id()

    def _new_id(self):
        self._next_id += 1
        return '*%X' % self._next_id

    @property
    def writes(self):
        return [call for call in self.calls if call[0] != 'print']

    def _maybe_trap(self, menu, verb):
        if self.trap_on and self.trap_on[0] == menu and self.trap_on[1] == verb:
            message = self.trap_on[2]
            self.trap_on = None
            raise RouterTrap(self.host, self.port, menu, verb, message, category=1)

    def _rows(self, menu):
        return self.menus.setdefault(menu, [])

    def _index(self, menu, item_id):
        for index, row in enumerate(self._rows(menu)):
            if row.get('.id') == item_id:
                return index
        raise RouterTrap(self.host, self.port, menu, 'set', 'no such item', category=0)

    def print(self, menu, proplist=None, query=None):
        return self.print_many([(menu, proplist)])[0]

    def print_many(self, requests):
        self.print_rounds += 1
        answers = []
        for request in requests:
            menu, proplist = request[0], request[1]
            self.calls.append(('print', menu))
            rows = []
            for row in self._rows(menu):
                rows.append(dict((key, value) for key, value in row.items() if not proplist or key in proplist))
            answers.append(rows)
        return answers

    def add(self, menu, attrs):
        self.calls.append(('add', menu, dict(attrs)))
        self._maybe_trap(menu, 'add')
        row = dict((key, value) for key, value in attrs.items() if key != 'place-before')
        row['.id'] = self._new_id()
        rows = self._rows(menu)
        if 'place-before' in attrs:
            rows.insert(self._index(menu, attrs['place-before']), row)
        else:
            rows.append(row)
        return row['.id']

    def set(self, menu, item_id, attrs):
        self.calls.append(('set', menu, item_id, dict(attrs)))
        self._maybe_trap(menu, 'set')
        row = self._rows(menu)[self._index(menu, item_id)]
        for key, value in attrs.items():
            if value is None:
                row.pop(key, None)
            else:
                row[key] = value

    def remove(self, menu, item_id):
        self.calls.append(('remove', menu, item_id))
        self._maybe_trap(menu, 'remove')
        del self._rows(menu)[self._index(menu, item_id)]

    def command(self, menu, verb, attrs=None):
        attrs = dict(attrs or {})
        self.calls.append(('command', menu, verb, attrs))
        self._maybe_trap(menu, verb)
        rows = self._rows(menu)
        if verb == 'set':
            # Only settings menus (/container/config) are set without an id.
            if not rows:
                rows.append({})
            rows[0].update(attrs)
        elif verb == 'move':
            row = rows.pop(self._index(menu, attrs['numbers']))
            if attrs.get('destination'):
                rows.insert(self._index(menu, attrs['destination']), row)
            else:
                rows.append(row)
        return []

    def check_container_support(self):
        self.container_support_checked = True

    def close(self):
        self.closed = True
