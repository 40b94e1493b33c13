"""A case's journey: one SimPy process per episode, from request to granted help.

Arrival -> (emergency buttons at the door) -> access (desks in turn, or one integral intake)
-> plan -> (buttons on the plan) -> grant -> outcome. The process ends at the grant: payments
follow from grant, amount and duration (`sim.budget`), and the outcome is decided from the
pre-drawn luck, so no event is spent on the months of care. A follow-up episode (a missed
problem surfacing, a relapse, an escalation) is a new process that starts later.

Legal exposure (CALIBRATION.md section 6): Wmo and youth care are open-ended entitlements. A
button that delays or refuses their care (waitlist, close_intake, the refusing part of
stricter_access, intensity_cut, an approval that overruns the legal decision term) marks the case
as exposed, with the days involved. A share of exposed cases appeal and win: their care then
comes after all, later and costlier. Steering to a general or community provision is lawful.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Generator, NamedTuple

from . import record as R
from .outcome import ESCALATION, RELAPSE, RESOLVED, UNRESOLVED, case_outcome, grade, problem_outcome, resolve_chance
from .plan import choose
from .population import (U_ACCESS, U_APPEAL, U_CHECK, U_COMMUNITY, U_DISCRETION, U_FOLLOW, U_FOLLOW_DELAY,
                         U_HARDSHIP, U_INTAKE, U_MISS, U_PGB, U_PROVIDER, U_RESOLVE, Z_DURATION, Z_GRADE)

if TYPE_CHECKING:
    from .desk import Desk
    from .engine import Model

DAYS_PER_MONTH = 365 / 12


def episode(m: "Model", res: int, gen: int, doms: list[int], sevs: list[int], delay: float,
            parent: int, origin: str) -> Generator:
    """The process of one episode: the lean path when it applies (see `lean_plans`), else `journey`."""
    lean = m.lean
    if lean is not None and len(doms) == 1:
        plan = lean[doms[0]][sevs[0]]
        if plan is not None:
            return _lean(m, res, gen, doms[0], sevs[0], delay, parent, origin, plan)
    return journey(m, res, gen, doms, sevs, delay, parent, origin)


def journey(m: "Model", res: int, gen: int, doms: list[int], sevs: list[int], delay: float,
            parent: int, origin: str) -> Generator:
    env = m.env
    if delay > 0:
        yield env.timeout(delay)
    now = env.now
    rec = m.open_case(res, gen, tuple(doms), max(sevs), parent, origin)
    lead = doms[0]
    if len(doms) == 1:  # most episodes: read only the one domain's luck
        u = {lead: m.U[res, gen, lead].tolist()}
        z = {lead: m.Z[res, gen, lead].tolist()}
    else:
        u = m.U[res, gen].tolist()
        z = m.Z[res, gen].tolist()
    lu = u[lead]
    law = m.law
    entitled = m.entitled[lead] if len(doms) == 1 else any(m.entitled[d] for d in doms)
    appeals = entitled and lu[U_APPEAL] < law.appeal_share
    buttons = m.buttons
    t_service = 0.0

    # 1. At the door: buttons that close intake or apply stricter access.
    if buttons is not None:
        buttons.evaluate(now)
        b = buttons.pressed("close_intake", doms)
        if b is not None:
            yield from _hold(m, rec, b, appeals, entitled)
        b = buttons.pressed("stricter_access", doms)
        if b is not None:
            ua = lu[U_ACCESS]
            if ua < b.spec.refuse_share:
                rec[R.BUTTON] = b.spec.name
                if entitled:
                    rec[R.EXPOSED] = True
                if not appeals:
                    _refuse(m, rec, z[lead][Z_GRADE])
                    return
                rec[R.APPEALED] = True
                rec[R.EXPOSURE_DAYS] += law.appeal_days
                yield env.timeout(law.appeal_days)
            elif ua < b.spec.refuse_share + b.spec.redirect_share and m.community_room(env.now):
                rec[R.BUTTON] = b.spec.name
                _community(m, rec, u, z, lead)
                return
    if (len(doms) == 1 and sevs[0] == 1 and lu[U_COMMUNITY] < m.community_absorb.at(env.now)
            and m.community_room(env.now)):
        _community(m, rec, u, z, lead)
        return

    # 2. Access: desks in turn (each may miss problems outside its domain), or one integral team.
    t_access = env.now
    missed: list[int] = []
    bundled = m.bundled if isinstance(m.bundled, bool) else rec[R.SUBGROUP] in m.bundled
    desks = m.mode.at(env.now) == "desks"
    if desks and not (bundled and len(doms) > 1):
        seen = [lead]
        for d in doms[1:]:
            (missed if u[d][U_MISS] < m.miss_probability else seen).append(d)
        for k, d in enumerate(seen):
            if k:
                yield env.timeout(m.handoff_days)
            t_service += yield from _intake(m, rec, m.desks[d], m.intake_days[d], u[d][U_INTAKE])
        rec[R.N_INTAKES] = len(seen)
        if missed:
            _follow_missed(m, rec, res, gen, missed, doms, sevs, u)
            keep = [i for i, d in enumerate(doms) if d not in missed]
            doms, sevs = [doms[i] for i in keep], [sevs[i] for i in keep]
        integral = False
    else:
        # One intake that hears every problem: an integral team, or (bundled decision) the first
        # desk with a mandate across domains.
        desk, days = (m.desks[lead], m.intake_days[lead]) if desks else (m.team_of(res), m.integral_intake_days)
        t_service = yield from _intake(m, rec, desk, days + m.integral_extra * (len(doms) - 1), lu[U_INTAKE])
        rec[R.N_INTAKES] = 1
        integral = True
    rec[R.ACCESS_DAYS] = env.now - t_access

    # 3. Plan, and the buttons that act on it.
    now = env.now
    policy = m.policy.at(now)
    pool_can_pay = m.budgets.pooled_share.at(now) > 0
    std_only = waitlist = approval = cut = None
    if buttons is not None:
        buttons.evaluate(now)
        std_only = buttons.pressed("standard_only", doms)
        waitlist = buttons.pressed("waitlist", doms)
        approval = buttons.pressed("approval", doms)
        cut = buttons.pressed("intensity_cut", doms)
    cat = m.cat
    plan = choose(cat, policy, doms, sevs, pool_can_pay, std_only is not None, m.standard_max_severity)
    if std_only is not None:
        rec[R.BUTTON] = std_only.spec.name
    pgb_pool = False
    if cat.personal is not None and std_only is None and lu[U_PGB] < m.pgb_share.at(now):
        # A personal budget instead of care in kind; across domains (integraal pgb) where a pool pays.
        pgb_pool = m.pgb_integral and len(doms) > 1 and pool_can_pay
        plan = [cat.personal if pgb_pool or cat.kind[p] in ("tailored", "cross_domain") else p for p in plan]
        rec[R.PERSONAL] = cat.personal in plan
    if m.hardship_share and lu[U_HARDSHIP] < m.hardship_share and any(cat.kind[p] == "general" for p in plan):
        # The hardship clause: the rule that steered this case to a general provision is set aside.
        plan = [cat.tailored[doms[i]] if cat.kind[p] == "general" else p for i, p in enumerate(plan)]
        rec[R.EXCEPTION] = True
        yield env.timeout(m.hardship_days)
    check = m.referral
    if check is not None and any(cat.kind[p] == "tailored" for p in plan):
        # A service desk checks the referral; it may steer a light problem to the general provision.
        yield env.timeout(check.days)
        plan = [cat.general[doms[i]] if (cat.kind[p] == "tailored" and sevs[i] == 1 and cat.general[doms[i]] is not None
                                         and u[doms[i]][U_CHECK] < check.steer_share) else p
                for i, p in enumerate(plan)]
    tailored = (waitlist is not None or approval is not None) and any(cat.kind[p] in INDIVIDUAL for p in plan)
    if waitlist is not None and tailored:
        yield from _hold(m, rec, waitlist, appeals, entitled)
    if approval is not None and tailored:
        estimate = sum(_monthly(m, p, doms[i], sevs[i]) * cat.mean_days(cat.costed_as(p, doms[i])) / DAYS_PER_MONTH
                       for i, p in enumerate(plan))
        if estimate > approval.spec.approval_above:
            before = env.now - rec[R.ARRIVAL]
            yield env.timeout(approval.spec.approval_days)
            rec[R.BUTTON] = approval.spec.name
            rec[R.DELAY_DAYS] += approval.spec.approval_days
            # Only the days past the legal decision term are unlawful.
            overrun = before + approval.spec.approval_days - max(law.decision_term_days, before)
            if entitled and overrun > 0:
                rec[R.EXPOSED] = True
                rec[R.EXPOSURE_DAYS] += overrun
    cut_share = 0.0
    if cut is not None:
        rec[R.BUTTON] = cut.spec.name
        cut_share = cut.spec.intensity_cut
        if entitled:
            rec[R.EXPOSED] = True
            if appeals:
                rec[R.APPEALED] = True
                cut_share = 0.0

    # 4. Grant: what each problem's care costs, from which provider, paid by which budget.
    items = []  # (problem index, provision, duration, daily rate, lump, effectiveness, fit)
    merged_sev: dict[int, int] = {}
    if cat.merges:
        for i, p in enumerate(plan):
            if cat.merged[p]:
                merged_sev[p] = max(merged_sev.get(p, 0), sevs[i])
    done: set[int] = set()
    reduced = False
    for i, p in enumerate(plan):
        d = doms[i]
        dur = cat.duration(cat.costed_as(p, d), z[d][Z_DURATION]) * m.speed[d]
        if cut_share:
            if entitled:
                rec[R.EXPOSURE_DAYS] += dur * cut_share
            dur *= 1 - cut_share
        intensity = cat.intensity[p].at(now)
        if intensity < 1.0 and m.entitled[d]:
            # Fewer hours than assessed, on policy grounds: unlawful for an entitled need.
            rec[R.EXPOSED] = True
            rec[R.EXPOSURE_DAYS] += dur * (1 - intensity)
            if appeals:
                rec[R.APPEALED] = True
                intensity = 1.0
        reduced = reduced or intensity < 1.0
        if p in done:  # a merged provision already covers this problem
            items.append((i, p, dur, 0.0, 0.0, cat.effectiveness[p] * intensity, cat.fit[p]))
            continue
        sev = merged_sev.get(p, sevs[i])
        fee = cat.result_fee[p]
        cost_factor = law.appeal_cost_factor if rec[R.APPEALED] else 1.0  # care after a won appeal costs more
        rate = 0.0 if fee is not None else _monthly(m, p, d, sev) * cost_factor * intensity / DAYS_PER_MONTH
        lump = 0.0 if fee is None else fee * _scale(m, p, sev) * cost_factor
        items.append((i, p, dur, rate, lump, cat.effectiveness[p] * intensity, cat.fit[p]))
        if cat.merged[p]:
            done.add(p)
    providers = [0] * len(items)
    held: list = [None] * len(items)  # provider places taken, freed again when the care ends
    if cat.any_providers and any(cat.providers[it[1]] for it in items):
        for k, (i, p, dur, rate, lump, eff, fit) in enumerate(items):
            if not cat.providers[p] or (rate == 0.0 and lump == 0.0):
                continue
            t = env.now
            j = yield from _provider(m, p, rate * dur + lump, u[doms[i]][U_PROVIDER], appeals)
            if j < 0 and cat.when_full[p] == "wait" and env.now > t:
                rec[R.APPEALED] = True  # the won appeal, not a free place, ended the wait
            if env.now > t and m.entitled[doms[i]]:
                rec[R.EXPOSED] = True  # no place or no money at any provider is no lawful reason to wait
                rec[R.EXPOSURE_DAYS] += env.now - t
            if j < 0:
                tariff, providers[k] = cat.extra_tariff[p], len(m.provider_names) - 1
            else:
                pv = cat.provider_specs[p][j]
                tariff, providers[k] = pv.tariff, m.provider_code[p][j]
                eff, fit = eff + pv.effectiveness, fit + pv.fit
            items[k] = (i, p, dur, rate * tariff, lump * tariff, eff, fit)
            held[k] = m.provider_places[p][j] if j >= 0 else None
    start = env.now
    wait = start - rec[R.ARRIVAL] - t_service
    closed = start
    fits = 0.0
    effectiveness = [0.0] * len(doms)
    for k, (i, p, dur, rate, lump, eff, fit) in enumerate(items):
        d = doms[i]
        if rate or lump:
            paid_as = None if cat.kind[p] == "cross_domain" or (pgb_pool and p == cat.personal) else d
            m.grant(rec[R.CASE_ID], p, paid_as, d, start, start + dur, rate, res, providers[k], lump)
        if held[k] is not None:
            env.timeout(dur).callbacks.append(lambda _e, desk=held[k]: desk.release())
        closed = max(closed, start + dur)
        fits += fit
        effectiveness[i] = min(1.0, max(0.0, eff))
    bonus = 0.0
    if policy == "discretion" and len(doms) > 1 and pool_can_pay:
        amount = lu[U_DISCRETION] * m.discretion_max
        m.pay_discretion(rec[R.CASE_ID], lead, start, amount, res)
        bonus = m.discretion_effect
    integrated = (integral or bonus > 0 or pgb_pool or (len(doms) > 1 and cat.kind[plan[0]] == "cross_domain")
                  or (len(doms) > 1 and len(set(plan)) == 1 and cat.merged[plan[0]]))

    # 5. Outcome per problem, follow-up episodes, and the grade at closure.
    fragmented = rec[R.N_PROBLEMS] > 1 and not integrated
    outcomes = [ESCALATION] * len(missed)
    for i, d in enumerate(doms):
        ud = u[d]
        pr = resolve_chance(m.outcome_params, effectiveness[i], sevs[i], wait, fragmented, bonus)
        out = problem_outcome(m.outcome_params, pr, ud[U_RESOLVE], ud[U_FOLLOW])
        outcomes.append(out)
        _follow_up(m, rec, res, gen, d, sevs[i], out, start, closed, ud[U_FOLLOW_DELAY])
    state = case_outcome(outcomes)
    hit = rec[R.DELAY_DAYS] > 0 or cut_share > 0 or reduced  # steering to a general provision shows in the fit instead
    satisfaction = grade(m.satisfaction, fits / len(items), state == RESOLVED, wait, rec[R.N_INTAKES], False, hit,
                         z[lead][Z_GRADE])
    _close(rec, start, closed, wait, policy, integrated, state, outcomes.count(ESCALATION), satisfaction)


def _follow_up(m: "Model", rec: list, res: int, gen: int, d: int, sev: int, out: str, start: float, closed: float,
               u_delay: float) -> None:
    """A problem that escalated or relapsed comes back as a new episode some time after its care."""
    if out in (ESCALATION, RELAPSE) and gen + 1 < m.generations:
        after = closed - start - math.log(1.0 - u_delay) * m.followup_days
        if start + after < m.horizon:
            sev = min(3, sev + 1) if out == ESCALATION else sev
            m.spawn(res, gen + 1, [d], [sev], after, rec[R.CASE_ID], out)


def _close(rec: list, start: float, closed: float, wait: float, policy: str, integrated: bool, state: str,
           n_escalated: int, satisfaction: float) -> None:
    """Fill in a granted case's record at its decision."""
    rec[R.DECISION_DAY] = start
    rec[R.CLOSED_DAY] = closed
    rec[R.WAIT_DAYS] = wait
    rec[R.POLICY] = policy
    rec[R.INTEGRATED] = integrated
    rec[R.OUTCOME] = state
    rec[R.N_ESCALATED] = n_escalated
    rec[R.SATISFACTION] = satisfaction


