"""The sweep's caption says the differences are known more precisely than the levels only where its
own intervals show it (sim.report.tradeoff.precision_note): at every point, at some (named), or at none.

A sweep of the ceiling's threshold once said so under a picture whose 105% point had a wider
difference interval than its level: common random numbers usually narrow a difference, but a
setting that changes who is helped can part the runs' luck.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.report.tradeoff import WORDS, precise_points, precision_note

LEVEL = {"cost_per_year": 2e6, "mean_satisfaction": 0.4}  # the width of every point's level interval


def _sweep(widths: list[float], replications: int = 5) -> SimpleNamespace:
    """A sweep of `fire` over 0.98, 1.0, 1.02, ...: the first point and one per width, each later point's
    paired differences as wide as that share of its level interval."""
    rows = []
    for k, share in enumerate([0.0, *widths]):
        row = {"fire": 0.98 + 0.02 * k}
        for m, w in LEVEL.items():
            row.update({m: 10.0, f"{m}_low": 10.0 - w / 2, f"{m}_high": 10.0 + w / 2,
                        f"{m}_difference": 0.0, f"{m}_difference_low": -share * w / 2,
                        f"{m}_difference_high": share * w / 2})
        rows.append(row)
    scenario = SimpleNamespace(buttons=[])
    return SimpleNamespace(table=pd.DataFrame(rows), parameters=["fire"], points=[{"fire": r["fire"]} for r in rows],
                           comparison=SimpleNamespace(replications=replications, arms=[SimpleNamespace(scenario=scenario)]))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_said_where_every_difference_is_narrower(lang):
    sw = _sweep([0.3, 0.5])
    assert precise_points(sw) == [True, True]
    assert precision_note(sw, lang).endswith(WORDS["precise_all"][lang])


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_not_said_where_a_difference_is_wider_than_its_level(lang):
    """The 1.02 point's difference is wider than its level: the caption names it as the exception."""
    sw = _sweep([0.3, 1.4, 0.5])
    assert precise_points(sw) == [True, False, True]
    note = precision_note(sw, lang)
    assert WORDS["precise_all"][lang] not in note
    comma, joined = ("," if lang == "nl" else "."), WORDS["and"][lang]
    said = WORDS["precise_some"][lang].format(yes=f"1 {joined} 1{comma}04", no=f"1{comma}02")
    assert note.endswith(said), note


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_not_said_where_no_difference_is_narrower(lang):
    sw = _sweep([1.2, 2.0])
    note = precision_note(sw, lang)
    assert note.endswith(WORDS["precise_none"][lang])
    assert WORDS["precise_all"][lang] not in note


def test_one_narrower_metric_is_not_enough():
    """Cost known better but the grade not: the picture shows both, so the point does not count."""
    sw = _sweep([0.5])
    sw.table.loc[1, "mean_satisfaction_difference_low"], sw.table.loc[1, "mean_satisfaction_difference_high"] = -1, 1
    assert precise_points(sw) == [False]


def test_nothing_claimed_without_intervals():
    sw = _sweep([0.5], replications=1)
    sw.table.loc[:, ["cost_per_year_low", "cost_per_year_high"]] = np.nan
    assert precise_points(sw) is None
    assert precision_note(sw) == WORDS["note"]["en"].format(n=1)
