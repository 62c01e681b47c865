# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mirror the collection into a real ansible_collections/<ns>/<name> tree for ansible-test.

ansible-test refuses symlinked collection trees, and sanity only checks what git knows, so
the copy holds exactly the files git tracks plus untracked files that are not ignored.
Unchanged files are left alone (mtime kept), so a second sanity run stays warm; files that
left the repository are removed from the copy. ansible-test's own output is kept.

The copy is a git repository of its own (no commits, nothing staged): ansible-test asks git
which files exist, and without it would ask the enclosing repository, where build/ is ignored.

    tools/collection_copy.py [DEST]   (default build/ansible_collections/routeros_fleet/containers)
"""

import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DEST = os.path.join(ROOT, 'build', 'ansible_collections', 'routeros_fleet', 'containers')
KEEP_IN_DEST = ('tests/output/', '.git/')


def repository_files():
    output = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others', '--exclude-standard'],
                            cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout.decode('utf-8')
    # --cached lists files deleted in the work tree too; only copy what exists.
    return sorted(path for path in set(output.split('\0')) if path and os.path.isfile(os.path.join(ROOT, path)))


def same(source, target):
    try:
        a, b = os.stat(source), os.stat(target)
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime) and a.st_mode == b.st_mode


def mirror(dest):
    wanted = repository_files()
    copied = 0
    for path in wanted:
        source, target = os.path.join(ROOT, path), os.path.join(dest, path)
        if os.path.islink(source):
            link = os.readlink(source)
            if not (os.path.islink(target) and os.readlink(target) == link):
                os.makedirs(os.path.dirname(target), exist_ok=True)
                if os.path.lexists(target):
                    os.remove(target)
                os.symlink(link, target)
                copied += 1
            continue
        if not same(source, target):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.islink(target):
                os.remove(target)
            shutil.copy2(source, target)
            copied += 1
    wanted_set = set(wanted)
    removed = 0
    walked = []
    for directory, dirnames, filenames in os.walk(dest, topdown=True):
        relative_dir = os.path.relpath(directory, dest)
        relative_dir = '' if relative_dir == '.' else relative_dir + '/'
        dirnames[:] = [name for name in dirnames if not (relative_dir + name + '/').startswith(KEEP_IN_DEST)
                       and name != '__pycache__']
        walked.append(directory)
        for name in filenames:
            if relative_dir + name not in wanted_set:
                os.remove(os.path.join(directory, name))
                removed += 1
    for directory in reversed(walked):  # deepest first, and never into the kept trees
        if directory != dest and not os.listdir(directory):
            os.rmdir(directory)
    return len(wanted), copied, removed


def main():
    dest = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DEST)
    if os.path.commonpath([dest, ROOT]) == dest:
        sys.exit('refusing to mirror into %s: it contains the repository' % dest)
    total, copied, removed = mirror(dest)
    if not os.path.isdir(os.path.join(dest, '.git')):
        subprocess.run(['git', 'init', '--quiet', dest], check=True)
    print('collection copy %s: %d files, %d updated, %d removed' % (os.path.relpath(dest, ROOT), total, copied, removed))


if __name__ == '__main__':
    main()
