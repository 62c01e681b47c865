#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: port_forward
short_description: Publish a container's ports with dstnat rules on RouterOS
version_added: 1.0.0
description:
  - Makes the C(/ip/firewall/nat) dstnat rules of one service match O(rules). Each rule carries
    an ownership marker naming the service and its public port, so a changed rule is updated in
    place, a dropped one removed, and rules of other services or made by hand are left alone.
  - Like docker's C(-p), a rule forwards only traffic addressed to the router itself
    (C(dst-address-type=local), or O(dst_address)) that arrives on O(in_interface_list)
    (V(LAN) unless told otherwise). A dstnat rule without a destination match would send every
    LAN client's traffic to that port on any internet address into the container.
  - To publish on the internet side, set O(in_interface_list=WAN).
  - Rules made by earlier versions of this collection (without the destination match) are
    updated in place.
  - Two services claiming the same public port and protocol on one router are refused before
    anything is written.
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
      - The service name; it identifies the rules of this service.
    type: str
    required: true
  to_address:
    description:
      - The container's IPv4 address the ports are forwarded to. Required with O(state=present).
    type: str
  rules:
    description:
      - Published ports. Either strings V(8080:80), V(8080:80/udp), V(8080-8090:80-90), V(53/udp)
        (same port inside), or dicts with C(port), C(to_port) and C(protocol) (V(tcp) or V(udp),
        default V(tcp)).
    type: list
    elements: raw
    default: []
  in_interface_list:
    description:
      - Only traffic arriving on this interface list is forwarded. The list must exist.
      - V(LAN) (the default) publishes to the local network only; V(WAN) to the internet side.
    type: str
    default: LAN
  dst_address:
    description:
      - Only traffic to this router address is forwarded (instead of every address of the router).
    type: str
  dst_address_type:
    description:
      - Which destinations are forwarded when O(dst_address) is not given. V(local) (the
        default) means the router's own addresses. V(any) drops the destination match, so traffic
        to every address on the internet is forwarded too.
    type: str
  allow_service_ports:
    description:
      - A rule on a port one of the router's own enabled services listens on (C(/ip/service) - winbox, ssh, the API,
        WebFig) is refused before any write; V(true) allows it.
    type: bool
    default: false
  place_before:
    description:
      - Where new rules go. V(unmanaged) puts them before the first dstnat rule that this
        collection did not create (and moves this service's rules there if they drifted below
        it), V(end) appends them, any other value is the comment of the rule to put them before.
      - A dstnat rule this collection did not create that forwards one of the same ports stays in
        front of this service's rules (it was there first and keeps its traffic); a warning names
        the router and the rule.
    type: str
    default: unmanaged
  comment:
    description:
      - Text for the rules' comments, kept in front of the ownership marker.
    type: str
  state:
    description:
      - V(absent) removes every rule of this service.
    type: str
    choices: [present, absent]
    default: present
"""

EXAMPLES = r"""
- name: Publish pihole's web UI and DNS to the LAN (the router's own addresses)
  routeros_fleet.containers.port_forward:
    name: pihole
    to_address: 172.17.0.2
    rules:
      - 8080:80
      - 53/udp
      - port: 53
        protocol: tcp

- name: Publish on the internet side, on one public address
  routeros_fleet.containers.port_forward:
    name: web
    to_address: 172.17.0.3
    in_interface_list: WAN
    dst_address: 203.0.113.10
    rules: ["443:8443"]
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["add /ip/firewall/nat pihole tcp/8080"]
port_forward:
  description: The service's rules as the router now has them.
  returned: success
  type: dict
  contains:
    name:
      description: The service name.
      type: str
    exists:
      description: Whether any rule of the service exists.
      type: bool
    rules:
      description:
        - The rules, each with C(id), C(protocol), C(port), C(to_address), C(to_port), C(in_interface_list), C(dst_address),
          C(dst_address_type), C(disabled).
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.port_forward import PortForward
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ResourceJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='str', required=True),
    to_address=dict(type='str'),
    rules=dict(type='list', elements='raw', default=[]),
    in_interface_list=dict(type='str', default='LAN'),
    dst_address=dict(type='str'),
    dst_address_type=dict(type='str'),
    allow_service_ports=dict(type='bool', default=False),
    place_before=dict(type='str', default='unmanaged'),
    comment=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict(required_if=[('state', 'present', ('to_address',))])


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ResourceJob(PortForward())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
