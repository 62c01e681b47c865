# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""What a ``/container`` row says about the container, whichever way the version prints it.

Older RouterOS prints a text ``status``; 7.20+ print boolean flag properties (``running=true``),
7.23+ with slash-named ones such as ``downloading/extracting``. The image reference is ``tag``
on most versions and ``repo`` on some. This module turns every variant into one
``ContainerStatus`` so that the planner and the waits never look at raw properties themselves.
"""

from __future__ import annotations

EXTRACTING = 'extracting'
STOPPED = 'stopped'
STARTING = 'starting'
RUNNING = 'running'
STOPPING = 'stopping'
FAILED = 'failed'  # download or extraction failed: the container has no usable root dir
ERROR = 'error'
UNKNOWN = 'unknown'

# Transitional states: waiting is the only sensible reaction.
BUSY = (EXTRACTING, STARTING, STOPPING)

# Text values and flag names, mapped to one status. Order matters for flags: a row that says
# both `stopped` and `extracting` (seen while a download restarts) is still extracting.
_STATUS_WORDS = (
    ('download/extract failed', FAILED),
    ('extract failed', FAILED),
    ('download failed', FAILED),
    ('failed', FAILED),
    ('error', ERROR),
    ('downloading/extracting', EXTRACTING),
    ('downloading', EXTRACTING),
    ('extracting', EXTRACTING),
    ('pulling', EXTRACTING),
    ('stopping', STOPPING),
    ('starting', STARTING),
    ('running', RUNNING),
    ('stopped', STOPPED),
)

_TRUE = ('true', 'yes')

# Properties that may carry the reason of a failure, best first.
_REASON_PROPERTIES = ('.about', 'about', 'error', 'status-message', 'message')

# The image reference: `tag` on most versions, `repo` on some 7.18/7.19 builds; `remote-image`
# where a version echoes the add argument.
_IMAGE_PROPERTIES = ('tag', 'repo', 'remote-image')


def read_status(row):
    """The canonical status of one printed row."""
    text = row.get('status')
    if text:
        text = text.strip().lower()
        for word, status in _STATUS_WORDS:
            if text == word:
                return status
        for word, status in _STATUS_WORDS:
            if word in text:
                return status
        return UNKNOWN
    for word, status in _STATUS_WORDS:
        if str(row.get(word, '')).lower() in _TRUE:
            return status
    return UNKNOWN


def read_reason(row):
    """Why a container failed, as the router said it, or None."""
    for prop in _REASON_PROPERTIES:
        value = row.get(prop)
        # 7.20+ print `error` as a flag; only a text says why.
        if value and value.lower() not in ('true', 'false', 'yes', 'no'):
            return value
    text = (row.get('status') or '').strip()
    if text and read_status(row) in (FAILED, ERROR) and text.lower() not in [word for word, dummy in _STATUS_WORDS]:
        return text
    return None


def read_image(row):
    for prop in _IMAGE_PROPERTIES:
        value = row.get(prop)
        if value:
            return value
    return None


def read_health(row):
    """``healthy``, ``unhealthy``, ``starting`` or None where the version has no health checks."""
    status = row.get('healthcheck-status') or row.get('health')
    if status:
        return status
    if str(row.get('healthy', '')).lower() in _TRUE:
        return 'healthy'
    if str(row.get('unhealthy', '')).lower() in _TRUE:
        return 'unhealthy'
    return None


class ContainerStatus(object):
    """One container as read from the router: identity, status and the raw properties.

    Made from a printed row (a dict) or from a RouterState ``Row`` (its raw properties).
    """

    __slots__ = ('id', 'name', 'comment', 'status', 'reason', 'image', 'health', 'row')

    def __init__(self, row):
        row = getattr(row, 'raw', row)
        self.row = dict(row)
        self.id = row.get('.id')
        self.name = row.get('name')
        self.comment = row.get('comment') or ''
        self.status = read_status(row)
        self.reason = read_reason(row)
        self.image = read_image(row)
        self.health = read_health(row)

    @property
    def busy(self):
        return self.status in BUSY

    @property
    def running(self):
        return self.status in (RUNNING, STARTING)

    @property
    def usable(self):
        """Extracted and able to start: what every state but extracting and failed means."""
        return self.status in (STOPPED, RUNNING, STARTING, STOPPING)

    def __repr__(self):
        return 'ContainerStatus(id=%r, name=%r, status=%r)' % (self.id, self.name, self.status)
