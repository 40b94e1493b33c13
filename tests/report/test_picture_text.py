"""Every picture's words can be read: inside the picture, none over another, in English and in Dutch.

One check (tests/report/picture_text.py) applied to every picture the tool draws: the two curves
of `ontschot run`, the comparison's pictures and the brief, the sweep's trade-off curve, an
exploration's sensitivity bars, PRIM picture and one page (explore.pdf), and the workshop panels
as the room sees them (`for_room`). The runs are small and made once for the module; the scenarios have the longest
names the project ships ("Eindhoven, huishoudelijke hulp als resultaat (door de rechter
teruggedraaid)"), since a long name is what pushes a title off the edge.
"""

from __future__ import annotations

import pytest

import sim
from sim.report import explore_report, figures, plots
from sim.report.brief import brief_figure
from sim.report.tradeoff import tradeoff_curve
from sim.study.compare import compare
from tests.helpers import ROOT, small
from tests.report.picture_text import problems

LANGS = ("en", "nl")
RESIDENTS, YEARS, REPLICATIONS = 8_000, 2, 2
LONGEST = "eindhoven_measures/household_help_as_result.yaml"  # the longest shipped name, in both languages
NAMES = ("eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml", LONGEST)


def _small(name: str):
    return small(name, residents=RESIDENTS, years=YEARS)


def _readable(fig, dpi: float | None = None) -> None:
    found = problems(fig, dpi)
    assert not found, "\n".join(found)


@pytest.fixture(scope="module")
def comparison():
    return compare([_small(n) for n in NAMES], seed=1, replications=REPLICATIONS)


@pytest.fixture(scope="module")
def runs():
    return [sim.run(_small(n), seed=1, replications=REPLICATIONS) for n in (LONGEST, NAMES[0])]


@pytest.fixture(scope="module")
def swept():
    """Notebook 04's sweep: the cap pressed at 98%, 100%, 102%, 105% and 110% of the budget."""
    return sim.sweep(_small("eindhoven_capped.yaml"), {"buttons.0.fire": [0.98, 1.0, 1.02, 1.05, 1.1]}, seed=1,
                     replications=REPLICATIONS)


@pytest.fixture(scope="module")
def explored():
    """A real exploration of few worlds (Latin hypercube, one replication) with a failure that separates them."""
    pytest.importorskip("ema_workbench", reason="pip install '.[explore]' brings the EMA Workbench")
    from sim.study.explore_run import explore
    from sim.study.failure import parse

    policies = [("radical", _small(NAMES[0])), ("capped", _small(NAMES[1]))]
    return explore(policies, method="lhs", samples=10, replications=1, seed=1, failure=parse("deficit > 1000000"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("draw", [plots.cost_curve, plots.satisfaction_curve], ids=lambda d: d.__name__)
def test_a_runs_pictures(runs, draw, lang):
    _readable(draw(runs[:1], lang), 120)  # `ontschot run A`
    _readable(draw(runs, lang), 120)  # `ontschot run A B`: overlaid, with the names in the legend


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_a_comparisons_pictures(comparison, name, lang):
    _readable(figures.FIGURES[name](comparison, lang), 120)


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief(comparison, lang):
    _readable(brief_figure(comparison, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_the_sweeps_tradeoff_curve(swept, lang):
    _readable(tradeoff_curve(swept, lang), 120)


@pytest.mark.parametrize("lang", LANGS)
def test_an_explorations_pictures(explored, lang):
    """Per policy, the deficit's bars and those with the longest title (the later policy's difference, with its
    long name, is what ran off both edges); the other metrics' bars differ from these only in a shorter title."""
    columns = explore_report.sensitivity_columns(explored)
    assert any(c.startswith("difference") for _, c in columns)  # the capped policy's difference is drawn too
    chosen = set()
    for policy in explored.labels:
        mine = [c for p, c in columns if p == policy]
        chosen |= {(policy, mine[0]), (policy, max(mine, key=lambda c: len(explore_report.what(c, explored, policy,
                                                                                              lang))))}
    for policy, column in sorted(chosen):
        _readable(explore_report.sensitivity_figure(explored, policy, column, lang), 110)
    boxed = [p for p, d in explored.discoveries.items() if d.chosen is not None]
    assert boxed, "no policy has a PRIM box: the failure no longer separates the worlds"
    for policy in boxed:
        _readable(explore_report.tradeoff_figure(explored, policy, lang), 110)
    _readable(explore_report.explore_figure(explored, lang))  # explore.pdf, the one page


# ---------------------------------------------------------------- the workshop, as the room sees it


@pytest.fixture(scope="module")
def runner():
    from sim.workshop.panels import CachedRunner, WorkshopSize

    return CachedRunner(WorkshopSize(residents=6_000, replications=REPLICATIONS, years=YEARS))


def _room(fig) -> None:
    from sim.workshop.panels import ROOM, for_room

    _readable(for_room(fig), ROOM.dpi(fig))


@pytest.mark.parametrize("lang", LANGS)
def test_the_workshops_pictures(runner, lang):
    from sim.workshop import panels

    scenarios = ROOT / "scenarios"
    pooling = panels.PoolingPanel(runner, scenarios / "pooled_integral.yaml", lang)
    _room(pooling.draw(**pooling.values)[0])
    cap = panels.CapPanel(runner, scenarios / "eindhoven_capped.yaml", scenarios / "eindhoven_radical_maatwerk.yaml",
                          lang)
    _room(cap.draw(**cap.values)[0])
    deal = panels.VillageDealPanel(runner, ROOT, lang)
    _room(deal.draw(**deal.values)[0])


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_04s_tradeoff_curve_in_the_room(runner, lang):
    from sim.workshop.panels import tradeoff

    sw = tradeoff(runner, ROOT / "scenarios" / "eindhoven_capped.yaml", [0.98, 1.0, 1.02, 1.05, 1.1])
    _room(tradeoff_curve(sw, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_02s_pictures_in_the_room(runner, lang):
    """The flagship at workshop size, with the unlawful waiting-list variant's long name, as notebook 02 shows it."""
    from sim.workshop.panels import flagship

    c = flagship(runner, ROOT / "scenarios" / "eindhoven_radical_maatwerk.yaml",
                 ROOT / "scenarios" / "eindhoven_capped.yaml", lang)
    for draw in figures.FIGURES.values():
        _room(draw(c, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_notebook_01s_curves_in_the_room(runs, lang):
    _room(plots.cost_curve(runs[:1], lang))
    _room(plots.satisfaction_curve(runs[:1], lang))


def test_the_check_finds_a_cut_title_overlapping_labels_and_an_ellipsis():
    """The check itself: it sees what the pictures above must not have, and passes a clean picture."""
    from matplotlib.figure import Figure

    clean = Figure(figsize=(6, 4), layout="constrained")
    clean.subplots().set_title("A short title")
    assert problems(clean) == []
    bad = Figure(figsize=(6, 4), layout="constrained")
    ax = bad.subplots()
    bad.suptitle("A title far too long for a picture six inches wide, so it runs off both of its edges " * 2)
    ax.annotate("98%", (0.5, 0.5))
    ax.annotate("102%", (0.51, 0.5))
    ax.set_xlabel("the ceiling pressed at \u2026")
    found = problems(bad)
    assert any("is cut off" in p and "A title far" in p for p in found)
    assert any("'98%' overlaps '102%'" in p for p in found)
    assert any("ends in an ellipsis" in p for p in found)
