"""The plan and grant steps of a journey for the scenario library's mechanisms.

Every mechanism is run against the same small municipality without it, from the same seed:
the residents and their luck are the same (common random numbers), so a resident's first
episode can be compared one to one and the difference is the mechanism's. Scenario variants are
written as YAML files (see `test_scale.variant`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sim
from sim.model.engine import EXTRA_PROVIDER, Model
from sim.model.population import draw

from tests.helpers import run
from tests.helpers import variant as _variant


def variant(folder, body: str = "", **kw) -> sim.Scenario:
    """The helpers' small-municipality variant with the waits of issue 12 off (no processing
    between intake and decision; youth care's places unlimited unless `body` sets them), so each
    test sees its own mechanism's days alone. tests/model/test_waits.py tests those waits."""
    s = _variant(folder, body, **kw)
    for dom in s.domains.values():
        dom.processing_days = 0.0
    if "jeugd_tailored" not in body:
        youth = s.provisions["jeugd_tailored"]
        youth.providers, youth.when_full, youth.max_wait_days = {}, "contract_extra", None
    return s


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("variants")


@pytest.fixture(scope="module")
def plain(folder):
    """The small municipality as it is: desks, standard policy, earmarked budgets."""
    return run(variant(folder))


def first(r: sim.Result) -> pd.DataFrame:
    """Every resident's first episode, by resident, with the days between access and decision."""
    c = r.cases[r.cases["origin"] == "new"].set_index("resident_id")
    return c.assign(after=c["decision_day"] - c["arrival_day"] - c["access_days"])


def decided(a: pd.DataFrame, b: pd.DataFrame) -> pd.Index:
    """Residents whose first episode was decided in both runs."""
    return a.index[a["decision_day"].notna()].intersection(b.index[b["decision_day"].notna()])


def where(cond: pd.Series) -> pd.Index:
    """The residents for whom `cond` holds."""
    return cond.index[cond.to_numpy(dtype=bool)]


def has(col: pd.Series, name: str) -> pd.Series:
    """Whether a '+'-joined column (provisions, budgets, providers) names `name`."""
    return col.str.split("+").map(lambda parts: name in parts)


def commitments(r: sim.Result, provision: str | None = None) -> pd.DataFrame:
    led = r.ledger
    rows = led[(led["kind"] == "commitment") & (led["case_id"] >= 0)]
    rows = rows[~rows["case_id"].isin(r.cases.loc[r.cases["initial"], "case_id"])]  # the care of day 0 aside
    return rows if provision is None else rows[rows["provision"] == provision]


# ---------------------------------------------------------------- bundled decisions

def test_a_bundled_decision_takes_one_intake_for_all_problems(folder, plain):
    bundled = first(run(variant(folder, "access: {bundled_decision: all}\n")))
    before = first(plain)
    bundled, before = (c[c["access_days"].notna()] for c in (bundled, before))  # past the intake by the horizon
    multi, single = bundled["n_problems"] > 1, bundled["n_problems"] == 1
    assert multi.sum() > 20
    assert (bundled.loc[multi, "n_intakes"] == 1).all() and (bundled.loc[multi, "n_missed"] == 0).all()
    assert bundled.loc[multi & bundled["decision_day"].notna(), "integrated"].all()
    # Without it, desks hand over and miss problems.
    m0 = before["n_problems"] > 1
    assert (before.loc[m0, "n_intakes"] > 1).any() and (before.loc[m0, "n_missed"] > 0).any()
    assert not before["integrated"].any()
    # Single problems are unchanged: one intake, their own desk, no integral plan.
    assert (bundled.loc[single, "n_intakes"] == 1).all() and not bundled.loc[single, "integrated"].any()
    both = decided(bundled, before).intersection(bundled.index[single])
    assert (bundled.loc[both, "provisions"] == before.loc[both, "provisions"]).all()


