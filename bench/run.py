"""`make bench`: what a fleet run costs, side by side with the floor, measured in one run.

    .venv/bin/python bench/run.py                    # everything (8-9 minutes on 2 idle cores)
    .venv/bin/python bench/run.py --quick            # a smaller version of every section
    .venv/bin/python bench/run.py --sections api,simulator --fleet-sizes 20

Sections (docs/benchmarks.md explains how to read them):
  fleet      per fleet size: ping floor, deploy.yml converge from empty and no-op, and the same
             objects from the per-object modules (at the sizes --per-object-at names)
  api        per router, no-op: sentences, commands, prints per menu, writes (simulator counters)
             with 1, 5 and 20 containers; then the same no-op with --latency-ms injected
  simulator  the simulator's memory with --sim-routers routers; print answer time (librouteros)

The table goes to stdout, progress to stderr, everything measured to bench/results/*.json.
Every simulator started here is stopped on exit, on failure and on Ctrl-C/SIGTERM.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

# pylint: disable=wrong-import-position
from ansible_run import AnsibleRunner  # noqa: E402
from fleet import BenchFleet, instant_pull_catalog, stop_on_signals  # noqa: E402
from inprocess import StackModule  # noqa: E402
from probes import print_latency  # noqa: E402
from report import api_summary, render  # noqa: E402
from workloads import spec_vars, write_spec, write_workdir  # noqa: E402

RESULTS = os.path.join(BENCH, 'results')
SECTIONS = ('fleet', 'api', 'simulator')
QUICK = {'fleet_sizes': [5], 'per_object_at': [5], 'api_counts': [1, 5], 'sim_routers': 20, 'prints': 100}
FULL = {'fleet_sizes': [20, 100], 'per_object_at': [20], 'api_counts': [1, 5, 20], 'sim_routers': 200, 'prints': 500}
INPROCESS_RUNS = 5
PASSWORD = 'bench-secret'


def int_list(text):
    return [int(part) for part in text.split(',') if part.strip()]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog='bench/run.py', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--sections', default=','.join(SECTIONS), help='comma list of: %s' % ', '.join(SECTIONS))
    parser.add_argument('--fleet-sizes', type=int_list, help='routers per fleet run (default 20,100)')
    parser.add_argument('--per-object-at', type=int_list,
                        help='fleet sizes that also run the per-object playbook (default 20: it starts one module per object)')
    parser.add_argument('--forks', type=int, default=20, help='ansible forks, the same for every run (default 20)')
    parser.add_argument('--containers', type=int, default=3, help='containers per router in the fleet runs (default 3)')
    parser.add_argument('--versions', default='7.16.2,7.20.8,7.22.3,7.24', help='RouterOS versions, round robin over the routers')
    parser.add_argument('--api-counts', type=int_list, help='containers per router for the api section')
    parser.add_argument('--latency-ms', type=int, default=50, help='latency injected per command in the api section')
    parser.add_argument('--sim-routers', type=int, help='routers for the simulator memory probe')
    parser.add_argument('--prints', type=int, help='prints timed by the simulator probe')
    parser.add_argument('--repeat', type=int, default=1,
                        help='floor and no-op runs per fleet size, interleaved; the table shows the fastest (default 1)')
    parser.add_argument('--time-scale', type=float, default=100.0,
                        help='simulated clock speed: container starts and stops (pulls take 0 s anyway)')
    parser.add_argument('--quick', action='store_true', help='small sizes: fleets of 5, containers 1,5, 20 routers, 100 prints')
    parser.add_argument('--keep', action='store_true', help='keep the work directory (playbooks, logs, timer files)')
    args = parser.parse_args(argv)
    args.sections = [name.strip() for name in args.sections.split(',') if name.strip()]
    unknown = set(args.sections) - set(SECTIONS)
    if unknown:
        parser.error('unknown section(s): %s' % ', '.join(sorted(unknown)))
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.versions = [version.strip() for version in args.versions.split(',') if version.strip()]
    return args


def progress(message):
    print('[%s] %s' % (time.strftime('%H:%M:%S'), message), file=sys.stderr, flush=True)


def fleet_options(args, catalog):
    return dict(catalog=catalog, time_scale=args.time_scale, password=PASSWORD)


def measured(runner, fleet, label, playbook, spec=None, api=False):
    """One run, with the simulator's own CPU time and, for ``api``, the per-router counters."""
    if api:
        fleet.reset_counters()
    sim_cpu = fleet.cpu_seconds()
    result = runner.run(label, playbook, spec)
    result['simulator_cpu_s'] = fleet.cpu_seconds() - sim_cpu
    if api:
        result['api'] = api_summary(fleet.counters())
    status = 'FAILED on %s' % ', '.join(result['failed_hosts']) if result['failed_hosts'] else 'ok'
    progress('  %-22s %6.1f s wall %7.1f s cpu  %s' % (label, result['wall_s'], result['cpu_s'], status))
    return result


