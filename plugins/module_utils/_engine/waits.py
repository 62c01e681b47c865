# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What apply waits for after a change: RouterOS answers ``add`` and ``start`` at once and does
the work in the background, so a change that matters carries a ``Wait`` (``Change.wait``).

A Wait polls the one row involved until its status (container_status.py) is what it waits
for, bounded by a timeout. A failure becomes a ``LifecycleError`` with the router's own reason
and, for a container that would not run, the last lines of its log. Each wait records how long
it took (``Change.elapsed``): the container module reports that as ``timings``.
"""

from __future__ import annotations

import re
import time

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources import container_status as cs
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import supports

LOG_LINES = 10

# A start that falls back to stopped this soon after it ran is a crash, not a stop.
SETTLE_SECONDS = 0.5

# Before the router shows starting/running after `start`, a stopped row means nothing yet.
START_GRACE_SECONDS = 2.0

POLL_SECONDS = 0.2
MAX_POLL_SECONDS = 2.0

PULLED, RUNNING, STOPPED, SETTLED = 'pull', 'start', 'stop', 'settle'


class LifecycleError(RouterError):
    """A wait failed. ``str()`` is one line: ``router <host>:<port>: <message>``.

    ``reason`` is the router's own text; ``log_lines`` the container's last log lines.
    """

    def __init__(self, message, reason=None, log_lines=(), host=None, port=None):
        self.message = message
        self.reason = reason
        self.log_lines = list(log_lines)
        super(LifecycleError, self).__init__(host, port, message)


class Clock(object):
    """Time, replaceable so that unit tests of the waits run on the simulated router's clock."""

    monotonic = staticmethod(time.monotonic)
    sleep = staticmethod(time.sleep)


class Wait(object):
    """Wait after a change until the row ``is`` what ``until`` names:

    * ``PULLED``: the image is downloaded and extracted (the container is stopped);
    * ``RUNNING``: the process runs, and still runs a moment later (a crash is a failure);
    * ``STOPPED``: the process ended; the stop command is sent only to a running container;
    * ``SETTLED``: a transition someone else began is over (a ``wait`` change).

    ``label`` names the container in messages (``container web``).
    """

    __slots__ = ('until', 'timeout', 'label')

    def __init__(self, until, timeout, label):
        self.until = until
        self.timeout = timeout
        self.label = label

    def needs_sending(self, session, menu, item_id):
        """Whether the change's command still has something to do (a stop of a stopped container has not)."""
        if self.until != STOPPED:
            return True
        current = read(session, menu, item_id)
        return current is not None and current.status in (cs.RUNNING, cs.STARTING)

    def __call__(self, session, menu, item_id, clock):
        """Wait; LifecycleError when the router says it failed or the timeout passes."""
        poller = _Poller(session, menu, clock, self.label)
        if self.until == PULLED:
            return poller.wait(item_id, (cs.STOPPED,), self.timeout, 'pulling the image of %s' % self.label)
        if self.until == STOPPED:
            return poller.wait(item_id, (cs.STOPPED, cs.FAILED, cs.ERROR), self.timeout, 'stopping %s' % self.label, fail_on=())
        if self.until == SETTLED:
            return poller.wait(item_id, (cs.STOPPED, cs.RUNNING, cs.FAILED, cs.ERROR), self.timeout,
                               'waiting for %s to finish its current step' % self.label, fail_on=())
        return poller.running(item_id, self.timeout)

    def explain(self, session, menu, item_id, error):
        """The error a failed command of this change becomes: a refused start says why, with the log."""
        if self.until == RUNNING and isinstance(error, RouterTrap):
            # e.g. 7.22+ `start failed: no command specified, set cmd or entrypoint`
            return LifecycleError('starting %s failed: %s' % (self.label, error.message), reason=error.message,
                                  log_lines=log_tail(session, read(session, menu, item_id)),
                                  host=session.host, port=session.port)
        return error


