# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One API session with one router: connect, print, add, set, remove, commands.

librouteros (4.x) opens the socket and frames the words; everything above the words is
ours, because we need the raw strings RouterOS prints, ``.tag`` words to batch prints into
one round trip, and one clear line for every failure.
"""

from __future__ import annotations

import os
import socket
import ssl
import traceback

from ansible.module_utils.basic import env_fallback, missing_required_lib

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import (
    LoginRejected,
    MissingLibrary,
    RouterError,
    RouterTrap,
    to_router_error,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.words import (
    attribute_words,
    menu_path,
    parse_words,
    proplist_word,
    query_words,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import (
    RouterOSVersion, UnsupportedVersion, support_warning,
)

try:
    import librouteros
    from librouteros.login import encode_password
    HAS_LIBROUTEROS = True
    LIBROUTEROS_IMPORT_ERROR = None
except ImportError:
    HAS_LIBROUTEROS = False
    LIBROUTEROS_IMPORT_ERROR = traceback.format_exc()

try:
    import netaddr
except ImportError:  # pragma: no cover - the collection requires it; without it only names known locally count
    netaddr = None

DEFAULT_PORT = 8728
DEFAULT_TLS_PORT = 8729
DEFAULT_TIMEOUT = 10

CONNECTION_ARGUMENT_SPEC = dict(
    hostname=dict(type='str', required=True, fallback=(env_fallback, ['ROUTEROS_HOSTNAME'])),
    port=dict(type='int', fallback=(env_fallback, ['ROUTEROS_PORT'])),
    username=dict(type='str', default='admin', fallback=(env_fallback, ['ROUTEROS_USERNAME'])),
    password=dict(type='str', default='', no_log=True, fallback=(env_fallback, ['ROUTEROS_PASSWORD'])),
    tls=dict(type='bool', default=False, fallback=(env_fallback, ['ROUTEROS_TLS'])),
    validate_certs=dict(type='bool', default=True, fallback=(env_fallback, ['ROUTEROS_VALIDATE_CERTS'])),
    validate_cert_hostname=dict(type='bool', default=True, fallback=(env_fallback, ['ROUTEROS_VALIDATE_CERT_HOSTNAME'])),
    ca_path=dict(type='path', fallback=(env_fallback, ['ROUTEROS_CA_PATH'])),
    timeout=dict(type='int', default=DEFAULT_TIMEOUT, fallback=(env_fallback, ['ROUTEROS_TIMEOUT'])),
)

CONNECTION_OPTION_NAMES = tuple(CONNECTION_ARGUMENT_SPEC)

# No host name in it: Ansible shows a warning text once per run, however many routers say it.
PLAIN_API_WARNING = (
    'tls is false for a router that is not on this machine: the API password and everything the modules send '
    '(registry password, secret env values) travel in clear text. Turn TLS on: give the router a certificate '
    '(/certificate add name=api common-name=<name> subject-alt-name=IP:<address>, sign it), enable the api-ssl '
    'service with it, then set routeros_tls: true and routeros_ca_path (docs/index.md, "TLS").')


def is_loopback(hostname):
    """True when every address ``hostname`` names is on this machine (a name that does not resolve is not)."""
    if netaddr is None:
        return hostname in ('localhost', '127.0.0.1', '::1')
    try:
        return netaddr.IPAddress(hostname).is_loopback()
    except (netaddr.AddrFormatError, ValueError, TypeError):
        pass
    try:
        infos = socket.getaddrinfo(hostname, None)
    except (OSError, UnicodeError):
        return False
    addresses = set(info[4][0].split('%', 1)[0] for info in infos)
    return bool(addresses) and all(netaddr.IPAddress(address).is_loopback() for address in addresses)


_RESOURCE_PROPERTIES = ('version', 'architecture-name', 'board-name', 'free-hdd-space', 'total-hdd-space')


def build_ssl_context(validate_certs=True, validate_cert_hostname=True, ca_path=None):
    """The TLS context for api-ssl, following the three certificate options.

    The host name is checked by default: without it any certificate a trusted CA signed for
    any name would do, which is no check at all against a system CA store. Python matches an
    IP address ``hostname`` against the certificate's IP address SAN entries.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if not validate_certs:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        # api-ssl without a certificate speaks anonymous Diffie-Hellman only; allow it when
        # the user already gave up on verification, so such routers are reachable at all.
        context.set_ciphers('HIGH:aNULL:!eNULL:@SECLEVEL=0')
        return context
    context.verify_mode = ssl.CERT_REQUIRED
    context.check_hostname = bool(validate_cert_hostname)
    if ca_path:
        if os.path.isdir(ca_path):
            context.load_verify_locations(capath=ca_path)
        else:
            context.load_verify_locations(cafile=ca_path)
    else:
        context.load_default_certs(ssl.Purpose.SERVER_AUTH)
    return context