def test_a_bundled_decision_for_a_subgroup_only(folder):
    farmers = ("population:\n  multi_problem_share: 0.3\n  subgroups:\n    farmers: {residents_share: 0.1, "
               "incidence: {schulden: 30, participatie: 10}, multi_problem_share: 0.5}\n")
    r = first(run(variant(folder, farmers + "access: {bundled_decision: [farmers]}\n")))
    r = r[r["access_days"].notna()]
    multi = r["n_problems"] > 1
    own, rest = multi & (r["subgroup"] == "farmers"), multi & (r["subgroup"] == "")
    assert own.sum() > 5 and (r.loc[own, "n_intakes"] == 1).all() and (r.loc[own, "n_missed"] == 0).all()
    assert ((r.loc[rest, "n_intakes"] > 1) | (r.loc[rest, "n_missed"] > 0)).all()


# ---------------------------------------------------------------- referral check

def test_a_referral_check_delays_tailored_care_by_its_days(folder, plain):
    checked = first(run(variant(folder, "access:\n  referral_check: {days: 7}\n")))
    before = first(plain)
    both = decided(checked, before)
    tailored = before.loc[both, "provisions"].str.contains("_tailored")
    assert tailored.sum() > 50 and (~tailored).sum() > 50
    assert np.allclose(before.loc[both, "after"], 0.0)
    assert np.allclose(checked.loc[where(tailored), "after"], 7.0)
    assert np.allclose(checked.loc[where(~tailored), "after"], 0.0)
    assert (checked.loc[both, "provisions"] == before.loc[both, "provisions"]).all()  # steer_share 0 steers nothing


def test_a_referral_check_steers_light_problems_to_the_general_provision(folder):
    maatwerk = "plan: {policy: maatwerk}\n"
    free, checked = (first(run(variant(folder, maatwerk + b))) for b in
                     ("", "access:\n  referral_check: {days: 0, steer_share: 1.0}\n"))
    both = decided(free, checked)
    one = where(free.loc[both, "n_problems"] == 1)
    light, heavy = where(free.loc[one, "max_severity"] == 1), where(free.loc[one, "max_severity"] > 1)
    assert len(light) > 50 and len(heavy) > 50
    assert free.loc[light, "provisions"].str.endswith("_tailored").all()
    domain = free.loc[light, "domains"]
    assert (checked.loc[light, "provisions"] == domain + "_general").all()
    assert (checked.loc[heavy, "provisions"] == free.loc[heavy, "provisions"]).all()
    assert checked["cost"].sum() < free["cost"].sum()


# ---------------------------------------------------------------- personal budgets

PGB = """\
provisions:
  pgb: {kind: personal_budget, domains: all, cost_factor: 0.8, effectiveness: 0.6}
plan: {personal_budget_share: SHARE}
"""


def test_personal_budgets_replace_tailored_care_at_their_cost_factor(folder, plain):
    none = run(variant(folder, PGB.replace("SHARE", "0.0")))
    assert none.summary["total_cost"].item() == pytest.approx(plain.summary["total_cost"].item())
    every = run(variant(folder, PGB.replace("SHARE", "1.0")))
    kinds = commitments(every)["provision"].astype(str)
    assert not kinds.str.endswith("_tailored").any() and (kinds == "pgb").sum() > 100
    assert kinds.str.endswith("_general").any()  # the standard policy still steers light problems
    a, b = first(plain), first(every)
    both = decided(a, b)
    tailored = where(a.loc[both, "provisions"].str.endswith("_tailored") & (a.loc[both, "n_problems"] == 1))
    assert len(tailored) > 50
    assert (b.loc[tailored, "provisions"] == "pgb").all() and b.loc[tailored, "personal_budget"].all()
    assert np.allclose(b.loc[tailored, "committed"], 0.8 * a.loc[tailored, "committed"])
    # Paid by the domain, as the care it replaces.
    assert (b.loc[tailored, "budgets"] == a.loc[tailored, "budgets"]).all()
    general = where(a.loc[both, "provisions"].str.endswith("_general") & (a.loc[both, "n_problems"] == 1))
    assert (b.loc[general, "provisions"] == a.loc[general, "provisions"]).all()


