#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: veth
short_description: Manage a container veth interface and its bridge port on RouterOS
version_added: 1.0.0
description:
  - Makes one C(/interface/veth) exist with the given addresses and gateways, and, with
    O(bridge), makes it a port of that bridge.
  - Only the options given are managed; an option left out keeps the router's value.
  - Since RouterOS 7.20 the container sees the veth under its own name, so O(name) is limited to
    the 15 characters Linux allows.
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
      - The interface name, at most 15 characters.
    type: str
    required: true
  addresses:
    description:
      - Addresses with prefix length, for example V(172.17.0.2/24). Several addresses and IPv6
        addresses need RouterOS 7.20 or later. Order does not matter.
    type: list
    elements: str
  gateway:
    description:
      - The container's IPv4 default gateway; must lie inside one of O(addresses).
    type: str
  gateway6:
    description:
      - The container's IPv6 default gateway.
    type: str
  bridge:
    description:
      - A bridge that must have the veth as a port. The bridge must exist (see
        M(routeros_fleet.containers.container_network)).
    type: str
  comment:
    description:
      - Text for the comment, kept in front of the ownership marker.
    type: str
  state:
    description:
      - V(absent) removes the veth and its bridge port.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: A veth for pihole on the containers bridge
  routeros_fleet.containers.veth:
    name: veth-pihole
    addresses: [172.17.0.2/24]
    gateway: 172.17.0.1
    bridge: containers
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["add /interface/veth veth-pihole", "add /interface/bridge/port veth-pihole in containers"]
veth:
  description: The veth as the router now has it.
  returned: success
  type: dict
  contains:
    name:
      description: Interface name.
      type: str
    exists:
      description: Whether the veth exists.
      type: bool
    addresses:
      description: Its addresses, sorted.
      type: list
      elements: str
    gateway:
      description: IPv4 gateway.
      type: str
    gateway6:
      description: IPv6 gateway.
      type: str
    bridge:
      description: The bridge it is a port of.
      type: str
    managed:
      description: Whether this module created it.
      type: bool
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.veth import Veth
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ResourceJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    addresses=dict(type='list', elements='str'),
    gateway=dict(type='str'),
    gateway6=dict(type='str'),
    bridge=dict(type='str'),
    comment=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ResourceJob(Veth())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
