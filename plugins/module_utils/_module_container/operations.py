# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The imperative side of the lifecycle: add, start, stop, remove, and the waits between them.

RouterOS answers ``add`` and ``start`` at once and does the work in the background, so every
step that matters is followed by a bounded wait that polls the one row involved. A failure
becomes a ``LifecycleError`` with the router's own reason and, for a container that would
not run, the last lines of its log.
"""

from __future__ import annotations

import re
import time

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import state as st
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import (
    CONTAINER, CONTAINER_LOG_MENU_SINCE, MENU,
)

LOG_LINES = 10

# A start that falls back to stopped this soon after it ran is a crash, not a stop.
SETTLE_SECONDS = 0.5

# Before the router shows starting/running after `start`, a stopped row means nothing yet.
START_GRACE_SECONDS = 2.0


class LifecycleError(RouterError):
    """One lifecycle step failed. ``str()`` is one line: ``router <host>:<port>: <message>``.

    ``reason`` is the router's own text; ``log_lines`` the container's last log lines.
    """

    def __init__(self, message, reason=None, log_lines=(), host=None, port=None):
        self.message = message
        self.reason = reason
        self.log_lines = list(log_lines)
        super(LifecycleError, self).__init__(host, port, message)


class Clock(object):
    """Time, injectable so that unit tests of the waits run instantly."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