def test_a_share_of_personal_budgets_from_a_date(folder):
    r = first(run(variant(folder, PGB.replace("SHARE", "[{from_day: 0, value: 0.0}, {from_day: 365, value: 0.4}]"))))
    tailored = r["provisions"].str.contains("_tailored|pgb", regex=True) & r["decision_day"].notna()
    early, late = tailored & (r["decision_day"] < 365), tailored & (r["decision_day"] >= 365)
    assert not r.loc[early, "personal_budget"].any()
    assert 0.3 < r.loc[late, "personal_budget"].mean() < 0.5


def test_one_personal_budget_across_domains_is_paid_by_the_pool(folder):
    body = PGB.replace("SHARE", "1.0") + "budget: {pooled_share: 0.3}\npopulation: {multi_problem_share: 0.3}\n"
    integral = body.replace("plan: {personal_budget_share: 1.0}",
                            "plan: {personal_budget_share: 1.0, personal_budget_integral: true}")
    split, one = first(run(variant(folder, body))), first(run(variant(folder, integral)))
    both = decided(split, one)
    multi = where((one.loc[both, "n_problems"] > 1) & (one.loc[both, "n_missed"] == 0))
    assert len(multi) > 20
    assert (one.loc[multi, "provisions"] == "pgb").all() and one.loc[multi, "personal_budget"].all()
    assert (one.loc[multi, "budgets"] == "pool").all() and one.loc[multi, "integrated"].all()
    assert not split.loc[multi, "integrated"].any() and not has(split.loc[multi, "budgets"], "pool").all()
    single = where(one.loc[both, "n_problems"] == 1)
    assert (one.loc[single, "provisions"] == split.loc[single, "provisions"]).all()


# ---------------------------------------------------------------- hardship clause

def test_the_hardship_clause_sets_the_general_provision_aside(folder, plain):
    r = run(variant(folder, "plan: {hardship_share: 1.0, hardship_days: 21}\n"))
    a, b = first(plain), first(r)
    both = decided(a, b)
    steered = a.loc[both, "provisions"].str.contains("_general")
    assert steered.sum() > 100 and (~steered).sum() > 100
    assert not commitments(r)["provision"].astype(str).str.endswith("_general").any()
    rule, kept = where(steered), where(~steered)
    assert b.loc[rule, "exception"].all() and not b.loc[kept, "exception"].any()
    assert not a["exception"].any()
    assert np.allclose(b.loc[rule, "after"], 21.0) and np.allclose(b.loc[kept, "after"], 0.0)
    single = where(a.loc[rule, "n_problems"] == 1)
    assert (b.loc[single, "provisions"] == a.loc[single, "provisions"].str.replace("_general", "_tailored")).all()
    assert (b.loc[kept, "provisions"] == a.loc[kept, "provisions"]).all()
    assert r.summary["total_cost"].item() > plain.summary["total_cost"].item()
    none = run(variant(folder, "plan: {hardship_share: 0.0, hardship_days: 21}\n"))
    assert none.summary["total_cost"].item() == pytest.approx(plain.summary["total_cost"].item())


# ---------------------------------------------------------------- merged and disabled provisions

MERGED = """\
population: {multi_problem_share: 0.4}
provisions:
  work_day: {kind: general, domains: [wmo, participatie], merged: true, monthly_cost: 900, duration_days: 365,
             effectiveness: 0.5}
"""


def test_a_merged_provision_is_one_grant_for_problems_in_its_domains(folder):
    apart = run(variant(folder, "population: {multi_problem_share: 0.4}\n"))
    merged = run(variant(folder, MERGED))
    a, b = first(apart), first(merged)
    both = decided(a, b)
    given, now = a.loc[both, "provisions"], b.loc[both, "provisions"]
    pair = where(has(given, "wmo_general") & has(given, "participatie_general"))
    assert len(pair) > 10
    assert has(now[pair], "work_day").all()
    assert not (has(now[pair], "wmo_general") | has(now[pair], "participatie_general")).any()
    grants = commitments(merged, "work_day").groupby("case_id").size()
    assert (grants.reindex(b.loc[pair, "case_id"]) == 1).all()  # one grant, paid once
    only_pair = where(b.loc[pair, "provisions"] == "work_day")
    assert len(only_pair) > 5 and b.loc[only_pair, "integrated"].all() and not a.loc[only_pair, "integrated"].any()
    # Single problems keep their own provision; the merged one serves only cases it merges.
    single = where(a.loc[both, "n_problems"] == 1)
    assert (b.loc[single, "provisions"] == a.loc[single, "provisions"]).all()
    work = commitments(merged, "work_day")["case_id"]
    served = merged.cases.set_index("case_id").loc[work.unique()]
    assert served["domains"].str.contains("wmo").all() and served["domains"].str.contains("participatie").all()


