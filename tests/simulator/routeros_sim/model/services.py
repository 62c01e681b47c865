"""/ip/service: the router's own management services and the ports they listen on.

Source: MikroTik's RouterOS manual, "Services" (help.mikrotik.com, IP Services): the default
services telnet 23, ftp 21, www 80, ssh 22, www-ssl 443, api 8728, winbox 8291, api-ssl 8729;
properties name, port, address, certificate; "it is not possible to add new services, only
existing service modifications are allowed". Which of them a fresh router has enabled: the
manual's example prints www-ssl and api-ssl without a certificate as disabled; the others are
modelled enabled. The command set per version is in versions.py (checked against the dumps).
"""

from __future__ import annotations

from .errors import FAILURE, CommandError, Result
from .menus import Field, Table

DEFAULT_SERVICES = (
    ('telnet', '23', 'false'), ('ftp', '21', 'false'), ('www', '80', 'false'), ('ssh', '22', 'false'),
    ('www-ssl', '443', 'true'), ('api', '8728', 'false'), ('winbox', '8291', 'false'), ('api-ssl', '8729', 'true'),
)
CANNOT_ADD = 'failure: it is not possible to add new services'


class IpServices(Table):
    path = '/ip/service'
    fields = (
        Field('name', read_only=True),
        Field('port', kind='int', low=1, high=65535),
        Field('address', default=''),
        Field('certificate', default='none'),
        Field('tls-version', default='any'),
        Field('vrf', default='main'),
        Field('max-sessions', default='20', since='7.16'),
        Field('invalid', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
    )

    def cmd_add(self, attrs):
        raise CommandError(CANNOT_ADD, FAILURE)

    def cmd_remove(self, attrs):
        raise CommandError(CANNOT_ADD, FAILURE)


def add_defaults(router) -> Result:
    table = router.menus['/ip/service']
    for name, port, disabled in DEFAULT_SERVICES:
        table.add_row(name=name, port=port, disabled=disabled)
    return Result()
