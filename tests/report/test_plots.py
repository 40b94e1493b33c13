"""Pictures: pressed-button periods are drawn from the events, per replication 1."""

from types import SimpleNamespace

import pandas as pd

from sim.report.plots import _pressed_spans


def fake(rows, years=1):
    ev = pd.DataFrame(rows, columns=["replication", "day", "button", "kind"])
    return SimpleNamespace(events=ev, scenario=SimpleNamespace(run=SimpleNamespace(horizon_years=years)))


def test_overlapping_buttons_make_one_span_and_an_open_press_runs_to_the_end():
    m = 365 / 12
    res = fake([(0, 1 * m, "a", "press"), (0, 2 * m, "b", "press"), (0, 3 * m, "a", "release"),
                (0, 4 * m, "b", "release"), (0, 10 * m, "a", "press"), (1, 5 * m, "a", "press")])
    spans = _pressed_spans(res)
    assert [(round(a, 6), round(b, 6)) for a, b in spans] == [(1.0, 4.0), (10.0, 12.0)]


def test_no_events_no_spans():
    assert _pressed_spans(fake([])) == []
