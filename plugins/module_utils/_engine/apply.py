# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Apply a Plan through a RouterSession, and say exactly how far it got when the router refuses."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine import waits
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.waits import LifecycleError


class ApplyError(RouterError):
    """A change failed mid-plan. ``applied``/``not_applied`` are the changes' one-line descriptions."""

    def __init__(self, host, port, failed, applied, not_applied, cause):
        self.failed = failed
        self.applied = applied
        self.not_applied = not_applied
        self.original = cause
        reason = cause.cause if isinstance(cause, RouterError) else str(cause)
        message = '%s failed: %s; applied before it: %s; not applied: %s' % (
            failed, reason, '; '.join(applied) or 'nothing', '; '.join(not_applied) or 'nothing')
        super(ApplyError, self).__init__(host, port, message)


def _resolve(value, change):
    """An earlier add Change stands for the id the router gave it."""
    if isinstance(value, Change):
        if value.result_id is None:
            raise RouterError(None, None, '%s needs the id of "%s", which was not applied' % (
                change.describe(), value.describe()))
        return value.result_id
    return value


def _attrs(change):
    return dict((key, _resolve(value, change)) for key, value in change.attrs.items())


def row_argument(change):
    """The argument a command of ``change`` names its row with (``ObjectType.row_argument``)."""
    return change.object_type.row_argument if change.object_type is not None else 'numbers'


def _send(session, change, item_id):
    menu = change.menu
    if change.action == 'add':
        change.result_id = session.add(menu, _attrs(change))
        return change.result_id
    if change.action == 'set':
        if item_id is None:
            # A settings menu (/container/config) has no rows to name.
            return session.command(menu, 'set', _attrs(change))
        return session.set(menu, item_id, _attrs(change))
    if change.action == 'unset':
        return session.set(menu, item_id, dict((key, None) for key in change.attrs))
    if change.action == 'remove':
        return session.remove(menu, item_id)
    if change.action == 'move':
        return session.command(menu, 'move', _attrs(change))
    if change.action == 'command':
        attrs = _attrs(change)
        if item_id is not None:
            attrs.setdefault(row_argument(change), item_id)
        return session.command(menu, change.verb, attrs)
    return None  # a wait sends nothing


def _execute(session, change, clock):
    """Send the change, then wait for what it waits for (``Change.wait``, _engine/waits.py)."""
    item_id = _resolve(change.item_id, change)
    wait = change.wait
    if wait is None or wait.needs_sending(session, change.menu, item_id):
        try:
            _send(session, change, item_id)
        except RouterError as error:
            raise wait.explain(session, change.menu, item_id, error) if wait is not None else error
    if wait is not None:
        started = clock.monotonic()
        try:
            wait(session, change.menu, change.result_id if change.action == 'add' else item_id, clock)
        finally:
            change.elapsed = round(clock.monotonic() - started, 2)


def _undo(session, change, clock):
    """Apply ``change.undo``, best effort: each step is tried. The first error, or None."""
    first_error = None
    for step in change.undo:
        try:
            _execute(session, step, clock)
        except RouterError as error:
            first_error = first_error or error
    return first_error


def _failed(session, change, error, clock):
    """The error to raise for a failed change, once its undo ran: ``change.failure`` words it."""
    if not change.undo and change.failure is None:
        return error
    undo_error = _undo(session, change, clock)
    if change.failure is None:
        return error
    message = getattr(error, 'message', None) or getattr(error, 'cause', None) or str(error)
    if callable(change.failure):
        text = change.failure(message, getattr(undo_error, 'cause', undo_error))
    else:
        text = change.failure.replace('{error}', message)
    return LifecycleError(text, reason=getattr(error, 'reason', None), log_lines=getattr(error, 'log_lines', ()),
                          host=session.host, port=session.port)


def apply_plan(session, plan, check_mode=False, state=None, clock=None):
    """Send every change in order, each followed by its wait; in check mode send nothing at all.
    Returns the applied changes.

    With ``state``, rows that state assumed from this plan's adds learn their real ids.
    ``clock`` is what the waits poll with: real time, unless the session keeps a clock of its own
    (``session.wait_clock``: a simulated router's time) or the caller gives one.
    """
    if check_mode:
        return []
    clock = clock or getattr(session, 'wait_clock', None) or waits.Clock()
    applied = []
    changes = list(plan.changes)
    for index, change in enumerate(changes):
        try:
            try:
                _execute(session, change, clock)
            except RouterError as error:
                raise _failed(session, change, error, clock)
        except RouterError as error:
            raise ApplyError(session.host, session.port, change.describe(), [done.describe() for done in applied],
                             [rest.describe() for rest in changes[index + 1:]], error)
        applied.append(change)
        if state is not None and change.action == 'add':
            state.record_id(change, change.result_id)
    return applied