def read(session, menu, item_id):
    """The container with ``.id`` ``item_id`` as it is now, or None when it is gone."""
    rows = session.print(menu, proplist=CONTAINER.resolve(session.version).proplist(), query={'.id': item_id})
    rows = [row for row in rows if row.get('.id') == item_id]
    return cs.ContainerStatus(rows[0]) if rows else None


class _Poller(object):

    def __init__(self, session, menu, clock, label):
        self.session = session
        self.menu = menu
        self.clock = clock
        self.label = label

    def error(self, message, reason=None, log_lines=()):
        return LifecycleError(message, reason=reason, log_lines=log_lines, host=self.session.host, port=self.session.port)

    def wait(self, item_id, until, timeout, what, fail_on=(cs.FAILED, cs.ERROR), check=None):
        started = self.clock.monotonic()
        interval = POLL_SECONDS
        while True:
            current = read(self.session, self.menu, item_id)
            elapsed = self.clock.monotonic() - started
            if current is None:
                raise self.error('container %s disappeared while %s' % (item_id, what))
            if current.status in until:
                return current
            if current.status in fail_on:
                log_lines = log_tail(self.session, current)
                # Before 7.23 the router prints no reason on the row; its log line says it.
                reason = current.reason or (log_lines[-1] if log_lines else None)
                raise self.error('%s failed: %s' % (what, reason or current.status), reason=reason, log_lines=log_lines)
            if check is not None:
                check(current, elapsed)
            if elapsed >= timeout:
                raise self.error('%s did not finish within %s s (still %s)' % (what, _seconds(timeout), current.status))
            self.clock.sleep(min(interval, max(timeout - elapsed, 0.01)))
            interval = min(interval * 1.5, MAX_POLL_SECONDS)

    def running(self, item_id, timeout):
        """After ``start``: running, and still running a moment later; else the reason and the log."""
        seen = {'progress': False}

        def crashed(current, elapsed):
            if current.status in (cs.STARTING, cs.RUNNING):
                seen['progress'] = True
            elif current.status == cs.STOPPED and (seen['progress'] or elapsed >= START_GRACE_SECONDS):
                raise self.start_failure(current)

        try:
            self.wait(item_id, (cs.RUNNING,), timeout, 'starting %s' % self.label, check=crashed)
            # Seen running once; a process that exits at once is back to stopped a moment later.
            self.clock.sleep(SETTLE_SECONDS)
            current = read(self.session, self.menu, item_id)
            if current is None or current.status not in (cs.RUNNING, cs.STARTING):
                raise self.start_failure(current)
            return current
        except LifecycleError as exc:
            if not exc.log_lines and 'starting' in exc.message:
                exc.log_lines = log_tail(self.session, read(self.session, self.menu, item_id))
            raise

    def start_failure(self, current):
        reason = current.reason if current is not None else None
        log_lines = log_tail(self.session, current)
        if not reason:
            # The row says nothing before 7.23; the router's log line does ("exited with status 1",
            # "terminated by signal 4 (Illegal instruction)"), after the process's own output.
            reason = next((line for line in reversed(log_lines) if _EXIT_WORDS.search(line)), None)
        return self.error('%s stopped right after it was started: %s' % (self.label, reason or 'no reason given by the router'),
                          reason=reason, log_lines=log_lines)


def log_tail(session, current, lines=LOG_LINES):
    """The last lines the router logged about this container, for failure messages.

    The system log (topic ``container``) has the router's own messages: pull failures,
    start errors. Versions with a container log menu also hold the container's output there.
    """
    names = set(filter(None, (getattr(current, 'name', None), getattr(current, 'id', None))))
    requests = [('/log', ('time', 'topics', 'message'))]
    if supports('container.log_menu', session.version):
        requests.append(('/container/log', ('time', 'container', 'message')))
    try:
        answers = session.print_many(requests)
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
