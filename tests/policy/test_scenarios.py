"""The shipped scenario library: every file validates, runs, and gives every number a source."""

import re

import pytest

import sim

from tests.helpers import ROOT, SHIPPED, small

NUMBER = re.compile(r"^\s*-?\s*[\w.]+:\s*(\[[-\d.,\s]+\]|-?[\d][\d_.]*(e\d+)?)\s*(#.*)?$")
CITED = re.compile(r"ASSUMPTION|docs/calibration\.md §\d|derived|issue \d|POLICY|docs/research/")  # POLICY: what the scenario decides; docs/research/: a sourced research note


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenario_runs(path):
    rel = path.relative_to(ROOT / "scenarios")
    s = small(str(rel), residents=5_000, years=1)
    r = sim.run(s, seed=1, replications=1)
    assert r.summary["total_cost"].item() > 0
    assert r.summary["n_cases"].item() > 0


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_number_has_a_source(path):
    """A number is cited on its own line or in the comment lines just above it."""
    lines = path.read_text().splitlines()
    missing = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#") or not NUMBER.match(line):
            continue
        if re.match(r"^\s*(seed|replications):", line) or "from_day" in line:
            continue  # run settings and dates are choices of the run, not figures
        context = [line]
        j = i - 1
        while j >= 0 and lines[j].lstrip().startswith("#"):
            context.append(lines[j])
            j -= 1
        if not any(CITED.search(c) for c in context):
            missing.append(f"{path.name}:{i + 1}: {line.strip()}")
    assert not missing, "numbers without a source or ASSUMPTION:\n" + "\n".join(missing)