def resolve_options(params):
    """Connection options with defaults applied and checked; raises RouterError before any I/O."""
    options = dict((name, spec.get('default')) for name, spec in CONNECTION_ARGUMENT_SPEC.items())
    options.update((key, value) for key, value in (params or {}).items() if key in options and value is not None)
    hostname = options['hostname']
    port = options['port'] or (DEFAULT_TLS_PORT if options['tls'] else DEFAULT_PORT)
    options['port'] = port
    if not hostname:
        raise RouterError('(no hostname)', port, 'no hostname given: set hostname, routeros_hostname, ansible_host or ROUTEROS_HOSTNAME')
    if not 0 < int(port) < 65536:
        raise RouterError(hostname, port, 'port must be between 1 and 65535')
    if not options['timeout'] or int(options['timeout']) <= 0:
        raise RouterError(hostname, port, 'timeout must be a positive number of seconds')
    if options['ca_path'] and not os.path.exists(options['ca_path']):
        raise RouterError(hostname, port, 'ca_path %s does not exist' % options['ca_path'])
    return options


class _Channel(object):
    """Sentences to and from one router, with failures turned into RouterError."""

    def __init__(self, protocol, host, port, timeout):
        self.protocol = protocol
        self.host = host
        self.port = port
        self.timeout = timeout
        self.round_trips = 0
        self.closed = False

    def _fail(self, exc):
        error = to_router_error(exc, self.host, self.port, timeout=self.timeout)
        if not isinstance(error, RouterTrap):
            self.close()
        return error

    def send(self, command, words):
        if self.closed:
            raise RouterError(self.host, self.port, 'the session is closed (an earlier error ended it)')
        try:
            self.protocol.writeSentence(command, *words)
        except Exception as exc:
            raise self._fail(exc)

    def read_sentence(self):
        """``(reply word, attributes)``; empty sentences are skipped, as RouterOS allows them."""
        try:
            while True:
                words = tuple(iter(self.protocol.readWord, ''))
                if words:
                    break
        except Exception as exc:
            raise self._fail(exc)
        reply, attributes = words[0], words[1:]
        if reply == '!fatal':
            reason = ' '.join(word[len('=message='):] if word.startswith('=message=') else word for word in attributes)
            self.close()
            raise RouterError(self.host, self.port, 'the router closed the session (!fatal): %s' % (reason or 'no reason given'))
        return reply, parse_words(attributes)

    def call(self, command, words, trap_menu, trap_verb):
        """Send one sentence, read to ``!done``: ``(rows, done attributes)``; a trap raises after ``!done``."""
        self.send(command, words)
        self.round_trips += 1
        rows, trap = [], None
        while True:
            reply, attributes = self.read_sentence()
            if reply == '!re':
                rows.append(attributes)
            elif reply == '!trap':
                trap = trap or attributes
            elif reply == '!done':
                break
        if trap is not None:
            raise self.trap_error(trap, trap_menu, trap_verb)
        return rows, attributes

    def trap_error(self, attributes, menu, verb):
        category = attributes.get('category')
        message = ' '.join(attributes.get('message', 'unknown error').split()) or 'unknown error'
        return RouterTrap(self.host, self.port, menu, verb, message,
                          category=int(category) if category and category.isdigit() else None)

    def close(self):
        if not self.closed:
            self.closed = True
            try:
                self.protocol.close()
            except Exception:  # pylint: disable=broad-except
                pass  # closing a dead socket may fail again; the first error is the one to report


