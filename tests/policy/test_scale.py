"""Scaling a municipality: `municipality.size_reference` and `sim.policy.scale.rescale`.

Absolute figures (caseloads, budgets, staff, places, provider places and ceilings, programme
costs, waiting-list thresholds) scale with residents / size_reference, staff and places rounded
up and never below one; rates (incidence, costs per client, durations, shares) do not change.

`variant` (tests/helpers.py) is also the helper the mechanism tests use: a scenario written as a file that
`extends:` the shipped small-municipality base, as a user would write it, so that dated values
are YAML and the loader does the scaling.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import sim
from sim.policy.loader import load_scenario
from sim.policy.scale import at_reference, rescale

from tests.helpers import BASE, run, variant  # noqa: F401 (the mechanism tests' helpers)

# A policy with every kind of absolute figure, for the base's 30,000 residents.
FIGURES = """\
budget: {initial_reserve: 300000}
provisions:
  wmo_tailored:
    providers:
      big: {share: 0.7, capacity: 150, ceiling: 600000}
      small: {share: 0.3, capacity: 7}
      open: {share: 0.0}
programmes:
  desk: {budget: wmo, cost_per_year: [{from_day: 0, value: 30000}, {from_day: 365, value: 60000}]}
buttons:
  - {name: queue, metric: waitlist, fire: 300, release: 150, action: close_intake}
"""


def full_size(folder: Path) -> sim.Scenario:
    path = folder / "full.yaml"
    path.write_text(f"extends: {BASE}\nname: full\n{FIGURES}", encoding="utf-8")
    return load_scenario(path)


def places(n: int, f: float) -> int:
    return max(1, math.ceil(n * f - 1e-9))


@pytest.mark.parametrize("residents", [10_000, 45_000, 1_000])
def test_rescale_scales_every_absolute_figure_and_no_rate(tmp_path, residents):
    s = full_size(tmp_path)
    assert s.municipality.size_reference == s.municipality.residents == 30_000
    f = residents / 30_000
    r = rescale(s, residents)
    assert r.municipality.residents == residents and r.municipality.size_reference == residents
    for name, dom in s.domains.items():
        got = r.domains[name]
        assert got.initial_caseload == round(dom.initial_caseload * f)
        assert [st.value for st in got.budget] == pytest.approx([st.value * f for st in dom.budget])
        assert got.desk_staff == places(dom.desk_staff, f) >= 1
        assert got.incidence == dom.incidence and got.severity == dom.severity  # rates stay
    assert r.access.integral_staff == places(s.access.integral_staff, f)
    assert r.budget.initial_reserve == pytest.approx(300_000 * f)
    assert r.provisions["community_help"].capacity == places(s.provisions["community_help"].capacity, f)
    provs, before = r.provisions["wmo_tailored"].providers, s.provisions["wmo_tailored"].providers
    assert provs["big"].capacity == places(150, f) and provs["small"].capacity == places(7, f)
    assert provs["big"].ceiling == pytest.approx(600_000 * f)
    assert provs["open"].capacity is None and provs["open"].ceiling is None  # no limit stays no limit
    assert [pv.share for pv in provs.values()] == [pv.share for pv in before.values()]
    assert r.provisions["wmo_tailored"].monthly_cost == s.provisions["wmo_tailored"].monthly_cost
    assert [st.value for st in r.programmes["desk"].cost_per_year] == pytest.approx([30_000 * f, 60_000 * f])
    assert [st.from_day for st in r.programmes["desk"].cost_per_year] == [0, 365]  # dates do not scale
    b = r.buttons[0]
    assert (b.fire, b.release) == pytest.approx((300 * f, 150 * f))  # a waiting list counts residents
    # The original is left alone.
    assert s.municipality.residents == 30_000 and s.budget.initial_reserve == 300_000


def test_rescale_to_the_same_size_is_identity(tmp_path):
    s = full_size(tmp_path)
    assert rescale(s, 30_000).model_dump() == s.model_dump()
    assert at_reference(s).model_dump() == s.model_dump()


def test_rescale_rounds_staff_up_and_keeps_a_member_per_village_team(tmp_path):
    s = variant(tmp_path, "access: {mode: integral, teams: per_neighbourhood}\n", residents=30_000)
    assert s.access.integral_staff == 8 and s.municipality.neighbourhoods == 5
    small = rescale(s, 3_000)  # 8 x 0.1 = 0.8 staff: rounded up would be 1, but five villages need five
    assert small.access.integral_staff == 5
    assert all(d.desk_staff == 1 for d in small.domains.values())
    assert rescale(variant(tmp_path, residents=30_000), 3_000).access.integral_staff == 1


def test_a_file_that_sets_only_its_residents_gets_scaled_figures(tmp_path):
    full = full_size(tmp_path)
    child = tmp_path / "village.yaml"
    child.write_text("extends: full.yaml\nmunicipality: {residents: 12000}\n", encoding="utf-8")
    village = load_scenario(child)
    assert village.model_dump() == rescale(full, 12_000).model_dump()
    assert village.domains["wmo"].budget[0].value == pytest.approx(full.domains["wmo"].budget[0].value * 0.4)
    assert village.domains["wmo"].initial_caseload == round(full.domains["wmo"].initial_caseload * 0.4)
    # Without a size reference a file's figures are taken as they are.
    plain = tmp_path / "plain.yaml"
    plain.write_text("extends: full.yaml\nmunicipality: {residents: 12000, size_reference: 12000}\n", encoding="utf-8")
    as_is = load_scenario(plain)
    assert as_is.domains["wmo"].budget[0].value == full.domains["wmo"].budget[0].value


def test_the_content_hash_differs_by_size_and_not_by_file(tmp_path):
    full = full_size(tmp_path)
    for name, residents in (("a", 12_000), ("b", 12_000), ("c", 13_000)):
        (tmp_path / f"{name}.yaml").write_text(f"extends: full.yaml\nmunicipality: {{residents: {residents}}}\n",
                                               encoding="utf-8")
    a, b, c = (load_scenario(tmp_path / f"{n}.yaml") for n in "abc")
    assert a.content_hash == b.content_hash
    assert len({full.content_hash, a.content_hash, c.content_hash}) == 3


def test_a_scaled_run_has_caseload_money_and_cases_in_proportion(tmp_path):
    one, two = (run(variant(tmp_path, residents=n, years=1)) for n in (8_000, 16_000))
    assert two.summary["allocation"].item() == pytest.approx(2 * one.summary["allocation"].item())
    init_one, init_two = (r.cases["initial"].sum() for r in (one, two))
    # The day-0 caseload is the steady state's Poisson draw (run.warm_start: steady): in proportion within its luck.
    assert abs(init_two - 2 * init_one) <= 4 * np.sqrt(init_two + 4 * init_one)
    # New requests are a Poisson stream in proportion to the residents.
    n_one, n_two = (r.summary["n_cases"].item() for r in (one, two))
    assert n_two / n_one == pytest.approx(2, rel=0.1)
    assert two.summary["total_cost"].item() / one.summary["total_cost"].item() == pytest.approx(2, rel=0.1)
