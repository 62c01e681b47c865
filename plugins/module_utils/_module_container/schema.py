# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The ``/container`` menu per RouterOS version, as data.

Every step below is checked against the real ``/console/inspect`` trees of 7.15 to 7.24 by
tests/unit/plugins/module_utils/_module_container/test_schema.py. Canonical names are the
container module's option names where one exists.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import Field, ObjectType

MENU = '/container'

# Changing one of these means a different root filesystem: the container is replaced, never set.
RECREATE_FIELDS = ('image', 'file', 'root_dir', 'layer_dir')

CONTAINER = ObjectType('container', MENU, identity=('name',), fields=(
    # Before 7.19 `name` exists but is a read-only UUID the router picks; we then identify our
    # containers by the ownership marker in `comment` (see lifecycle.find_container).
    Field('name', ros=(('7.19', 'name'),)),
    # Compared through normalize.normalize_image with the router's registry-url, not as text.
    Field('image', ros='remote-image'),
    Field('file', ros='file', kind='path'),
    Field('interface', ros='interface', kind='list'),
    Field('envlist', ros=(('7.15', 'envlist'), ('7.20', 'envlists')), kind='list'),
    # Before 7.21 `mounts` names /container/mounts rows; from 7.21 it names mount lists.
    Field('mountlist', ros=(('7.15', 'mounts'), ('7.21', 'mountlists')), kind='list'),
    Field('cmd', ros='cmd'),
    Field('entrypoint', ros='entrypoint'),
    Field('workdir', ros='workdir'),
    Field('user', ros='user'),
    # Not `hostname`: that option names the router to connect to (connection doc fragment).
    Field('container_hostname', ros='hostname'),
    Field('domain_name', ros='domain-name'),
    Field('dns', ros='dns', kind='list'),
    Field('hosts', ros=(('7.21', 'hosts'),), kind='list'),
    Field('root_dir', ros='root-dir', kind='path'),
    Field('layer_dir', ros=(('7.21', 'layer-dir'),), kind='path'),
    Field('logging', ros='logging', kind='bool', default=False),
    Field('start_on_boot', ros='start-on-boot', kind='bool', default=False),
    # Sent as a number; recent releases print it named (`15-SIGTERM`): compared as numbers.
    Field('stop_signal', ros='stop-signal', kind='signal'),
    Field('stop_time', ros=(('7.21', 'stop-time'),), kind='duration'),
    Field('memory_high', ros=(('7.20', 'memory-high'),), kind='size'),
    Field('memory_max', ros=(('7.23', 'memory-max'),), kind='size'),
    Field('swap_max', ros=(('7.24', 'swap-max'),), kind='size'),
    Field('cpu_list', ros=(('7.21', 'cpu-list'),)),
    Field('devices', ros=(('7.20', 'devices'),), kind='list'),
    Field('shm_size', ros=(('7.21', 'shm-size'),), kind='size'),
    Field('tmpfs', ros=(('7.21', 'tmpfs'),), kind='list'),
    Field('check_certificate', ros=(('7.20', 'check-certificate'),), kind='bool'),
    Field('privileged', ros=(('7.24', 'privileged'),), kind='bool', default=False),
    Field('healthcheck_cmd', ros=(('7.22', 'healthcheck-cmd'),)),
    Field('healthcheck_interval', ros=(('7.22', 'healthcheck-interval'),), kind='duration'),
    Field('healthcheck_timeout', ros=(('7.22', 'healthcheck-timeout'),), kind='duration'),
    Field('healthcheck_retries', ros=(('7.22', 'healthcheck-retries'),), kind='int'),
    Field('healthcheck_start_period', ros=(('7.22', 'healthcheck-start-period'),), kind='duration'),
    Field('healthcheck_start_interval', ros=(('7.22', 'healthcheck-start-interval'),), kind='duration'),
    # 7.20-7.22 only know "restart after this pause"; restart_policy is emulated with it there.
    Field('auto_restart_interval', ros=(('7.20', 'auto-restart-interval'), ('7.23', None)), kind='duration'),
    Field('restart_policy', ros=(('7.23', 'restart-policy'),)),
    Field('restart_interval', ros=(('7.23', 'restart-interval'),), kind='duration'),
    Field('restart_max_count', ros=(('7.23', 'restart-max-count'),), kind='int'),
    Field('stop_on_unhealthy', ros=(('7.23', 'stop-on-unhealthy'),), kind='bool'),
    Field('comment', ros='comment', default=''),
) + tuple(
    # Printed state, never sent: asked for in every print so that state.py can read whichever
    # form this version uses (a proplist naming a property the version lacks costs nothing).
    Field(name, ros=ros_name, read_only=True)
    for name, ros_name in (
        ('uuid', (('7.15', 'name'), ('7.19', None))),
        ('status', 'status'), ('tag', 'tag'), ('repo', 'repo'), ('about', '.about'),
        ('running', 'running'), ('stopped', 'stopped'), ('starting', 'starting'), ('stopping', 'stopping'),
        ('extracting', 'extracting'), ('downloading_extracting', 'downloading/extracting'),
        ('download_extract_failed', 'download/extract failed'), ('error', 'error'),
        ('healthy', 'healthy'), ('unhealthy', 'unhealthy'), ('healthcheck_status', 'healthcheck-status'),
        ('os', 'os'), ('arch', 'arch'),
    )
))