class _RawLogin(object):
    """librouteros login_method: logs in through our own reader and keeps the channel."""

    def __init__(self, host, port, timeout):
        self.host = host
        self.port = port
        self.timeout = timeout
        self.channel = None

    def __call__(self, api, username, password):
        channel = self.channel = _Channel(api.protocol, self.host, self.port, self.timeout)
        try:
            dummy, done = channel.call('/login', ['=name=%s' % username, '=password=%s' % password], '/login', '')
            if 'ret' in done:
                # RouterOS before 6.43 answers with a challenge instead of logging in.
                channel.call('/login', ['=name=%s' % username, '=response=%s' % encode_password(done['ret'], password)], '/login', '')
        except RouterTrap as trap:
            raise LoginRejected(self.host, self.port, 'login rejected for user %r: %s' % (username, trap.message))
        except RouterError as error:
            raise RouterError(self.host, self.port, '%s during login' % error.cause)


class RouterSession(object):
    """A logged-in API session with one router (see docs/design.md, connection contract)."""

    def __init__(self, channel, host, port):
        self._channel = channel
        self.host = host
        self.port = port
        # The display name for messages and diff headers (the inventory name; set by the run loop).
        self.name = host
        self.version = None
        self.architecture = None
        self.board_name = None
        self.identity = None
        self.free_hdd_space = None
        self.total_hdd_space = None
        self._container_support_checked = False
        self._container_support = None
        self._on_close = []
        # Passed on by the run loop as the task's warnings (a module's warn() would reach no result
        # when the loop runs inside Ansible's worker).
        self.warnings = []

    def on_close(self, callback):
        """Call ``callback()`` when the session closes, while it can still talk (a lease gives itself back)."""
        self._on_close.append(callback)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    @property
    def round_trips(self):
        """Request/answer cycles so far on this session, login included (the benchmarks count them)."""
        return self._channel.round_trips

    def _read_system(self):
        resources, identities = self.print_many([('/system/resource', _RESOURCE_PROPERTIES), ('/system/identity', ('name',))])
        resource = resources[0] if resources else {}
        try:
            self.version = RouterOSVersion.parse(resource.get('version', ''))
        except ValueError:
            raise RouterError(self.host, self.port, 'unreadable RouterOS version %r in /system/resource' % resource.get('version'))
        self.architecture = resource.get('architecture-name')
        self.board_name = resource.get('board-name')
        self.free_hdd_space = _int_or_none(resource.get('free-hdd-space'))
        self.total_hdd_space = _int_or_none(resource.get('total-hdd-space'))
        self.identity = identities[0].get('name') if identities else None
        try:
            warning = support_warning(self.version)
        except UnsupportedVersion as error:
            raise RouterError(self.host, self.port, str(error))
        if warning:
            self.warnings.append(warning)

    def print(self, menu, proplist=None, query=None):
        """Every row of ``menu`` (optionally only ``proplist`` properties and rows matching ``query``)."""
        menu = menu_path(menu)
        rows, dummy = self._channel.call(menu + '/print', proplist_word(proplist) + query_words(query), menu, 'print')
        return rows

    def print_many(self, requests):
        """Several independent prints in one round trip.

        ``requests`` holds ``(menu, proplist)`` or ``(menu, proplist, query)``; the answer
        holds one list of rows per request, in the same order. If any print traps, the
        first trapped one raises once every answer has arrived, so the session stays usable.
        """
        requests = [tuple(request) + (None,) * (3 - len(request)) for request in requests]
        if not requests:
            return []
        channel = self._channel
        menus = []
        for tag, (menu, proplist, query) in enumerate(requests):
            menu = menu_path(menu)
            menus.append(menu)
            channel.send(menu + '/print', proplist_word(proplist) + query_words(query) + ['.tag=%d' % tag])
        channel.round_trips += 1
        rows = [[] for dummy in requests]
        traps = {}
        pending = set(range(len(requests)))
        while pending:
            reply, attributes = channel.read_sentence()
            tag = attributes.pop('.tag', None)
            if tag is None or not tag.isdigit() or int(tag) not in pending:
                continue  # not an answer to one of ours (e.g. a stray untagged reply)
            tag = int(tag)
            if reply == '!re':
                rows[tag].append(attributes)
            elif reply == '!trap':
                traps.setdefault(tag, attributes)
            elif reply == '!done':
                pending.discard(tag)
        for tag in sorted(traps):
            raise channel.trap_error(traps[tag], menus[tag], 'print')
        return rows

    def add(self, menu, attrs):
        """Add one row; returns its new ``.id``."""
        menu = menu_path(menu)
        dummy, done = self._channel.call(menu + '/add', attribute_words(attrs), menu, 'add')
        return done.get('ret')

    def set(self, menu, item_id, attrs):
        """Change the given properties of one row; a value ``None`` unsets the property."""
        menu = menu_path(menu)
        self._channel.call(menu + '/set', ['=.id=%s' % item_id] + attribute_words(attrs, allow_unset=True), menu, 'set')

    def remove(self, menu, item_id):
        menu = menu_path(menu)
        self._channel.call(menu + '/remove', ['=.id=%s' % item_id], menu, 'remove')

    def command(self, menu, verb, attrs=None):
        """Any other command (start, stop, repull, move, ...).

        Returns the ``!re`` rows; a command that answers only in ``!done`` (``=ret=``)
        gives a one-element list with those attributes.
        """
        menu = menu_path(menu)
        rows, done = self._channel.call('%s/%s' % (menu, verb), attribute_words(attrs), menu, verb)
        if not rows and done:
            return [done]
        return rows

    def container_support(self):
        """``(container package row or None, device-mode row)``: what decides whether this router
        can run containers, read once per session (container_info reports it, the others check it)."""
        if self._container_support is None:
            packages, device_modes = self.print_many([('/system/package', ('name', 'disabled', 'version')),
                                                      ('/system/device-mode', None)])
            package = next((row for row in packages if row.get('name') == 'container'), None)
            self._container_support = (package, device_modes[0] if device_modes else {})
        return self._container_support

    def check_container_support(self):
        """Raise RouterError saying what to do when this router cannot run containers."""
        if self._container_support_checked:
            return
        package, device_mode = self.container_support()
        if package is None:
            raise RouterError(self.host, self.port, (
                'the container package is not installed: download the extra packages for RouterOS %s (%s), '
                'upload container-%s-%s.npk to the router and reboot it' % (
                    self.version, self.architecture, self.version, self.architecture)))
        if package.get('disabled') in ('true', 'yes'):
            raise RouterError(self.host, self.port, (
                'the container package is installed but disabled: run "/system/package enable container" '
                'on the router and reboot it'))
        if device_mode.get('container') not in ('yes', 'true'):
            raise RouterError(self.host, self.port, (
                'device-mode does not allow containers: run "/system/device-mode update container=yes" on the router, '
                'then within 5 minutes press its reset button or cut its power; this needs physical access '
                'and cannot be done through the API'))
        self._container_support_checked = True

    def close(self):
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            if not self._channel.closed:
                callback()
        self._channel.close()


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def connection_warnings(params):
    """What to tell the user about these connection options before connecting (the run loop passes it on)."""
    options = resolve_options(params)
    if not options['tls'] and not is_loopback(options['hostname']):
        return [PLAIN_API_WARNING]
    return []


