#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r'''
module: container_info
short_description: Read the containers of a MikroTik RouterOS 7 router
version_added: 1.0.0
description:
  - Returns every container (or the named ones) with its state, image, health, interfaces and addresses,
    env lists, mounts and the port forwards that point at its addresses, plus the router's version,
    architecture, container package and device-mode.
  - Each container's C(options) use the option names of M(routeros_fleet.containers.container), so they can be
    fed back as desired state.
  - Env values are masked for the keys listed in O(secret_env) and for every key whose name contains
    C(PASSWORD), C(SECRET), C(TOKEN) or C(KEY).
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
extends_documentation_fragment:
  - routeros_fleet.containers.connection
  - routeros_fleet.containers.attributes.info_module
options:
  name:
    description: Only these containers (by name; before RouterOS 7.19 the name in the module's marker).
    type: list
    elements: str
  secret_env:
    description: Env keys whose values are masked, besides the default pattern.
    type: list
    elements: str
    default: []
seealso:
  - module: routeros_fleet.containers.container
'''

EXAMPLES = r'''
- name: What runs where
  routeros_fleet.containers.container_info:
  register: info

- name: Show the web container
  ansible.builtin.debug:
    var: info.containers | selectattr('name', 'equalto', 'web') | first
'''

RETURN = r'''
router:
  description: What the router is and whether it can run containers.
  returned: success
  type: dict
  sample:
    host: 10.0.0.1
    identity: edge1
    version: 7.20.8
    architecture: arm64
    container_package: {version: 7.20.8, disabled: false}
    device_mode: {mode: advanced, container: 'yes'}
    containers_allowed: true
containers:
  description:
    - Each container. C(options) holds exactly the options of M(routeros_fleet.containers.container) that
      describe it, so it can be fed back as desired state; beside them the facts.
  returned: success
  type: list
  elements: dict
  sample:
    - name: web
      id: '*1'
      status: running
      health: healthy
      managed: true
      options:
        name: web
        state: started
        image: nginx:1.27-alpine
        interface: [veth-web]
        envlist: [web]
        start_on_boot: true
        restart_policy: always
        restart_interval: 10s
      env: {web: {TZ: UTC, API_TOKEN: '********'}}
      mounts: [{src: /usb1/html, dst: /usr/share/nginx/html, read_only: true, list: web}]
      addresses: [172.17.0.2]
      port_forwards: [{protocol: tcp, dst_port: '8080', to_addresses: 172.17.0.2, to_ports: '80', in_interface_list: WAN}]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import CONNECTION_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ContainerInfoJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    name=dict(type='list', elements='str'),
    secret_env=dict(type='list', elements='str', default=[], no_log=False),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ContainerInfoJob()


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
