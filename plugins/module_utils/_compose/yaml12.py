# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Compose text read the way docker compose reads it: YAML 1.2, core schema, unique keys.

PyYAML (which ansible-core already needs) implements YAML 1.1, where ``2222:22`` is the
base-60 integer 133342, ``yes`` is true and ``0755`` is octal. docker compose reads YAML
1.2: those are the strings ``"2222:22"`` and ``"yes"`` and the integer 755. A Loader whose
implicit resolvers are the 1.2 core schema's gives the same values without a new
dependency. Duplicate keys are an error in YAML 1.2 and in docker compose; PyYAML keeps the
last one silently, so the loader refuses them, naming the line.
"""

from __future__ import annotations

import re

try:
    import yaml
    HAS_YAML = True
except ImportError:  # pragma: no cover - ansible-core depends on PyYAML
    yaml = None
    HAS_YAML = False


class ComposeYAMLError(ValueError):
    """The text is not YAML, or repeats a key."""


# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_RESOLVERS = (
    ('tag:yaml.org,2002:null', r'^(?:~|null|Null|NULL|)$', list('~nN') + ['']),
    ('tag:yaml.org,2002:bool', r'^(?:true|True|TRUE|false|False|FALSE)$', list('tTfF')),
    ('tag:yaml.org,2002:int', r'^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$', list('-+0123456789')),
    ('tag:yaml.org,2002:float',
     r'^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$',
     list('-+.0123456789')),
    # Compose files use merge keys (`<<: *defaults`); docker compose honours them.
    ('tag:yaml.org,2002:merge', r'^(?:<<)$', ['<']),
)


if HAS_YAML:
    class ComposeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
        """SafeLoader with the YAML 1.2 core schema and duplicate keys refused."""

        yaml_implicit_resolvers = {}

        def construct_mapping(self, node, deep=False):
            seen = {}
            for key_node, _value_node in node.value:
                if key_node.tag == 'tag:yaml.org,2002:merge':
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    hash(key)
                except TypeError:
                    continue  # the base class reports unhashable keys
                if key in seen:
                    raise ComposeYAMLError('line %d: key %r is given twice (first on line %d); docker compose refuses that too'
                                           % (key_node.start_mark.line + 1, key, seen[key]))
                seen[key] = key_node.start_mark.line + 1
            return super(ComposeLoader, self).construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node):
            text = self.construct_scalar(node)
            if text.startswith('0o'):
                return int(text[2:], 8)
            if text.startswith('0x'):
                return int(text[2:], 16)
            return int(text, 10)

    for _tag, _pattern, _first in _CORE_RESOLVERS:
        ComposeLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)
    ComposeLoader.add_constructor('tag:yaml.org,2002:int', ComposeLoader.construct_yaml_int)


def load_compose_text(text):
    """The compose file's text as Python data, read with YAML 1.2 rules."""
    if not HAS_YAML:
        raise ComposeYAMLError('PyYAML is needed to read compose text')
    try:
        return yaml.load(text, Loader=ComposeLoader)  # nosec B506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ComposeYAMLError('not YAML: %s' % exc)
