# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every way a connection fails gives one line naming host:port and the cause (real sockets on loopback)."""

from __future__ import annotations

import socket
import ssl
import time

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api import connection as connection_module
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect, resolve_options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import (
    LoginRejected,
    MissingLibrary,
    RouterError,
    describe_failure,
)
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.wire import ScriptedRouter, sentence, simulated_router_on_loopback
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.module_utils._api.tls_certs import CertificateAuthority


def closed_port():
    probe = socket.socket()
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def failure_of(params):
    with pytest.raises(RouterError) as caught:
        connect(params)
    message = str(caught.value)
    assert '\n' not in message
    return caught.value, message


def test_refused():
    port = closed_port()
    dummy, message = failure_of({'hostname': '127.0.0.1', 'port': port, 'timeout': 2})
    assert message == 'router 127.0.0.1:%d: connection refused (is the API service enabled on this port?)' % port


def test_timeout_when_the_router_never_answers():
    silent = socket.socket()
    silent.bind(('127.0.0.1', 0))
    silent.listen(1)  # the kernel completes the handshake; nobody ever reads or writes
    port = silent.getsockname()[1]
    try:
        started = time.monotonic()
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': port, 'timeout': 1})
        assert time.monotonic() - started < 5
    finally:
        silent.close()
    assert message == 'router 127.0.0.1:%d: timed out after 1s waiting for a reply during login' % port


def test_timeout_on_a_later_read():
    def handler(words, conn):
        if words[0] == '/slow/print':
            return None
        return ScriptedRouter.default_handler(router, words, conn)

    router = ScriptedRouter(handler=handler)
    with router:
        with connect({'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret', 'timeout': 1}) as session:
            with pytest.raises(RouterError, match=r':%d: timed out after 1s waiting for a reply$' % router.port):
                session.print('/slow')


def test_name_resolution():
    dummy, message = failure_of({'hostname': 'no-such-router.invalid', 'port': 8728, 'timeout': 2})
    assert message.startswith('router no-such-router.invalid:8728: name resolution failed: ')


def test_login_rejected_names_the_user_never_the_password():
    with simulated_router_on_loopback() as router:
        error, message = failure_of({'hostname': '127.0.0.1', 'port': router.port, 'username': 'ops', 'password': 'hunter2-wrong'})
    assert isinstance(error, LoginRejected)
    assert message == "router 127.0.0.1:%d: login rejected for user 'ops': invalid user name or password (6)" % router.port
    assert 'hunter2' not in message


def test_dropped_during_login():
    with ScriptedRouter(handler=lambda words, conn: 'close') as router:
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': router.port})
    assert message == 'router 127.0.0.1:%d: connection dropped by the router during login' % router.port


def test_fatal_during_login():
    with ScriptedRouter(handler=lambda words, conn: [sentence('!fatal', 'too many commands before login')]) as router:
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': router.port})
    assert message == 'router 127.0.0.1:%d: the router closed the session (!fatal): too many commands before login during login' % router.port


def test_challenge_login_of_old_routeros():
    def handler(words, conn):
        if words == ['/login', '=name=admin', '=password=secret']:
            return [sentence('!done', '=ret=ebddd18303a54111e2dea05a92ab46b4')]
        if words[0] == '/login':
            ok = words[2] == '=response=00' + '%s' % expected_response
            return [sentence('!done')] if ok else [sentence('!trap', '=message=cannot log in'), sentence('!done')]
        return ScriptedRouter.default_handler(router, words, conn)

    from librouteros.login import encode_password
    expected_response = encode_password('ebddd18303a54111e2dea05a92ab46b4', 'secret')[2:]
    router = ScriptedRouter(handler=handler)
    with router:
        with connect({'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret'}) as session:
            assert session.identity == 'lab-r1'


def test_unreadable_version():
    with ScriptedRouter(menus={'/system/resource/print': [{'version': 'banana'}]}) as router:
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret'})
    assert message.endswith("unreadable RouterOS version 'banana' in /system/resource")


