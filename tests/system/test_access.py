# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""TLS verification and user rights.

The simulator serves api-ssl with a certificate from a CA this test creates; verification is
on by default, and a wrong CA or a hostname the certificate does not name fails with one clear
line before anything is sent. A user of group ``read`` gets a clear error at the first write,
and check mode works with read rights alone.
"""

from __future__ import annotations

import importlib.util
import os
import time

import pytest

from faults_helpers import REPO, assert_converged, assert_ok, run_stack, start_fleet, writes

_TLS_CERTS = os.path.join(REPO, 'tests', 'unit', 'plugins', 'module_utils', '_api', 'tls_certs.py')


def _certificate_authority_class():
    spec = importlib.util.spec_from_file_location('rfc_tls_certs', _TLS_CERTS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.CertificateAuthority


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    authority_class = _certificate_authority_class()
    directory = tmp_path_factory.mktemp('pki')
    (directory / 'trusted').mkdir()
    (directory / 'other').mkdir()
    trusted = authority_class('access test CA').write(directory / 'trusted', names=('router.example', '127.0.0.1'))
    # The same CA name with another key: a CA that did not sign the router's certificate.
    other = authority_class('access test CA').write(directory / 'other', names=('router.example',))
    return {'trusted': trusted, 'other_ca': other['ca'], 'directory': directory}


@pytest.fixture(scope='module')
def tls_fleet(pki):
    trusted = pki['trusted']
    simulated = start_fleet(tls=True, extra_args=['--cert', trusted['cert'], '--key', trusted['key']])
    assert simulated.routers[0]['tls_port']
    yield simulated
    simulated.stop()


@pytest.fixture(scope='module')
def named_only_fleet(pki, tmp_path_factory):
    """A router whose certificate names only router.example, not the address we connect to."""
    authority_class = _certificate_authority_class()
    directory = tmp_path_factory.mktemp('named_only')
    paths = authority_class('access test named-only CA').write(directory, names=('router.example',))
    simulated = start_fleet(tls=True, extra_args=['--cert', paths['cert'], '--key', paths['key']])
    simulated.named_only_ca = paths['ca']
    yield simulated
    simulated.stop()


def tls_params(fleet, **overrides):
    info = fleet.routers[0]
    params = {'port': info['tls_port'], 'tls': True}
    params.update(overrides)
    return params


def assert_clear_tls_failure(result, *fragments):
    assert result.get('failed'), result
    message = result['msg']
    assert message.startswith('router '), message
    assert '\n' not in message and 'Traceback' not in result['_raw'], message
    for fragment in fragments:
        assert fragment in message.lower(), (fragment, message)


def test_verification_is_on_by_default_an_unknown_ca_fails(tls_fleet):
    tls_fleet.control.reset_counters('r1')
    result = run_stack(tls_fleet, check=True, **tls_params(tls_fleet))
    assert_clear_tls_failure(result, 'certificate')
    assert tls_fleet.control.counters('r1')['logins'] == 0


def test_a_wrong_ca_fails_clearly(tls_fleet, pki):
    tls_fleet.control.reset_counters('r1')
    result = run_stack(tls_fleet, check=True, **tls_params(tls_fleet, ca_path=pki['other_ca']))
    assert_clear_tls_failure(result, 'certificate')
    assert tls_fleet.control.counters('r1')['logins'] == 0


def test_a_missing_ca_file_fails_before_connecting(tls_fleet, pki):
    result = run_stack(tls_fleet, check=True, **tls_params(tls_fleet, ca_path=str(pki['directory'] / 'no-such-ca.pem')))
    assert_clear_tls_failure(result, 'ca_path')


def test_the_right_ca_connects_and_deploys(tls_fleet, pki):
    tls_fleet.control.reset('r1')
    params = tls_params(tls_fleet, ca_path=pki['trusted']['ca'], validate_cert_hostname=True)
    assert_ok(run_stack(tls_fleet, **params))
    tls_fleet.control.reset_counters('r1')
    again = assert_ok(run_stack(tls_fleet, **params))
    assert again['changed'] is False and writes(tls_fleet) == {}


@pytest.mark.parametrize('hostname', ['127.0.0.1', 'localhost'])
def test_a_hostname_the_certificate_does_not_name_fails_clearly(named_only_fleet, hostname):
    params = tls_params(named_only_fleet, ca_path=named_only_fleet.named_only_ca, validate_cert_hostname=True, hostname=hostname)
    result = run_stack(named_only_fleet, check=True, **params)
    assert_clear_tls_failure(result, 'mismatch', hostname)
    assert result['msg'].startswith('router %s:' % hostname), result['msg']
    # The same CA without the hostname check connects: the failure above was the name, nothing else.
    assert_ok(run_stack(named_only_fleet, check=True, **dict(params, validate_cert_hostname=False)))


def test_verification_can_be_turned_off_explicitly(named_only_fleet):
    assert_ok(run_stack(named_only_fleet, check=True, **tls_params(named_only_fleet, validate_certs=False)))


# -- rights ------------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def rights_fleet():
    simulated = start_fleet()
    simulated.control.add_user('r1', 'reader', 'reader-pass', 'read')
    yield simulated
    simulated.stop()


def test_a_read_only_user_gets_a_clear_error_at_the_first_write(rights_fleet):
    fleet = rights_fleet
    fleet.control.reset_counters('r1')
    result = run_stack(fleet, username='reader', password='reader-pass')
    assert result.get('failed'), result
    message = result['msg']
    assert message.startswith('router 127.0.0.1:') and '\n' not in message, message
    assert 'permission' in message.lower() or 'policy' in message.lower(), message
    # It stopped at the first write: exactly one write was attempted, and it named what it was doing
    # (besides the run lease it could not take: /system/script add, refused the same way).
    counted = writes(fleet)
    assert sum(count for menu, count in counted.items() if menu != '/system/script add') == 1, counted
    assert result['applied'] == [] and result['not_applied'], result


def test_check_mode_works_with_read_rights_alone(rights_fleet):
    fleet = rights_fleet
    fleet.control.reset_counters('r1')
    preview = assert_ok(run_stack(fleet, check=True, diff=True, username='reader', password='reader-pass'))
    assert preview['changed'] is True and preview['actions'], preview
    assert writes(fleet) == {}
    # What check mode predicted is what an admin's run does.
    real = assert_ok(run_stack(fleet))
    assert real['actions'] == preview['actions']
    # A converged router needs no write: a read-only user's real run succeeds too.
    fleet.control.reset_counters('r1')
    assert_ok(run_stack(fleet, username='reader', password='reader-pass'))
    assert writes(fleet) == {}
    assert_converged(fleet)


def test_a_wrong_password_is_one_clear_line_and_no_retry(rights_fleet):
    fleet = rights_fleet
    fleet.control.reset_counters('r1')
    started = time.monotonic()
    result = run_stack(fleet, username='reader', password='wrong')
    assert result.get('failed') and 'login rejected' in result['msg'] and 'reader' in result['msg'], result.get('msg')
    assert 'wrong' not in result['msg'].replace('reader', '')
    assert time.monotonic() - started < 5
    assert fleet.control.counters('r1')['round_trips'] == 1
