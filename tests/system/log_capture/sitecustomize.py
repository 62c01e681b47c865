# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Loaded by every Python process started with this directory on PYTHONPATH (test_secret_logging.py).

AnsibleModule logs its invocation to the journal when systemd.journal is importable and the
system was booted with systemd, else to syslog. Both are replaced by writers to the file named
by LOG_CAPTURE_FILE, so the test reads what would have reached them. LOG_CAPTURE_JOURNAL=1
makes a journal appear (the journal path), anything else makes it absent (the syslog path).
"""

import os
import sys
import syslog
import types

_PATH = os.environ.get('LOG_CAPTURE_FILE')


def _write(channel, *args, **kwargs):
    if _PATH:
        with open(_PATH, 'a') as handle:
            handle.write('%s %r %r\n' % (channel, args, kwargs))


syslog.syslog = lambda *args, **kwargs: _write('syslog', *args, **kwargs)
syslog.openlog = lambda *args, **kwargs: None

if os.environ.get('LOG_CAPTURE_JOURNAL') == '1':
    _systemd = types.ModuleType('systemd')
    _journal = types.ModuleType('systemd.journal')
    _daemon = types.ModuleType('systemd.daemon')
    _journal.send = lambda *args, **kwargs: _write('journal', *args, **kwargs)
    _journal.sendv = lambda *args, **kwargs: _write('journal', *args, **kwargs)
    _daemon.booted = lambda: True
    _systemd.journal, _systemd.daemon = _journal, _daemon
    sys.modules.update({'systemd': _systemd, 'systemd.journal': _journal, 'systemd.daemon': _daemon})
