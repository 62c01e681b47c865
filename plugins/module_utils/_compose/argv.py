# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""compose's ``command``/``entrypoint`` as RouterOS ``cmd``/``entrypoint`` strings.

RouterOS takes ``cmd`` and ``entrypoint`` as one string each and splits them on whitespace
into the process's argv (entrypoint words first, then cmd words); a shell-quoted string
such as ``sh -c 'while true; do ...; done'`` reaches the process as ``'while``, ``true;`` ...
(issue reports and the Container Limitations notes, see docs/compose.md). Whether some
version honours quotes is not documented, so the importer only writes strings whose argv is
the same under both readings: words without whitespace or quote characters, joined by one
space. An argument that needs whitespace cannot be expressed and is refused.
"""

from __future__ import annotations

import shlex

_QUOTES = ('"', "'")


class ArgvError(ValueError):
    """An argument RouterOS cannot receive as one word."""


def compose_words(value):
    """The argv docker gives for a compose ``command``/``entrypoint``: a list as it is, a string
    split like a shell would (compose's rule for the string form)."""
    if isinstance(value, list):
        return ['true' if word is True else 'false' if word is False else str(word) for word in value]
    try:
        return shlex.split(str(value))
    except ValueError as exc:
        raise ArgvError('%r is not a command line compose can split (%s)' % (value, exc))


def routeros_string(words):
    """The RouterOS string whose whitespace split gives exactly ``words``; ArgvError otherwise."""
    for word in words:
        if word == '':
            raise ArgvError('an empty argument cannot be passed: RouterOS splits cmd/entrypoint on whitespace')
        if any(char.isspace() for char in word):
            raise ArgvError('argument %r contains whitespace, and RouterOS splits cmd/entrypoint on whitespace '
                            '(no quoting), so it would reach the process as %d arguments; put the script in a '
                            'file on a mount and run that file instead' % (word, len(word.split())))
        if any(quote in word for quote in _QUOTES):
            raise ArgvError('argument %r contains a quote character, which RouterOS versions may read differently; '
                            'put the command in a script on a mount instead' % word)
    return ' '.join(words)


def routeros_argv(entrypoint, cmd):
    """What the process gets from RouterOS for these two strings (the image's defaults aside)."""
    return (entrypoint or '').split() + (cmd or '').split()
