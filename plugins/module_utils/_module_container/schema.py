# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``/container`` menu per RouterOS version, as data: made from the one table of container
options in ``_schema/container.py``; these names stay importable from here for the lifecycle."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER, MENU, RECREATE_FIELDS
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import capability_version

# Where the router keeps container output: a menu of its own from this version, the system log before.
CONTAINER_LOG_MENU_SINCE = capability_version('container.log_menu')

__all__ = ('CONTAINER', 'CONTAINER_LOG_MENU_SINCE', 'MENU', 'RECREATE_FIELDS')
