"""The live state of one replication (sim.model.state) and the operations a journey uses on it:
opening a case record, the team that serves a resident, committing a grant to the budget that
pays it, discretionary money, whether the pool has room for a cross-domain extra, the community
provision's places and the waiting-list log. Built on the small-municipality base and a drawn
population; nothing runs, so each operation is seen on its own.
"""

from __future__ import annotations

import pytest

from sim.model import record as R
from sim.model.population import draw
from sim.model.state import State

from tests.helpers import variant

WMO, JEUGD, PARTICIPATIE, SCHULDEN = range(4)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("state")


def _state(folder, body: str = "") -> State:
    s = variant(folder, body, residents=5_000, years=2)
    return State(s, draw(s, 1, 0))


def test_a_new_case_is_numbered_in_order_and_arrives_now_open(folder):
    st = _state(folder)
    st.env.run(until=12.5)
    first = st.open_case(7, 0, (WMO, SCHULDEN), 2, -1, "new")
    second = st.open_case(7, 1, (SCHULDEN,), 3, first[R.CASE_ID], "relapse")
    assert (first[R.CASE_ID], second[R.CASE_ID]) == (0, 1) and st.cases == [first, second]
    assert first[R.ARRIVAL] == 12.5 and first[R.RESIDENT] == 7 and first[R.DOMAINS] == (WMO, SCHULDEN)
    assert first[R.N_PROBLEMS] == 2 and first[R.OUTCOME] == "open"
    assert second[R.PARENT] == 0 and second[R.GENERATION] == 1 and second[R.ORIGIN] == "relapse"
    assert first[R.NEIGHBOURHOOD] == st.neighbourhood[7]


def test_village_teams_share_the_staff_and_serve_their_own_neighbourhood(folder):
    s = variant(folder, "access: {teams: per_neighbourhood, integral_staff: 12}\n", residents=5_000, years=2)
    st = State(s, draw(s, 1, 0))
    staff = [t.free for t in st.teams]
    k = len(st.teams)
    assert k == s.municipality.neighbourhoods > 1
    assert sum(staff) == s.access.integral_staff and max(staff) - min(staff) <= 1  # an equal part each
    for res in range(40):
        assert st.team_of(res) is st.teams[st.neighbourhood[res] % k]
    one = _state(folder)
    assert len(one.teams) == 1 and one.team_of(3) is one.teams[0]


def test_a_grant_is_committed_to_the_budget_that_pays_and_recorded(folder):
    earmarked = _state(folder, "budget: {pooled_share: 0.0}\n")
    acc = earmarked.budgets.accounts[JEUGD]
    payer = earmarked.grant(3, earmarked.cat.tailored[JEUGD], JEUGD, JEUGD, 10.0, 40.0, 100.0)
    assert payer == JEUGD and acc.rate == 100.0
    assert earmarked.grants[-1][:8] == (3, earmarked.cat.tailored[JEUGD], JEUGD, JEUGD, 10.0, 40.0, 100.0, 0.0)
    pooled = _state(folder, "budget: {pooled_share: 1.0}\n")
    pool = pooled.budgets.names.index("pool")
    assert pooled.grant(4, pooled.cat.tailored[WMO], WMO, WMO, 10.0, 40.0, 50.0) == pool


def test_discretionary_money_is_paid_at_once_by_the_pool_and_uses_its_room(folder):
    st = _state(folder, "budget: {pooled_share: 0.5}\n")
    pool = st.budgets.names.index("pool")
    room = st.budgets.pool_room(20.0)
    assert st.pay_discretion(5, PARTICIPATIE, 20.0, 800.0) == pool
    case, provision, *_rest = st.grants[-1]
    assert (case, provision) == (5, len(st.cat.names))  # the provision after the catalogue's: discretion
    assert st.grants[-1][7] == 800.0 and st.budgets.accounts[pool].spent == pytest.approx(800.0)
    assert st.budgets.pool_room(20.0) == pytest.approx(room - 800.0)


def test_the_pool_pays_an_extra_only_while_it_has_room_and_a_refusal_is_noted(folder):
    none = _state(folder, "budget: {pooled_share: 0.0}\n")
    rec = none.open_case(1, 0, (WMO, JEUGD), 2, -1, "new")
    assert not none.pool_can_pay(rec, [WMO, JEUGD], [2, 2], [0.5] * 8, "maatwerk", 0.0)  # no pool at all
    st = _state(folder, "budget: {pooled_share: 0.01}\n")
    rec = st.open_case(1, 0, (WMO, JEUGD), 2, -1, "new")
    single = st.open_case(2, 0, (WMO,), 3, -1, "new")
    assert st.pool_can_pay(single, [WMO], [3], [0.5] * 8, "maatwerk", 0.0)  # one problem never needs the extra
    provision, cost = st.extra_cost([WMO, JEUGD], [3, 3], [0.5] * 8, "maatwerk", 0.0)
    assert provision == st.cat.cross and cost > 0
    pot = st.budgets.pool_of(st.neighbourhood[1])
    st.budgets.took_extra(pot, 0.0, 0.0, 0.0, st.budgets.pool_room(0.0) - cost / 2)  # leave half the room it needs
    before = len(st.steps)
    assert not st.pool_can_pay(rec, [WMO, JEUGD], [3, 3], [0.5] * 8, "maatwerk", 0.0)
    step = st.steps[before:]
    assert len(step) == R.STEP_WIDTH and step[0] == rec[R.CASE_ID] and step[2] == R.KIND["pool"]
    assert step[8] == R.RULE["no_room"] and step[10] == pytest.approx(cost / 2)


def test_the_cross_domain_extra_costs_its_monthly_cost_per_problem_up_to_the_years_end(folder):
    st = _state(folder, "budget: {pooled_share: 1.0}\n")
    cat, sev = st.cat, st.outcome.severity_cost
    now = 300.0
    _, cost = st.extra_cost([WMO, SCHULDEN], [1, 3], [0.5] * 8, "maatwerk", now)
    expected = 0.0
    for d, s in ((WMO, 1), (SCHULDEN, 3)):
        q = cat.tailored[d]  # a cross-domain plan is costed as the tailored care it stands in for
        months = min(cat.mean_days(q), 365 - now) / (365 / 12)
        expected += cat.monthly_cost[q] * (sev[s - 1] if cat.scaled[q] else 1.0) * cat.cost_factor[cat.cross] * months
    assert cost == pytest.approx(expected)


def test_the_community_provision_has_its_places_which_free_up_as_care_ends(folder):
    st = _state(folder, "provisions: {community_help: {capacity: 12}}\n")
    cap = st.community_cap
    assert cap == st.cat.capacity[st.cat.names.index("community_help")] >= 1 and st.community_room(0.0)
    for k in range(cap):
        st.take_community(float(k), 30.0 + k)
    assert not st.community_room(29.0)  # every place taken
    assert st.community_room(30.0)  # the first care ended on day 30


def test_the_waiting_list_is_logged_at_every_change(folder):
    st = _state(folder)
    st.env.run(until=3.0)
    st.waiting_changed(+1)
    st.waiting_changed(+1)
    st.env.run(until=8.0)
    st.waiting_changed(-1)
    assert st.waiting == 1 and st.waiting_log == [(0.0, 0), (3.0, 1), (3.0, 2), (8.0, 1)]
