#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: container_config
short_description: Manage the router-wide container settings on RouterOS
version_added: 1.0.0
description:
  - Sets C(/container/config) - registry, registry credentials, the extraction and layer
    directories and the memory limits - on every RouterOS version from 7.15
    (C(ram-high) before 7.20 is O(memory_high) here).
  - Only the options given are managed.
  - RouterOS never prints the registry password, so it cannot be compared; see O(update_password).
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
    support: partial
    details: With O(update_password=always) and O(registry_password) the module reports a change on every run.
options:
  registry_url:
    description:
      - The registry images without a registry in their name come from, for example
        V(https://registry-1.docker.io).
    type: str
  registry_username:
    description:
      - User name for the registry.
    type: str
  registry_password:
    description:
      - Password for the registry. Never shown.
    type: str
  update_password:
    description:
      - V(on_change) sends O(registry_password) when the registry URL or user name changes;
        V(always) sends it on every run.
    type: str
    choices: [always, on_change]
    default: on_change
  tmpdir:
    description:
      - Where images are downloaded and extracted, for example V(usb1/tmp). Internal flash is
        often too small.
    type: str
  layer_dir:
    description:
      - Where image layers are kept.
    type: str
  memory_high:
    description:
      - Memory above which container processes are throttled, for example V(512M), V(1GiB),
        V(unlimited). C(ram-high) before RouterOS 7.20.
    type: str
  memory_max:
    description:
      - Hard memory limit for containers (RouterOS 7.23 or later).
    type: str
  swap_max:
    description:
      - Swap limit for containers (RouterOS 7.24 or later).
    type: str
"""

EXAMPLES = r"""
- name: Registry and disk for containers
  routeros_fleet.containers.container_config:
    registry_url: https://registry-1.docker.io
    tmpdir: usb1/tmp
    layer_dir: usb1/layers
    memory_high: 512M

- name: A private registry with credentials
  routeros_fleet.containers.container_config:
    registry_url: https://ghcr.io
    registry_username: robot
    registry_password: "{{ vault_registry_token }}"
"""

RETURN = r"""
actions:
  description: One line per change made (or planned in check mode).
  returned: always
  type: list
  elements: str
  sample: ["set /container/config"]
container_config:
  description: The settings as the router now has them (the password is never printed by RouterOS).
  returned: success
  type: dict
  sample: {"registry_url": "https://registry-1.docker.io", "username": "", "tmpdir": "/usb1/tmp", "layer_dir": "", "memory_high": "512MiB"}
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
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container_config import ContainerConfig
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import ResourceJob
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.module import run_module

# The action plugin validates task arguments with these too (plugins/action/routeros.py).
ARGUMENT_SPEC = dict(
    registry_url=dict(type='str'),
    registry_username=dict(type='str'),
    registry_password=dict(type='str', no_log=True),
    update_password=dict(type='str', choices=['always', 'on_change'], default='on_change'),
    tmpdir=dict(type='str'),
    layer_dir=dict(type='str'),
    memory_high=dict(type='str'),
    memory_max=dict(type='str'),
    swap_max=dict(type='str'),
)
ARGUMENT_SPEC.update(CONNECTION_ARGUMENT_SPEC)
MODULE_OPTIONS = dict()


def job():
    """What this module adds to the one run loop (module_utils/_run)."""
    return ResourceJob(ContainerConfig())


def main():
    run_module(AnsibleModule, ARGUMENT_SPEC, job(), **MODULE_OPTIONS)


if __name__ == '__main__':
    main()