def test_a_disabled_provision_leaves_the_catalogue(folder, plain):
    r = run(variant(folder, "provisions:\n  schulden_general: {enabled: false}\n"))
    assert "schulden_general" not in r.ledger["provision"].cat.categories
    assert (plain.ledger["provision"] == "schulden_general").any()
    a, b = first(plain), first(r)
    both = decided(a, b)
    light = where(a.loc[both, "provisions"] == "schulden_general")
    assert len(light) > 5 and (b.loc[light, "provisions"] == "schulden_tailored").all()
    other = where(~a.loc[both, "provisions"].str.contains("schulden"))
    assert (b.loc[other, "provisions"] == a.loc[other, "provisions"]).all()
    # The care of day 0 that had the general provision has the tailored one now.
    init = r.cases[r.cases["initial"] & (r.cases["domains"] == "schulden")]
    assert (init["provisions"] == "schulden_tailored").all()


# ---------------------------------------------------------------- intensity set on policy grounds

def _single(r: sim.Result, plain: sim.Result, domain: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.Index]:
    """First episodes without and with the mechanism, and the residents with one problem who got
    the domain's tailored care without it (decided in both runs)."""
    a, b = first(plain), first(r)
    both = decided(a, b)
    sel = where((a.loc[both, "provisions"] == f"{domain}_tailored") & (a.loc[both, "n_problems"] == 1))
    return a, b, sel


def test_lower_intensity_for_an_entitled_need_costs_less_and_is_exposure(folder, plain):
    r = run(variant(folder, "provisions:\n  wmo_tailored: {intensity: 0.6}\nlaw: {appeal_share: 0.0}\n"))
    a, b, sel = _single(r, plain, "wmo")
    assert len(sel) > 50
    assert np.allclose(b.loc[sel, "committed"], 0.6 * a.loc[sel, "committed"])
    assert b.loc[sel, "legal_exposure"].all() and not a.loc[sel, "legal_exposure"].any()
    care = b.loc[sel, "closed_day"] - b.loc[sel, "decision_day"]
    assert np.allclose(b.loc[sel, "exposure_days"], 0.4 * care)  # the hours not granted, in days of care
    assert r.summary["legal_exposure_cases"].item() > 0 == plain.summary["legal_exposure_cases"].item()
    # A lower intensity where there is no open-ended entitlement is lawful.
    p = run(variant(folder, "provisions:\n  participatie_tailored: {intensity: 0.6}\nlaw: {appeal_share: 0.0}\n"))
    a, b, sel = _single(p, plain, "participatie")
    assert np.allclose(b.loc[sel, "committed"], 0.6 * a.loc[sel, "committed"])
    assert p.summary["legal_exposure_cases"].item() == 0


APPEAL_ALL = "law: {appeal_share: 1.0}\n"


def test_a_won_appeal_restores_the_full_hours(folder, plain):
    r = run(variant(folder, "provisions:\n  wmo_tailored: {intensity: 0.6}\n" + APPEAL_ALL))
    a, b, sel = _single(r, plain, "wmo")
    assert b.loc[sel, "legal_exposure"].all() and b.loc[sel, "appealed"].all()
    assert (b.loc[sel, "committed"] >= a.loc[sel, "committed"] * (1 - 1e-9)).all()


