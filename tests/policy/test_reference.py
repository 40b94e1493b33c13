"""The documentation keeps up with the schema: every field is in docs/scenarios.md, with its
meaning, its default and what it may hold."""

import typing

from sim.policy.reference import BEGIN, END, HEADER, IN_LIST, REQUIRED, field_table, rows
from sim.policy.scenario import KINDS, MAX_RESIDENTS, Button, Run, Scenario

from tests.helpers import ROOT


def _row(path):
    (row,) = [r for r in rows() if r[0] == path]
    return row


def test_field_reference_is_current():
    text = (ROOT / "docs" / "scenarios.md").read_text()
    embedded = text.split(BEGIN)[1].split(END)[0].strip()
    assert embedded == field_table().strip(), "run: ontschot schema --markdown, and paste it into docs/scenarios.md"


def test_every_row_has_a_meaning_a_default_and_allowed_values():
    table = field_table().splitlines()
    assert table[0] == "| " + " | ".join(HEADER) + " |"
    for line in table[2:]:
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert len(cells) == len(HEADER) and all(cells), line  # no empty cell, no stray '|' in a description
    assert len(table) - 2 == len(rows()) > 100


def test_defaults_and_allowed_values_come_from_the_models():
    _, _, default, allowed = _row("buttons[i].action")
    assert default == IN_LIST  # a list comes whole from one file
    assert all(f"`{a}`" in allowed for a in typing.get_args(Button.model_fields["action"].annotation))
    assert all(f"`{k}`" in _row("provisions.<name>.kind")[3] for k in KINDS)
    assert _row("run.horizon_years")[2] == f"`{Run().horizon_years}`"
    assert _row("population.age_groups")[2].startswith("`{adult: ")
    assert f"{MAX_RESIDENTS:,}" in _row("municipality.residents")[3]
    assert _row("domains.<name>.severity")[3].startswith("list (exactly 3)")
    assert _row("access.mode")[2] == "`desks`" and "dated steps" in _row("access.mode")[3]
    assert _row("extends")[2] == "none"
    assert _row("municipality")[2] == _row("domains.<name>.incidence")[2] == REQUIRED and _row("run")[2] == "see the fields below"


def test_dated_values_are_one_row_each():
    paths = [r[0] for r in rows()]
    assert not [p for p in paths if p.endswith((".from_day", ".value"))]
    assert len(paths) == len(set(paths))
    assert set(Scenario.model_fields) <= set(paths)


def test_every_column_is_documented():
    import sim

    from tests.helpers import small

    r = sim.run(small("eindhoven_capped.yaml", residents=5_000, years=1), seed=1, replications=1)
    doc = (ROOT / "docs" / "tables.md").read_text()
    for table in ("cases", "ledger", "timeseries", "events", "summary"):
        for col in r.table(table).columns:
            name = col if not col.startswith(("deficit_y", "overspend_y")) else col.rstrip("0123456789")
            assert f"`{name}" in doc, f"{table}.{col} is not documented in docs/tables.md"
