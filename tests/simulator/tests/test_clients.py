"""Two independent client libraries against the simulator: routeros_api (PyPI
`RouterOS-api`) and librouteros, the latter also over TLS with a test CA."""

import ssl

import librouteros
import pytest
import routeros_api
from routeros_api.exceptions import RouterOsApiCommunicationError

from conftest import PASSWORD, USER

from routeros_sim import tls


@pytest.mark.parametrize('plaintext_login', [True, False], ids=['plain-login', 'challenge-login'])
def test_routeros_api_login_print_add_set_remove(running, plaintext_login):
    pool = routeros_api.RouterOsApiPool('127.0.0.1', username=USER, password=PASSWORD,
                                        port=running.fleet.get('r1').port, plaintext_login=plaintext_login)
    api = pool.get_api()
    try:
        envs = api.get_resource('/container/envs')
        envs.add(list='app', key='A', value='1')
        envs.add(list='app', key='B', value='2')
        (row,) = envs.get(key='A')
        assert (row['list'], row['value']) == ('app', '1')
        envs.set(id=row['id'], value='changed')
        assert envs.get(key='A')[0]['value'] == 'changed'
        assert [found['key'] for found in envs.detailed_get(list='app')] == ['A', 'B']   # '=detail' flag
        envs.remove(id=row['id'])
        assert [found['key'] for found in envs.get()] == ['B']
        with pytest.raises(RouterOsApiCommunicationError, match='no such item'):
            envs.remove(id=row['id'])
    finally:
        pool.disconnect()


def test_routeros_api_wrong_password(running):
    pool = routeros_api.RouterOsApiPool('127.0.0.1', username=USER, password='wrong',
                                        port=running.fleet.get('r1').port, plaintext_login=True)
    with pytest.raises(RouterOsApiCommunicationError, match=r'invalid user name or password \(6\)'):
        pool.get_api()


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    return tls.make_test_pki(str(tmp_path_factory.mktemp('pki')))


@pytest.fixture
def tls_running(fleet_factory, pki):
    return fleet_factory(tls_context=tls.server_context(pki.cert, pki.key))


def connect_tls(running, context, server_hostname='127.0.0.1'):
    return librouteros.connect(
        '127.0.0.1', USER, PASSWORD, port=running.fleet.get('r1').tls_port, timeout=5,
        ssl_wrapper=lambda sock: context.wrap_socket(sock, server_hostname=server_hostname))


def test_librouteros_over_tls_with_the_test_ca(tls_running, pki):
    api = connect_tls(tls_running, tls.client_context(pki.ca_cert))
    try:
        identity = tuple(api.path('/system/identity'))
        assert identity and 'name' in identity[0]
    finally:
        api.close()
    # the plain port keeps working beside the TLS one
    plain = librouteros.connect('127.0.0.1', USER, PASSWORD, port=tls_running.fleet.get('r1').port, timeout=5)
    plain.close()


def test_tls_with_another_ca_fails_verification(tls_running, tmp_path):
    other = tls.make_test_pki(str(tmp_path / 'other'))
    with pytest.raises(ssl.SSLCertVerificationError, match='certificate verify failed'):
        connect_tls(tls_running, tls.client_context(other.ca_cert))


def test_tls_hostname_mismatch_fails(tls_running, pki):
    with pytest.raises(ssl.SSLCertVerificationError, match='mismatch|match'):
        connect_tls(tls_running, tls.client_context(pki.ca_cert), server_hostname='router.example')


def test_routeros_api_over_tls(tls_running, pki):
    pool = routeros_api.RouterOsApiPool('127.0.0.1', username=USER, password=PASSWORD, plaintext_login=True,
                                        port=tls_running.fleet.get('r1').tls_port,
                                        ssl_context=tls.client_context(pki.ca_cert))
    try:
        assert pool.get_api().get_resource('/system/identity').get()
    finally:
        pool.disconnect()
