# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A RouterSession stand-in for /container: state changes one poll at a time, every write recorded."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion

FLAGS = ('running', 'stopped', 'starting', 'stopping', 'extracting', 'error')
TRANSITIONS = {'extracting': 'stopped', 'starting': 'running', 'stopping': 'stopped'}


class FakeClock(object):
    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class FakeContainerSession(object):
    host = 'r1'
    port = 8728

    def __init__(self, version='7.20.8', rows=(), fail_pull_of=(), crash_images=(), refuse_start=None):
        self.refuse_start = refuse_start
        self.version = RouterOSVersion.parse(version)
        self.rows = dict((row['.id'], dict(row)) for row in rows)
        self.states = dict((row['.id'], row.pop('_state', 'running')) for row in self.rows.values())
        self.next_id = 100
        self.writes = []
        self.fail_pull_of = set(fail_pull_of)
        self.crash_images = set(crash_images)
        self.log = []

    # -- what the router prints ------------------------------------------------------------

    def _printed(self, item_id):
        row = dict(self.rows[item_id])
        state = self.states[item_id]
        if self.version >= '7.20':
            row.update((flag, 'true' if flag == state else 'false') for flag in FLAGS)
        else:
            row['status'] = state
        return row

    def _advance(self, item_id):
        state = self.states[item_id]
        row = self.rows[item_id]
        if state == 'extracting':
            failed = row.get('remote-image') in self.fail_pull_of
            self.states[item_id] = 'error' if failed else 'stopped'
            if failed:
                self.log.append({'time': '1', 'topics': 'container,error', 'message': 'container %s: registry down' % row.get('name', item_id)})
        elif state == 'starting' and row.get('remote-image') in self.crash_images:
            self.states[item_id] = 'running'
            row['_crash'] = True
        elif state == 'running' and row.pop('_crash', False):
            self.states[item_id] = 'stopped'
            self.log.append({'time': '2', 'topics': 'container,error', 'message': 'container %s: exited 1' % row.get('name', item_id)})
        elif state in TRANSITIONS:
            self.states[item_id] = TRANSITIONS[state]

    def print(self, menu, proplist=None, query=None):
        if menu != '/container':
            return []
        found = []
        for item_id in list(self.rows):
            if query and query.get('.id') not in (None, item_id):
                continue
            found.append(self._printed(item_id))
            self._advance(item_id)
        return found

    def print_many(self, requests):
        answers = []
        for request in requests:
            menu = request[0]
            answers.append(list(self.log) if menu == '/log' else [] if menu != '/container' else self.print(menu))
        return answers

    # -- writes -----------------------------------------------------------------------------

    def add(self, menu, attrs):
        self.writes.append(('add', menu, dict(attrs)))
        item_id = '*%X' % self.next_id
        self.next_id += 1
        row = dict(attrs)
        row['.id'] = item_id
        if 'name' not in row or self.version < '7.19':
            row['name'] = 'uuid-%s' % item_id
        self.rows[item_id] = row
        self.states[item_id] = 'extracting'
        return item_id

    def set(self, menu, item_id, attrs):
        self.writes.append(('set', item_id, dict(attrs)))
        self.rows[item_id].update(attrs)

    def remove(self, menu, item_id):
        self.writes.append(('remove', item_id))
        if self.states[item_id] not in ('stopped', 'error'):
            raise RouterTrap(self.host, self.port, menu, 'remove', 'failure: container must be stopped')
        del self.rows[item_id]
        del self.states[item_id]

    def command(self, menu, verb, attrs=None):
        item_id = attrs['.id']
        self.writes.append((verb, item_id))
        if verb == 'start' and self.refuse_start:
            raise RouterTrap(self.host, self.port, menu, verb, self.refuse_start)
        if verb == 'start' and self.states[item_id] == 'stopped':
            self.states[item_id] = 'starting'
        elif verb == 'stop' and self.states[item_id] in ('running', 'starting'):
            self.states[item_id] = 'stopping'
        return []

    def verbs(self):
        return [write[0] for write in self.writes]
