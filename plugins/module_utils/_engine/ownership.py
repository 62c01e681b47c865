# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The marker at the end of ``comment`` that says which module instance made an object.

``pihole DNS [rfc:stack=default#tcp/53]``: the user's text first, readable in Winbox, then
``[rfc:<owner>#<key>]``. ``owner`` is ``<kind>=<name>`` and decides who may prune the object;
``key`` names the row among its owner's rows where the menu has no name (NAT rules).
See docs/design.md "Ownership".
"""

from __future__ import annotations

import re

from urllib.parse import unquote as urllib_unquote

_MARKER_RE = re.compile(r'(?:^|\s)\[rfc:([^\]\s#]+)(?:#([^\]\s]+))?\]\s*$')
_UNSAFE_RE = re.compile(r'[%\]#\s\[,]')


def _percent(match):
    return ''.join('%%%02X' % byte for byte in match.group(0).encode('utf-8'))


def quote(text):
    """Keep ``]``, ``#``, ``,``, spaces (and ``%`` itself) out of owners and keys, as %XX of UTF-8."""
    return _UNSAFE_RE.sub(_percent, str(text))


def unquote(text):
    return urllib_unquote(text)


class Marker(object):
    """``[rfc:<owner>#<key>]``; compare markers with ``==``."""

    __slots__ = ('owner', 'key')

    def __init__(self, owner, key=None):
        if not owner:
            raise ValueError('an ownership marker needs an owner')
        self.owner = str(owner)
        self.key = None if key is None else str(key)

    @classmethod
    def for_owner(cls, kind, name, key=None):
        return cls('%s=%s' % (kind, quote(name)), None if key is None else quote(key))

    @classmethod
    def parse(cls, comment):
        """``(user_text, Marker or None)``: the marker only counts at the very end."""
        comment = comment or ''
        match = _MARKER_RE.search(comment)
        if not match:
            return comment, None
        return comment[:match.start()].rstrip(), cls(match.group(1), match.group(2))

    def text(self):
        if self.key is None:
            return '[rfc:%s]' % self.owner
        return '[rfc:%s#%s]' % (self.owner, self.key)

    def render(self, user_text=''):
        user_text = (user_text or '').strip()
        return '%s %s' % (user_text, self.text()) if user_text else self.text()

    def same_owner(self, other):
        return other is not None and self.owner == other.owner

    def __eq__(self, other):
        return isinstance(other, Marker) and (self.owner, self.key) == (other.owner, other.key)

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self.owner, self.key))

    def __repr__(self):
        return 'Marker(%r)' % self.text()


def owner_for(kind, name, owner=None):
    """The owner a resource writes: the caller's (a stack's ``stack=<name>``) or ``<kind>=<name>``."""
    if owner:
        return quote(owner) if '=' not in owner else '='.join(quote(part) for part in owner.split('=', 1))
    return '%s=%s' % (kind, quote(name))