def _intake(m: "Model", rec: list, desk, mean_days: float, u_intake: float) -> Generator:
    """Queue for a place at a desk or team, hold it for an exponential intake; return its length."""
    env = m.env
    t = env.now
    queued = desk.request()
    if queued is not None:
        yield queued
        rec[R.INTAKE_WAIT] += env.now - t
    s = -math.log(1.0 - u_intake) * mean_days
    yield env.timeout(s)
    desk.release()
    return s


INDIVIDUAL = ("tailored", "cross_domain", "personal_budget")  # care that needs an individual decision


def _provider(m: "Model", p: int, cost: float, u_provider: float, appeals: bool) -> Generator:
    """Which provider takes the client: the first choice (by share) if it has a place and room
    under its ceiling, else the next one. When all are full: extra care is contracted, or the
    client waits (for a place at the first choice, or for the next budget year) until a won
    appeal forces extra care. Returns the provider's index, or -1 for contracted extra care."""
    env, cat = m.env, m.cat
    specs, places, committed = cat.provider_specs[p], m.provider_places[p], m.provider_committed[p]
    n = len(specs)
    first, acc = n - 1, 0.0
    for j, pv in enumerate(specs):
        acc += pv.share
        if u_provider < acc:
            first = j
            break
    deadline = env.now + m.law.appeal_days if appeals else math.inf
    while True:
        year = int(env.now // 365)
        for k in range(n):
            j = (first + k) % n
            pv, desk = specs[j], places[j]
            if (desk is not None and desk.free <= 0) or (
                    pv.ceiling is not None and committed[j].get(year, 0.0) + cost * pv.tariff > pv.ceiling):
                continue
            if desk is not None:
                desk.request()
            committed[j][year] = committed[j].get(year, 0.0) + cost * pv.tariff
            return j
        if cat.when_full[p] == "contract_extra" or env.now >= deadline:
            return -1
        pv, desk = specs[first], places[first]
        money = pv.ceiling is None or committed[first].get(year, 0.0) + cost * pv.tariff <= pv.ceiling
        if desk is not None and money:  # queue for the first choice's next free place
            ev = desk.request()
            if ev is None:
                continue
            limit = env.timeout(deadline - env.now) if deadline < math.inf else None
            yield (ev | limit) if limit is not None else ev
            if not ev.triggered:  # the appeal came first: leave the queue
                desk.queue.remove(ev)
                return -1
            year = int(env.now // 365)  # the place came free now: book it in this year, under its ceiling
            if pv.ceiling is not None and committed[first].get(year, 0.0) + cost * pv.tariff > pv.ceiling:
                desk.release()
                continue
            committed[first][year] = committed[first].get(year, 0.0) + cost * pv.tariff
            return first
        yield env.timeout(min((year + 1) * 365.0, deadline) - env.now)  # the ceilings reopen next year


def _scale(m: "Model", p: int, severity: int) -> float:
    return m.severity_cost[severity - 1] if m.cat.scaled[p] else 1.0


def _monthly(m: "Model", p: int, domain: int, severity: int) -> float:
    """Monthly cost of provision `p` for one problem: tailored care scales with severity, and a
    cross-domain plan costs its factor times the tailored care it replaces."""
    cat = m.cat
    q = cat.costed_as(p, domain)
    cost = cat.monthly_cost[q] * (m.severity_cost[severity - 1] if cat.scaled[q] else 1.0)
    return cost * cat.cost_factor[p]


def _hold(m: "Model", rec: list, b, appeals: bool, entitled: bool) -> Generator:
    """Wait until the button is released, or until a won appeal forces the care (exposure counted)."""
    env = m.env
    t = env.now
    m.waiting_changed(+1)
    appeal = env.timeout(m.law.appeal_days) if appeals else None
    fired = yield (b.release_event | appeal) if appeal is not None else b.release_event
    m.waiting_changed(-1)
    days = env.now - t
    rec[R.BUTTON] = b.spec.name
    rec[R.DELAY_DAYS] += days
    if entitled and days > 0:
        rec[R.EXPOSED] = True
        rec[R.EXPOSURE_DAYS] += days
        if appeal is not None and appeal in fired:
            rec[R.APPEALED] = True  # the won appeal, not the release, ended the wait


def _refuse(m: "Model", rec: list, z_grade: float) -> None:
    now = m.env.now
    rec[R.DECISION_DAY] = rec[R.CLOSED_DAY] = now
    rec[R.WAIT_DAYS] = now - rec[R.ARRIVAL]
    rec[R.OUTCOME] = "refused"
    rec[R.SATISFACTION] = grade(m.satisfaction, 0.0, False, rec[R.WAIT_DAYS], 0, True, True, z_grade)


def _community(m: "Model", rec: list, u: list, z: list, lead: int) -> None:
    """The community provision takes the case on: no intake, cheap, limited capacity."""
    now = m.env.now
    p = m.cat.community
    rec[R.WAIT_DAYS] = now - rec[R.ARRIVAL]
    dur = m.cat.duration(p, z[lead][Z_DURATION])
    m.take_community(now, now + dur)
    m.grant(rec[R.CASE_ID], p, lead, lead, now, now + dur, m.cat.monthly_cost[p] / DAYS_PER_MONTH, rec[R.RESIDENT])
    pr = resolve_chance(m.outcome_params, m.cat.effectiveness[p], 1, rec[R.WAIT_DAYS], False, 0.0)
    out = RESOLVED if u[lead][U_RESOLVE] < pr else UNRESOLVED
    rec[R.DECISION_DAY] = now
    rec[R.CLOSED_DAY] = now + dur
    rec[R.OUTCOME] = out
    rec[R.SATISFACTION] = grade(m.satisfaction, m.cat.fit[p], out == RESOLVED, rec[R.WAIT_DAYS], 0, False,
                                rec[R.DELAY_DAYS] > 0, z[lead][Z_GRADE])


def _follow_missed(m: "Model", rec: list, res: int, gen: int, missed: list[int], doms: list[int],
                   sevs: list[int], u: list) -> None:
    """A problem a desk missed surfaces later, one severity worse, as its own episode."""
    rec[R.N_MISSED] = len(missed)
    if gen + 1 >= m.generations:
        return
    for d in missed:
        after = -math.log(1.0 - u[d][U_FOLLOW_DELAY]) * m.missed_surface_days
        if m.env.now + after < m.horizon:
            sev = min(3, sevs[doms.index(d)] + 1)
            m.spawn(res, gen + 1, [d], [sev], after, rec[R.CASE_ID], "missed")


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


def lean_plans(m: "Model") -> list[list[Lean | None]] | None:
    """Per domain and severity (1-3), the path of a single-problem episode on the lean path, or None.

    Most episodes have one problem and meet nothing but a desk (or team), a grant and an outcome.
    When no button, community absorption, personal budget, hardship clause, referral check or
    dated access, plan or pooling setting can touch them, and their provision has no providers,
    result fee or cut intensity, `_lean` gives them the same events and figures for less work.
    """
    cat = m.cat
    static = (m.mode, m.policy, m.budgets.pooled_share, m.community_absorb)
    if (m.buttons is not None or not all(t.constant for t in static) or m.community_absorb.values[0] > 0
            or cat.personal is not None or m.hardship_share or m.referral is not None):
        return None
    policy, pool_can_pay = m.policy.values[0], m.budgets.pooled_share.values[0] > 0
    integral = m.mode.values[0] != "desks"
    team = m.teams[0] if len(m.teams) == 1 else None
    table: list[list[Lean | None]] = []
    # The arithmetic below is journey's for one problem (one intake, appeal cost factor and
    # intensity 1.0, one item to average the fit over), so every figure is the same to the bit.
    for d in range(len(m.domain_names)):
        if integral:
            desk, days = team, m.integral_intake_days  # no extra problems
        else:
            desk, days = m.desks[d], m.intake_days[d]
        row: list[Lean | None] = [None]
        for sev in (1, 2, 3):
            p = choose(cat, policy, [d], [sev], pool_can_pay, False, m.standard_max_severity)[0]
            if (p is None or cat.kind[p] in ("cross_domain", "personal_budget") or cat.result_fee[p] is not None
                    or cat.providers[p] or not cat.intensity[p].constant or cat.intensity[p].values[0] != 1.0):
                row.append(None)
                continue
            q = cat.costed_as(p, d)
            row.append(Lean(desk, days, p, cat.mu[q], cat.sigma[q], m.speed[d],
                            _monthly(m, p, d, sev) / DAYS_PER_MONTH, min(1.0, max(0.0, cat.effectiveness[p])),
                            cat.fit[p], policy, integral))
        table.append(row)
    return table


def _lean(m: "Model", res: int, gen: int, d: int, sev: int, delay: float, parent: int, origin: str,
          plan: Lean) -> Generator:
    """`journey` for one problem when only intake, grant and outcome apply (`lean_plans`)."""
    env = m.env
    if delay > 0:
        yield env.timeout(delay)
    rec = m.open_case(res, gen, (d,), sev, parent, origin)
    u = m.U[res, gen, d].tolist()
    z = m.Z[res, gen, d].tolist()
    t_access = env.now
    t_service = yield from _intake(m, rec, plan.desk or m.team_of(res), plan.intake_days, u[U_INTAKE])
    start = env.now
    rec[R.N_INTAKES] = 1
    rec[R.ACCESS_DAYS] = start - t_access
    dur = math.exp(plan.mu + plan.sigma * z[Z_DURATION]) * plan.speed
    if plan.rate:
        m.grant(rec[R.CASE_ID], plan.provision, d, d, start, start + dur, plan.rate, res)
    closed = max(start, start + dur)
    wait = start - rec[R.ARRIVAL] - t_service
    o = m.outcome_params
    out = problem_outcome(o, resolve_chance(o, plan.effectiveness, sev, wait, False, 0.0), u[U_RESOLVE], u[U_FOLLOW])
    _follow_up(m, rec, res, gen, d, sev, out, start, closed, u[U_FOLLOW_DELAY])
    _close(rec, start, closed, wait, plan.policy, plan.integral, out, 1 if out == ESCALATION else 0,
           grade(m.satisfaction, plan.fit, out == RESOLVED, wait, 1, False, False, z[Z_GRADE]))
