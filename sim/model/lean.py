"""The lean path: single-problem episodes that nothing but a desk, a grant and an outcome can touch.

Most episodes have one problem and meet only an intake (desk or team), the investigation, one
grant and an outcome. When no button, community absorption, personal budget, hardship clause,
referral check or dated setting can touch them, and their provision has no result fee or cut
intensity (one bought from providers takes its place through the journey's own `places`),
`_lean` gives them the same events and the same figures to the bit as the full
`sim.model.journey.journey`, for less work per episode (tests/model/test_lean_path.py runs
every shipped scenario both ways and compares the tables). It is a shortcut, not a model: every
rule it applies is the journey's, worked out once per run in `lean_plans`.
"""

from __future__ import annotations

import math
from typing import Generator, NamedTuple

from . import record as R
from .desk import Desk
from .journey import _PROBIT, _monthly, follow_up
from .outcome import ESCALATION, RELAPSE, RESOLVED, grade, problem_outcome, resolve_chance
from .placement import places
from .plan import choose
from .population import U_APPEAL, U_FOLLOW, U_FOLLOW_DELAY, U_INTAKE, U_RESOLVE, Z_DURATION, Z_GRADE
from .state import State
from ..policy.calendar import DAYS_PER_MONTH


class Lean(NamedTuple):
    """A single problem's path on the lean path, worked out once per model as `journey` would per case."""

    desk: "Desk | None"  # where the intake is; None: the resident's neighbourhood team
    intake_days: float
    provision: int
    mu: float  # duration of the provision it is costed as
    sigma: float
    speed: float  # prevention's outflow speed-up in the domain
    rate: float  # euros a day
    effectiveness: float
    fit: float
    policy: str
    integral: bool
    where: str  # the intake's step note: 'desk' or 'team'
    processing: "tuple[float, float] | None"  # lognormal days from intake to decision, or None
    term: float  # the domain's legal term from request to decision
    placed: bool = False  # the provision is bought from named providers: a place is taken (`places`)
    entitled: bool = False  # the domain is an entitlement (an appeal can end a wait for a place)
    raw_effectiveness: float = 0.0  # before a provider's own is added and the sum clamped to [0, 1]


def lean_plans(st: State) -> list[list[Lean | None]] | None:
    """Per domain and severity (1-3), the path of a single-problem episode on the lean path, or None.

    Most episodes have one problem and meet nothing but a desk (or team), a grant and an outcome.
    When no button, community absorption, personal budget, hardship clause, referral check or
    dated access, plan or pooling setting can touch them, and their provision has no result fee
    or cut intensity, `_lean` gives them the same events, figures and steps for less work. A
    provision bought from named providers (youth care's, with places and a waiting list) keeps the
    lean path: the place is taken by the journey's own `sim.model.placement.places`."""
    cat, a, pl = st.cat, st.access, st.plan
    static = (a.mode, pl.policy, st.budgets.pooled_share, a.community_absorb)
    if (st.buttons is not None or not all(t.constant for t in static) or a.community_absorb.values[0] > 0
            or cat.personal is not None or pl.hardship_share or a.referral is not None):
        return None
    policy, pool_can_pay = pl.policy.values[0], st.budgets.pooled_share.values[0] > 0
    integral = a.mode.values[0] != "desks"
    team = st.teams[0] if len(st.teams) == 1 else None
    speed = st.prevention.speed
    table: list[list[Lean | None]] = []
    # The arithmetic below is journey's for one problem (one intake, appeal cost factor and
    # intensity 1.0, one item to average the fit over), so every figure is the same to the bit.
    for d in range(len(st.domain_names)):
        if integral:
            desk, days = team, a.integral_intake_days  # no extra problems
        else:
            desk, days = st.desks[d], a.intake_days[d]
        row: list[Lean | None] = [None]
        for sev in (1, 2, 3):
            p = choose(cat, policy, [d], [sev], pool_can_pay, False, pl.standard_max_severity)[0]
            if (p is None or cat.kind[p] in ("cross_domain", "personal_budget") or cat.result_fee[p] is not None
                    or not cat.intensity[p].constant or cat.intensity[p].values[0] != 1.0):
                row.append(None)
                continue
            q = cat.costed_as(p, d)
            row.append(Lean(desk, days, p, cat.mu[q], cat.sigma[q], speed[d],
                            _monthly(st, p, d, sev) / DAYS_PER_MONTH, min(1.0, max(0.0, cat.effectiveness[p])),
                            cat.fit[p], policy, integral, "team" if integral else "desk", a.processing[d],
                            st.law.term[d], bool(cat.any_providers and cat.providers[p]), bool(st.law.entitled[d]),
                            cat.effectiveness[p]))
        table.append(row)
    return table


