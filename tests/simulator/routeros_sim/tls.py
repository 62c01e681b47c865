"""Throwaway certificates for api-ssl: a test CA and a server certificate it signs.

The server certificate names 127.0.0.1, ::1 and localhost, so clients can verify both the
chain and the host name against the loopback addresses the simulator listens on.
"""

import datetime
import ipaddress
import os
import ssl

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LOOPBACK_NAMES = ('localhost',)
LOOPBACK_ADDRESSES = ('127.0.0.1', '::1')


class CertificateFiles:
    def __init__(self, ca_cert, cert, key):
        self.ca_cert = ca_cert
        self.cert = cert
        self.key = key


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(path, data, private=False):
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    with os.fdopen(os.open(path, flags, 0o600 if private else 0o644), 'wb') as handle:
        handle.write(data)


def make_test_pki(directory, names=LOOPBACK_NAMES, addresses=LOOPBACK_ADDRESSES, days=30):
    """Write ca.pem, server.pem and server.key into `directory`; return their paths."""
    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc)
    not_before, not_after = now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=days)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name('routeros_sim test CA'))
        .issuer_name(_name('routeros_sim test CA'))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    server_key = ec.generate_private_key(ec.SECP256R1())
    alt_names = [x509.DNSName(name) for name in names] + [x509.IPAddress(ipaddress.ip_address(address)) for address in addresses]
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(names[0] if names else addresses[0]))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName(alt_names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    files = CertificateFiles(os.path.join(directory, 'ca.pem'), os.path.join(directory, 'server.pem'),
                             os.path.join(directory, 'server.key'))
    _write(files.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
    _write(files.cert, server_cert.public_bytes(serialization.Encoding.PEM))
    _write(files.key, server_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()), private=True)
    return files


def server_context(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def client_context(ca_cert, check_hostname=True):
    context = ssl.create_default_context(cafile=ca_cert)
    context.check_hostname = check_hostname
    return context
