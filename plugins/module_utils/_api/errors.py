# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every way talking to a router can fail, as one line that names the router and the cause.

Users read these lines in a play recap for a fleet of routers, so each one starts with
``router <name> (<host>:<port>):`` (``router_label``) and says what happened in words, never a Python traceback.
"""

from __future__ import annotations

import errno
import socket
import ssl

try:
    from librouteros.exceptions import ConnectionClosed, FatalError, MultiTrapError, ProtocolError, TrapError
except ImportError:
    # Only the mapping needs these names; when librouteros is absent, connect() says so first.
    class ConnectionClosed(Exception):  # type: ignore[no-redef]
        pass

    class ProtocolError(Exception):  # type: ignore[no-redef]
        pass

    class FatalError(ProtocolError):  # type: ignore[no-redef]
        pass

    class TrapError(ProtocolError):  # type: ignore[no-redef]
        message = ''

    class MultiTrapError(ProtocolError):  # type: ignore[no-redef]
        traps = ()


# RouterOS !trap categories (API manual).
TRAP_CATEGORIES = {
    0: 'missing item or command',
    1: 'argument value failure',
    2: 'execution interrupted',
    3: 'scripting failure',
    4: 'general failure',
    5: 'API failure',
}


def format_address(host, port):
    if host and ':' in host and not host.startswith('['):
        return '[%s]:%s' % (host, port)
    return '%s:%s' % (host, port)


def router_label(name, host, port):
    """How messages name a router: ``router r1 (10.0.0.1:8728)`` when its inventory name differs
    from the address it is reached at, else ``router 10.0.0.1:8728``."""
    address = format_address(host, port)
    if name and name != host:
        return 'router %s (%s)' % (name, address) if host else 'router %s' % name
    return 'router %s' % address


class RouterError(Exception):
    """A router could not be reached or refused what we asked; ``str()`` is one line.

    ``name`` is the router's display name (its inventory name); the run loop sets it on every
    error of a run that lacks one, so the code that raises needs to know only the address.
    """

    def __init__(self, host, port, cause, name=None):
        self.host = host
        self.port = port
        self.name = name
        self.cause = ' '.join(str(cause).split())
        super(RouterError, self).__init__(self.cause)

    def __str__(self):
        return '%s: %s' % (router_label(self.name, self.host, self.port), self.cause)


class RouterTrap(RouterError):
    """The router answered a command with ``!trap``."""

    def __init__(self, host, port, menu, verb, message, category=None):
        self.menu = menu
        self.verb = verb
        self.message = message
        self.category = category
        super(RouterTrap, self).__init__(host, port, '%s %s: %s' % (menu, verb, message))


class LoginRejected(RouterError):
    """Wrong user name or password, or a user without the ``api`` policy."""


class MissingLibrary(RouterError):
    """A Python library the connection needs is not installed on the controller."""


def _tls_cause(exc):
    if isinstance(exc, ssl.SSLCertVerificationError):
        # e.g. "Hostname mismatch, certificate is not valid for 'r1'." -> "hostname mismatch, ..."
        reason = str(exc.verify_message or exc.reason or exc).rstrip('.')
        if reason[1:2].islower():
            reason = reason[:1].lower() + reason[1:]
        return 'TLS certificate verification failed: %s' % reason
    reason = getattr(exc, 'reason', None) or getattr(exc, 'strerror', None) or str(exc)
    return 'TLS handshake failed: %s (is api-ssl enabled with a certificate on this port?)' % reason


def _trap_text(trap):
    return ' '.join(str(getattr(trap, 'message', '') or trap).split()) or 'no reason given'


def describe_failure(exc, timeout=None, phase='waiting for a reply'):
    """The cause part of the one-line message for an exception raised while talking to a router.

    ``phase`` says what we were doing when a timeout struck: connecting or waiting for a reply.
    """
    if isinstance(exc, RouterError):
        return exc.cause
    if isinstance(exc, socket.gaierror):
        return 'name resolution failed: %s' % (exc.strerror or exc)
    if isinstance(exc, ssl.SSLError):
        return _tls_cause(exc)
    if isinstance(exc, (socket.timeout, TimeoutError)):
        limit = ' after %ss' % timeout if timeout is not None else ''
        return 'timed out%s %s' % (limit, phase)
    if isinstance(exc, ConnectionRefusedError):
        return 'connection refused (is the API service enabled on this port?)'
    if isinstance(exc, MultiTrapError):
        # An unknown menu answers with two traps ("no such command or directory (x)", then
        # "no such command prefix"): the first one says what was wrong.
        first = exc.traps[0] if exc.traps else None
        return 'the router refused the command: %s' % (_trap_text(first) if first is not None else 'no reason given')
    if isinstance(exc, TrapError):
        return 'the router refused the command: %s' % _trap_text(exc)
    if isinstance(exc, FatalError):
        return 'the router closed the session (!fatal): %s' % (str(exc) or 'no reason given')
    if isinstance(exc, (ConnectionClosed, ConnectionResetError, BrokenPipeError, ConnectionAbortedError, EOFError)):
        return 'connection dropped by the router'
    if isinstance(exc, ProtocolError):
        return 'API protocol error: %s' % exc
    if isinstance(exc, OSError):
        if exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
            return 'no route to host: %s' % exc.strerror
        return 'network error: %s' % (exc.strerror or exc)
    if isinstance(exc, UnicodeError):
        return 'could not encode or decode an API word: %s' % exc
    return '%s: %s' % (type(exc).__name__, exc)


def to_router_error(exc, host, port, timeout=None, phase='waiting for a reply'):
    """Wrap any exception from the transport in a RouterError (unchanged if it already is one)."""
    if isinstance(exc, RouterError):
        return exc
    return RouterError(host, port, describe_failure(exc, timeout=timeout, phase=phase))