def _lean(st: State, res: int, gen: int, d: int, sev: int, delay: float, parent: int, origin: str,
          plan: Lean) -> Generator:
    """`journey` for one problem when only intake, grant and outcome apply (`lean_plans`).

    Its decisions are noted as cheaply as they can be: the grant keeps its payer rule (as every
    grant does), and the one intake, whose where, day and wait the record already holds, is noted
    by the case id alone (`State.lean_intakes`)."""
    env = st.env
    if delay > 0:
        yield env.timeout(delay)
    rec = st.open_case(res, gen, (d,), sev, parent, origin)
    cid = rec[R.CASE_ID]
    u = st.U[res, gen, d].tolist()
    z = st.Z[res, gen, d].tolist()
    # The intake, as `_intake` (inline: a sub-generator per episode costs more than these lines).
    t_access = env.now
    desk = plan.desk or st.team_of(res)
    queued = desk.request()
    wait = 0.0
    if queued is not None:
        yield queued
        wait = env.now - t_access
        rec[R.INTAKE_WAIT] += wait
    t_service = -math.log(1.0 - u[U_INTAKE]) * plan.intake_days
    st.lean_intakes.append(cid)  # the intake's step is in the record (`tables.steps_table`)
    yield env.timeout(t_service)
    desk.release()
    rec[R.N_INTAKES] = 1
    rec[R.ACCESS_DAYS] = env.now - t_access
    if plan.processing is not None:  # as `_processing`, for one domain
        mu, sigma = plan.processing
        yield env.timeout(math.exp(mu + sigma * _PROBIT(min(max(u[U_INTAKE], 1e-9), 1 - 1e-9))))
    start = env.now
    rec[R.IN_TERM] = start - rec[R.ARRIVAL] <= plan.term  # `calendar.within_term`, inline on the hottest path
    dur = math.exp(plan.mu + plan.sigma * z[Z_DURATION]) * plan.speed
    rate, effectiveness, fit = plan.rate, plan.effectiveness, plan.fit
    if plan.placed and rate:  # a place at a provider first, which may mean waiting for one
        rate, effectiveness, fit = yield from _placed(st, rec, res, d, u, plan, dur)
        start = env.now
    elif rate:
        st.grant(cid, plan.provision, d, d, start, start + dur, rate, res)
    closed = max(start, start + dur)
    wait = start - rec[R.ARRIVAL] - t_service
    o = st.outcome
    params = o.params
    out = problem_outcome(params, resolve_chance(params, effectiveness, sev, wait, False, 0.0), u[U_RESOLVE],
                          u[U_FOLLOW])
    if out == ESCALATION or out == RELAPSE:  # the follow-up rule's first test, here to save most episodes the call
        follow_up(st, cid, res, gen, d, sev, out, start, closed, u[U_FOLLOW_DELAY])
    # `_close`, inline (this is the hot path)
    rec[R.DECISION_DAY] = start
    rec[R.CLOSED_DAY] = closed
    rec[R.WAIT_DAYS] = wait
    rec[R.POLICY] = plan.policy
    rec[R.INTEGRATED] = plan.integral
    rec[R.OUTCOME] = out
    rec[R.N_ESCALATED] = 1 if out == ESCALATION else 0
    rec[R.SATISFACTION] = grade(o.satisfaction, fit, out == RESOLVED, wait, 1, False, False, z[Z_GRADE])


def _placed(st: State, rec: list, res: int, d: int, u: list, plan: Lean, dur: float) -> Generator:
    """The place and the grant of a lean episode whose provision has named providers, as the
    journey's `places` and `_grant` do them for one problem: the provider's tariff, effectiveness
    and fit are applied in the same order, so every figure is the same to the bit. Returns the
    daily rate, the effectiveness (clamped to [0, 1]) and the fit."""
    appeals = plan.entitled and u[U_APPEAL] < st.law.appeal_share
    items = [(0, plan.provision, dur, plan.rate, 0.0, plan.raw_effectiveness, plan.fit)]
    providers, held = yield from places(st, rec, [d], {d: u}, items, appeals)
    _, p, dur, rate, _, eff, fit = items[0]
    start = st.env.now
    if rate:
        st.grant(rec[R.CASE_ID], p, d, d, start, start + dur, rate, res, providers[0])
    if held[0] is not None:  # the place comes free when the care ends
        st.env.timeout(dur).callbacks.append(lambda _e, desk=held[0]: desk.release())
    return rate, min(1.0, max(0.0, eff)), fit

