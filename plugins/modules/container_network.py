#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: container_network
short_description: Manage the bridge, address, masquerade and input rules of a container subnet on RouterOS
version_added: 1.0.0
description:
  - Makes a bridge named O(name) exist with the router's address O(gateway) in O(subnet), a
    srcnat masquerade rule for the subnet (O(masquerade)), and input filter rules that let the
    containers reach the router services in O(router_services), placed before the first drop
    rule of the input chain (the default firewall drops container traffic to the router).
  - Everything the module creates carries an ownership marker; V(absent) removes only that.
    A bridge that already existed is used as it is and never removed.
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
      - The bridge name.
    type: str
    required: true
  subnet:
    description:
      - The container subnet, for example V(172.17.0.0/24) (IPv4, /30 or larger).
    type: str
    required: true
  gateway:
    description:
      - The router's address in the subnet, which containers use as their gateway. Defaults to
        the first host address.
    type: str
  masquerade:
    description:
      - Masquerade traffic from the subnet (srcnat), so containers reach the internet.
    type: bool
    default: true
  router_services:
    description:
      - Router services the containers may reach through the input chain. Names V(dns), V(ntp),
        V(http), V(https), V(ssh), V(winbox), V(api), V(api-ssl), V(snmp), V(syslog), or
        V(tcp/8080) / V(udp/5000-5010). Rules for services dropped from the list are removed.
    type: list
    elements: str
    default: []
  comment:
    description:
      - Text for the comments, kept in front of the ownership marker.
    type: str
  state:
    description:
      - V(absent) removes what this module created for the network.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: A network for containers that may use the router's DNS
  routeros_fleet.containers.container_network:
    name: containers
    subnet: 172.17.0.0/24
    router_services: [dns]
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["add /interface/bridge containers", "add /ip/address 172.17.0.1/24 on containers"]
container_network:
  description: The network as the router now has it.
  returned: success
  type: dict
  contains:
    name:
      description: Bridge name.
      type: str
    exists:
      description: Whether the bridge exists.
      type: bool
    subnet:
      description: The subnet.
      type: str
    gateway:
      description: The router's address in the subnet.
      type: str
    addresses:
      description: Addresses on the bridge.
      type: list
      elements: str
    masquerade:
      description: Whether this module's masquerade rule exists.
      type: bool
    router_services:
      description: The input rules this module made, as V(protocol/port).
      type: list
      elements: str
    managed:
      description: Whether this module created the bridge.
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_network import ContainerNetwork
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ResourceJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    subnet=dict(type='str', required=True),
    gateway=dict(type='str'),
    masquerade=dict(type='bool', default=True),
    router_services=dict(type='list', elements='str', default=[]),
    comment=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ResourceJob(ContainerNetwork())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
