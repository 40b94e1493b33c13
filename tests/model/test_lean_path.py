"""The journey's lean path (sim.model.lean.lean_plans) is a shortcut, not a model: a run that takes it
must give the same tables to the last bit as the same run through the full journey."""

import pandas as pd
import pytest

from sim.model.engine import Model
from sim.model.population import draw
from sim.model.tables import tables

from tests.helpers import small

# Desks; integral team with pooling; one team per neighbourhood; prevention that speeds outflow;
# providers on some provisions (their places taken on the lean path through placement.places).
SCENARIOS = ["baseline_earmarked.yaml", "eindhoven_radical_maatwerk.yaml", "workshop/buurtbegroting.yaml",
             "village_deals/weststellingwerf.yaml", "eindhoven_measures/fewer_providers.yaml"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_lean_path_gives_the_same_tables_as_the_full_journey(name):
    s = small(name, residents=10_000, years=2)
    pop = draw(s, 3, 0)
    lean = Model(s, pop, 0)
    assert lean.state.lean is not None and any(p is not None for row in lean.state.lean for p in row)
    full = Model(s, pop, 0)
    full.state.lean = None  # every episode through sim.model.journey.journey
    a, b = tables(lean.run()), tables(full.run())
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)


def test_no_lean_path_where_a_button_may_act():
    s = small("eindhoven_capped.yaml", residents=10_000, years=1)
    assert Model(s, draw(s, 1, 0), 0).state.lean is None


def test_lean_path_takes_scarce_places_as_the_full_journey_does():
    """Lean episodes whose care is bought from providers take their place through the journey's
    own `places`: with places so scarce that clients wait, and waits end by a free place, a won
    appeal or extra care contracted, both ways give the same tables."""
    from sim.model import record as R

    s = small("eindhoven_measures/fewer_providers.yaml", residents=10_000, years=2)
    for prov in s.provisions.values():
        for pv in (prov.providers or {}).values():
            pv.capacity = 3
    pop = draw(s, 3, 0)
    lean = Model(s, pop, 0)
    assert any(p is not None and p.placed for row in lean.state.lean for p in row)
    full = Model(s, pop, 0)
    full.state.lean = None
    raw_lean, raw_full = lean.run(), full.run()
    provider = raw_lean.steps[raw_lean.steps[:, 2] == R.KIND["provider"]]
    rules = {R.STEP_RULES[int(x)] for x in provider[:, 8]}
    assert (provider[:, 9] > 0).any() and rules & {"appeal", "extra_contracted"}  # the waits this test is about
    a, b = tables(raw_lean), tables(raw_full)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_exact=True)
