"""A button action is one class: adding one is a file and a registry line (sim/policy/actions).

The toy action below is written here, in the test, as a new action's file would be; registering it
is the one line `ACTIONS` would gain (with the step rule a fresh import of `sim.model.record`
derives from it). The schema takes its field, the journey dispatches to its hook, and `explain`
and the workshop say its words, with no other file touched.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import Field, ValidationError

import sim
import sim.policy.actions as registry
from sim.errors import Said
from sim.model import record as R
from sim.policy.actions import ACTIONS, CARE, Action
from sim.policy.bounds import Share
from sim.policy.scenario import Button, button_model
from tests.helpers import small

NAN = float("nan")
ALWAYS = {"metric": "spent_share", "fire": 1e-9, "release": 0.0}


class HalveCare(Action):
    """The toy: while pressed, care is cut by `halve_by` (default a half), and nothing else."""

    name = "halve_care"
    stage = CARE
    help = "'halve_care': care is cut by halve_by"
    fields = {"halve_by": (Share, Field(0.5, description="halve_care: share cut from the care."))}
    label = Said("half care", "halve zorg")
    menu = Said("half care (legal exposure)", "halve zorg (juridisch risico)")
    words = {"a_halve_care": Said("halved the care", "halveerde de zorg")}

    def cut(self, case: Any, b: Any) -> float:
        case.pressed_by(b)
        case.note("button", "halve_care", b, NAN, b.spec.halve_by)
        return b.spec.halve_by


@pytest.fixture
def toy(monkeypatch):
    """The registry line, as a fresh import would read it."""
    monkeypatch.setattr(registry, "ACTIONS", ACTIONS + (HalveCare(),))
    monkeypatch.setattr(R, "STEP_RULES", R.STEP_RULES + ("halve_care",))
    monkeypatch.setitem(R.RULE, "halve_care", len(R.STEP_RULES) - 1)
    return button_model(registry.ACTIONS)


def test_the_toy_actions_schema_part_is_its_own(toy):
    b = toy.model_validate({"name": "half", "action": "halve_care", "halve_by": 0.25, **ALWAYS})
    assert b.halve_by == 0.25 and b.action == "halve_care"
    assert "halve_by" in toy.model_json_schema()["properties"]
    with pytest.raises(ValidationError):  # the shipped schema does not know it
        Button.model_validate({"name": "half", "action": "halve_care", **ALWAYS})
    with pytest.raises(ValidationError):  # and its field stays its own: bounded by its type
        toy.model_validate({"name": "half", "action": "halve_care", "halve_by": 2.0, **ALWAYS})


def test_the_journey_dispatches_to_the_toy_actions_hook(toy):
    s = small("baseline_earmarked.yaml", residents=10_000, years=1)
    plain = sim.run(s, seed=1, replications=1)
    s.buttons = [toy.model_validate({"name": "half", "action": "halve_care", **ALWAYS})]
    r = sim.run(s, seed=1, replications=1)
    noted = r.steps[(r.steps["step"] == "button") & (r.steps["rule"] == "halve_care")]
    assert len(noted) > 0 and (noted["value"] == 0.5).all()
    assert (r.cases.loc[r.cases["case_id"].isin(noted["case_id"]), "button"] == "half").all()
    assert r.summary["total_cost"].item() < plain.summary["total_cost"].item()  # halved care costs less


def test_reports_and_the_workshop_say_the_toys_words(toy):
    from sim.policy.actions import by_rule
    assert by_rule(registry.ACTIONS)["halve_care"].story("halve_care", "0", NAN, _Tell()) == "halved the care"
    assert HalveCare().menu("nl") == "halve zorg (juridisch risico)"


class _Tell:
    def w(self, key: str, **values: object) -> str:
        return HalveCare.words[key].format(**values).en


def test_every_shipped_action_is_one_registered_class_with_both_languages():
    names = [a.name for a in ACTIONS]
    assert len(set(names)) == len(names)
    assert set(Button.model_fields["action"].annotation.__args__) == set(names)
    for a in ACTIONS:
        assert a.label.en and a.label.nl and a.menu.en and a.menu.nl
        for rule in a.step_rules():
            assert rule in R.RULE, rule
