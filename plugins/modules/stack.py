#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: stack
short_description: Converge a MikroTik RouterOS router's whole container deployment in one step
version_added: 1.0.0
description:
  - "Makes one router match a declarative spec of containers: the container network (bridge, gateway
    address, masquerade), one veth per container with a bridge port, the containers' env lists and mount
    lists, the containers themselves, their port forwards, and the registry settings."
  - Reads every menu once, in one round trip, plans every object, and only then writes, in one API session.
    Any bad value (an option the router's version lacks, an unknown option, a port published twice, an
    address outside the subnet) fails the router with an error naming the host and the field before
    anything is changed.
  - Objects are created bottom-up (network, veth, lists, container, port forwards) and removed top-down.
    Every object the module creates carries the marker C([rfc:stack=<owner>]) in its comment. With
    O(prune=true) objects carrying this stack's marker that are no longer in the spec are removed; objects
    without the marker, or of another owner, are never changed or removed.
  - An object with a name the stack wants (a container on RouterOS 7.19+, a veth, an env or mount list's
    rows, the bridge) that has no marker or another owner's is a conflict, refused before any write. Take
    it over on purpose with O(adopt) (unmarked objects) or O(adopt_owners) (a previous owner's objects).
  - Container addresses are given (C(address)) or derived from a hash of the container's
    name, and a container keeps the address its veth already has, so adding or removing other containers
    never moves one.
  - Per container, every option of M(routeros_fleet.containers.container) is accepted under the same name,
    except C(interface), C(envlist) and C(mountlist), which the stack sets itself.
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
extends_documentation_fragment:
  - routeros_fleet.containers.connection
  - routeros_fleet.containers.attributes
attributes:
  check_mode:
    details: Check mode sends no write; RV(actions), RV(summary) and the diff say what a real run would do.
  diff_mode:
    details: One diff section per object; values of C(secret_env) keys and the registry password are masked.
options:
  owner:
    description:
      - Name of this stack in the ownership marker C([rfc:stack=<owner>]). Two stacks with different owners
        on one router never prune each other's objects.
    type: str
    default: default
  network:
    description: The network the containers are attached to.
    type: dict
    suboptions:
      name:
        description: Name of the bridge.
        type: str
        default: containers
      subnet:
        description: IPv4 subnet of the containers.
        type: str
        default: 172.17.0.0/24
      gateway:
        description: The router's address on the bridge; the subnet's first host address when not given.
        type: str
      masquerade:
        description: Keep a srcnat masquerade rule for the subnet, so containers reach the internet.
        type: bool
        default: true
      publish_on:
        description:
          - Interface list that port forwards accept traffic from. V(LAN) publishes to the local network only;
            V(WAN) to the internet; RouterOS's built-in V(all) to every interface.
          - A published port matches only traffic addressed to the router itself (C(dst-address-type=local)),
            or to the host address a port names (C(10.0.0.1:8080:80)), like docker's C(-p).
        type: str
        default: LAN
      router_services:
        description: Router services the containers may reach through the default firewall, e.g. V(dns), V(ntp), V(tcp/8080).
        type: list
        elements: str
      allow_service_ports:
        description:
          - Publishing a port one of the router's own enabled services listens on (C(/ip/service) - winbox 8291, ssh 22,
            the API, WebFig on 80/443 when enabled) is refused before any write, because the rule would take that
            service away from the router's own addresses. V(true) allows it.
        type: bool
        default: false
  containers:
    description:
      - The containers. Each entry takes C(name) and C(image) (or C(file)), the keys below, and any option of
        M(routeros_fleet.containers.container) (C(cmd), C(start_on_boot), C(healthcheck), C(restart_policy), ...).
      - C(env) is a mapping of variables, kept in an env list named after the container.
      - C(secret_env) lists keys of C(env) whose values never appear in output, diffs or logs.
      - C(mounts) are C(router/path:/container/path[:ro]) strings or C({src, dst, read_only}) mappings.
      - C(ports) are published ports in docker's short syntax (C(8080:80), C(53:53/udp), C(10.0.0.1:8080:80))
        or compose's long syntax (C({published, target, protocol, host_ip})); a range maps only onto the same range.
      - C(address) is the container's address in the subnet; C(veth) the veth's name (default C(veth-<name>),
        at most 15 characters).
      - A container missing from the list is removed with its env list, mount list, veth and port forwards
        when O(prune=true).
    type: list
    elements: dict
    default: []
  config:
    description: Global container settings (C(/container/config)); only the keys given are managed.
    type: dict
    suboptions:
      registry_url:
        description: Registry for image references that name none, e.g. V(https://registry-1.docker.io).
        type: str
      username:
        description: Registry user name.
        type: str
      password:
        description: Registry password. Sent when it is first set or the registry or user changes; never shown.
        type: str
      tmpdir:
        description: Where images are downloaded to; internal flash is often too small, e.g. V(usb1/tmp).
        type: str
      layer_dir:
        description: Where image layers are kept.
        type: str
      memory_high:
        description: Memory limit for all containers, e.g. V(256M).
        type: str
  prune:
    description: Remove objects carrying this stack's marker that are no longer in the spec.
    type: bool
    default: true
  compose:
    description:
      - A docker-compose file whose services are deployed after O(containers), converted with the router's own RouterOS
        version (options it lacks are refused, naming the service and the key, unless listed in O(compose.ignore)).
      - The same conversion as the P(routeros_fleet.containers.compose_to_containers#filter) filter; the mapping of every
        compose key is in the collection's docs/compose.md. What was ignored, and why, is returned in RV(compose_notes).
    type: dict
    suboptions:
      text:
        description: The compose file's text, read with YAML 1.2 rules as docker compose reads it.
        type: str
        required: true
      volume_root:
        description: Router directory for named volumes and relative bind mounts, e.g. V(usb1/compose).
        type: str
      ignore:
        description: Compose keys whose loss you accept (V(cap_add), V(init), V(healthcheck) on old versions, V(service:key)).
        type: list
        elements: str
        default: []
      variables:
        description: Variables for C(${VAR}) interpolation, taken before those of the C(.env) text.
        type: dict
        default: {}
      env_files:
        description: The C(.env) text and the texts of the files C(env_file:) names, by name.
        type: dict
        default: {}
      secrets:
        description: Names of variables and env keys whose values are secret (they become C(secret_env), never shown).
        type: list
        elements: str
        default: []
  adopt:
    description:
      - Names of containers (and of the network) whose objects without an ownership marker this stack
        takes over (the container, its veth and bridge port, its env and mount rows, the network's bridge).
        They get the stack's marker; from then on they are the stack's (and pruned with it).
      - Without it, such an object is a conflict and the router fails before anything is written.
    type: list
    elements: str
    default: []
  adopt_owners:
    description:
      - Previous owners whose objects become this stack's (their markers are rewritten to O(owner)), e.g.
        after renaming O(owner) from V(teama) to V(web), O(adopt_owners=[teama]). A full marker owner such
        as V(container=web) (the container module's) is accepted too.
    type: list
    elements: str
    default: []
seealso:
  - module: routeros_fleet.containers.container
  - module: routeros_fleet.containers.port_forward
  - module: routeros_fleet.containers.container_network
notes:
  - The module runs on the controller and talks to the router over the API (port 8728, or 8729 with TLS).
  - The deploy role R(routeros_fleet.containers.deploy,ansible_collections.routeros_fleet.containers.deploy_role)
    calls this module once per router, with per-router overrides from host_vars.
'''

EXAMPLES = r'''
- name: Run pi-hole and a web server on every router
  routeros_fleet.containers.stack:
    network:
      name: containers
      subnet: 172.17.0.0/24
    containers:
      - name: pihole
        image: pihole/pihole:2024.07.0
        env:
          TZ: Europe/Riga
          WEBPASSWORD: "{{ vault_pihole_password }}"
        secret_env: [WEBPASSWORD]
        mounts: ["usb1/pihole/etc:/etc/pihole"]
        ports: ["53:53/udp", "8080:80"]
        start_on_boot: true
      - name: web
        image: nginx:1.27-alpine
        ports: ["8081:80"]
    config:
      tmpdir: usb1/tmp

- name: Preview a change without writing anything
  routeros_fleet.containers.stack:
    containers: "{{ routeros_containers }}"
  check_mode: true
  diff: true
'''

RETURN = r'''
actions:
  description: Every write and lifecycle step, in order, one line each; planned ones in check mode.
  returned: always
  type: list
  elements: str
  sample: [add /interface/veth veth-web, pull /container web, start /container web, add /ip/firewall/nat web tcp/8081]
summary:
  description: How many objects (network, config, veths, containers, port forwards) were created, changed, removed or left unchanged.
  returned: always
  type: dict
  sample: {created: 3, changed: 1, removed: 0, unchanged: 4}
objects:
  description: One entry per object with its kind, name, status and actions.
  returned: always
  type: list
  elements: dict
  sample:
    - {kind: container, name: web, status: created, actions: [pull /container web, start /container web]}
addresses:
  description: The address of each container.
  returned: when the router was read
  type: dict
  sample: {pihole: 172.17.0.94, web: 172.17.0.212}
router:
  description: The router the module talked to.
  returned: when connected
  type: dict
  sample: {host: 10.0.0.1, port: 8728, version: 7.20.8, identity: branch-7}
compose_notes:
  description: With O(compose), every compose key that was ignored and why.
  returned: when compose is given and the router was read
  type: list
  elements: str
  sample: ["service web, key labels: ignored, because labels are docker metadata; RouterOS containers carry none"]
failed_change:
  description: On a failure while applying, the object and step that failed (Ansible's own C(failed) stays a boolean).
  returned: failure while applying
  type: str
  sample: network containers (add /ip/address 172.17.0.1/24)
msg:
  description:
    - One line naming the router (inventory name), its RouterOS version and how many objects were created, changed, removed
      and left unchanged (the deploy role prints it).
  returned: success
  type: str
  sample: "r1 (RouterOS 7.20.8): created 4, changed 0, removed 0, unchanged 1"
applied:
  description: On a failure while applying, what was done before it.
  returned: failure
  type: list
  elements: str
not_applied:
  description: On a failure while applying, what was not done.
  returned: failure
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import COMPOSE_OPTIONS
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import StackJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    owner=dict(type='str', default='default'),
    network=dict(type='dict', options=dict(
        name=dict(type='str', default='containers'),
        subnet=dict(type='str', default='172.17.0.0/24'),
        gateway=dict(type='str'),
        masquerade=dict(type='bool', default=True),
        publish_on=dict(type='str', default='LAN'),
        router_services=dict(type='list', elements='str'),
        allow_service_ports=dict(type='bool', default=False),
    )),
    containers=dict(type='list', elements='dict', default=[]),
    config=dict(type='dict', options=dict(
        registry_url=dict(type='str'),
        username=dict(type='str'),
        password=dict(type='str', no_log=True),
        tmpdir=dict(type='str'),
        layer_dir=dict(type='str'),
        memory_high=dict(type='str'),
    )),
    prune=dict(type='bool', default=True),
    adopt=dict(type='list', elements='str', default=[]),
    adopt_owners=dict(type='list', elements='str', default=[]),
    compose=dict(type='dict', options=COMPOSE_OPTIONS),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return StackJob()


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
