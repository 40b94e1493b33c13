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


def test_a_run_of_one_replication_says_it_has_no_band_and_never_1_replications(small_runs):
    """The run's titles say what the band is over, in the right number: no '5-95% of 1 replications'."""
    from sim.report.labels import label
    from sim.report.plots import cost_curve, satisfaction_curve

    one, three = small_runs("pooled_integral.yaml"), small_runs("pooled_integral.yaml", replications=3)
    for lang, plural in (("en", "1 replications"), ("nl", "1 herhalingen")):
        titles = [cost_curve([one], lang).get_suptitle(), satisfaction_curve([one], lang).axes[0].get_title()]
        assert all(label("band_one", lang) in t and plural not in t for t in titles), titles
        assert label("band", lang, n=3) in cost_curve([three], lang).get_suptitle()
