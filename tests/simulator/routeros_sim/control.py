"""The control API: HTTP+JSON on loopback, served by the fleet's own event loop.

Running in the same loop as the API sessions means no locking around the router models.
One request per connection (`Connection: close`), which is all urllib needs.
"""

import asyncio
import json
import logging
import traceback
from urllib.parse import unquote, urlsplit

from routeros_sim.fleet import FaultError
from routeros_sim.router import CommandError

LOG = logging.getLogger('routeros_sim.control')

MAX_HEAD_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024
REASONS = {200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed', 413: 'Payload Too Large', 500: 'Internal Server Error'}


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


class ControlServer:
    def __init__(self, fleet, host='127.0.0.1', port=0):
        self.fleet = fleet
        self.host = host
        self.port = port
        self.server = None

    @property
    def url(self):
        return 'http://%s:%d' % (self.host if ':' not in self.host else '[%s]' % self.host, self.port)

    async def start(self):
        self.server = await asyncio.start_server(self.handle, self.host, self.port)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self):
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def handle(self, reader, writer):
        try:
            method, path, body = await read_request(reader)
            status, answer = 200, self.route(method, path, body)
        except HttpError as error:
            status, answer = error.status, {'error': error.message}
        except (ConnectionError, asyncio.IncompleteReadError):
            writer.close()
            return
        except Exception as error:  # pylint: disable=broad-except
            traceback.print_exc()
            status, answer = 500, {'error': '%s: %s' % (type(error).__name__, error)}
        payload = json.dumps(answer).encode('utf-8')
        head = 'HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n' % (
            status, REASONS.get(status, 'Error'), len(payload))
        try:
            writer.write(head.encode('ascii') + payload)
            await writer.drain()
            writer.close()
            await writer.wait_closed()
        except (ConnectionError, OSError):
            pass

    # -- routing ----------------------------------------------------------------------

    def route(self, method, path, body):
        parts = [unquote(part) for part in urlsplit(path).path.split('/') if part]
        if parts == ['routers']:
            _expect(method, 'GET')
            return self.fleet.ready_lines()
        if len(parts) < 3 or parts[0] != 'routers':
            raise HttpError(404, 'no such endpoint: %s %s' % (method, path))
        host = self.fleet.get(parts[1])
        if host is None:
            raise HttpError(404, 'no such router: %s' % parts[1])
        rest = parts[2:]
        if rest == ['counters']:
            _expect(method, 'GET')
            return host.counters.as_dict()
        if rest == ['counters', 'reset']:
            _expect(method, 'POST')
            host.counters.reset()
            return {}
        if rest == ['config']:
            _expect(method, 'GET')
            return host.router.dump()
        if len(rest) == 3 and rest[0] == 'containers' and rest[2] == 'running':
            _expect(method, 'GET')
            return host.router.running_config(rest[1])
        if rest == ['faults']:
            _expect(method, 'POST')
            return self.fault(host, body)
        if rest == ['reboot']:
            _expect(method, 'POST')
            host.reboot()
            return {}
        if rest == ['reset']:
            _expect(method, 'POST')
            host.drop_connections()
            host.router.reset()
            return {}
        if rest == ['users']:
            _expect(method, 'POST')
            return self.add_user(host, body)
        raise HttpError(404, 'no such endpoint: %s %s' % (method, path))

    @staticmethod
    def fault(host, body):
        params = _json_object(body)
        kind = params.pop('kind', None)
        if not isinstance(kind, str):
            raise HttpError(400, 'fault needs "kind"')
        try:
            host.inject_fault(kind, **params)
        except KeyError as error:
            raise HttpError(400, 'fault %s on %s: missing parameter %s' % (kind, host.name, error)) from error
        except (FaultError, CommandError, TypeError, ValueError) as error:
            raise HttpError(400, 'fault %s on %s: %s' % (kind, host.name, error)) from error
        return {}

    @staticmethod
    def add_user(host, body):
        params = _json_object(body)
        missing = [key for key in ('name', 'password', 'group') if not isinstance(params.get(key), str)]
        if missing:
            raise HttpError(400, 'user needs string fields: %s' % ', '.join(missing))
        try:
            host.add_user(params['name'], params['password'], params['group'])
        except (CommandError, ValueError) as error:
            raise HttpError(400, 'user %s on %s: %s' % (params['name'], host.name, error)) from error
        return {}


def _expect(method, wanted):
    if method != wanted:
        raise HttpError(405, 'use %s' % wanted)


def _json_object(body):
    if not body:
        return {}
    try:
        value = json.loads(body)
    except ValueError as error:
        raise HttpError(400, 'body is not JSON: %s' % error) from error
    if not isinstance(value, dict):
        raise HttpError(400, 'body must be a JSON object')
    return value


async def read_request(reader):
    try:
        head = await reader.readuntil(b'\r\n\r\n')
    except asyncio.LimitOverrunError as error:
        raise HttpError(413, 'request head too large') from error
    if len(head) > MAX_HEAD_BYTES:
        raise HttpError(413, 'request head too large')
    lines = head.decode('latin-1').split('\r\n')
    try:
        method, path, _version = lines[0].split(' ', 2)
    except ValueError as error:
        raise HttpError(400, 'bad request line') from error
    length = 0
    for line in lines[1:]:
        name, value = line.split(':', 1) if ':' in line else (line, '')
        if name.strip().lower() == 'content-length':
            try:
                length = int(value.strip())
            except ValueError as error:
                raise HttpError(400, 'bad Content-Length') from error
    if length < 0 or length > MAX_BODY_BYTES:
        raise HttpError(413, 'body too large')
    body = await reader.readexactly(length) if length else b''
    return method.upper(), path, body
