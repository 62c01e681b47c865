# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""RouterOS version numbers, as /system/resource prints them and as the schema tables name them."""

from __future__ import annotations

import functools
import re

_VERSION_RE = re.compile(r'^\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(beta|rc)(\d+))?')

# A pre-release sorts before the release of the same number: 7.20rc1 < 7.20.
_STAGE_ORDER = {'beta': 0, 'rc': 1, None: 2}


@functools.total_ordering
class RouterOSVersion:
    """A RouterOS version such as ``7.22.3 (stable)``, ``7.20rc2`` or ``7.19``.

    Compares with other versions and with strings, so tables can say ``version >= '7.20'``.
    A missing patch level counts as zero: ``7.20`` is the first 7.20 release.
    """

    __slots__ = ('major', 'minor', 'patch', 'stage', 'stage_number', 'text')

    def __init__(self, major, minor=0, patch=0, stage=None, stage_number=0, text=None):
        self.major = major
        self.minor = minor
        self.patch = patch
        self.stage = stage
        self.stage_number = stage_number
        self.text = text or self._format()

    @classmethod
    def parse(cls, value):
        if isinstance(value, RouterOSVersion):
            return value
        match = _VERSION_RE.match(str(value))
        if not match:
            raise ValueError('not a RouterOS version: %r' % (value,))
        major, minor, patch, stage, stage_number = match.groups()
        return cls(int(major), int(minor or 0), int(patch or 0), stage, int(stage_number or 0),
                   text=str(value).strip())

    def _format(self):
        text = '%d.%d' % (self.major, self.minor)
        if self.patch:
            text += '.%d' % self.patch
        if self.stage:
            text += '%s%d' % (self.stage, self.stage_number)
        return text

    @property
    def key(self):
        return (self.major, self.minor, self.patch, _STAGE_ORDER[self.stage], self.stage_number)

    @property
    def short(self):
        """``7.22.3`` without the channel, for messages and file names."""
        return self._format()

    def __eq__(self, other):
        try:
            return self.key == RouterOSVersion.parse(other).key
        except ValueError:
            return NotImplemented

    def __lt__(self, other):
        return self.key < RouterOSVersion.parse(other).key

    def __hash__(self):
        return hash(self.key)

    def __repr__(self):
        return 'RouterOSVersion(%r)' % self.text

    def __str__(self):
        return self.short


# The range the schema tables were made from (the /console/inspect trees of 7.15.3 .. 7.24,
# tests/unit/plugins/module_utils/_schema/test_tables.py): older routers lack menus the
# collection needs; newer ones are planned with the newest tables, and told so.
OLDEST_SUPPORTED = RouterOSVersion(7, 15)
NEWEST_KNOWN = RouterOSVersion(7, 24)


class UnsupportedVersion(ValueError):
    """A router older than OLDEST_SUPPORTED: nothing is planned for it."""


def support_warning(version):
    """None for a version the tables know; a warning for a newer one; UnsupportedVersion for an older one.

    The warning names no router, so that Ansible shows it once for a fleet on the same release.
    """
    version = RouterOSVersion.parse(version)
    if version < OLDEST_SUPPORTED:
        raise UnsupportedVersion('RouterOS %s or later is needed; this router runs %s' % (OLDEST_SUPPORTED, version))
    if (version.major, version.minor) > (NEWEST_KNOWN.major, NEWEST_KNOWN.minor):
        return ('RouterOS %s is newer than the newest version this collection knows (%s): it is planned with the %s '
                'tables; a property RouterOS renamed or removed since then shows as a trap naming it'
                % (version, NEWEST_KNOWN, NEWEST_KNOWN))
    return None
