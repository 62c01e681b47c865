# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Reading a /container row printed the old way (status text, 7.15-7.19) and the new (flags, 7.20+)."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources import container_status as st

FLAGS = ('running', 'stopped', 'starting', 'stopping', 'extracting', 'error')


def flags(on):
    row = dict((flag, 'false') for flag in FLAGS)
    if on:
        row[on] = 'true'
    return row


@pytest.mark.parametrize('text, status', [
    ('extracting', st.EXTRACTING), ('stopped', st.STOPPED), ('running', st.RUNNING), ('stopping', st.STOPPING),
    ('starting', st.STARTING), ('error', st.ERROR), ('downloading/extracting', st.EXTRACTING),
    ('download/extract failed', st.FAILED), ('Running', st.RUNNING), ('something new', st.UNKNOWN),
])
def test_status_text(text, status):
    assert st.read_status({'status': text}) == status


@pytest.mark.parametrize('flag, status', [
    ('running', st.RUNNING), ('stopped', st.STOPPED), ('starting', st.STARTING), ('stopping', st.STOPPING),
    ('extracting', st.EXTRACTING), ('error', st.ERROR), (None, st.UNKNOWN),
])
def test_flag_properties(flag, status):
    assert st.read_status(flags(flag)) == status


def test_text_wins_over_flags_on_723():
    row = flags('error')
    row['status'] = 'download/extract failed'
    row['.about'] = 'download failed: manifest unknown'
    state = st.ContainerStatus(row)
    assert state.status == st.FAILED
    assert state.reason == 'download failed: manifest unknown'


def test_flag_error_is_no_reason():
    assert st.ContainerStatus(flags('error')).reason is None
    assert st.ContainerStatus(flags('running')).reason is None
    assert st.ContainerStatus({'status': 'error'}).reason is None


def test_extracting_beats_stopped_when_both_flags_are_set():
    row = flags('stopped')
    row['extracting'] = 'true'
    assert st.read_status(row) == st.EXTRACTING


@pytest.mark.parametrize('row, image', [
    ({'tag': 'library/nginx:latest'}, 'library/nginx:latest'),
    ({'repo': 'pihole/pihole:latest'}, 'pihole/pihole:latest'),
    ({'remote-image': 'nginx'}, 'nginx'),
    ({'tag': '', 'repo': 'x:1'}, 'x:1'),
    ({}, None),
])
def test_image_from_tag_or_repo(row, image):
    assert st.read_image(row) == image


def test_container_state_properties():
    running = st.ContainerStatus({'.id': '*1', 'name': 'web', 'status': 'running', 'comment': 'x'})
    assert (running.id, running.name, running.running, running.busy, running.usable) == ('*1', 'web', True, False, True)
    extracting = st.ContainerStatus(dict(flags('extracting'), **{'.id': '*2'}))
    assert extracting.busy and not extracting.usable and not extracting.running


def test_health():
    assert st.read_health({'healthcheck-status': 'healthy'}) == 'healthy'
    assert st.read_health({'healthy': 'true'}) == 'healthy'
    assert st.read_health({'unhealthy': 'true', 'healthy': 'false'}) == 'unhealthy'
    assert st.read_health({}) is None
