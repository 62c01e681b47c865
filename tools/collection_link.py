# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as `routeros_fleet.containers` for ansible-playbook: a symlink to this repository.

Ansible finds collections only as <path>/ansible_collections/<namespace>/<name>; a symlink
tree makes playbooks run the working copy as it is, with nothing to build or install.

    link_collection()          build/collections (what `make collections-link` makes)
    link_collection(DIR)       DIR/ansible_collections/routeros_fleet/containers -> repository

    tools/collection_link.py [DIR]
"""

from __future__ import annotations

import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_PATH = os.path.join(REPO, 'build', 'collections')


def link_collection(collections_path=COLLECTIONS_PATH):
    """Make (or repair) the link under ``collections_path``; returns ``collections_path``."""
    link = os.path.join(collections_path, 'ansible_collections', 'routeros_fleet', 'containers')
    if os.path.islink(link) and os.path.realpath(link) == os.path.realpath(REPO):
        return collections_path
    os.makedirs(os.path.dirname(link), exist_ok=True)
    # Made aside and renamed over the old one: parallel runs never see the link missing.
    staged = '%s.%d' % (link, os.getpid())
    if os.path.islink(staged):
        os.unlink(staged)
    os.symlink(REPO, staged)
    os.replace(staged, link)
    return collections_path


if __name__ == '__main__':
    link_collection(*sys.argv[1:2])
