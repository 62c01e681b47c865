"""ansible-playbook runs for the benchmarks: one command line, one environment, one measurement.

Every run gets the same settings (tools/fleet_runner.py: forks, no config file, no retry files,
the collection from a symlink tree in the work directory) so that the floor and the deployments
differ only in what their tasks do. Per host and task durations come from bench/callback_plugins/bench_timer.py.
"""

import json
import os
import statistics
import sys

from measure import run_measured

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, 'tools'))

from fleet_runner import PlaybookRunner, parse_recap  # noqa: E402  pylint: disable=wrong-import-position

CALLBACKS = os.path.join(REPO, 'bench', 'callback_plugins')


class AnsibleRunner:
    """Runs playbooks against one inventory with fixed forks; logs land in ``workdir``."""

    def __init__(self, workdir, inventory, forks):
        self.workdir = workdir
        self.count = 0
        self.playbooks = PlaybookRunner([inventory], collections_path=os.path.join(workdir, 'collections'), forks=forks, env=dict(
            ANSIBLE_CONFIG=os.path.join(workdir, 'no-ansible.cfg'),
            ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
            ANSIBLE_CALLBACKS_ENABLED='bench_timer',
            ANSIBLE_LOCAL_TEMP=os.path.join(workdir, 'ansible-tmp'),
        ))

    def run(self, label, playbook, extra_vars=None, extra_args=()):
        """One measured run; the Measurement plus per-host results, task times and the log path."""
        self.count += 1
        stem = os.path.join(self.workdir, '%02d-%s' % (self.count, label))
        command = self.playbooks.command(playbook, extra_vars=['@' + extra_vars] if extra_vars else [], extra_args=extra_args)
        env = dict(self.playbooks.env, BENCH_TIMER_OUTPUT=stem + '.timer.json')
        measurement = run_measured(command, env=env, cwd=self.workdir, log_path=stem + '.log')
        with open(stem + '.log', encoding='utf-8', errors='replace') as handle:
            log = handle.read()
        recap = parse_recap(log)
        measurement.update(
            label=label,
            log=stem + '.log',
            hosts=len(recap),
            failed_hosts=sorted(host for host, counts in recap.items() if counts['failed'] or counts['unreachable']),
            changed_hosts=sorted(host for host, counts in recap.items() if counts['changed']),
        )
        records = _timer_records(stem + '.timer.json')
        measurement['task_seconds'] = _task_seconds(records)
        measurement['task_records'] = records
        if measurement['failed_hosts']:
            measurement['first_error'] = _first_error(log)
        return measurement


def _timer_records(path):
    """[{task, action, host, seconds, status}] written by the timer callback; [] when it wrote none."""
    try:
        with open(path, encoding='utf-8') as handle:
            return json.load(handle)['tasks']
    except (OSError, ValueError, KeyError):
        return []


def _task_seconds(records):
    """{task action: {median, max, hosts}} of the per host durations."""
    by_action = {}
    for record in records:
        by_action.setdefault(record['action'], []).append(record['seconds'])
    return {action: {'median': statistics.median(values), 'max': max(values), 'hosts': len(values)}
            for action, values in by_action.items()}


def _first_error(log):
    for line in log.splitlines():
        if line.startswith(('fatal:', 'failed:', 'ERROR!', '[ERROR]')):
            return line[:600]
    return log[-600:]
