# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: containers_for_host
short_description: Apply one router's overrides to the fleet's container list
version_added: 1.0.0
description:
  - Takes the fleet-wide container list (group_vars) and returns this router's list.
  - Containers named in O(exclude) are left out, and each entry of O(overrides) is merged into
    the container of that name (mappings such as C(env) merge key by key, everything else is
    replaced). A V(null) value removes the key, so C(DEBUG) set to V(null) in an C(env) override
    drops the group's C(DEBUG) on this router, and C(address) set to V(null) its pinned address.
  - A name in O(exclude) that the list does not have is a warning (the group may have dropped
    it since); a name in O(overrides) that it does not have is an error (the override would be
    lost without a word).
  - This is how the deploy role applies C(routeros_containers_overrides) and
    C(routeros_containers_exclude) from host_vars.
options:
  _input:
    description: The container list, as for the C(routeros_containers) variable.
    type: list
    elements: dict
    required: true
  overrides:
    description: Container name -> the keys to change on this router.
    type: dict
    default: {}
  exclude:
    description: Names of containers this router does not run.
    type: list
    elements: str
    default: []
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
"""

EXAMPLES = r"""
# host_vars/r2.yml: r2 runs pihole in another time zone and no whoami
#   routeros_containers_overrides: {pihole: {env: {TZ: Europe/Vilnius}}}
#   routeros_containers_exclude: [whoami]
- name: Show what r2 gets
  ansible.builtin.debug:
    msg: "{{ routeros_containers | routeros_fleet.containers.containers_for_host(routeros_containers_overrides, routeros_containers_exclude) }}"
"""

RETURN = r"""
_value:
  description: The container list for this router, in the original order.
  type: list
  elements: dict
"""

from collections.abc import Mapping

from jinja2 import Undefined

from ansible.errors import AnsibleFilterError
from ansible.utils.display import Display

display = Display()


def _kind(value):
    """The plain type name of a value (Ansible hands over tagged subclasses of str, dict, ...)."""
    for kind in (bool, int, float, str, Mapping, list):
        if isinstance(value, kind):
            return kind.__name__.lower().replace('mapping', 'dict')
    return type(value).__name__


def _copy(value):
    """A copy made of plain dicts and lists.

    Not copy.deepcopy: on ansible-core 2.19+ the values are lazy templating containers whose
    deep copy also copies their templar with every variable of the task: tens of thousands of
    objects per container, which made this filter cost as much CPU as the stack task itself.
    """
    if isinstance(value, Mapping):
        return dict((key, _copy(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _merge(base, override):
    merged = _copy(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = _copy(value)
    return merged


def containers_for_host(containers, overrides=None, exclude=None):
    if isinstance(containers, Undefined):
        # ansible-core before 2.19 hands an undefined variable to the filter: its own error
        # ("'routeros_containers' is undefined") says it better than the type check below.
        str(containers)
    if not isinstance(containers, list):
        raise AnsibleFilterError('containers_for_host: routeros_containers must be a list of containers, got %s' % _kind(containers))
    overrides = {} if overrides is None else overrides
    exclude = [] if exclude is None else exclude
    if not isinstance(overrides, dict):
        raise AnsibleFilterError('containers_for_host: routeros_containers_overrides must map container names to settings')
    if not isinstance(exclude, list):
        raise AnsibleFilterError('containers_for_host: routeros_containers_exclude must be a list of container names')
    names = [container.get('name') for container in containers if isinstance(container, dict)]
    have = ', '.join(str(item) for item in names) or 'none'
    for name in overrides:
        if name not in names:
            raise AnsibleFilterError('containers_for_host: no container named %s to override (have: %s)' % (name, have))
    for name in exclude:
        if name not in names:
            display.warning('routeros_containers_exclude names %s, which routeros_containers does not have (have: %s); '
                            'nothing to exclude' % (name, have))
    for name, override in overrides.items():
        if not isinstance(override, dict):
            raise AnsibleFilterError('containers_for_host: the override of %s must be a mapping' % name)
        if 'name' in override and override['name'] != name:
            raise AnsibleFilterError('containers_for_host: the override of %s cannot rename it' % name)
    result = []
    for container in containers:
        if not isinstance(container, dict):
            result.append(container)  # the stack module reports the bad entry with its field
            continue
        name = container.get('name')
        if name in exclude:
            continue
        result.append(_merge(container, overrides[name]) if name in overrides else _copy(container))
    return result


class FilterModule(object):
    def filters(self):
        return {'containers_for_host': containers_for_host}
