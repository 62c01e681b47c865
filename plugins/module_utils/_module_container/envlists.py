# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container's ``envlist`` names, checked against the router before anything is written.

RouterOS refuses ``/container add`` or ``set`` naming an env list without rows with a trap
that names neither the field nor the list. The env rows of a list carry its name in ``name``
before 7.20 and in ``list`` from 7.20; the canonical field ``list`` of CONTAINER_ENVS hides
that, so one lookup serves every version.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_ENVS


def check_exist(list_names, state, managed=None, field='envlist'):
    """SpecError naming ``field`` and the host for the first list the router does not have.

    ``managed`` is the list the module keeps for ``env``: its rows come with the same plan.
    A state read without env rows (a caller that did not ask for them) cannot judge: no check.
    """
    if not state.has_type(CONTAINER_ENVS):
        return
    for list_name in list_names or ():
        if list_name == managed:
            continue
        if not state.find(CONTAINER_ENVS, list=list_name):
            raise SpecError('env list %r does not exist on this router (RouterOS %s); create it first, '
                            'with the envlist module or the env option' % (list_name, state.version),
                            field=field, host=state.host)
