# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""API words in and out, as raw strings.

librouteros's own reader casts ``"yes"`` to ``True`` and ``"007"`` stays a string while
``"7"`` becomes an int; the schema normalisers want what the router printed, so we build
and parse words here instead.
"""

from __future__ import annotations


def menu_path(menu):
    """``'/container/envs'`` from ``'/container/envs'``, ``'/container envs'`` or ``'container/envs/'``."""
    parts = [part for part in str(menu).replace(' ', '/').split('/') if part]
    if not parts:
        raise ValueError('empty RouterOS menu path: %r' % (menu,))
    return '/' + '/'.join(parts)


def parse_word(word):
    """Split one reply word into ``(key, value)``, both strings.

    ``=name=a=b`` -> ``('name', 'a=b')``; ``=comment=`` -> ``('comment', '')``;
    ``.tag=3`` -> ``('.tag', '3')``. A word without ``=`` is a key with an empty value.
    """
    if word.startswith('='):
        key, sep, value = word[1:].partition('=')
        return key, value if sep else ''
    key, sep, value = word.partition('=')
    return key, value if sep else ''


def parse_words(words):
    return dict(parse_word(word) for word in words)


def format_value(value):
    """What RouterOS expects for a Python value: yes/no, decimal, comma lists."""
    if isinstance(value, bool):
        return 'yes' if value else 'no'
    if isinstance(value, (list, tuple)):
        return ','.join(format_value(item) for item in value)
    return str(value)


def attribute_words(attrs, allow_unset=False):
    """``=key=value`` words for a dict; ``None`` means unset (``=!key=``), only where allowed."""
    words = []
    for key, value in (attrs or {}).items():
        if value is None:
            if not allow_unset:
                raise ValueError('no value for %r: None means unset, which only set accepts' % (key,))
            words.append('=!%s=' % key)
        else:
            words.append('=%s=%s' % (key, format_value(value)))
    return words


def query_words(query):
    """Query words for print.

    A dict means "every key equals its value" (RouterOS ANDs the stack at the end); a list
    or tuple holds ready query words such as ``'?name=x'``, ``'?-disabled'``, ``'?#|'``.
    """
    if not query:
        return []
    if isinstance(query, dict):
        return ['?=%s=%s' % (key, format_value(value)) for key, value in query.items()]
    words = []
    for word in query:
        if not str(word).startswith('?'):
            raise ValueError('query word must start with "?": %r' % (word,))
        words.append(str(word))
    return words


def proplist_word(proplist):
    if not proplist:
        return []
    if isinstance(proplist, str):
        return ['=.proplist=%s' % proplist]
    return ['=.proplist=%s' % ','.join(proplist)]
