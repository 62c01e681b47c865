# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: compose_to_containers
short_description: Turn a docker-compose file's services into a container stack spec
version_added: 1.0.0
description:
  - Converts the C(services) of a docker-compose file into the list the
    R(deploy role,ansible_collections.routeros_fleet.containers.deploy_role) and the
    M(routeros_fleet.containers.stack) module take as C(routeros_containers) / O(routeros_fleet.containers.stack#module:containers).
  - >-
    Pass the file's B(text) (C(lookup('ansible.builtin.file', 'compose.yml'))), which is read with YAML 1.2 rules as docker
    compose reads it (C(user: 33:33) stays C("33:33"), C(- 2222:22) stays a port mapping), and a key given twice is refused.
    Data already parsed by Ansible's YAML 1.1 loader is accepted, but values it is known to mangle are refused with advice.
  - C(${VAR}), C(${VAR:-default}), C(${VAR:?message}) and the rest of compose's interpolation take their values from
    O(variables), then the C(.env) text in O(env_files); C(env_file:) entries are looked up in O(env_files) by name.
  - >-
    Every service key is mapped, accepted with a note (C(labels), C(logging), C(tty), ...), or refused with an error naming
    the service and the key (C(cap_add), C(network_mode: host), several networks, ...) unless listed in O(ignore).
    The mapping table is in the collection's docs/compose.md.
  - >-
    Prefer the deploy role's C(routeros_containers_compose) (the stack module's C(compose) option), which converts with
    each router's own RouterOS version. This filter checks against O(routeros_version) when given.
options:
  _input:
    description: The compose file's text (preferred), or the file already parsed (a mapping with C(services)).
    type: raw
    required: true
  volume_root:
    description:
      - Router directory that named volumes, anonymous volumes and relative bind mounts are
        placed under, for example V(usb1/compose). Named volume V(db) becomes V(usb1/compose/db).
      - Required when a service uses such a volume.
    type: str
  routeros_version:
    description:
      - RouterOS version of the routers the spec is meant for. When given, options the version
        lacks (healthchecks before 7.22, C(mem_limit) before 7.23, read-only mounts before 7.20, ...) are refused here.
    type: str
  ignore:
    description:
      - Compose keys whose loss you accept (V(cap_add), V(init), V(deploy), V(networks), V(volumes) for host system paths,
        or V(service:key) for one service); each one ignored is reported in the notes.
    type: list
    elements: str
  variables:
    description: Variables for C(${VAR}) interpolation and for C(environment) entries without a value, like the shell's.
    type: dict
  env_files:
    description: Texts of the C(.env) file and of the files C(env_file:) names, by name (V(.env), V(app.env)).
    type: dict
  secrets:
    description:
      - Names of variables and env keys whose values are secret; an env key whose value used a secret variable is secret too.
        Secret keys go to the container's C(secret_env), so their values never appear in output.
    type: list
    elements: str
  architecture:
    description:
      - RouterOS architecture (V(arm64), V(arm), V(x86_64)) the spec is meant for; a service's C(platform) for another CPU
        is then refused unless ignored. Without it C(platform) is only noted.
    type: str
  with_notes:
    description: Return C({containers, notes}) instead of the list, to see what was ignored and why.
    type: bool
    default: false
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
"""

EXAMPLES = r"""
- name: Deploy a compose file's services to every router
  ansible.builtin.include_role:
    name: routeros_fleet.containers.deploy
  vars:
    routeros_containers: "{{ lookup('ansible.builtin.file', 'compose.yml') | routeros_fleet.containers.compose_to_containers(volume_root='usb1/apps') }}"

- name: Check a compose file against the oldest router of the fleet, with its .env and what is ignored
  ansible.builtin.debug:
    msg: >-
      {{ lookup('ansible.builtin.file', 'compose.yml')
         | routeros_fleet.containers.compose_to_containers(volume_root='usb1', routeros_version='7.16.2',
             env_files={'.env': lookup('ansible.builtin.file', '.env')}, ignore=['cap_add'], with_notes=true) }}
"""

RETURN = r"""
_value:
  description: One container spec per service, in C(depends_on) order (with O(with_notes), C({containers, notes})).
  type: list
  elements: dict
  sample:
    - name: web
      image: nginx:1.27
      env: {TZ: UTC}
      ports: ["8080:80"]
      mounts: ["usb1/apps/html:/usr/share/nginx/html:ro"]
      start_on_boot: true
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import ComposeError, convert_compose


def compose_to_containers(compose, volume_root=None, routeros_version=None, ignore=None, variables=None, env_files=None,
                          secrets=None, with_notes=False, architecture=None):
    try:
        result = convert_compose(compose, volume_root=volume_root, routeros_version=routeros_version, ignore=ignore or (),
                                 variables=variables, env_files=env_files, secrets=secrets or (), architecture=architecture)
    except ComposeError as exc:
        raise AnsibleFilterError('compose_to_containers: %s' % exc.message)
    if with_notes:
        return {'containers': result.containers, 'notes': result.notes}
    return result.containers


class FilterModule(object):
    def filters(self):
        return {'compose_to_containers': compose_to_containers}
