"""Where a stack module run spends its time: cProfile of one no-op run, in process, against a simulated router.

    .venv/bin/python bench/profile_module.py                        # 3 containers, RouterOS 7.24
    .venv/bin/python bench/profile_module.py --containers 20 --version 7.22.3 --top 40 --sort tottime

The router is first converged by a run of the same module (not profiled); the profiled run is
the no-op that deploy.yml makes on a converged fleet. Also prints the import time of the module
(what every module process pays before it does anything) and the simulator's counters.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

# pylint: disable=wrong-import-position
from fleet import BenchFleet, instant_pull_catalog, stop_on_signals  # noqa: E402
from inprocess import StackModule  # noqa: E402
from workloads import spec_vars  # noqa: E402

PASSWORD = 'bench-secret'


def main(argv=None):
    parser = argparse.ArgumentParser(prog='bench/profile_module.py', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--containers', type=int, default=3)
    parser.add_argument('--version', default='7.24')
    parser.add_argument('--top', type=int, default=30)
    parser.add_argument('--sort', default='cumulative', help='pstats sort key (cumulative, tottime, ...)')
    args = parser.parse_args(argv)
    stop_on_signals()
    with tempfile.TemporaryDirectory(prefix='routeros_bench_profile_') as workdir:
        stack = StackModule(workdir)
        catalog = instant_pull_catalog(os.path.join(workdir, 'catalog.yaml'))
        with BenchFleet(1, [args.version], catalog=catalog, time_scale=100, password=PASSWORD) as fleet:
            router = fleet.routers[0]
            module_args = stack.arguments(router, fleet.user, PASSWORD, spec_vars(args.containers))
            _seconds, converge = stack.run(module_args)
            if converge.get('failed'):
                print('converge failed: %s' % converge.get('msg'), file=sys.stderr)
                return 1
            fleet.reset_counters()
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            _seconds, noop = stack.run(module_args)
            profiler.disable()
            wall = time.perf_counter() - started
            counters = fleet.counters()[router['name']]
    print('import of the stack module: %.3f s; no-op run: %.3f s wall, changed=%s, failed=%s'
          % (stack.import_seconds, wall, noop.get('changed'), noop.get('failed')))
    print('simulator counters: sentences %d, logins %d, commands %s, writes %s'
          % (counters['sentences'], counters['logins'], sum(counters['commands'].values()), counters['writes'] or 0))
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == '__main__':
    sys.exit(main())
