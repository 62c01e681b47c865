#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: container
short_description: Run an OCI container on a MikroTik RouterOS 7 router, declaratively
version_added: 1.0.0
description:
  - Creates, updates, starts, stops and removes one container in C(/container) through the RouterOS API,
    and waits until the router has finished each step (image download and extraction, start, stop).
  - Works on RouterOS 7.15 and later. Every option is mapped to the property the router's version uses
    (for example C(envlist) is C(envlists) from 7.20, C(mountlist) is C(mounts) before 7.21); an option the
    version cannot honour fails before anything is changed, naming the version it needs.
  - Containers are found by O(name) on RouterOS 7.19 and later. Before 7.19 RouterOS names containers with
    a read-only UUID, so the module finds its container by an ownership marker it keeps at the end of C(comment).
  - A container whose image failed to download or extract is replaced on the next run.
  - A different O(image), O(file), O(root_dir) or O(layer_dir) replaces the container. Any other difference
    stops the container if it runs, changes it, and starts it again if it should run (RouterOS applies a
    changed setting only at the next start).
  - "Image updates are safe by default (O(rollback=true)): the new image is pulled into a second, staged
    container while the old one keeps running, and the old one is stopped and removed only once the new image
    is extracted. If the pull fails the module fails with the router's reason and the old container is left
    running, unchanged. RouterOS keeps no image cache, so the old image is never deleted before the new one is
    there. When O(root_dir) is set and unchanged the staged copy cannot share it: the new image is then pulled
    once into C(<root_dir>.next) as a test, and if the final pull fails after all, the old configuration is
    added back (which downloads the old image again)."
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
extends_documentation_fragment:
  - routeros_fleet.containers.connection
  - routeros_fleet.containers.attributes