def test_bad_options_fail_before_any_connection():
    with pytest.raises(RouterError, match='no hostname given'):
        resolve_options({'hostname': ''})
    with pytest.raises(RouterError, match=r'^router r1:70000: port must be between 1 and 65535$'):
        resolve_options({'hostname': 'r1', 'port': 70000})
    with pytest.raises(RouterError, match='timeout must be a positive'):
        resolve_options({'hostname': 'r1', 'timeout': 0})
    with pytest.raises(RouterError, match='ca_path /nonexistent/ca.pem does not exist'):
        resolve_options({'hostname': 'r1', 'tls': True, 'ca_path': '/nonexistent/ca.pem'})


def test_default_ports_follow_tls():
    assert resolve_options({'hostname': 'r1'})['port'] == 8728
    assert resolve_options({'hostname': 'r1', 'tls': True})['port'] == 8729
    assert resolve_options({'hostname': 'r1', 'tls': True, 'port': 443})['port'] == 443


def test_missing_librouteros_says_what_to_install(monkeypatch):
    monkeypatch.setattr(connection_module, 'HAS_LIBROUTEROS', False)
    with pytest.raises(MissingLibrary, match='librouteros'):
        connect({'hostname': '127.0.0.1', 'port': closed_port()})


def test_ipv6_addresses_are_bracketed():
    error = RouterError('::1', 8728, 'x')
    assert str(error) == 'router [::1]:8728: x'


@pytest.mark.parametrize('exc, expected', [
    (ConnectionResetError(104, 'reset'), 'connection dropped by the router'),
    (BrokenPipeError(32, 'pipe'), 'connection dropped by the router'),
    (OSError(113, 'No route to host'), 'no route to host: No route to host'),
    (socket.timeout('timed out'), 'timed out after 3s waiting for a reply'),
    (ValueError('odd'), 'ValueError: odd'),
])
def test_describe_failure(exc, expected):
    assert describe_failure(exc, timeout=3) == expected


# TLS -------------------------------------------------------------------------------------


@pytest.fixture(scope='module')
def tls_material(tmp_path_factory):
    directory = tmp_path_factory.mktemp('tls')
    good = CertificateAuthority().write(directory, names=('localhost', '127.0.0.1'))
    other = CertificateAuthority('some other CA').write(directory.joinpath('other').mkdir() or directory / 'other')
    return good, other


def tls_router(paths):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(paths['cert'], paths['key'])
    return ScriptedRouter(tls_context=context)


def tls_params(router, **options):
    params = {'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret', 'tls': True, 'timeout': 3}
    params.update(options)
    return params


def test_tls_with_the_right_ca(tls_material):
    good, dummy = tls_material
    with tls_router(good) as router:
        with connect(tls_params(router, ca_path=good['ca'], validate_cert_hostname=True)) as session:
            assert session.identity == 'lab-r1'


def test_tls_with_a_ca_directory(tls_material, tmp_path):
    good, dummy = tls_material
    # OpenSSL finds CAs in a directory by subject hash; the certificate itself is enough for that.
    import subprocess
    subject_hash = subprocess.run(['openssl', 'x509', '-hash', '-noout', '-in', good['ca']], capture_output=True, text=True, check=True).stdout.strip()
    (tmp_path / ('%s.0' % subject_hash)).write_bytes(open(good['ca'], 'rb').read())
    with tls_router(good) as router:
        with connect(tls_params(router, ca_path=str(tmp_path))) as session:
            assert session.identity == 'lab-r1'


def test_tls_with_the_wrong_ca(tls_material):
    good, other = tls_material
    with tls_router(good) as router:
        dummy, message = failure_of(tls_params(router, ca_path=other['ca']))
    assert message == 'router 127.0.0.1:%d: TLS certificate verification failed: unable to get local issuer certificate' % router.port


