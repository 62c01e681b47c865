#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: mountlist
short_description: Manage one container mount list on RouterOS
version_added: 1.0.0
description:
  - Makes one C(/container/mounts) list hold the given mounts, keyed by the directory inside the
    container (O(mounts[].dst)), on every RouterOS version from 7.15.
  - The list is called C(name) before 7.21 and C(list) from 7.21. Paths compare with or without
    the leading C(/) that RouterOS 7.22 and later store.
  - Read-only mounts need RouterOS 7.20 or later (C(read-only) until 7.22, C(mode=ro) from 7.23).
  - Mounts not in O(mounts) are kept, unless O(purge=true) and this module created them.
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
      - The name of the mount list, as containers refer to it (C(mounts) / C(mountlists)).
    type: str
    required: true
  mounts:
    description:
      - The mounts of the list.
    type: list
    elements: dict
    default: []
    suboptions:
      src:
        description:
          - The directory on the router, for example C(usb1/pihole/etc).
        type: str
        required: true
      dst:
        description:
          - The directory inside the container, for example C(/etc/pihole).
        type: str
        required: true
      read_only:
        description:
          - Mount read-only (RouterOS 7.20 or later).
        type: bool
        default: false
  purge:
    description:
      - Remove mounts of this list that are not in O(mounts) and were created by this module.
    type: bool
    default: false
  state:
    description:
      - V(absent) removes the mounts this module created in the list and those named in O(mounts).
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Persistent directories for pihole
  routeros_fleet.containers.mountlist:
    name: pihole
    mounts:
      - src: usb1/pihole/etc
        dst: /etc/pihole
      - src: usb1/pihole/dnsmasq
        dst: /etc/dnsmasq.d
        read_only: true
    purge: true
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["add /container/mounts pihole:/etc/pihole"]
mountlist:
  description: The mount list as the router now has it.
  returned: success
  type: dict
  contains:
    name:
      description: The list name.
      type: str
    exists:
      description: Whether the list has any mount.
      type: bool
    mounts:
      description: Every mount of the list, with C(src), C(dst), C(read_only) and C(managed) (created by this module).
      type: list
      elements: dict
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import MountList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ResourceJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    mounts=dict(type='list', elements='dict', default=[], options=dict(
        src=dict(type='str', required=True),
        dst=dict(type='str', required=True),
        read_only=dict(type='bool', default=False),
    )),
    purge=dict(type='bool', default=False),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ResourceJob(MountList())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