def fleet_section(args, workdir, catalog, size, record):
    """Floor, stack and per-object runs on one fleet of ``size`` routers, recorded as they finish."""
    directory = os.path.join(workdir, 'fleet-%d' % size)
    os.makedirs(directory)
    progress('fleet of %d routers (%s), %d containers each, forks %d' % (size, ','.join(args.versions), args.containers, args.forks))
    runs = {}
    record.update(routers=size, containers=args.containers, forks=args.forks, runs=runs)
    with BenchFleet(size, args.versions, **fleet_options(args, catalog)) as fleet:
        paths = write_workdir(directory, args.containers)
        runner = AnsibleRunner(directory, fleet.inventory, args.forks)

        def run(key, playbook, spec=None, api=False):
            runs.setdefault(key, []).append(measured(runner, fleet, key, paths[playbook], spec and paths['spec'], api))

        run('floor', 'floor')
        run('stack_converge', 'stack', spec=True, api=True)
        run('stack_noop', 'stack', spec=True, api=True)
        for _repeat in range(args.repeat - 1):
            run('floor', 'floor')
            run('stack_noop', 'stack', spec=True, api=True)
        run('stack_task_noop', 'stack_task', spec=True, api=True)
        if size in args.per_object_at:
            fleet.reset_all()
            run('per_object_converge', 'per_object', spec=True, api=True)
            run('per_object_noop', 'per_object', spec=True, api=True)
        record['simulator_rss_mb'], record['simulator_peak_rss_mb'] = fleet.rss_mb()


def api_section(args, workdir, catalog, record):
    """No-op cost per router for each container count, without and with injected latency."""
    directory = os.path.join(workdir, 'api')
    os.makedirs(directory)
    progress('api cost: one router per version (%s), containers %s, latency %d ms'
             % (','.join(args.versions), ','.join(map(str, args.api_counts)), args.latency_ms))
    rows = []
    record.update(versions=args.versions, latency_ms=args.latency_ms, rows=rows)
    stack = StackModule(workdir)
    with BenchFleet(len(args.versions), args.versions, **fleet_options(args, catalog)) as fleet:
        paths = write_workdir(directory, 1)
        runner = AnsibleRunner(directory, fleet.inventory, args.forks)
        for count in args.api_counts:
            spec = write_spec(directory, count)
            fleet.reset_all()
            row = {'containers': count}
            rows.append(row)
            row['converge'] = measured(runner, fleet, 'converge_%d' % count, paths['stack'], spec, api=True)
            row['noop'] = measured(runner, fleet, 'noop_%d' % count, paths['stack'], spec, api=True)
            row['module_s'] = module_seconds(stack, fleet, spec_vars(count))
            if args.latency_ms:
                fleet.set_latency(args.latency_ms)
                try:
                    row['noop_latency'] = measured(runner, fleet, 'noop_%d_latency' % count, paths['stack'], spec, api=True)
                    row['module_latency_s'] = module_seconds(stack, fleet, spec_vars(count))
                finally:
                    fleet.set_latency(0)


def module_seconds(stack, fleet, spec):
    """Per router: the fastest of a few in-process no-op runs of the stack module."""
    seconds = {}
    for router in fleet.routers:
        seconds[router['name']] = stack.fastest(stack.arguments(router, fleet.user, PASSWORD, spec), INPROCESS_RUNS)[0]
    return seconds


def simulator_section(args, record):
    progress('simulator: %d routers, %d prints' % (args.sim_routers, args.prints))
    record.update(routers=args.sim_routers, version=args.versions[-1])
    started = time.monotonic()
    with BenchFleet(args.sim_routers, [args.versions[-1]], password=PASSWORD) as fleet:
        record['startup_s'] = time.monotonic() - started
        record['rss_idle_mb'] = fleet.rss_mb()[0]
        first = fleet.routers[0]
        record['print'] = print_latency(first['host'], first['port'], fleet.user, PASSWORD, args.prints)
        record['rss_after_prints_mb'], record['peak_rss_mb'] = fleet.rss_mb()


def environment():
    return {
        'started': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
        'host': platform.node(),
        'cpus': os.cpu_count(),
        'python': platform.python_version(),
        'loadavg': os.getloadavg(),
    }


def main(argv=None):
    args = parse_args(argv)
    stop_on_signals()
    results = {'environment': environment(), 'options': dict(vars(args))}
    workdir = tempfile.mkdtemp(prefix='routeros_bench_')
    started = time.monotonic()
    try:
        catalog = instant_pull_catalog(os.path.join(workdir, 'catalog.yaml'))
        if 'fleet' in args.sections:
            results['fleet'] = []
            for size in args.fleet_sizes:
                results['fleet'].append({})
                fleet_section(args, workdir, catalog, size, results['fleet'][-1])
        if 'api' in args.sections:
            results['api'] = {}
            api_section(args, workdir, catalog, results['api'])
        if 'simulator' in args.sections:
            results['simulator'] = {}
            simulator_section(args, results['simulator'])
    finally:
        # Whatever was measured before a failure or Ctrl-C is still shown and saved.
        results['environment']['duration_s'] = time.monotonic() - started
        results['environment']['loadavg_end'] = os.getloadavg()
        path = save(results)
        print(render(results))
        print('\nresults: %s' % os.path.relpath(path))
        if args.keep:
            progress('work directory kept: %s' % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def save(results):
    os.makedirs(RESULTS, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')
    path = os.path.join(RESULTS, 'bench-%s.json' % stamp)
    for target in (path, os.path.join(RESULTS, 'latest.json')):
        with open(target, 'w', encoding='utf-8') as handle:
            json.dump(results, handle, indent=1, sort_keys=True, default=str)
    return path


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # Everything measured so far was printed and saved by main(); the fleets are stopped.
        print('bench: interrupted', file=sys.stderr)
        sys.exit(130)