def test_a_won_appeal_against_fewer_hours_costs_the_same_whether_a_policy_or_a_button_cut_them(folder, plain):
    policy = run(variant(folder, "provisions:\n  wmo_tailored: {intensity: 0.6}\n" + APPEAL_ALL))
    button = run(variant(folder, APPEAL_ALL + "buttons:\n  - {name: cut, metric: spent_share, fire: 1.0e-9, "
                         "release: 0.0, action: intensity_cut, intensity_cut: 0.4, domains: [wmo]}\n"))
    _, p, sel = _single(policy, plain, "wmo")
    _, b, _ = _single(button, plain, "wmo")
    both = sel.intersection(b.index[b["appealed"]])
    assert len(both) > 50 and p.loc[both, "appealed"].all()
    assert np.allclose(p.loc[both, "committed"], b.loc[both, "committed"])


def test_intensity_is_dated(folder, plain):
    r = run(variant(folder, "provisions:\n  wmo_tailored:\n    intensity: [{from_day: 0, value: 0.6}, "
                    "{from_day: 365, value: 1.0}]\nlaw: {appeal_share: 0.0}\n"))
    a, b, sel = _single(r, plain, "wmo")
    early, late = where(b.loc[sel, "decision_day"] < 365), where(b.loc[sel, "decision_day"] >= 365)
    assert len(early) > 20 and len(late) > 20
    assert np.allclose(b.loc[early, "committed"], 0.6 * a.loc[early, "committed"])
    assert b.loc[early, "legal_exposure"].all()
    assert np.allclose(b.loc[late, "committed"], a.loc[late, "committed"]) and not b.loc[late, "legal_exposure"].any()


# ---------------------------------------------------------------- financing by results

def test_payment_per_result_is_one_fee_per_problem(folder, plain):
    s = variant(folder, "provisions:\n  jeugd_tailored: {payment: per_result, result_fee: 6000}\n")
    r = run(s)
    assert s.provisions["jeugd_tailored"].result_fee == 6000  # a price, not scaled with the municipality
    led = r.ledger[r.ledger["provision"] == "jeugd_tailored"]
    new = ~led["case_id"].isin(r.cases.loc[r.cases["initial"], "case_id"])
    pay, com = led[new & (led["kind"] == "payment")], led[new & (led["kind"] == "commitment")]
    assert len(com) > 30
    # One payment per grant, at the grant, of the fee: no monthly rows.
    assert sorted(pay["case_id"]) == sorted(com["case_id"]) and pay["case_id"].is_unique
    assert np.allclose(pay.sort_values("case_id")["day"], com.sort_values("case_id")["day"])
    assert np.allclose(pay.sort_values("case_id")["amount"], com.sort_values("case_id")["amount"])
    fee = 6000 * np.array(s.outcome.severity_cost)
    assert np.isin(pay["amount"].round(6), fee.round(6)).all()
    # The same problems paid per month before: many rows a grant.
    before = plain.ledger[(plain.ledger["provision"] == "jeugd_tailored") & (plain.ledger["kind"] == "payment")]
    before = before[~before["case_id"].isin(plain.cases.loc[plain.cases["initial"], "case_id"])]
    assert before.groupby("case_id").size().max() > 1
    # The fee follows the problem's severity (single problems: the case's severity).
    a, b, sel = _single(r, plain, "jeugd")
    one = b.loc[sel]
    assert np.allclose(one["committed"], 6000 * np.array(s.outcome.severity_cost)[one["max_severity"] - 1])
    assert r.summary["total_cost"].item() == pytest.approx(r.ledger.loc[r.ledger["kind"] == "payment", "amount"].sum())


# ---------------------------------------------------------------- providers: shares, tariffs, places, ceilings

def providers(body: str, when_full: str = "contract_extra", extra: str = "", provision: str = "wmo_tailored") -> str:
    return f"provisions:\n  {provision}:\n    when_full: {when_full}\n    providers:\n{body}{extra}"


def grants_of(s: sim.Scenario, provision: str = "wmo_tailored") -> tuple[np.ndarray, list[str]]:
    """The run's grants of one provision (new cases), from the engine itself."""
    raw = Model(s, draw(s, 1)).run()
    g = raw.grants[raw.grants["provision"] == raw.provision_names.index(provision)]
    return g[g["start"] > 0], raw.provider_names


