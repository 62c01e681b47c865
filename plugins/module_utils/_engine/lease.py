# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One run at a time per owner on a router: a lease held as a ``/system/script`` entry.

Two runs of the same stack on one router (an AWX schedule meeting a manual run) would each
plan against what they read, then stop, remove and replace what the other just made. So a run
plans once without a lease; only when that plan sends something does it take the lease,
read the router again and plan again against what it holds now (a converged router gets no
write at all, and a read-only user's run on it works). The lease goes back when the session
closes:

* the lease is the script ``rfc-lease-<owner>``: RouterOS refers to scripts by name, so a
  second ``add`` of that name fails; the add is the atomic acquire. The wording of that
  failure is not relied on: after any refused add the menu is read again, and only an entry
  of that name counts as "held";
* its comment names the holder (user, controller, process), since when and until when, and
  carries our marker ``[rfc:<owner>#lease]``; a lease past its expiry, or one whose holder ran on this controller and
  has ended (a run that was killed or lost its connection),
  is removed by its ``.id`` and taken over;
* a run that finds the lease held waits for it (``WAIT_SECONDS``), then reads the router as
  the other run left it; after the wait it fails naming the holder and how to clear a stale
  lease, before anything is read or written;
* a refused add with no lease entry behind it (a user without write rights) takes no lease:
  such a run fails at its first write anyway, with that write named;
* check mode takes no lease (it writes nothing, and read-only users preview too); it warns
  when another run holds one, since the preview may be outdated by the time it ends.

Expiry is the controller's clock (epoch seconds): controllers sharing routers need roughly
synchronised clocks, which AWX nodes have.
"""

from __future__ import annotations

import getpass
import os
import re
import socket
import time
import uuid


from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError, RouterTrap
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, quote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState

MENU = '/system/script'
PREFIX = 'rfc-lease-'
TTL_SECONDS = 1800          # longer than any run: pulls wait up to their wait_timeout per container
WAIT_SECONDS = 900
POLL_SECONDS = 2
_DETAILS_RE = re.compile(r'held by (?P<holder>.*?) since (?P<since>\S+) until (?P<until>\S+) '
                         r'expires=(?P<expires>\d+) token=(?P<token>\w+)')
_SOURCE = '# Not a script: routeros_fleet.containers holds this name while a run changes this router.\n'


class LeaseHeld(RouterError):
    """Another run holds the lease and did not give it back in time."""


def lease_name(owner):
    return PREFIX + quote(owner).replace('=', '-')


def _stamp(seconds):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(seconds))


def _holder():
    try:
        user = getpass.getuser()
    except Exception:  # pylint: disable=broad-except
        user = 'unknown'
    return '%s@%s-pid-%d' % (user, socket.gethostname(), os.getpid())


def _holder_is_gone(holder):
    """True when the holder ran on this controller and its process has ended (a killed or dropped run),
    or is this very process (a run loop runs one session at a time, and closed the earlier one):
    its lease is stale at once, so the next run need not wait for the expiry."""
    user_host, sep, pid = (holder or '').rpartition('-pid-')
    if not sep or not pid.isdigit() or user_host.partition('@')[2] != socket.gethostname():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


class Lease(object):
    """A lease this run holds; ``release()`` removes it if it is still ours (never raises)."""

    def __init__(self, session, owner, item_id, token):
        self.session = session
        self.owner = owner
        self.item_id = item_id
        self.token = token
        self.released = False

    def release(self):
        if self.released:
            return
        self.released = True
        try:
            held = _current(self.session, lease_name(self.owner))
            if held is not None and held.get('token') == self.token:
                self.session.remove(MENU, held['.id'])
        except RouterError:
            pass  # the session died: the lease expires on its own


def _current(session, name):
    """The lease entry of ``name`` with its parsed details, or None."""
    for row in session.print(MENU, proplist=('.id', 'name', 'comment')):
        if row.get('name') == name:
            details = dict(row)
            match = _DETAILS_RE.search(row.get('comment') or '')
            if match:
                details.update(match.groupdict())
            return details
    return None


def _describe(held):
    if 'holder' not in held:
        return 'an entry %s not written by this collection (remove it if nothing uses it)' % held.get('name')
    return '%s since %s, until %s' % (held['holder'], held['since'], held['until'])


def acquire(session, owner, wait=WAIT_SECONDS, ttl=TTL_SECONDS, clock=time.time, sleep=time.sleep):
    """Take the lease of ``owner`` on the session's router, waiting up to ``wait`` seconds; LeaseHeld after that."""
    name = lease_name(owner)
    token = uuid.uuid4().hex[:12]
    holder = _holder()
    deadline = clock() + wait
    while True:
        now = clock()
        comment = Marker(owner, 'lease').render('held by %s since %s until %s expires=%d token=%s' % (
            holder, _stamp(now), _stamp(now + ttl), int(now + ttl), token))
        try:
            item_id = session.add(MENU, {'name': name, 'comment': comment, 'source': _SOURCE, 'policy': 'read'})
            return Lease(session, owner, item_id, token)
        except RouterTrap:
            held = _current(session, name)
            if held is None:
                return None   # refused for another reason (rights): the run's own first write will say so
        if 'expires' in held and (int(held['expires']) <= now or _holder_is_gone(held.get('holder'))):
            try:
                session.remove(MENU, held['.id'])   # by id: a lease taken over meanwhile stays
            except RouterTrap:
                pass
            continue
        if now >= deadline:
            raise LeaseHeld(session.host, session.port, (
                'another run of %s is changing this router: lease %s held by %s; waited %ds. If that run is gone, '
                'remove the lease: /system/script remove [find name=%s]' % (owner, name, _describe(held), wait, name)))
        sleep(min(POLL_SECONDS, max(0, deadline - now)))


def hold(session, owner, check_mode=False, **options):
    """The one call a run loop makes after connecting: take the lease (released when the session closes).

    In check mode nothing is written: only a warning when another run holds the lease.
    """
    if check_mode:
        try:
            held = _current(session, lease_name(owner))
        except RouterError:
            return None
        if held is not None:
            session.warnings.append(
                'router %s: another run of %s holds the lease (%s); this preview shows the router as it is now, '
                'before that run ends' % (getattr(session, 'name', session.host), owner, _describe(held)))
        return None
    lease = acquire(session, owner, **options)
    if lease is not None:
        session.on_close(lease.release)
    return lease


def plan_under_lease(session, owner, check_mode, object_types, planner, **options):
    """``(state, plan)`` for a run loop: planned once; if it writes anything (and is not check mode),
    planned again under the lease, against the router as it is once no other run is changing it."""
    state = RouterState.read(session, object_types)
    plan = planner(state)
    if check_mode:
        hold(session, owner, check_mode=True)
        return state, plan
    if not plan.writes():
        # Nothing to write (converged, or only waiting for containers still starting after a
        # reboot), nothing to guard: such a run costs no extra round trip and writes no lease.
        return state, plan
    hold(session, owner, **options)
    state = RouterState.read(session, object_types)
    return state, planner(state)
