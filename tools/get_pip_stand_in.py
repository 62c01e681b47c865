# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for the get-pip script ansible-test downloads to bootstrap pip in its venvs.

ansible-test fetches that script from a host this project's machines cannot reach; the
Makefile copies this file to ~/.ansible/test/cache/get_pip_<version>.py first, where
ansible-test finds it and runs it with the same arguments (``pip==X`` and pip options).
Python's own ensurepip gives the venv a pip; the package registry does the rest.
"""

import subprocess
import sys

# get-pip understands these; pip install does not.
GET_PIP_ONLY = ('--no-setuptools', '--no-wheel')


def main():
    arguments = [argument for argument in sys.argv[1:] if argument not in GET_PIP_ONLY]
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--default-pip'])
    if any(not argument.startswith('-') for argument in arguments):
        subprocess.check_call([sys.executable, '-m', 'pip', 'install'] + arguments)


if __name__ == '__main__':
    main()
