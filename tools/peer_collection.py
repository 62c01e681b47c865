# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Install community.routeros (the peer collection the system tests run beside ours) without Galaxy.

Galaxy is not reachable from CI; PyPI is. The `ansible` package bundles community.routeros,
so its wheel is downloaded once (pinned, hash checked) into build/peer/ and only
ansible_collections/community/routeros/ is unpacked into build/peer_collections/.

    .venv/bin/python tools/peer_collection.py      (what `make peer-collections` runs)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile

# ansible 14.5.0 bundles community.routeros 3.22.0, the first of ours with the /container menus.
ANSIBLE_VERSION = '14.5.0'
WHEEL_SHA256 = '245623ccc2d31d0f6f4bdb63168d550cad305fb032cc43d96e8f61ce8ab0ba84'
COLLECTION_VERSION = '3.22.0'
PREFIX = 'ansible_collections/community/routeros/'

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOWNLOADS = os.path.join(REPO, 'build', 'peer')
TARGET = os.path.join(REPO, 'build', 'peer_collections')
WHEEL = os.path.join(DOWNLOADS, 'ansible-%s-py3-none-any.whl' % ANSIBLE_VERSION)
MANIFEST = os.path.join(TARGET, PREFIX, 'MANIFEST.json')


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as handle:
        for block in iter(lambda: handle.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def installed_version():
    if not os.path.exists(MANIFEST):
        return None
    import json  # pylint: disable=import-outside-toplevel
    with open(MANIFEST, encoding='utf-8') as handle:
        return json.load(handle)['collection_info']['version']


def main():
    if installed_version() == COLLECTION_VERSION:
        return 0
    os.makedirs(DOWNLOADS, exist_ok=True)
    if not os.path.exists(WHEEL) or sha256(WHEEL) != WHEEL_SHA256:
        # The wheel is pure Python; --python-version only lets pip pick it on an older interpreter.
        subprocess.run([sys.executable, '-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:',
                        '--python-version', '3.12', '--dest', DOWNLOADS, 'ansible==%s' % ANSIBLE_VERSION], check=True)
    actual = sha256(WHEEL)
    if actual != WHEEL_SHA256:
        print('peer_collection: %s has sha256 %s, expected %s' % (WHEEL, actual, WHEEL_SHA256), file=sys.stderr)
        return 1
    shutil.rmtree(TARGET, ignore_errors=True)
    with zipfile.ZipFile(WHEEL) as wheel:
        members = [name for name in wheel.namelist() if name.startswith(PREFIX)]
        wheel.extractall(TARGET, members)
    found = installed_version()
    if found != COLLECTION_VERSION:
        print('peer_collection: unpacked community.routeros %s, expected %s' % (found, COLLECTION_VERSION), file=sys.stderr)
        return 1
    print('community.routeros %s in %s' % (found, TARGET))
    return 0


if __name__ == '__main__':
    sys.exit(main())
