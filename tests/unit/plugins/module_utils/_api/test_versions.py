# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Routers on versions the schema tables do not cover: older ones refused at connect, newer ones warned about."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import (
    NEWEST_KNOWN, UnsupportedVersion, support_warning,
)
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.wire import RESOURCE, ScriptedRouter


def router_reporting(version):
    """A scripted router: the simulator models RouterOS 7 only, and these tests need 6.x and 8.x too."""
    return ScriptedRouter(menus={'/system/resource/print': [dict(RESOURCE, version=version)]})


@pytest.mark.parametrize('version', ['7.15', '7.15.3', '7.20.8 (stable)', '7.24', '7.24.2 (stable)'])
def test_known_versions_say_nothing(version):
    assert support_warning(version) is None


@pytest.mark.parametrize('version', ['7.25', '7.25beta2', '8.0', '8.1.1 (stable)'])
def test_newer_versions_are_named_with_the_newest_known(version):
    warning = support_warning(version)
    assert warning.startswith('RouterOS %s is newer than the newest version this collection knows (%s)'
                              % (version.split(' ')[0], NEWEST_KNOWN))


@pytest.mark.parametrize('version', ['7.14', '7.14.3 (stable)', '7.15beta4', '6.49.10 (long-term)', '6.43'])
def test_older_versions_are_refused(version):
    with pytest.raises(UnsupportedVersion) as caught:
        support_warning(version)
    assert str(caught.value).startswith('RouterOS 7.15 or later is needed; this router runs ')


@pytest.mark.parametrize('version', ['6.49.10 (long-term)', '7.14.3 (stable)'])
def test_connect_refuses_an_old_router_before_anything_else(version):
    with router_reporting(version) as router:
        with pytest.raises(RouterError) as caught:
            connect({'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret', 'timeout': 3})
    assert str(caught.value) == 'router 127.0.0.1:%d: RouterOS 7.15 or later is needed; this router runs %s' % (
        router.port, version.split(' ')[0])
    # Login and the one system read, nothing more.
    assert [words[0] for words in router.requests] == ['/login', '/system/resource/print', '/system/identity/print']


def test_connect_to_a_newer_router_warns_and_goes_on():
    # The session keeps the warning; the run loop passes it on as the task's warnings.
    with router_reporting('8.0 (testing)') as router:
        with connect({'hostname': '127.0.0.1', 'port': router.port, 'password': 'secret', 'timeout': 3}) as session:
            assert str(session.version) == '8.0'
            assert [text for text in session.warnings if text.startswith('RouterOS 8.0 is newer than')] != []