def max_clients(g: np.ndarray) -> int:
    """Most grants running at once (an ending frees its place before a start on the same day)."""
    events = sorted([(e, -1) for e in g["end"]] + [(b, 1) for b in g["start"]])
    level = top = 0
    for _, step in events:
        level += step
        top = max(top, level)
    return top


def test_provider_shares_route_clients_and_tariffs_price_them(folder, plain):
    s = variant(folder, providers("      big: {share: 0.7}\n      initiative: {share: 0.3, tariff: 0.8, fit: 0.5, "
                                  "effectiveness: 0.3}\n"), residents=20_000)
    r, base = run(s), run(variant(folder, residents=20_000))
    g, names = grants_of(s)
    share_big = (g["provider"] == names.index("big")).mean()
    assert len(g) > 300 and abs(share_big - 0.7) < 0.07
    assert set(np.unique(g["provider"])) == {names.index("big"), names.index("initiative")}
    a, b, sel = _single(r, base, "wmo")
    big, small = where(b.loc[sel, "providers"] == "big"), where(b.loc[sel, "providers"] == "initiative")
    assert len(big) > 50 and len(small) > 20
    assert np.allclose(b.loc[big, "committed"], a.loc[big, "committed"])
    assert np.allclose(b.loc[small, "committed"], 0.8 * a.loc[small, "committed"])
    assert (a.loc[sel, "providers"] == "").all()  # no providers named: one provider without limits
    # The initiative's quality: its clients resolve more often and grade its fit higher; the big one's as before.
    resolved_a, resolved_b = a["outcome"] == "resolved", b["outcome"] == "resolved"
    assert (resolved_b[big] == resolved_a[big]).all()
    assert (resolved_b[small] >= resolved_a[small]).all() and resolved_b[small].sum() > resolved_a[small].sum()
    # Where the outcome is the same, the grade differs by the fit (unless it hit the scale's bounds).
    same = where((resolved_b[small] == resolved_a[small]) & a.loc[small, "satisfaction"].between(1.5, 9.4))
    assert len(same) > 10 and np.allclose(b.loc[same, "satisfaction"] - a.loc[same, "satisfaction"], 0.5)


PLACES = "      big: {share: 0.7, capacity: 60}\n      small: {share: 0.3, capacity: 30}\n"
ONE_PROVIDER = "      big: {share: 1.0, capacity: 60}\n"


def test_full_providers_mean_extra_care_at_the_extra_tariff(folder, plain):
    s = variant(folder, providers(PLACES, extra="    extra_tariff: 1.25\n"))
    caps = {n: pv.capacity for n, pv in s.provisions["wmo_tailored"].providers.items()}
    assert caps == {"big": 20, "small": 10}  # places for 30,000 residents, scaled to 10,000
    g, names = grants_of(s)
    for name, cap in caps.items():
        assert max_clients(g[g["provider"] == names.index(name)]) == cap  # full, never over
    extra = g[g["provider"] == names.index(EXTRA_PROVIDER)]
    assert len(extra) > 50
    a, b, sel = _single(run(s), plain, "wmo")
    over = where(b.loc[sel, "providers"] == EXTRA_PROVIDER)
    assert len(over) > 20 and np.allclose(b.loc[over, "committed"], 1.25 * a.loc[over, "committed"])
    assert np.allclose(b.loc[sel, "after"], 0.0)  # contracted at once: nobody waits


def test_full_providers_with_waiting_keep_entitled_clients_waiting_unlawfully(folder, plain):
    s = variant(folder, providers(ONE_PROVIDER, when_full="wait", extra="law: {appeal_share: 0.0}\n"))
    g, names = grants_of(s)
    assert max_clients(g[g["provider"] == names.index("big")]) == 20
    assert not (g["provider"] == names.index(EXTRA_PROVIDER)).any()
    r = run(s)
    a, b, sel = _single(r, plain, "wmo")
    waited = where(b.loc[sel, "after"] > 0)
    assert len(waited) > 10
    assert b.loc[waited, "legal_exposure"].all() and np.allclose(b.loc[waited, "exposure_days"], b.loc[waited, "after"])
    assert not a.loc[waited, "legal_exposure"].any()
    assert b["wait_days"].mean() > a["wait_days"].mean()
    assert (r.cases["outcome"] == "open").sum() > (plain.cases["outcome"] == "open").sum()


