# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""How much of the compose corpus (tests/compose/corpus) converts for each RouterOS version:
as written, only with the file's own ``ignore`` list, or not at all (and why).

Run after ``make collections-link``: ``.venv/bin/python tools/compose_corpus_counts.py``.
tests/system/test_compose_corpus.py deploys the same files and checks what the routers run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / 'build' / 'collections'))

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import convert_compose  # noqa: E402
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError  # noqa: E402

VERSIONS = ('7.16.2', '7.21.5', '7.24')


def outcome(text, version):
    test = yaml.safe_load(text).get('x-routeros-test') or {}
    options = dict(volume_root='usb1/compose', routeros_version=version, variables=test.get('variables'),
                   env_files=test.get('env_files'))
    try:
        convert_compose(text, **options)
        return 'as written', None
    except (SpecError, ValueError) as error:
        first = error
    try:
        convert_compose(text, ignore=test.get('ignore') or [], **options)
        return 'with ignore', str(first)
    except (SpecError, ValueError) as error:
        return 'refused', str(error)


def main():
    files = sorted((REPO / 'tests' / 'compose' / 'corpus').glob('*.yml'))
    print('%-8s %10s %11s %7s  (of %d files)' % ('RouterOS', 'as written', 'with ignore', 'refused', len(files)))
    reasons = {}
    for version in VERSIONS:
        counts = {'as written': 0, 'with ignore': 0, 'refused': 0}
        for path in files:
            result, why = outcome(path.read_text(encoding='utf-8'), version)
            counts[result] += 1
            if result == 'refused':
                reasons.setdefault(path.name, why)
        print('%-8s %10d %11d %7d' % (version, counts['as written'], counts['with ignore'], counts['refused']))
    for name, why in sorted(reasons.items()):
        print('refused: %s: %s' % (name, why))


if __name__ == '__main__':
    main()
