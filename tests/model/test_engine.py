"""Conservation of cases: every case ends in exactly one state, and nothing is dropped at the horizon.

Then the engine's mechanisms for the scenario library (subgroups' outreach, prevention,
programmes, village teams), each against the same scenario without it.
"""

import numpy as np
import pytest

import sim
from sim.model.engine import Model
from sim.model.population import draw
from sim.model.tables import tables

from tests.helpers import small
from tests.helpers import run, variant

STATES = {"resolved", "relapse", "escalated", "unresolved", "refused", "open"}


@pytest.mark.parametrize("name", ["baseline_earmarked.yaml", "eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml"])
@pytest.mark.parametrize("seed", [4, 5])
def test_every_case_ends_in_exactly_one_state(name, seed):
    s = small(name)
    pop = draw(s, seed)
    raw = Model(s, pop).run()
    cases = tables(raw)["cases"]
    assert cases["case_id"].is_unique
    assert set(cases["outcome"]) <= STATES
    horizon = raw.horizon
    closed = cases["closed_day"] <= horizon
    # Closed cases have a grade; open ones are open, and nothing closed after the horizon hides as closed.
    assert cases.loc[closed & ~cases["initial"], "satisfaction"].between(1, 10).all()
    assert (cases.loc[~closed, "outcome"] == "open").all()
    assert (cases.loc[closed, "outcome"] != "open").all()
    # Every resident who came forward appears exactly once as a first episode.
    uptake = [st.value for st in s.access.latent_uptake]
    assert len(uptake) >= 1
    came = ~pop.latent[: pop.n] | (pop.latent_u < np.array([_uptake(s, t) for t in pop.arrival]))
    first = cases[(cases["origin"] == "new")]
    assert first["resident_id"].is_unique
    assert sorted(first["resident_id"]) == list(np.flatnonzero(came))
    # Follow-up episodes point at an existing parent episode and come after it, except those whose
    # parent ended before day 0 (a steady warm start): day-0 clients of a later generation, and
    # problems on their way back on day 0, which have no parent in the run.
    later = cases[cases["generation"] > 0]
    before = later["initial"] | (later["parent_case_id"] < 0)
    assert (later.loc[later["parent_case_id"] < 0, "origin"].isin(["initial", "escalated", "relapse", "missed", "pipeline"])).all()
    if s.run.warm_start == "given":
        assert not before.any()
    follow = later[~before].merge(cases[["case_id", "arrival_day"]], left_on="parent_case_id",
                                  right_on="case_id", suffixes=("", "_parent"))
    assert len(follow) == (~before).sum() > 0
    assert (follow["arrival_day"] >= follow["arrival_day_parent"]).all()


def _uptake(s, t):
    from sim.policy.timeline import Timeline

    return Timeline(s.access.latent_uptake).at(t)


def test_open_cases_are_reported_not_dropped():
    s = small("baseline_earmarked.yaml", years=1)
    cases = tables(Model(s, draw(s, 1)).run())["cases"]
    assert (cases["outcome"] == "open").sum() > 0
    still_waiting = cases["decision_day"].isna()
    assert (cases.loc[still_waiting, "outcome"] == "open").all()


def test_initial_caseload_is_in_care_on_day_zero():
    s = small("baseline_earmarked.yaml")
    s.run.warm_start = "given"  # the file's numbers, exactly (the steady warm start is tests/model/test_steady.py's)
    raw = Model(s, draw(s, 1)).run()
    g = raw.grants
    for i, name in enumerate(raw.domain_names):
        in_care = ((g["domain"] == i) & (g["start"] <= 0) & (g["end"] > 0)).sum()
        assert in_care == s.domains[name].initial_caseload


def test_a_case_still_queued_at_the_horizon_has_no_wait_yet():
    s = small("baseline_earmarked.yaml", residents=20_000, years=1)
    for dom in s.domains.values():
        dom.desk_staff = 1  # overloaded desks: a queue is left at the horizon
    cases = tables(Model(s, draw(s, 1)).run())["cases"]
    queued = cases["access_days"].isna() & cases["decision_day"].isna()
    assert queued.sum() > 0
    assert cases.loc[queued, "intake_wait_days"].isna().all()
    assert (cases.loc[queued, "outcome"] == "open").all()
    assert cases.loc[~queued & ~cases["initial"], "intake_wait_days"].notna().all()


# ---------------------------------------------------------------- mechanisms of the engine
# Each mechanism against the same scenario without it, from the same seed: the residents and
# their luck are the same (common random numbers), so the difference is the mechanism's.

FARMERS = """\
population:
  subgroups:
    farmers: {residents_share: 0.1, incidence: {schulden: 30, participatie: 10}, multi_problem_share: 0.4,
              latent_share: 1.0}
"""


def first_episodes(r: sim.Result):
    """The first episode of every resident who came forward, by resident."""
    c = r.cases
    return c[c["origin"] == "new"].set_index("resident_id")


