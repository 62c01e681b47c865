"""The real command trees the conformance tests compare against, vendored in this repository.

data/inspect_trees.json is a subset of `/console/inspect` of ten RouterOS releases (public
domain, tikoci/restraml), regenerated from the full dumps by tools/vendor_inspect.py. The
simulator itself never reads it: its trees (model/versions.py) are our own restatement.
"""

from __future__ import annotations

import functools
import json
import os

PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'inspect_trees.json')


@functools.lru_cache(maxsize=None)
def load() -> dict:
    with open(PATH, encoding='utf-8') as handle:
        return json.load(handle)


def real_tree(version: str) -> dict[str, dict[str, frozenset[str]]]:
    """{menu: {verb: arguments}} of one inspected release."""
    return {menu: {verb: frozenset(args) for verb, args in verbs.items()}
            for menu, verbs in load()['versions'][version].items()}
