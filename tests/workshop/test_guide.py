"""The facilitator's guide plans the hour with time to spare, the same in English and in Dutch."""

from __future__ import annotations

import re

from tests.helpers import ROOT

GUIDE = (ROOT / "docs" / "workshop.md").read_text()


def plan(heading: str) -> list[tuple[int, int, int, str]]:
    """The timed table under `heading`: (start, end, minutes, the row's text) per part."""
    section = GUIDE.split(heading, 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d+)-(\d+) \((\d+)\) \|(.*)$", section, flags=re.M)
    return [(int(a), int(b), int(m), rest) for a, b, m, rest in rows]


def test_the_hour_adds_up_to_under_60_minutes_with_a_buffer():
    rows = plan("## The hour")
    assert [r[0] for r in rows[1:]] == [r[1] for r in rows[:-1]] and rows[0][0] == 0 and rows[-1][1] == 60
    assert all(end - start == minutes for start, end, minutes, _ in rows)
    *parts, buffer = rows
    assert "buffer" in buffer[3] and buffer[2] >= 5
    assert sum(r[2] for r in parts) < 60
    for nb in ("01_first_scenario", "02_eindhoven_vs_capped", "03_earmarked_or_pooled", "04_where_to_set_the_cap",
               "05_village_deals"):
        assert any(nb in r[3] for r in parts), nb
        assert (ROOT / "notebooks" / f"{nb}.ipynb").exists()


def test_the_dutch_plan_has_the_same_minutes_and_says_what_to_drop():
    english, dutch = plan("## The hour"), plan("### Het uur in het kort")
    assert [r[:3] for r in english] == [r[:3] for r in dutch]
    assert "When you run late" in GUIDE and "Loopt u uit" in GUIDE
    assert "reserve" in dutch[-1][3]


def test_each_part_heading_gives_the_minutes_of_the_plan():
    minutes = {r[3].split("`")[1][:2]: r[2] for r in plan("## The hour") if "`0" in r[3]}
    for nb, m in minutes.items():
        assert re.search(rf"^### {nb}: .* \({m} minutes\)$", GUIDE, flags=re.M), nb
