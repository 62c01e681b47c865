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
      - The containers, one entry each. An entry takes the options of M(routeros_fleet.containers.container) except
        C(interface), C(envlist) and C(mountlist), which the stack sets itself, and C(ports), C(address) and C(veth).
      - A container missing from the list is removed with its env list, mount list, veth and port forwards
        when O(prune=true).
    type: list
    elements: dict
    default: []
    suboptions:
      # BEGIN generated by tools/generate_options.py: stack container entries
      name:
        description:
          - The container's name (letters, digits, C(_ . -), up to 63); also names its env list, mount list and its veth
            (C(veth-<name>), or for names of 11 characters or more C(veth-<first 5>-<4 hex>), stable across runs).
        type: str
        required: true
      image:
        description:
          - Remote image reference, for example C(pihole/pihole:2024.07.0) or C(ghcr.io/owner/image:tag).
          - A reference without a registry uses the router's C(/container/config registry-url).
          - Required unless O(containers[].file) is given.
        type: str
      file:
        description:
          - A single-platform image tarball already on the router's disk, for example C(usb1/pihole.tar).
        type: str
      state:
        description:
          - V(started) creates the container if needed and makes sure it runs (also after it was stopped by hand).
          - V(stopped) creates it if needed and makes sure it does not run.
          - V(present) creates it if needed without starting it; a running container keeps running.
          - A container no longer listed is removed (with O(prune=true)).
        type: str
        choices:
          - started
          - stopped
          - present
        default: started
      env:
        description:
          - Environment variables (string values), kept in an env list named after the container; keys no longer listed
            are removed.
        type: dict
      secret_env:
        description:
          - Keys of O(containers[].env) whose values never appear in output or diffs.
        type: list
        elements: str
        default: []
      mounts:
        description:
          - Mounts as C(router/path:/container/path[:ro]) strings or C({src, dst, read_only}) mappings, kept in a mount
            list named after the container.
          - Read-only mounts need RouterOS 7.20 or later.
        type: list
        elements: raw
      ports:
        description:
          - Published ports in docker's short syntax (C(8080:80), C(53:53/udp), C(10.0.0.1:8080:80)) or compose's long
            syntax (C({published, target, protocol, host_ip})); a range maps only onto the same range.
        type: list
        elements: raw
      address:
        description:
          - The container's address in the subnet; by default one is derived from the name and kept once given.
        type: str
      veth:
        description:
          - The veth's name (at most 15 characters); default C(veth-<name>).
        type: str
      cmd:
        description:
          - The command (arguments of the entrypoint).
        type: str
      entrypoint:
        description:
          - The entrypoint, replacing the image's.
        type: str
      workdir:
        description:
          - The working directory inside the container.
        type: str
      user:
        description:
          - The user (and group, C(uid:gid)) the process runs as.
        type: str
      container_hostname:
        description:
          - The host name inside the container (RouterOS C(hostname)). Named so because O(hostname) is the router to
            connect to.
        type: str
      domain_name:
        description:
          - The container's domain name.
        type: str
      dns:
        description:
          - DNS servers for the container.
        type: list
        elements: str
      hosts:
        description:
          - Extra C(/etc/hosts) entries, C(name:address). Needs RouterOS 7.21 or later.
        type: list
        elements: str
      root_dir:
        description:
          - Where the container's root file system lives, for example C(usb1/pihole). Changing it replaces the
            container.
        type: str
      layer_dir:
        description:
          - Where image layers are kept for this container. Needs RouterOS 7.21 or later. Changing it replaces the
            container.
        type: str
      logging:
        description:
          - Whether the container's output goes to the router's log.
        type: bool
      start_on_boot:
        description:
          - Whether the router starts the container when it boots.
        type: bool
      stop_signal:
        description:
          - The signal that stops the container, as RouterOS accepts it (for example C(15)).
        type: str
      stop_time:
        description:
          - How long to wait after the stop signal before killing the process, for example C(10s). Needs RouterOS 7.21
            or later.
        type: str
      memory_high:
        description:
          - Memory soft limit, for example C(256M) or C(unlimited). Needs RouterOS 7.20 or later.
        type: str
      memory_max:
        description:
          - Memory hard limit. Needs RouterOS 7.23 or later.
        type: str
      swap_max:
        description:
          - Swap the container may use, for example C(512M). Needs RouterOS 7.24 or later.
        type: str
      cpu_list:
        description:
          - CPUs the container may use, for example C(0-1). Needs RouterOS 7.21 or later.
        type: str
      devices:
        description:
          - Host devices passed into the container. Needs RouterOS 7.20 or later.
        type: list
        elements: str
      shm_size:
        description:
          - Size of C(/dev/shm). Needs RouterOS 7.21.2 or later.
        type: str
      tmpfs:
        description:
          - tmpfs mounts inside the container. Needs RouterOS 7.21.2 or later.
        type: list
        elements: str
      check_certificate:
        description:
          - Verify the registry's TLS certificate when pulling O(containers[].image). Needs RouterOS 7.20 or later.
        type: bool
      privileged:
        description:
          - Run the container with all capabilities and access to the router's devices. Needs RouterOS 7.24 or later.
          - Not given means the router's setting is left as it is.
        type: bool
      healthcheck:
        description:
          - A health check as in community.docker.docker_container. Needs RouterOS 7.22 or later, unless
            O(containers[].healthcheck_emulation=ignore).
        type: dict
        suboptions:
          test:
            description:
              - The command, a string or a list such as C([CMD, curl, -f, http://localhost/]) or C([CMD-SHELL, "..."]).
            type: raw
          interval:
            description:
              - Time between checks, for example C(30s).
            type: str
          timeout:
            description:
              - How long one check may take.
            type: str
          retries:
            description:
              - Failed checks in a row before the container counts as unhealthy.
            type: int
          start_period:
            description:
              - Grace period after the start.
            type: str
          start_interval:
            description:
              - Time between checks during the start period.
            type: str
      healthcheck_emulation:
        description:
          - What to do with O(containers[].healthcheck) on RouterOS before 7.22, which has no health checks.
          - V(fail) refuses the task before any change; V(ignore) deploys without the check and warns.
        type: str
        choices:
          - fail
          - ignore
        default: fail
      restart_policy:
        description:
          - Whether the router restarts the container when it stops. Native from RouterOS 7.23.
          - On 7.20 to 7.22 V(always) and V(on-failure) are emulated with C(auto-restart-interval) (the router then
            restarts a stopped container after O(containers[].restart_interval), whatever the exit code). Before 7.20
            only V(no).
        type: str
        choices:
          - 'no'
          - always
          - on-failure
      restart_interval:
        description:
          - Pause before a restart, for example C(10s) (the default on 7.20 to 7.22).
        type: str
      restart_retries:
        description:
          - Restarts before giving up. Needs RouterOS 7.23 or later.
        type: int
      stop_on_unhealthy:
        description:
          - Stop the container when its O(containers[].healthcheck) reports it unhealthy. Needs RouterOS 7.23 or later.
        type: bool
      pull:
        description:
          - V(missing) pulls the image only when the container is created or its image changes.
          - V(always) pulls the image again on every run (replacing the container safely, see O(containers[].rollback)),
            so that a moved tag such as C(latest) is picked up; the task then always reports a change.
        type: str
        choices:
          - missing
          - always
        default: missing
      recreate:
        description:
          - Replace the container even if nothing differs.
        type: bool
        default: false
      restart:
        description:
          - Stop and start a running container even if nothing differs.
        type: bool
        default: false
      wait_timeout:
        description:
          - How long each step (pull, start, stop) may take, for example C(300), C(5m) or C(90s).
        type: str
        default: 5m
      rollback:
        description:
          - Keep the old container running until the new image is pulled, and leave it untouched when the pull fails.
          - V(false) removes the old container first, which needs less disk space.
        type: bool
        default: true
      comment:
        description:
          - A comment on the container; the module's ownership marker is kept after it.
        type: str
      # END generated: stack container entries
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import STACK, argument_spec
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
    # Each entry's options come from the table of container options (_schema/container.py).
    containers=dict(type='list', elements='dict', default=[], options=argument_spec(STACK)),
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
