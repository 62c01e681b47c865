# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations


class ModuleDocFragment(object):

    # How every module reaches its router. The action plugin routeros_fleet.containers.routeros
    # fills these from host variables, so plays usually set none of them.
    DOCUMENTATION = r'''
options:
  hostname:
    description:
      - Address or DNS name of the router's API service.
      - When the task does not give it, the host variable C(routeros_hostname) is used,
        else C(ansible_host), else the environment variable E(ROUTEROS_HOSTNAME),
        else C(inventory_hostname). The action plugin looks these up, so an inventory
        with C(ansible_host) needs nothing more.
      - Without the action plugin (for example when the module is called as a plain module),
        only the task argument and E(ROUTEROS_HOSTNAME) apply.
    type: str
    required: true
  port:
    description:
      - TCP port of the API service.
      - Defaults to V(8728), or V(8729) when O(tls=true).
      - Host variable C(routeros_port), environment variable E(ROUTEROS_PORT).
    type: int
  username:
    description:
      - User to log in as. The user's group needs the C(api) and C(read) policies, and
        C(write) for anything that changes the router.
      - Host variable C(routeros_username), environment variable E(ROUTEROS_USERNAME).
    type: str
    default: admin
  password:
    description:
      - Password of O(username). Never shown in output, diffs or logs.
      - Host variable C(routeros_password) (keep it in Ansible Vault), environment variable
        E(ROUTEROS_PASSWORD) (what an AWX credential injects).
    type: str
    default: ''
  tls:
    description:
      - Use the TLS API service (C(/ip/service api-ssl)) instead of the plain one.
      - Host variable C(routeros_tls), environment variable E(ROUTEROS_TLS).
    type: bool
    default: false
  validate_certs:
    description:
      - With O(tls=true), check that the router's certificate is signed by a trusted CA
        (O(ca_path), else the system's CAs).
      - Set to V(false) only for routers whose api-ssl has no certificate (anonymous
        Diffie-Hellman), on a network you trust.
      - Host variable C(routeros_validate_certs), environment variable E(ROUTEROS_VALIDATE_CERTS).
    type: bool
    default: true
  validate_cert_hostname:
    description:
      - With O(tls=true) and O(validate_certs=true), also check that the certificate names
        O(hostname) - a DNS name in its subject alternative names (or common name), or, when
        O(hostname) is an IP address, that address among its IP address alternative names.
      - Without this check any certificate signed by a trusted CA is accepted for any router,
        whatever name it was made for.
      - Set to V(false) only for routers whose certificate was made without the name or
        address you connect to (C(/certificate add name=api common-name=api) without
        C(subject-alt-name)); better, make the certificate again with
        C(subject-alt-name=IP:<address>) or C(DNS:<name>) (see the user guide, "TLS").
      - Host variable C(routeros_validate_cert_hostname), environment variable
        E(ROUTEROS_VALIDATE_CERT_HOSTNAME).
    type: bool
    default: true
  ca_path:
    description:
      - PEM file (or OpenSSL hashed directory) with the CA certificates to trust for O(tls=true).
      - Host variable C(routeros_ca_path), environment variable E(ROUTEROS_CA_PATH).
    type: path
  timeout:
    description:
      - Seconds to wait for the connection and for each answer from the router.
      - Host variable C(routeros_timeout), environment variable E(ROUTEROS_TIMEOUT).
    type: int
    default: 10
requirements:
  - librouteros >= 4.0 (Python library, on the controller)
notes:
  - The module runs on the controller whatever the host's C(ansible_connection) is;
    it talks to the router through the RouterOS API only, so plays against routers should not gather facts (C(gather_facts=false)).
'''