options:
  name:
    description:
      - The container's name. On RouterOS 7.19+ this is the router's C(name); before, it is kept in the
        ownership marker in C(comment).
    type: str
    required: true
  image:
    description:
      - Remote image reference, for example C(nginx), C(nginx:1.27-alpine) or C(ghcr.io/owner/image:tag).
      - A reference without a registry uses the router's C(/container/config registry-url).
      - Exactly one of O(image) and O(file) is required unless O(state=absent).
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
      - V(absent) stops the container, waits until it has stopped, and removes it.
    type: str
    choices: [started, stopped, present, absent]
    default: started
  interface:
    description:
      - The veth interface(s) of the container. Several need RouterOS 7.20 or later.
    type: list
    elements: str
  envlist:
    description:
      - Names of existing env lists (C(/container/envs)). Several need RouterOS 7.20 or later.
    type: list
    elements: str
  env:
    description:
      - Environment variables as a dict. The module keeps them in an env list of its own, named after the
        container, and removes keys it added that are no longer listed. Joins the lists in O(envlist).
    type: dict
  secret_env:
    description:
      - Keys of O(env) whose values never appear in output or diffs.
    type: list
    elements: str
    default: []
  mountlist:
    description:
      - Names of existing mount lists (before RouterOS 7.21, the names of C(/container/mounts) entries).
    type: list
    elements: str
  mounts:
    description:
      - Mounts as C(SRC:DST) or C(SRC:DST:ro) strings, or dicts with C(src), C(dst) and C(read_only).
        The module keeps them in a mount list of its own, named after the container.
      - Read-only mounts need RouterOS 7.20 or later.
    type: list
    elements: raw
  cmd:
    description: The command (arguments of the entrypoint).
    type: str
  entrypoint:
    description: The entrypoint, replacing the image's.
    type: str
  workdir:
    description: The working directory inside the container.
    type: str
  user:
    description: The user (and group, C(uid:gid)) the process runs as.
    type: str
  container_hostname:
    description:
      - The host name inside the container (RouterOS C(hostname)). Named so because O(hostname) is the router
        to connect to.
    type: str
  domain_name:
    description: The container's domain name.
    type: str
  dns:
    description: DNS servers for the container.
    type: list
    elements: str
  hosts:
    description: Extra C(/etc/hosts) entries, C(name:address). Needs RouterOS 7.21 or later.
    type: list
    elements: str
  root_dir:
    description: Where the container's root file system lives, for example C(usb1/pihole). Changing it replaces the container.
    type: str
  layer_dir:
    description: Where image layers are kept for this container. Needs RouterOS 7.21 or later. Changing it replaces the container.
    type: str
  logging:
    description: Whether the container's output goes to the router's log.
    type: bool
  start_on_boot:
    description: Whether the router starts the container when it boots.
    type: bool
  stop_signal:
    description: The signal that stops the container, as RouterOS accepts it (for example C(15)).
    type: str
  stop_time:
    description: How long to wait after the stop signal before killing the process, for example C(10s). Needs RouterOS 7.21 or later.
    type: str
  memory_high:
    description: Memory soft limit, for example C(256M) or C(unlimited). Needs RouterOS 7.20 or later.
    type: str
  memory_max:
    description: Memory hard limit. Needs RouterOS 7.23 or later.
    type: str
  swap_max:
    description: Swap the container may use, for example C(512M). Needs RouterOS 7.24 or later.
    type: str
  cpu_list:
    description: CPUs the container may use, for example C(0-1). Needs RouterOS 7.21 or later.
    type: str
  devices:
    description: Host devices passed into the container. Needs RouterOS 7.20 or later.
    type: list
    elements: str
  shm_size:
    description: Size of C(/dev/shm). Needs RouterOS 7.21.2 or later.
    type: str
  tmpfs:
    description: tmpfs mounts inside the container. Needs RouterOS 7.21.2 or later.
    type: list
    elements: str
  privileged:
    description:
      - Run the container with all capabilities and access to the router's devices. Needs RouterOS 7.24 or later.
      - Not given means the router's setting is left as it is.
    type: bool
  check_certificate:
    description: Verify the registry's TLS certificate when pulling O(image). Needs RouterOS 7.20 or later.
    type: bool
  healthcheck:
    description:
      - A health check as in community.docker.docker_container. Needs RouterOS 7.22 or later, unless
        O(healthcheck_emulation=ignore).
    type: dict
    suboptions:
      test:
        description: The command, a string or a list such as C([CMD, curl, -f, http://localhost/]) or C([CMD-SHELL, "..."]).
        type: raw
      interval:
        description: Time between checks, for example C(30s).
        type: str
      timeout:
        description: How long one check may take.
        type: str
      retries:
        description: Failed checks in a row before the container counts as unhealthy.
        type: int
      start_period:
        description: Grace period after the start.
        type: str
      start_interval:
        description: Time between checks during the start period.
        type: str
  healthcheck_emulation:
    description:
      - What to do with O(healthcheck) on RouterOS before 7.22, which has no health checks.
      - V(fail) refuses the task before any change; V(ignore) deploys without the check and warns.
    type: str
    choices: [fail, ignore]
    default: fail
  stop_on_unhealthy:
    description: Stop the container when its O(healthcheck) reports it unhealthy. Needs RouterOS 7.23 or later.
    type: bool
  restart_policy:
    description:
      - Whether the router restarts the container when it stops. Native from RouterOS 7.23.
      - On 7.20 to 7.22 V(always) and V(on-failure) are emulated with C(auto-restart-interval) (the router then
        restarts a stopped container after O(restart_interval), whatever the exit code). Before 7.20 only V(no).
    type: str
    choices: ['no', always, on-failure]
  restart_retries:
    description: Restarts before giving up. Needs RouterOS 7.23 or later.
    type: int
  restart_interval:
    description: Pause before a restart, for example C(10s) (the default on 7.20 to 7.22).
    type: str
  pull:
    description:
      - V(missing) pulls the image only when the container is created or its image changes.
      - V(always) pulls the image again on every run (replacing the container safely, see O(rollback)), so that a
        moved tag such as C(latest) is picked up; the task then always reports a change.
    type: str
    choices: [missing, always]
    default: missing
  recreate:
    description: Replace the container even if nothing differs.
    type: bool
    default: false
  restart:
    description: Stop and start a running container even if nothing differs.
    type: bool
    default: false
  wait_timeout:
    description: How long each step (pull, start, stop) may take, for example C(300), C(5m) or C(90s).
    type: str
    default: 5m
  rollback:
    description:
      - Keep the old container running until the new image is pulled, and leave it untouched when the pull fails.
      - V(false) removes the old container first, which needs less disk space.
    type: bool
    default: true
  comment:
    description: A comment on the container; the module's ownership marker is kept after it.
    type: str
seealso:
  - module: routeros_fleet.containers.container_info
notes:
  - The module runs on the controller and talks to the router over the API (port 8728, or 8729 with TLS).
'''

EXAMPLES = r'''
- name: Run nginx on the router
  routeros_fleet.containers.container:
    name: web
    image: nginx:1.27-alpine
    interface: veth-web
    root_dir: usb1/containers/web
    env:
      TZ: Europe/Vienna
      API_TOKEN: "{{ vault_api_token }}"
    secret_env: [API_TOKEN]
    mounts:
      - usb1/web/html:/usr/share/nginx/html:ro
    start_on_boot: true
    restart_policy: always

- name: Stop it
  routeros_fleet.containers.container:
    name: web
    state: stopped

- name: Remove it
  routeros_fleet.containers.container:
    name: web
    state: absent
'''

RETURN = r'''
actions:
  description: Every write, one line each, including the module's env and mount lists; planned ones in check mode.
  returned: always
  type: list
  elements: str
  sample: [add /container/envs web/TZ, pull /container web, start /container web]
steps:
  description: The lifecycle steps taken, or planned in check mode, in order (V(pull), V(recreate), V(stop), V(set), V(start), V(remove), ...).
  returned: when connected
  type: list
  elements: str
  sample: [pull, start]
timings:
  description: Seconds spent waiting for each kind of step (pull, start, stop).
  returned: success
  type: dict
  sample: {pull: 8.4, start: 1.1}
container:
  description:
    - The container as the router reports it afterwards. C(options) holds exactly this module's options
      (as M(routeros_fleet.containers.container_info) returns them); beside them the facts.
  returned: success
  type: dict
  sample:
    name: web
    exists: true
    id: '*1'
    status: running
    managed: true
    options: {name: web, state: started, image: 'nginx:1.27-alpine', interface: [veth-web], envlist: [web], start_on_boot: true}
    env: {web: {TZ: Europe/Vienna, API_TOKEN: '********'}}
    mounts: [{src: /usb1/web/html, dst: /usr/share/nginx/html, read_only: true, list: web}]
    addresses: [172.17.0.2]
    port_forwards: []
reason:
  description: The router's own reason for a failed pull or start.
  returned: failure
  type: str
log_lines:
  description: The last lines the router logged about the container, when it failed to start or pull.
  returned: failure
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.options import CONTAINER_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import ContainerResource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ContainerJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(CONTAINER_ARGUMENT_SPEC)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict(mutually_exclusive=[('image', 'file')])


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ContainerJob(ContainerResource())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