def test_a_won_appeal_ends_the_wait_for_a_place(folder, plain):
    s = variant(folder, providers(ONE_PROVIDER, when_full="wait", extra=APPEAL_ALL))
    a, b, sel = _single(run(s), plain, "wmo")
    waited = where(b.loc[sel, "after"] > 0)
    assert len(waited) > 20 and (b.loc[waited, "after"] <= s.law.appeal_days + 1e-9).all()
    # Whoever is still waiting when the appeal is won gets extra care, contracted then; the others found a place.
    forced = where(b.loc[waited, "providers"] == EXTRA_PROVIDER)
    assert len(forced) > 10 and np.allclose(b.loc[forced, "after"], s.law.appeal_days)
    assert b.loc[forced, "appealed"].all() and b.loc[forced, "legal_exposure"].all()
    placed = waited.difference(forced)
    assert len(placed) > 5 and (b.loc[placed, "providers"] == "big").all()


def test_waiting_for_a_place_is_lawful_where_there_is_no_entitlement(folder, plain):
    s = variant(folder, providers("      only: {share: 1.0, capacity: 30}\n", when_full="wait",
                                  provision="participatie_tailored"))
    r = first(run(s))
    mine = r[r["domains"] == "participatie"]
    waiting = mine[(mine["after"] > 0) | (mine["access_days"].notna() & mine["decision_day"].isna())]
    assert len(waiting) > 10
    assert not mine["legal_exposure"].any()
    before = first(plain)
    assert (before.loc[before["domains"] == "participatie", "after"].dropna() == 0).all()


CEILING = "      big: {share: 1.0, ceiling: 300000}\n      spare: {share: 0.0}\n"


def _per_year(g: np.ndarray) -> np.ndarray:
    committed = g["rate"] * (g["end"] - g["start"]) + g["lump"]
    return np.bincount((g["start"] // 365).astype(int), weights=committed)


def test_a_ceiling_limits_the_euros_committed_to_a_provider_per_year(folder):
    s = variant(folder, providers(CEILING), years=3)
    ceiling = s.provisions["wmo_tailored"].providers["big"].ceiling
    assert ceiling == pytest.approx(100_000)
    g, names = grants_of(s)
    big = g[g["provider"] == names.index("big")]
    per_year = _per_year(big)
    biggest = (big["rate"] * (big["end"] - big["start"])).max()
    assert len(per_year) == 3 and (per_year <= ceiling + 1e-6).all() and (per_year > ceiling - 2 * biggest).all()
    assert (g["provider"] == names.index("spare")).sum() > len(big)  # the rest went to the other provider
    assert _per_year(g).min() > 2 * ceiling


def test_a_ceiling_with_waiting_holds_clients_until_the_next_budget_year(folder):
    s = variant(folder, providers("      big: {share: 1.0, ceiling: 300000}\n", when_full="wait",
                                  extra="law: {appeal_share: 0.0}\n"), years=2)
    r = first(run(s))
    held = r[(r["after"] > 0) & r["decision_day"].notna()]
    assert len(held) > 10
    assert (r["access_days"].notna() & r["decision_day"].isna()).sum() > 50  # still waiting for the third year
    assert np.allclose(held["decision_day"], 365.0)  # the ceilings reopen on the first day of the next year
    assert held["legal_exposure"].all()


def test_a_ceiling_holds_when_clients_wait_for_places(folder):
    s = variant(folder, providers("      big: {share: 1.0, capacity: 120, ceiling: 300000}\n", when_full="wait",
                                  extra="    duration_days: 120\nlaw: {appeal_share: 0.0}\n"), years=3)
    ceiling = s.provisions["wmo_tailored"].providers["big"].ceiling
    g, names = grants_of(s)
    assert (_per_year(g[g["provider"] == names.index("big")]) <= ceiling + 1e-6).all()
