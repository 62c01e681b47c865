"""Turning measurements into the table `make bench` prints, and the targets into verdicts."""

import statistics

# CPU ratios to the floor (issue: a no-op fleet run must cost less than Ansible's own ping).
NOOP_TARGET = 0.5
CONVERGE_TARGET = 1.0
STACK_ACTION = 'routeros_fleet.containers.stack'
FLEET_ROWS = (
    ('floor', 'floor: ping, local'),
    ('stack_noop', 'deploy.yml no-op'),
    ('stack_task_noop', 'stack task alone no-op'),
    ('stack_converge', 'deploy.yml from empty'),
    ('per_object_noop', 'per-object no-op'),
    ('per_object_converge', 'per-object from empty'),
)


def router_counters(counters):
    """What one router's counters say about a run."""
    commands = counters.get('commands', {})
    prints = {key[:-len(' print')]: value for key, value in commands.items() if key.endswith(' print')}
    return {
        'sentences': counters.get('sentences', 0),
        'commands': sum(commands.values()),
        'logins': counters.get('logins', 0),
        'prints': sum(prints.values()),
        'menus_printed': len(prints),
        'max_prints_per_menu': max(prints.values()) if prints else 0,
        'most_printed_menu': max(prints, key=prints.get) if prints else None,
        'writes': sum(counters.get('writes', {}).values()),
        'write_commands': counters.get('writes', {}),
    }


def api_summary(counters_by_router):
    """Per-router figures, and their mean/max over the fleet."""
    per_router = {name: router_counters(counters) for name, counters in counters_by_router.items()}
    summary = {'per_router': per_router}
    for key in ('sentences', 'commands', 'logins', 'prints', 'max_prints_per_menu', 'writes'):
        values = [figures[key] for figures in per_router.values()]
        summary[key] = {'mean': statistics.mean(values), 'max': max(values)} if values else {'mean': 0, 'max': 0}
    return summary


def fastest(runs):
    return min(runs, key=lambda run: run['wall_s']) if runs else None


def ratio(value, floor):
    return value / floor if floor else float('nan')


def _fleet_table(fleet):
    runs = fleet['runs']
    floor = fastest(runs.get('floor'))
    floor_wall, floor_cpu = (floor['wall_s'], floor['cpu_s']) if floor else (None, None)
    lines = ['Fleet of %d routers, %d containers each, forks %d (fastest of %d run(s) where repeated)'
             % (fleet['routers'], fleet['containers'], fleet['forks'], len(runs.get('floor', ()))),
             '  %-26s %6s %7s %7s %7s %7s %8s %7s %7s %8s %8s %6s %5s' % (
                 'run', 'failed', 'wall s', 'x floor', 'CPU s', 'x floor', 'CPU/host', 'RSS MiB', 'PSS MiB',
                 'sim CPU', 'sent/rtr', 'writes', 'load')]
    for key, title in FLEET_ROWS:
        run = fastest(runs.get(key))
        if run is None:
            continue
        api = run.get('api')
        lines.append('  %-26s %6s %7.1f %7.2f %7.1f %7.2f %8.2f %7.0f %7.0f %8.1f %8s %6s %5.1f' % (
            title, len(run['failed_hosts']) or '-', run['wall_s'], ratio(run['wall_s'], floor_wall),
            run['cpu_s'], ratio(run['cpu_s'], floor_cpu), run['cpu_s'] / max(run['hosts'], 1),
            run['max_process_rss_mb'], run.get('peak_tree_pss_mb', float('nan')), run['simulator_cpu_s'],
            '%.0f' % api['sentences']['mean'] if api else '-', '%.0f' % api['writes']['mean'] if api else '-',
            run['loadavg_before']))
    noop = fastest(runs.get('stack_noop'))
    if floor and noop:
        lines.append('  target: deploy.yml no-op CPU <= %.1fx floor: %s' % (NOOP_TARGET, _verdict(
            ratio(noop['cpu_s'], floor['cpu_s']), NOOP_TARGET)))
    converge = fastest(runs.get('stack_converge'))
    if floor and converge:
        lines.append('  target: deploy.yml from empty CPU <= %.1fx floor: %s' % (CONVERGE_TARGET, _verdict(
            ratio(converge['cpu_s'], floor['cpu_s']), CONVERGE_TARGET)))
    per_object = fastest(runs.get('per_object_noop'))
    if noop and per_object:
        lines.append('  per-object no-op costs %.1fx the stack no-op in CPU, %.1fx in wall time, %.0f vs %.0f logins per router'
                     % (ratio(per_object['cpu_s'], noop['cpu_s']), ratio(per_object['wall_s'], noop['wall_s']),
                        per_object['api']['logins']['mean'], noop['api']['logins']['mean']))
    if fleet.get('simulator_rss_mb') is not None:
        lines.append('  simulator RSS after the runs: %.0f MiB' % fleet['simulator_rss_mb'])
    return lines + _failures(runs.values())