class ContainerOps(object):
    """Operations on one router's containers, within one API session."""

    def __init__(self, session, clock=None, poll_interval=0.2, max_poll_interval=2.0):
        self.session = session
        self.clock = clock or Clock()
        self.poll_interval = poll_interval
        self.max_poll_interval = max_poll_interval
        self.proplist = CONTAINER.resolve(session.version).proplist()
        self.timings = {}

    def error(self, message, reason=None, log_lines=()):
        return LifecycleError(message, reason=reason, log_lines=log_lines, host=self.session.host, port=self.session.port)

    def _time(self, key, started):
        elapsed = round(self.clock.monotonic() - started, 2)
        self.timings[key] = round(self.timings.get(key, 0) + elapsed, 2)
        return elapsed

    def read(self, item_id):
        """The container with ``.id`` ``item_id`` as it is now, or None when it is gone."""
        rows = self.session.print(MENU, proplist=self.proplist, query={'.id': item_id})
        rows = [row for row in rows if row.get('.id') == item_id]
        return st.ContainerState(rows[0]) if rows else None

    def wait(self, item_id, until, timeout, what, fail_on=(st.FAILED, st.ERROR), check=None):
        """Poll until the status is in ``until``; LifecycleError on a failure status or the timeout.

        ``check(state, elapsed)`` may raise to stop early (used to spot a crash after start).
        """
        started = self.clock.monotonic()
        interval = self.poll_interval
        while True:
            current = self.read(item_id)
            elapsed = self.clock.monotonic() - started
            if current is None:
                raise self.error('container %s disappeared while %s' % (item_id, what))
            if current.status in until:
                return current
            if current.status in fail_on:
                log_lines = self.log_tail(current)
                # Before 7.23 the router prints no reason on the row; its log line says it.
                reason = current.reason or (log_lines[-1] if log_lines else None)
                raise self.error('%s failed: %s' % (what, reason or current.status), reason=reason, log_lines=log_lines)
            if check is not None:
                check(current, elapsed)
            if elapsed >= timeout:
                raise self.error('%s did not finish within %s s (still %s)' % (what, _seconds(timeout), current.status))
            self.clock.sleep(min(interval, max(timeout - elapsed, 0.01)))
            interval = min(interval * 1.5, self.max_poll_interval)

    def add(self, attrs):
        return self.session.add(MENU, attrs)

    def set(self, item_id, attrs):
        self.session.set(MENU, item_id, attrs)

    def pull(self, item_id, timeout, label):
        """Wait while the router downloads and extracts the image of a new container."""
        started = self.clock.monotonic()
        try:
            return self.wait(item_id, (st.STOPPED,), timeout, 'pulling the image of %s' % label)
        finally:
            self._time('pull', started)

    def start(self, item_id, timeout, label):
        """Start and wait until running; a container that stops again fails with its reason and log."""
        started = self.clock.monotonic()
        seen = {'progress': False}

        def crashed(current, elapsed):
            if current.status in (st.STARTING, st.RUNNING):
                seen['progress'] = True
            elif current.status == st.STOPPED and (seen['progress'] or elapsed >= START_GRACE_SECONDS):
                raise self._start_failure(current, label)

        try:
            try:
                self.session.command(MENU, 'start', {'.id': item_id})
            except RouterTrap as trap:
                # e.g. 7.22+ `start failed: no command specified, set cmd or entrypoint`
                raise self.error('starting %s failed: %s' % (label, trap.message), reason=trap.message,
                                 log_lines=self.log_tail(self.read(item_id)))
            current = self.wait(item_id, (st.RUNNING,), timeout, 'starting %s' % label, check=crashed)
            # Seen running once; a process that exits at once is back to stopped a moment later.
            self.clock.sleep(SETTLE_SECONDS)
            current = self.read(item_id)
            if current is None or current.status not in (st.RUNNING, st.STARTING):
                raise self._start_failure(current, label)
            return current
        except LifecycleError as exc:
            if not exc.log_lines and 'starting' in exc.message:
                exc.log_lines = self.log_tail(self.read(item_id))
            raise
        finally:
            self._time('start', started)

    def _start_failure(self, current, label):
        reason = current.reason if current is not None else None
        log_lines = self.log_tail(current)
        if not reason:
            # The row says nothing before 7.23; the router's log line does ("exited with status 1",
            # "terminated by signal 4 (Illegal instruction)"), after the process's own output.
            reason = next((line for line in reversed(log_lines) if _EXIT_WORDS.search(line)), None)
        return self.error('%s stopped right after it was started: %s' % (label, reason or 'no reason given by the router'),
                          reason=reason, log_lines=log_lines)

    def stop(self, item_id, timeout, label):
        started = self.clock.monotonic()
        try:
            current = self.read(item_id)
            if current is not None and current.status in (st.RUNNING, st.STARTING):
                self.session.command(MENU, 'stop', {'.id': item_id})
            return self.wait(item_id, (st.STOPPED, st.FAILED, st.ERROR), timeout, 'stopping %s' % label, fail_on=())
        finally:
            self._time('stop', started)

    def settle(self, item_id, timeout, label):
        """Wait out a transition someone else began (extracting, starting, stopping)."""
        return self.wait(item_id, (st.STOPPED, st.RUNNING, st.FAILED, st.ERROR), timeout,
                         'waiting for %s to finish %s' % (label, 'its current step'), fail_on=())

    def remove(self, item_id):
        self.session.remove(MENU, item_id)

    def remove_quietly(self, item_id):
        """Best-effort clean-up of a container we just added: never hides the original failure."""
        try:
            current = self.read(item_id)
            if current is not None and current.status in (st.RUNNING, st.STARTING):
                self.session.command(MENU, 'stop', {'.id': item_id})
                self.wait(item_id, (st.STOPPED, st.FAILED, st.ERROR), 30, 'stopping', fail_on=())
            if current is not None:
                self.session.remove(MENU, item_id)
            return True
        except (RouterError, LifecycleError):
            return False

    def log_tail(self, current, lines=LOG_LINES):
        """The last lines the router logged about this container, for failure messages.

        The system log (topic ``container``) has the router's own messages: pull failures,
        start errors. From 7.20 ``/container/log`` also holds the container's output.
        """
        names = set(filter(None, (getattr(current, 'name', None), getattr(current, 'id', None))))
        requests = [('/log', ('time', 'topics', 'message'))]
        if self.session.version >= CONTAINER_LOG_MENU_SINCE:
            requests.append((MENU + '/log', ('time', 'container', 'message')))
        try:
            answers = self.session.print_many(requests)
        except RouterError:
            return []
        messages = []
        for row in answers[0]:
            message = row.get('message') or ''
            if 'container' in (row.get('topics') or '') and any(name in message for name in names):
                messages.append((row.get('time') or '', message))
        for row in answers[1] if len(answers) > 1 else ():
            if row.get('container') in names and row.get('message'):
                messages.append((row.get('time') or '', '%s: %s' % (row['container'], row['message'])))
        # Both logs print in time order; a stable sort on the time text interleaves them well enough.
        messages.sort(key=lambda item: item[0])
        return [message for dummy, message in messages][-lines:]


_EXIT_WORDS = re.compile(r'exit(ed)? (with )?(status|code)|signal \d+|failed', re.IGNORECASE)


def _seconds(value):
    return ('%.1f' % value).rstrip('0').rstrip('.')