def test_outreach_brings_a_subgroups_hidden_demand_forward(tmp_path):
    s0 = variant(tmp_path, FARMERS)
    pop = draw(s0, 1)
    farmers = pop.subgroup[: pop.n] == 1
    hidden = farmers & pop.latent[: pop.n]
    assert hidden.sum() > 10
    none = first_episodes(run(s0))
    full = first_episodes(run(variant(tmp_path, FARMERS + "access:\n  outreach: {farmers: {uptake: 1.0}}\n")))
    # Without outreach only the registered farmers come; with full uptake every farmer does.
    assert set(none.index[none["subgroup"] == "farmers"]) == set(np.flatnonzero(farmers & ~pop.latent[: pop.n]))
    assert set(full.index[full["subgroup"] == "farmers"]) == set(np.flatnonzero(farmers))
    # Outreach is for the subgroup only: the others' hidden demand stays hidden.
    assert set(full.index[full["subgroup"] == ""]) == set(none.index[none["subgroup"] == ""])


def test_outreach_uptake_is_dated(tmp_path):
    s = variant(tmp_path, FARMERS + "access:\n  outreach:\n    farmers:\n"
                "      uptake: [{from_day: 0, value: 0.0}, {from_day: 365, value: 1.0}]\n")
    pop = draw(s, 1)
    hidden = (pop.subgroup[: pop.n] == 1) & pop.latent[: pop.n]
    came = set(first_episodes(run(s)).index)
    late = set(np.flatnonzero(hidden & (pop.arrival >= 365)))
    assert late and late <= came
    assert not set(np.flatnonzero(hidden & (pop.arrival < 365))) & came


def test_outreach_finds_cases_earlier(tmp_path):
    body = FARMERS + "access:\n  outreach: {farmers: {uptake: 0.0, earlier: EARLIER}}\n"
    late, early = (first_episodes(run(variant(tmp_path, body.replace("EARLIER", e)))) for e in ("0.0", "1.0"))
    f_late, f_early = late[late["subgroup"] == "farmers"], early[early["subgroup"] == "farmers"]
    assert list(f_late.index) == list(f_early.index)
    assert (f_late["max_severity"] > 1).any()
    assert (f_early["max_severity"] == (f_late["max_severity"] - 1).clip(lower=1)).all()
    assert f_early["max_severity"].mean() < f_late["max_severity"].mean()
    others = late.index[late["subgroup"] == ""]
    assert (early.loc[others, "max_severity"] == late.loc[others, "max_severity"]).all()


def _problems(first, domain: str) -> int:
    return int(first["domains"].str.split("+").map(lambda d: domain in d).sum())


def test_prevention_stops_a_share_of_new_problems_in_its_domain(tmp_path):
    plain = run(variant(tmp_path))
    prevented = run(variant(tmp_path, "prevention:\n  schulden: {inflow_reduction: 0.5}\n"))
    n = prevented.summary["prevented_problems"].item()
    assert plain.summary["prevented_problems"].item() == 0
    before, after = first_episodes(plain), first_episodes(prevented)
    assert _problems(before, "schulden") * 0.35 < n < _problems(before, "schulden") * 0.65
    # Exactly the prevented problems are missing; the other domains' problems all still come.
    assert _problems(after, "schulden") == _problems(before, "schulden") - n
    for d in ("wmo", "jeugd", "participatie"):
        assert _problems(after, d) == _problems(before, d)


def test_prevention_is_dated(tmp_path):
    later = run(variant(tmp_path, "prevention:\n  schulden:\n"
                        "    inflow_reduction: [{from_day: 0, value: 0.0}, {from_day: 365, value: 1.0}]\n"))
    plain = first_episodes(run(variant(tmp_path)))
    first = first_episodes(later)
    early, late = first[first["arrival_day"] < 365], first[first["arrival_day"] >= 365]
    assert _problems(late, "schulden") == 0
    assert _problems(early, "schulden") == _problems(plain[plain["arrival_day"] < 365], "schulden") > 0
    assert later.summary["prevented_problems"].item() == _problems(plain[plain["arrival_day"] >= 365], "schulden")


def test_prevention_speeds_outflow_in_its_domain(tmp_path):
    # A given day-0 caseload, so that both runs start with the same clients (a steady one is each policy's own).
    plain, faster = (run(variant(tmp_path, "run: {warm_start: given}\n" + b))
                     for b in ("", "prevention:\n  schulden: {outflow_speedup: 0.5}\n"))

    def care_days(r, domain):
        c = r.cases
        one = c[(c["domains"] == domain) & c["decision_day"].notna() & (c["origin"] == "new")].set_index("resident_id")
        return one["closed_day"] - one["decision_day"]

    slow, fast = care_days(plain, "schulden"), care_days(faster, "schulden")
    both = slow.index.intersection(fast.index)
    assert len(both) > 20
    assert np.allclose(fast[both], 0.5 * slow[both])
    other_slow, other_fast = care_days(plain, "wmo"), care_days(faster, "wmo")
    both = other_slow.index.intersection(other_fast.index)
    assert np.allclose(other_fast[both], other_slow[both])
    # The caseload already in care on day 0 leaves sooner too.
    init = [r.cases.loc[r.cases["initial"] & (r.cases["domains"] == "schulden"), "closed_day"] for r in (plain, faster)]
    assert len(init[0]) > 10 and np.allclose(init[1], 0.5 * init[0])
    assert faster.summary["total_cost"].item() < plain.summary["total_cost"].item()