def _verdict(value, target):
    if value <= target:
        return 'met (%.2fx)' % value
    return 'MISSED (%.2fx, over by %.0f%%)' % (value, (value / target - 1) * 100)


def _failures(run_lists):
    lines = []
    for runs in run_lists:
        for run in runs:
            if run['failed_hosts']:
                lines.append('  ! %s failed on %s: %s' % (run['label'], ', '.join(run['failed_hosts']),
                                                          run.get('first_error', '')[:300]))
    return lines


def _stack_seconds_by_host(run):
    return {record['host']: record['seconds'] for record in run.get('task_records', ()) if record['action'] == STACK_ACTION}


def _api_table(api):
    latency_ms = api['latency_ms']
    lines = ['API cost per router of a deploy.yml no-op (simulator counters; one router per version)',
             '  %-10s %-8s %9s %8s %6s %6s %8s %6s %6s | %7s %9s | %8s %9s %7s' % (
                 'containers', 'version', 'sentences', 'commands', 'logins', 'prints', 'max/menu', 'writes', 'menus',
                 'task s', '+%dms s' % latency_ms, 'module s', '+%dms s' % latency_ms, 'seq RT')]
    sentences = {}
    worst = {'max_prints': 0, 'writes': 0}
    failures = []
    for row in api['rows']:
        noop = row.get('noop')
        latency = row.get('noop_latency')
        failures += [run for run in (row.get('converge'), noop, latency) if run]
        if noop is None:
            continue
        task_plain, task_slow = _stack_seconds_by_host(noop), _stack_seconds_by_host(latency or {})
        module_plain, module_slow = row.get('module_s', {}), row.get('module_latency_s', {})
        routers = sorted(noop['api']['per_router'].items(), key=lambda item: int(item[0][1:]))
        for index, (name, figures) in enumerate(routers):
            version = api['versions'][index % len(api['versions'])]
            sentences.setdefault(version, {})[row['containers']] = figures['sentences']
            worst['max_prints'] = max(worst['max_prints'], figures['max_prints_per_menu'])
            worst['writes'] = max(worst['writes'], figures['writes'])
            plain, slow = module_plain.get(name), module_slow.get(name)
            sequential = (slow - plain) / (latency_ms / 1000.0) if plain is not None and slow is not None and latency_ms else None
            lines.append('  %-10s %-8s %9d %8d %6d %6d %8d %6d %6d | %7s %9s | %8s %9s %7s' % (
                row['containers'], version, figures['sentences'], figures['commands'], figures['logins'], figures['prints'],
                figures['max_prints_per_menu'], figures['writes'], figures['menus_printed'], _seconds(task_plain.get(name)),
                _seconds(task_slow.get(name)), _seconds(plain), _seconds(slow), '-' if sequential is None else '%.1f' % sequential))
    same = all(len(set(by_count.values())) == 1 for by_count in sentences.values())
    lines.append('  targets: same sentences whatever the container count: %s; at most one print per menu: %s (max %d); '
                 'zero writes: %s (max %d)' % ('met' if same else 'MISSED', 'met' if worst['max_prints'] <= 1 else 'MISSED',
                                               worst['max_prints'], 'met' if worst['writes'] == 0 else 'MISSED', worst['writes']))
    lines.append('  task s: the stack task per router in ansible-playbook; module s: the module in process (fastest of 5);')
    lines.append('  seq RT: (module s with latency - without) / latency = commands waited for one after another, login included')
    return lines + _failures([failures])


def _seconds(value):
    return '-' if value is None else '%.2f' % value


def _simulator_lines(sim):
    if 'print' not in sim:
        return ['Simulator with %d routers: not measured (failed or interrupted)' % sim['routers']]
    latency = sim['print']
    return ['Simulator with %d routers (%s): RSS %.0f MiB idle, %.0f MiB after the prints; started in %.1f s'
            % (sim['routers'], sim['version'], sim['rss_idle_mb'], sim['rss_after_prints_mb'], sim['startup_s']),
            '  %s on r1 (%d rows), %d times over one librouteros connection: median %.2f ms, p95 %.2f ms, max %.2f ms'
            % (latency['menu'], latency['rows'], latency['prints'], latency['median_ms'], latency['p95_ms'], latency['max_ms'])]


def render(results):
    env = results['environment']
    lines = ['routeros_fleet.containers benchmarks, %s, %d CPUs, load average %.1f at start, %.1f at end, %.0f s'
             % (env['started'], env['cpus'], env['loadavg'][0], env.get('loadavg_end', (float('nan'),))[0],
                env.get('duration_s', float('nan')))]
    for fleet in results.get('fleet', ()):
        if fleet.get('runs'):
            lines += [''] + _fleet_table(fleet)
    if results.get('api', {}).get('rows'):
        lines += [''] + _api_table(results['api'])
    if results.get('simulator', {}).get('routers'):
        lines += [''] + _simulator_lines(results['simulator'])
    return '\n'.join(lines)