def connect(params):
    """Log in to the router named by the connection options and read what it is.

    ``params`` is a module's params (or any dict with the CONNECTION_ARGUMENT_SPEC keys).
    Raises RouterError (one line naming host:port and the cause) on any failure.
    """
    options = resolve_options(params)
    host, port, timeout = options['hostname'], options['port'], options['timeout']
    if not HAS_LIBROUTEROS:
        raise MissingLibrary(host, port, missing_required_lib('librouteros'))
    context = None
    if options['tls']:
        try:
            context = build_ssl_context(options['validate_certs'], options['validate_cert_hostname'], options['ca_path'])
        except (ssl.SSLError, OSError) as exc:
            raise RouterError(host, port, 'cannot use ca_path %s: %s' % (options['ca_path'], getattr(exc, 'reason', None) or exc))

    def ssl_wrapper(sock):
        # print_many writes several tagged sentences back to back; without TCP_NODELAY the
        # later ones wait for the router's delayed ACK, a second round trip on every batch.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if context is None:
            return sock
        # librouteros does not pass the server name itself; SNI and hostname checks need it.
        return context.wrap_socket(sock, server_hostname=host)

    login = _RawLogin(host, port, timeout)
    try:
        librouteros.connect(host, options['username'], options['password'], port=port, timeout=timeout,
                            ssl_wrapper=ssl_wrapper, encoding='utf-8', login_method=login)
    except Exception as exc:
        # Failures after the socket is up arrive here as RouterError already (from the login).
        raise to_router_error(exc, host, port, timeout=timeout, phase='connecting')
    session = RouterSession(login.channel, host, port)
    try:
        session._read_system()
    except Exception:
        session.close()
        raise
    return session
