# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Apply a Plan through a RouterSession, and say exactly how far it got when the router refuses."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change


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

    def data(self):
        return {'failed': self.failed, 'applied': list(self.applied), 'not_applied': list(self.not_applied)}


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


def _execute(session, change):
    menu = change.menu
    item_id = _resolve(change.item_id, change)
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
        if item_id is not None and 'numbers' not in attrs:
            attrs['numbers'] = item_id
        return session.command(menu, change.verb, attrs)
    return change.runner(session, change)


def apply_plan(session, plan, check_mode=False, state=None):
    """Send every change in order; in check mode send nothing at all. Returns the applied changes.

    With ``state``, rows that state assumed from this plan's adds learn their real ids.
    """
    if check_mode:
        return []
    applied = []
    changes = list(plan.changes)
    for index, change in enumerate(changes):
        try:
            _execute(session, change)
        except RouterError as error:
            raise ApplyError(session.host, session.port, change.describe(), [done.describe() for done in applied],
                             [rest.describe() for rest in changes[index + 1:]], error)
        applied.append(change)
        if state is not None and change.action == 'add':
            state.record_id(change, change.result_id)
    return applied
