"""`model_md`: the study under the STRESS-DES headings, generated from the compared scenarios."""

from __future__ import annotations

import re

import pytest

import sim
from sim.study.compare import compare
from sim.report.labels import stopping
from sim.report.stress import model_md
from sim.report.stress_text import HEADINGS

from tests.helpers import small


@pytest.fixture(scope="session")
def capped_vs_variant():
    """Capped against two variants that change a handful of known parameters."""
    capped = small("eindhoven_capped.yaml", 5_000, years=1)
    variant = capped.model_copy(deep=True)
    variant.access.handoff_days = 7.0
    variant.budget.pooled_share[0].value = 0.5
    variant.domains["wmo"].desk_staff += 1
    variant.buttons[0].fire = 1.05
    del variant.buttons[1]
    desks = capped.model_copy(deep=True)
    desks.access.mode[0].value = "desks"
    desks.plan.policy[0].value = "standard"
    c = compare([capped, variant, desks], seed=3, replications=1, labels=["capped", "variant", "desks"])
    return c, model_md(c)


def test_every_stress_heading_is_present_in_order(capped_vs_variant):
    _, text = capped_vs_variant
    lines = text.splitlines()
    at = []
    for h in HEADINGS:
        level = "#" * (h.split()[0].count(".") + 2)
        found = [i for i, line in enumerate(lines) if line == f"{level} {h}"]
        assert len(found) == 1, h
        at.append(found[0])
    assert at == sorted(at)
    assert [h for h in HEADINGS if h.startswith("2.5.")] == ["2.5.1 Entities", "2.5.2 Activities", "2.5.3 Resources",
                                                             "2.5.4 Queues", "2.5.5 Entry/exit points"]


def test_each_arm_and_every_differing_parameter_appear(capped_vs_variant):
    c, text = capped_vs_variant
    for arm in c.arms:
        assert arm.scenario.content_hash in text and arm.label in text and arm.name in text
    diff = _section(text, "2.3 Scenario logic")
    for path in ("access.handoff_days", "budget.pooled_share", "domains.wmo.desk_staff", "buttons.ceiling.fire",
                 "buttons.stricter_assessment", "plan.policy", "access.mode"):
        assert f"`{path}`" in diff, path
    assert "`municipality.residents`" not in diff and "`name`" not in diff  # same in every arm / descriptive
    assert "No parameters differ" not in text
    row = next(line for line in diff.splitlines() if line.startswith("| `access.handoff_days`"))
    assert row.split("|")[2:5] == [" 14 ", " 7 ", " 14 "]


def test_the_set_up_of_each_arm_is_reported(capped_vs_variant):
    c, text = capped_vs_variant
    assert f"Stopping rule: {stopping(c)}." in text and "Seed 3." in text and "SeedSequence" in text
    assert "No warm-up period" in text and ("| ceiling | the projected year-end spending over the budget | All budgets | "
                                             "1 | 0.97 | general provisions only | all |") in text
    assert "| Support at home (Wmo) | 45 | yes |" in text  # incidence and entitlement, the domain by its label
    for source in c.arms[0].scenario.sources:
        assert source in text
    assert "simpy" in _section(text, "5.1 Software or programming language")
    assert "ontschot compare" in _section(text, "6.1 Computer model sharing statement")


def test_the_appendix_holds_each_scenario_as_a_file_that_loads_to_its_hash(capped_vs_variant, tmp_path):
    c, text = capped_vs_variant
    blocks = re.findall(r"```yaml\n(.*?)\n```", text, flags=re.S)
    assert len(blocks) == len(c.arms)
    for arm, block in zip(c.arms, blocks):
        path = tmp_path / f"{arm.label}.yaml"
        path.write_text(block, encoding="utf-8")
        assert sim.load_scenario(path).content_hash == arm.scenario.content_hash


def test_a_scenario_compared_with_itself_has_no_differing_parameters():
    s = small("baseline_earmarked.yaml", 5_000, years=1)
    c = compare([s, s.model_copy(deep=True)], seed=1, replications=1, labels=["same", "again"])
    text = model_md(c)
    assert "No parameters differ between the arms" in _section(text, "2.3 Scenario logic")
    assert "| parameter |" not in text


def _section(text: str, heading: str) -> str:
    """The text under one heading, up to the next heading."""
    part = text.split(f" {heading}\n", 1)[1]
    return re.split(r"\n#+ ", part, maxsplit=1)[0]


def _cited(lang: str) -> str:
    """Section 3.1 (the sources) of model.md for every shipped scenario at once, as one arm each."""
    from types import SimpleNamespace

    from sim.report.stress import _sources
    from tests.helpers import SHIPPED

    arms = [SimpleNamespace(label=p.stem, scenario=sim.load_scenario(p)) for p in SHIPPED]
    return "\n".join(_sources(arms, {a.label: "" for a in arms}, lang))


def test_every_shipped_source_has_its_dutch_description():
    """A file that cites sources describes each in Dutch too (`sources_nl`, one to one), and so does a provision."""
    from tests.helpers import SHIPPED

    for path in SHIPPED:
        s = sim.load_scenario(path)
        assert s.sources_nl is not None and len(s.sources_nl) == len(s.sources), path
        for name, pr in s.provisions.items():
            assert pr.source in (None, "assumption") or pr.source_nl, f"{path}: provisions.{name}.source_nl"


def test_dutch_model_md_cites_its_sources_in_dutch(capped_vs_variant):
    """The Dutch model.md lists each source by its Dutch description, and no English one (issue 18); the
    English model.md is unchanged."""
    from tests.helpers import SHIPPED

    scenarios = [sim.load_scenario(p) for p in SHIPPED]
    pairs = {(en, nl) for s in scenarios for en, nl in zip(s.sources, s.sources_told("nl"))} | {
        (pr.source, pr.source_told("nl")) for s in scenarios for pr in s.provisions.values()
        if pr.source not in (None, "assumption")}
    english = {en for en, nl in pairs if en != nl}  # a Dutch document's title ("Village Deals trappen af") stays
    dutch = {nl for _, nl in pairs}
    nl, en = _cited("nl"), _cited("en")
    assert english and not english & dutch
    assert [t for t in english if t in nl] == [] and all(t in nl for t in dutch)
    assert all(t in en for t in english)
    c, _ = capped_vs_variant
    whole = model_md(c, "nl").split("\n## Bijlage")[0]  # the appendix is the scenario's YAML, as the file spells it
    assert "2021D03533 (geen plafonds of wachtlijsten die Wmo-ondersteuning stoppen)" in whole
    assert not [t for t in english if t in whole]
