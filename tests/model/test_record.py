"""The case record (`sim.model.record`): its row matches its columns, every exposure rule the journey
notes has one cause, and a case's cause is that of its first exposure step.

The exposure rules are read from the source of the model and the button actions, so a new
`exposure` step whose rule has no cause fails here rather than as a KeyError in a run's tables.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from sim.model import record as R
from sim.policy.actions import ACTIONS

SIM = Path(R.__file__).resolve().parent.parent
# `_K["exposure"], ..., _R["held"]` in the journey and placement; `note("exposure", "refused", ...)` in an action
_FLAT = re.compile(r'_K\["exposure"\][^()]*?_R\["(\w+)"\]', re.S)
_NOTED = re.compile(r'note\(\s*"exposure",\s*"(\w+)"')


def noted_exposure_rules() -> set[str]:
    """Every rule an `exposure` step is noted with, anywhere in the model or the button actions."""
    rules: set[str] = set()
    for f in [*(SIM / "model").glob("*.py"), *(SIM / "policy" / "actions").glob("*.py")]:
        text = f.read_text(encoding="utf-8")
        rules |= set(_FLAT.findall(text)) | set(_NOTED.findall(text))
    return rules


def test_the_source_scan_finds_the_known_exposure_rules():
    """The scan itself can fail: it must find the rules of the journey, placement and the actions."""
    assert {"held", "past_term", "cut", "intensity", "provider_wait",
            "intensity_cut", "refused", "approval", "steered_heavy"} <= noted_exposure_rules()


def test_every_noted_exposure_rule_has_one_cause_and_a_code():
    for rule in noted_exposure_rules():
        assert rule in R.EXPOSURE_CAUSE, f"exposure rule {rule!r} is noted but has no cause in EXPOSURE_CAUSE"
        assert rule in R.RULE, f"exposure rule {rule!r} has no code in STEP_RULES"


def test_causes_are_the_reported_ones_and_each_can_happen():
    assert set(R.EXPOSURE_CAUSE.values()) == set(R.EXPOSURE_CAUSES)
    assert len(set(R.EXPOSURE_CAUSES)) == len(R.EXPOSURE_CAUSES)


def test_a_case_counts_under_its_first_exposure_step():
    ids = np.array([3.0, 1.0, 3.0, 1.0, 2.0])
    rules = ["provider_wait", "held", "held", "past_term", "steered_heavy"]
    assert R.exposure_causes(ids, rules) == {3: "provider", 1: "button", 2: "refusal"}
    assert R.exposure_causes([], []) == {}


def test_a_fresh_record_fills_every_column_and_is_open():
    rec = R.new(7, -1, 42, 0, "new", False, 12.5, (0, 2), 2, 3, 1, 4, subgroup=1)
    assert len(rec) == len(R.COLUMNS) and len(set(R.COLUMNS)) == len(R.COLUMNS)
    assert (rec[R.CASE_ID], rec[R.RESIDENT], rec[R.ARRIVAL], rec[R.DOMAINS]) == (7, 42, 12.5, (0, 2))
    assert (rec[R.OUTCOME], rec[R.SUBGROUP], rec[R.N_INTAKES]) == ("open", 1, 0)
    assert np.isnan(rec[R.DECISION_DAY]) and np.isnan(rec[R.SATISFACTION])


def test_every_action_rule_has_a_code_and_codes_are_unique():
    assert len(set(R.STEP_RULES)) == len(R.STEP_RULES) and len(set(R.STEP_KINDS)) == len(R.STEP_KINDS)
    for action in ACTIONS:
        for rule in action.step_rules():
            assert R.STEP_RULES[R.RULE[rule]] == rule
    assert R.STEP_WIDTH == len(R.STEP_COLUMNS)