def test_tls_hostname_checked_unless_turned_off(tls_material, tmp_path):
    good, dummy = tls_material
    elsewhere = CertificateAuthority()
    paths = elsewhere.write(tmp_path, names=('router.example.net',))
    with tls_router(paths) as router:
        # The documented opt-out for a certificate made without the router's name or address.
        with connect(tls_params(router, ca_path=paths['ca'], validate_cert_hostname=False)) as session:
            assert session.identity == 'lab-r1'
        dummy, message = failure_of(tls_params(router, ca_path=paths['ca']))
        assert message == ("router 127.0.0.1:%d: TLS certificate verification failed: "
                           "IP address mismatch, certificate is not valid for '127.0.0.1'" % router.port)
        dummy, message = failure_of(tls_params(router, hostname='localhost', ca_path=paths['ca']))
    assert message == ("router localhost:%d: TLS certificate verification failed: "
                       "hostname mismatch, certificate is not valid for 'localhost'" % router.port)


def test_tls_without_validation_accepts_any_certificate(tls_material):
    good, other = tls_material
    with tls_router(good) as router:
        with connect(tls_params(router, validate_certs=False, ca_path=other['ca'], validate_cert_hostname=True)) as session:
            assert session.identity == 'lab-r1'


def test_tls_handshake_timeout():
    silent = socket.socket()
    silent.bind(('127.0.0.1', 0))
    silent.listen(1)
    port = silent.getsockname()[1]
    try:
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': port, 'tls': True, 'validate_certs': False, 'timeout': 1})
    finally:
        silent.close()
    assert message == 'router 127.0.0.1:%d: timed out after 1s connecting' % port


def test_tls_against_a_plain_port():
    with ScriptedRouter() as router:
        dummy, message = failure_of(tls_params(router, validate_certs=False))
    assert message.startswith('router 127.0.0.1:%d: ' % router.port)
    assert 'TLS' in message or 'dropped' in message or 'timed out' in message


def test_plain_against_a_tls_port(tls_material):
    good, dummy = tls_material
    with tls_router(good) as router:
        dummy, message = failure_of({'hostname': '127.0.0.1', 'port': router.port, 'timeout': 1})
    assert message.startswith('router 127.0.0.1:%d: ' % router.port)


def test_ssl_context_checks_the_host_name_by_default():
    assert connection_module.build_ssl_context().check_hostname is True
    assert connection_module.CONNECTION_ARGUMENT_SPEC['validate_cert_hostname']['default'] is True


@pytest.mark.parametrize('validate_certs, validate_cert_hostname, verify_mode, check_hostname', [
    (True, True, ssl.CERT_REQUIRED, True),
    (True, False, ssl.CERT_REQUIRED, False),
    (False, True, ssl.CERT_NONE, False),
    (False, False, ssl.CERT_NONE, False),
])
def test_ssl_context_follows_the_options(validate_certs, validate_cert_hostname, verify_mode, check_hostname, tls_material):
    good, dummy = tls_material
    for ca_path in (None, good['ca']):
        context = connection_module.build_ssl_context(validate_certs, validate_cert_hostname, ca_path)
        assert context.verify_mode == verify_mode
        assert context.check_hostname is check_hostname
        if validate_certs and ca_path:
            assert [cert['subject'] for cert in context.get_ca_certs()] == [((('commonName', 'routeros_fleet test CA'),),)]
        if not validate_certs:
            assert any(cipher['name'].startswith('ADH') for cipher in context.get_ciphers()), 'api-ssl without a certificate needs ADH'


def test_unreadable_ca_path(tmp_path):
    bogus = tmp_path / 'ca.pem'
    bogus.write_text('not a certificate')
    dummy, message = failure_of({'hostname': '127.0.0.1', 'port': closed_port(), 'tls': True, 'ca_path': str(bogus)})
    assert message.startswith('router 127.0.0.1:') and 'cannot use ca_path %s: ' % bogus in message