PROGRAMMES = """\
budget: {pooled_share: 0.3}
programmes:
  coaching: {budget: schulden, cost_per_year: 90000}
  outreach_workers: {budget: pool, cost_per_year: [{from_day: 0, value: 30000}, {from_day: 365, value: 60000}]}
"""


def test_programmes_are_paid_by_their_budget_as_case_minus_one(tmp_path):
    s = variant(tmp_path, PROGRAMMES)
    plain, with_prog = run(variant(tmp_path, "budget: {pooled_share: 0.3}\n")), run(s)
    led = with_prog.ledger
    rows = led[led["provision"].isin(["coaching", "outreach_workers"])]
    assert (rows["case_id"] == -1).all() and set(rows["kind"]) == {"commitment", "payment"}
    pay = rows[rows["kind"] == "payment"]
    assert set(pay.loc[pay["provision"] == "coaching", "budget"]) == {"schulden"}
    assert set(pay.loc[pay["provision"] == "outreach_workers", "budget"]) == {"pool"}
    # Cost per year as written (scaled to the municipality), the dated step from day 365.
    coaching = s.programmes["coaching"].cost_per_year[0].value
    steps = [st.value for st in s.programmes["outreach_workers"].cost_per_year]
    assert coaching == pytest.approx(30_000)  # 90,000 for the base's 30,000 residents
    year = (pay["day"] - 1e-9) // 365
    by = pay.groupby([pay["provision"].astype(str), year])["amount"].sum()
    assert by[("coaching", 0)] == pytest.approx(coaching) and by[("coaching", 1)] == pytest.approx(coaching)
    assert by[("outreach_workers", 0)] == pytest.approx(steps[0])
    assert by[("outreach_workers", 1)] == pytest.approx(steps[1])
    total = 2 * coaching + sum(steps)
    assert with_prog.summary["programme_cost"].item() == pytest.approx(total)
    assert plain.summary["programme_cost"].item() == 0
    # Money is conserved, and the programmes add exactly their cost: no case changes.
    assert with_prog.summary["total_cost"].item() == pytest.approx(led.loc[led["kind"] == "payment", "amount"].sum())
    assert with_prog.summary["total_cost"].item() - plain.summary["total_cost"].item() == pytest.approx(total)
    assert with_prog.cases["cost"].sum() == pytest.approx(plain.cases["cost"].sum())


VILLAGES = "access: {mode: integral, teams: TEAMS, integral_staff: 15, integral_intake_days: 1.0}\n"


def test_village_teams_split_the_staff_and_see_their_own_residents(tmp_path):
    s = variant(tmp_path, VILLAGES.replace("TEAMS", "per_neighbourhood"))
    assert s.access.integral_staff == 5 and s.municipality.neighbourhoods == 5
    pop = draw(s, 1)
    m = Model(s, pop)
    assert len(m.state.teams) == 5 and [t.free for t in m.state.teams] == [1] * 5
    for res in range(0, len(pop.neighbourhood), 97):
        assert m.state.team_of(res) is m.state.teams[pop.neighbourhood[res]]
    one = Model(variant(tmp_path, VILLAGES.replace("TEAMS", "one")), pop)
    assert len(one.state.teams) == 1 and one.state.teams[0].free == 5
    s7 = variant(tmp_path, VILLAGES.replace("TEAMS", "per_neighbourhood").replace("15", "21"))
    assert s7.access.integral_staff == 7
    assert sorted(t.free for t in Model(s7, draw(s7, 1)).state.teams) == [1, 1, 1, 2, 2]  # an equal part each


def _max_overlap(starts, ends) -> int:
    events = sorted([(e, -1) for e in ends] + [(b, 1) for b in starts])  # an end before a start on the same day
    level = top = 0
    for _, step in events:
        level += step
        top = max(top, level)
    return top


def test_village_teams_pool_less_than_one_team(tmp_path):
    villages, one = (run(variant(tmp_path, VILLAGES.replace("TEAMS", t))) for t in ("per_neighbourhood", "one"))

    def intakes(r):
        """Intakes done, with the moments each held a staff member: from the end of the queue to access."""
        c = r.cases[~r.cases["initial"] & r.cases["access_days"].notna()]
        return c, c["arrival_day"] + c["intake_wait_days"], c["arrival_day"] + c["access_days"]

    c, start, end = intakes(villages)
    # One staff member per village: a village's intakes never overlap; the municipality's do.
    for k in range(5):
        sel = c["neighbourhood"] == k
        assert _max_overlap(start[sel], end[sel]) == 1
    assert _max_overlap(start, end) > 1
    c1, start1, end1 = intakes(one)
    assert max(_max_overlap(start1[c1["neighbourhood"] == k], end1[c1["neighbourhood"] == k]) for k in range(5)) > 1
    # Five queues of one wait longer than one queue of five (pooling of servers).
    assert c["intake_wait_days"].mean() > 2 * c1["intake_wait_days"].mean()
