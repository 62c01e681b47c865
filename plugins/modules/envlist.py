#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: envlist
short_description: Manage one container environment list on RouterOS
version_added: 1.0.0
description:
  - Makes one C(/container/envs) list hold the given environment variables, on every RouterOS
    version from 7.15 (the list is called C(name) before 7.20 and C(list) from 7.20; the module
    picks the right one).
  - Variables the module adds carry an ownership marker in their comment. Variables not named in
    O(env) are kept, unless O(purge=true) and they carry this module's marker; variables made by
    hand are never removed by O(purge).
  - Values of the keys in O(secret_keys) never appear in the output, the diff or the logs.
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
extends_documentation_fragment:
  - routeros_fleet.containers.connection
  - routeros_fleet.containers.attributes
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  idempotent:
    support: full
options:
  name:
    description:
      - The name of the env list, as containers refer to it (C(envlist) / C(envlists)).
    type: str
    required: true
  env:
    description:
      - Variables and their values. Values are strings; quote C(yes), C(no), C(true) and numbers
        in YAML so they reach the container as written.
    type: dict
    default: {}
  secret_keys:
    description:
      - Keys whose values are secret. They are compared with the router's values but shown as
        C(********) everywhere.
    type: list
    elements: str
    default: []
  purge:
    description:
      - Remove variables of this list that are not in O(env) and were created by this module
        (same owner marker). Variables created by hand are kept and reported as a warning.
    type: bool
    default: false
  state:
    description:
      - V(absent) removes the variables this module created in the list and those named in O(env).
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Environment for pihole
  routeros_fleet.containers.envlist:
    name: pihole
    env:
      TZ: Europe/Vienna
      WEBPASSWORD: "{{ vault_pihole_password }}"
      DNSMASQ_LISTENING: "all"
    secret_keys: [WEBPASSWORD]
    purge: true

- name: Remove what this module created in the list
  routeros_fleet.containers.envlist:
    name: pihole
    state: absent
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["add /container/envs pihole/TZ"]
envlist:
  description: The env list as the router now has it.
  returned: success
  type: dict
  contains:
    name:
      description: The list name.
      type: str
    exists:
      description: Whether the list has any variable.
      type: bool
    env:
      description: Every variable of the list; secret values masked.
      type: dict
    secret_keys:
      description: The keys given as secret.
      type: list
      elements: str
    unmanaged_keys:
      description: Keys of the list that this module did not create.
      type: list
      elements: str
failed_change:
  description: On a failure while applying, the change that failed (Ansible's own C(failed) stays a boolean).
  returned: failure while applying
  type: str
  sample: add /interface/bridge/port veth-web in containers
applied:
  description: On a failure while applying, the changes made before it, one line each.
  returned: failure while applying
  type: list
  elements: str
not_applied:
  description: On a failure while applying, the changes not made, one line each.
  returned: failure while applying
  type: list
  elements: str
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import EnvList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import EnvListJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    env=dict(type='dict', default={}),
    secret_keys=dict(type='list', elements='str', default=[], no_log=False),
    purge=dict(type='bool', default=False),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return EnvListJob(EnvList())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
