"""ansible-playbook runs for the benchmarks: one command line, one environment, one measurement.

Every run gets the same settings (forks, no config file, no retry files, the collection from a
symlink tree in the work directory) so that the floor and the deployments differ only in what
their tasks do. Per host and task durations come from bench/callback_plugins/bench_timer.py.
"""

import json
import os
import re
import statistics
import sys

from measure import run_measured

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), 'ansible-playbook')
CALLBACKS = os.path.join(REPO, 'bench', 'callback_plugins')
RECAP = re.compile(r'^(\S+)\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.MULTILINE)


class AnsibleRunner:
    """Runs playbooks against one inventory with fixed forks; logs land in ``workdir``."""

    def __init__(self, workdir, inventory, forks):
        self.workdir = workdir
        self.inventory = inventory
        self.forks = forks
        self.count = 0
        collections = os.path.join(workdir, 'collections', 'ansible_collections', 'routeros_fleet')
        os.makedirs(collections, exist_ok=True)
        link = os.path.join(collections, 'containers')
        if not os.path.islink(link):
            os.symlink(REPO, link)
        self.env = dict(
            os.environ,
            ANSIBLE_CONFIG=os.path.join(workdir, 'no-ansible.cfg'),
            ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'),
            ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
            ANSIBLE_CALLBACKS_ENABLED='bench_timer',
            ANSIBLE_NOCOLOR='1',
            ANSIBLE_FORCE_COLOR='0',
            ANSIBLE_RETRY_FILES_ENABLED='False',
            ANSIBLE_LOCAL_TEMP=os.path.join(workdir, 'ansible-tmp'),
        )

    def run(self, label, playbook, extra_vars=None, extra_args=()):
        """One measured run; the Measurement plus per-host results, task times and the log path."""
        self.count += 1
        stem = os.path.join(self.workdir, '%02d-%s' % (self.count, label))
        command = [ANSIBLE_PLAYBOOK, '-i', self.inventory, '-f', str(self.forks), playbook]
        if extra_vars:
            command += ['-e', '@' + extra_vars]
        command += list(extra_args)
        env = dict(self.env, BENCH_TIMER_OUTPUT=stem + '.timer.json')
        measurement = run_measured(command, env=env, cwd=self.workdir, log_path=stem + '.log')
        with open(stem + '.log', encoding='utf-8', errors='replace') as handle:
            log = handle.read()
        recap = {host: {'ok': int(ok), 'changed': int(changed), 'unreachable': int(unreachable), 'failed': int(failed)}
                 for host, ok, changed, unreachable, failed in RECAP.findall(log)}
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
