# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Compose's variables: ``.env``/``env_file`` text and ``${VAR}`` interpolation.

The rules are compose's (https://docs.docker.com/compose/how-tos/environment-variables/):
``$VAR`` and ``${VAR}``; ``${VAR:-default}`` (unset or empty) and ``${VAR-default}`` (unset);
``${VAR:?message}`` / ``${VAR?message}`` fail; ``${VAR:+other}`` / ``${VAR+other}``; ``$$`` is
a literal ``$``. Defaults may hold further ``${...}``. The user's variables come first, then
the ``.env`` file's, as the shell's environment comes before ``.env`` in compose.

A value that used a secret variable is secret too: ``Interpolator.used`` records the names
each interpolation read, so that the caller can mark the env key secret.
"""

from __future__ import annotations

import re

_NAME_RE = re.compile(r'[A-Za-z_][A-Za-z0-9_]*')
_ENV_LINE_RE = re.compile(r'^\s*(?:export\s+)?([^=\s#]+)\s*(=?)(.*)$')


class VariableError(ValueError):
    """A ``${VAR:?message}`` whose variable is missing, or a malformed ``${``."""


def parse_env_file(text, name='.env'):
    """``KEY=value`` lines as an ordered list of (key, value or None, quote) tuples.

    ``# comments``, blank lines and ``export`` are allowed; single-quoted values are literal,
    double-quoted ones know ``\\n``, ``\\t``, ``\\"`` and ``\\\\``; an unquoted value ends at `` #``.
    A line with only a key (no ``=``) takes the value from the user's variables, as compose
    takes it from the shell. ``quote`` is ``'`` for values that must not be interpolated.
    """
    entries = []
    for number, line in enumerate(str(text).splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith('#'):
            continue
        match = _ENV_LINE_RE.match(line)
        if not match or not _NAME_RE.fullmatch(match.group(1)):
            raise VariableError('%s line %d: %r is not KEY=value' % (name, number, stripped))
        key, equals, rest = match.group(1), match.group(2), match.group(3).strip()
        if not equals:
            entries.append((key, None, ''))
            continue
        if rest[:1] in ('"', "'"):
            quote = rest[0]
            end = rest.find(quote, 1)
            while quote == '"' and end > 0 and rest[end - 1] == '\\':
                end = rest.find(quote, end + 1)
            if end < 0:
                raise VariableError('%s line %d: the quote after %s= is not closed' % (name, number, key))
            value = rest[1:end]
            if quote == '"':
                value = (value.replace('\\\\', '\0').replace('\\n', '\n').replace('\\t', '\t')
                         .replace('\\"', '"').replace('\0', '\\'))
            entries.append((key, value, quote))
            continue
        comment = re.search(r'\s#', rest)
        entries.append((key, (rest[:comment.start()] if comment else rest).strip(), ''))
    return entries


class Interpolator(object):
    """``${VAR}`` interpolation from ``variables`` (name -> value)."""

    def __init__(self, variables):
        self.variables = dict((str(key), None if value is None else str(value)) for key, value in (variables or {}).items())
        self.used = set()
        self.missing = set()

    def __call__(self, text):
        result, _end = self._expand(str(text), 0, None)
        return result

    def _lookup(self, name):
        self.used.add(name)
        return self.variables.get(name)

    def _expand(self, text, position, stop):
        """Expand from ``position`` until ``stop`` (``}`` inside a default) or the end."""
        out = []
        while position < len(text):
            char = text[position]
            if stop and char == stop:
                return ''.join(out), position
            if char != '$':
                out.append(char)
                position += 1
                continue
            following = text[position + 1:position + 2]
            if following == '$':
                out.append('$')
                position += 2
            elif following == '{':
                value, position = self._braced(text, position + 2)
                out.append(value)
            else:
                match = _NAME_RE.match(text, position + 1)
                if not match:
                    out.append('$')
                    position += 1
                    continue
                value = self._lookup(match.group(0))
                if value is None:
                    self.missing.add(match.group(0))
                out.append(value or '')
                position = match.end()
        if stop:
            raise VariableError('%r: a "${" is not closed' % text)
        return ''.join(out), position

    def _braced(self, text, position):
        match = _NAME_RE.match(text, position)
        if not match:
            raise VariableError('%r: "${" is not followed by a variable name' % text)
        name = match.group(0)
        position = match.end()
        operator = ''
        for candidate in (':-', ':?', ':+', '-', '?', '+'):
            if text.startswith(candidate, position):
                operator = candidate
                position += len(candidate)
                break
        argument = ''
        if operator:
            argument, position = self._expand(text, position, '}')
        elif not text.startswith('}', position):
            raise VariableError('%r: unexpected %r after ${%s' % (text, text[position:position + 1], name))
        position += 1  # the closing brace
        value = self._lookup(name)
        unset = value is None
        empty = unset or value == ''
        missing = empty if operator.startswith(':') else unset
        if operator.endswith('-'):
            return (argument if missing else value), position
        if operator.endswith('?'):
            if missing:
                state = 'unset' if unset else 'empty'
                raise VariableError('required variable %s is %s: %s' % (name, state, argument or 'it has no value'))
            return value, position
        if operator.endswith('+'):
            return ('' if missing else argument), position
        if unset:
            self.missing.add(name)
        return value or '', position
