"""Command line: `python -m routeros_sim --routers 3 --versions 7.16.2,7.20.8,7.24 ...`.

Prints one JSON line per router, then `{"ready": true, "control": URL}`, and serves until
SIGINT or SIGTERM. See docs/design.md (Simulator contract) and tests/simulator/README.md.
"""

import argparse
import asyncio
import ipaddress
import json
import os
import signal
import sys
import shutil
import tempfile

from routeros_sim import tls
from routeros_sim.control import ControlServer
from routeros_sim.fleet import Fleet, RouterHost, router_state_dir
from routeros_sim.inventory import write_inventory
from routeros_sim.model.catalog import Catalog
from routeros_sim.router import Router

DEFAULT_VERSION = '7.22.3'
LOOPBACK_NAMES = ('localhost',)


class UsageError(Exception):
    pass


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='python -m routeros_sim', description='Serve simulated RouterOS routers over the API protocol.')
    parser.add_argument('--routers', type=int, default=1, help='how many routers (r1..rN)')
    parser.add_argument('--version', help='RouterOS version of every router (default %s)' % DEFAULT_VERSION)
    parser.add_argument('--versions', help='comma list of versions, given to the routers round robin')
    parser.add_argument('--arch', default='arm64', help='CPU architecture: arm64, arm, x86_64 (default arm64)')
    parser.add_argument('--host', default='127.0.0.1', help='loopback address to listen on (127.0.0.1 or ::1)')
    parser.add_argument('--port', type=int, default=0, help='API port of r1, the others follow; 0 picks free ports (default)')
    parser.add_argument('--tls-port', type=int, help='api-ssl port of r1, the others follow; 0 picks free ports')
    parser.add_argument('--cert', help='server certificate (PEM) for api-ssl')
    parser.add_argument('--key', help='private key (PEM) of --cert')
    parser.add_argument('--tls-self-signed', action='store_true',
                        help='make a throwaway CA and server certificate (implied by --tls-port without --cert)')
    parser.add_argument('--control-port', type=int, default=0, help='control API port; 0 picks a free port (default)')
    parser.add_argument('--user', default='admin', help='user with group full on every router (default admin)')
    parser.add_argument('--password', default='', help='password of --user (default empty, as on a factory router)')
    parser.add_argument('--state-dir', help='persist each router under DIR/<name>; reloaded on start and reboot')
    parser.add_argument('--catalog', help='image catalog YAML instead of the shipped one')
    parser.add_argument('--inventory', help='write an Ansible YAML inventory of the fleet to this file')
    parser.add_argument('--inventory-tls', action='store_true', help='point the inventory at the api-ssl ports')
    parser.add_argument('--latency-ms', type=int, default=0, help='delay before each command is answered')
    parser.add_argument('--time-scale', type=float, default=1.0, help='speed of simulated time (pulls, starts); 10 = ten times faster')
    args = parser.parse_args(argv)
    try:
        check_args(args)
    except UsageError as error:
        parser.error(str(error))
    return args


def check_args(args):
    if args.routers < 1:
        raise UsageError('--routers must be at least 1')
    if args.version and args.versions:
        raise UsageError('give --version or --versions, not both')
    if args.host not in LOOPBACK_NAMES:
        try:
            loopback = ipaddress.ip_address(args.host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:
            raise UsageError('--host must be a loopback address (127.0.0.1 or ::1): %s' % args.host)
    for name in ('port', 'tls_port', 'control_port'):
        value = getattr(args, name)
        if value is not None and not 0 <= value <= 65535:
            raise UsageError('--%s must be a port number: %s' % (name.replace('_', '-'), value))
    if (args.cert is None) != (args.key is None):
        raise UsageError('--cert and --key go together')
    if args.cert and args.tls_self_signed:
        raise UsageError('give --cert/--key or --tls-self-signed, not both')
    if (args.cert or args.tls_self_signed) and args.tls_port is None:
        args.tls_port = 0
    if args.inventory_tls and args.tls_port is None:
        raise UsageError('--inventory-tls needs --tls-port')
    if args.latency_ms < 0:
        raise UsageError('--latency-ms must not be negative')
    if args.time_scale <= 0:
        raise UsageError('--time-scale must be positive')


def versions_of(args):
    if args.versions:
        versions = [version.strip() for version in args.versions.split(',') if version.strip()]
        if not versions:
            raise UsageError('--versions is empty')
        return versions
    return [args.version or DEFAULT_VERSION]


def build_fleet(args, scratch):
    """The fleet and the path of the CA that signed its TLS certificate (None without TLS)."""
    versions = versions_of(args)
    # One catalog for the fleet: it stands for the registries, which all routers share.
    try:
        catalog = Catalog.load(args.catalog)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise UsageError('cannot load the image catalog %s: %s' % (args.catalog or '(shipped)', error)) from error
    hosts = []
    for index in range(args.routers):
        name = 'r%d' % (index + 1)
        router = Router(
            name=name, version=versions[index % len(versions)], arch=args.arch, catalog=catalog,
            users={args.user: (args.password, 'full')}, state_dir=router_state_dir(args.state_dir, name),
            time_scale=args.time_scale)
        hosts.append(RouterHost(router, args.host, args.user, args.password, args.latency_ms))
    ssl_context, ca_path = None, None
    if args.tls_port is not None:
        cert, key = args.cert, args.key
        if cert is None:
            directory = os.path.join(args.state_dir, 'tls') if args.state_dir else scratch
            files = tls.make_test_pki(directory)
            cert, key, ca_path = files.cert, files.key, files.ca_cert
        ssl_context = tls.server_context(cert, key)
    return Fleet(hosts, host=args.host, port=args.port, tls_port=args.tls_port, ssl_context=ssl_context), ca_path


async def serve(args, scratch):
    # Handlers first: whoever reads the ready line may signal at once.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    fleet, ca_path = build_fleet(args, scratch)
    await fleet.start()
    control = ControlServer(fleet, args.host, args.control_port)
    try:
        await control.start()
    except OSError:
        await fleet.stop()
        raise
    if args.inventory:
        write_inventory(args.inventory, fleet.ready_lines(), args.password, args.inventory_tls, ca_path)
    for line in fleet.ready_lines():
        print(json.dumps(line))
    ready = {'ready': True, 'control': control.url}
    if ca_path:
        ready['ca_path'] = ca_path
    print(json.dumps(ready), flush=True)

    await stop.wait()
    await control.stop()
    await fleet.stop()


def main(argv=None):
    args = parse_args(argv)
    # Throwaway certificates live here when there is no --state-dir; removed on exit.
    scratch = tempfile.mkdtemp(prefix='routeros_sim_')
    try:
        asyncio.run(serve(args, scratch))
    except (UsageError, OSError, ValueError) as error:
        print('routeros_sim: error: %s' % error, file=sys.stderr)
        return 2
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
