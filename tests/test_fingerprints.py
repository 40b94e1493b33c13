"""Every shipped scenario's five tables are bit-identical to the stored fingerprints.

The fingerprints (tests/fingerprints.json) were taken before the package was split into rooms;
a structural change must not move a single bit. A change that is meant to move numbers
regenerates them with `python -m tests.fingerprints --write` and says which moved and why.
"""

from __future__ import annotations

import json

import pytest

from tests.fingerprints import SCENARIOS, STORED, fingerprint, scenario_files

STORED_PRINTS = json.loads(STORED.read_text())


def test_every_shipped_scenario_has_a_fingerprint():
    assert sorted(STORED_PRINTS) == sorted(str(p.relative_to(SCENARIOS)) for p in scenario_files())


@pytest.mark.parametrize("path", scenario_files(), ids=lambda p: str(p.relative_to(SCENARIOS)))
def test_tables_are_bit_identical(path):
    assert fingerprint(path) == STORED_PRINTS[str(path.relative_to(SCENARIOS))]
