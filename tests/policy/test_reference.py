"""The documentation keeps up with the schema: every field is in docs/scenarios.md."""

from sim.policy.reference import BEGIN, END, field_table

from tests.helpers import ROOT


def test_field_reference_is_current():
    text = (ROOT / "docs" / "scenarios.md").read_text()
    embedded = text.split(BEGIN)[1].split(END)[0].strip()
    assert embedded == field_table().strip(), "run: ontschot schema --markdown, and paste it into docs/scenarios.md"


def test_every_column_is_documented():
    import sim

    from tests.helpers import small

    r = sim.run(small("eindhoven_capped.yaml", residents=5_000, years=1), seed=1, replications=1)
    doc = (ROOT / "docs" / "tables.md").read_text()
    for table in ("cases", "ledger", "timeseries", "events", "summary"):
        for col in r.table(table).columns:
            name = col if not col.startswith(("deficit_y", "overspend_y")) else col.rstrip("0123456789")
            assert f"`{name}" in doc, f"{table}.{col} is not documented in docs/tables.md"
