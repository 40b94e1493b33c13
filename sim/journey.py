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
from typing import TYPE_CHECKING, Generator

from . import record as R
from .outcome import ESCALATION, RELAPSE, RESOLVED, UNRESOLVED, case_outcome, grade, problem_outcome, resolve_chance
from .plan import choose
from .population import (U_ACCESS, U_APPEAL, U_COMMUNITY, U_DISCRETION, U_FOLLOW, U_FOLLOW_DELAY, U_INTAKE,
                         U_MISS, U_RESOLVE, Z_DURATION, Z_GRADE)

if TYPE_CHECKING:
    from .engine import Model

DAYS_PER_MONTH = 365 / 12


def journey(m: "Model", res: int, gen: int, doms: list[int], sevs: list[int], delay: float,
            parent: int, origin: str) -> Generator:
    env = m.env
    if delay > 0:
        yield env.timeout(delay)
    now = env.now
    rec = m.open_case(res, gen, doms, sevs, parent, origin)
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
    if (len(doms) == 1 and sevs[0] == 1 and lu[U_COMMUNITY] < m.community_absorb
            and m.community_room(env.now)):
        _community(m, rec, u, z, lead)
        return

    # 2. Access: desks in turn (each may miss problems outside its domain), or one integral team.
    t_access = env.now
    missed: list[int] = []
    if m.mode.at(env.now) == "desks":
        seen = [lead]
        for d in doms[1:]:
            (missed if u[d][U_MISS] < m.miss_probability else seen).append(d)
        for k, d in enumerate(seen):
            if k:
                yield env.timeout(m.handoff_days)
            desk = m.desks[d]
            t = env.now
            queued = desk.request()
            if queued is not None:
                yield queued
                rec[R.INTAKE_WAIT] += env.now - t
            s = -math.log(1.0 - u[d][U_INTAKE]) * m.intake_days[d]
            yield env.timeout(s)
            desk.release()
            t_service += s
        rec[R.N_INTAKES] = len(seen)
        if missed:
            _follow_missed(m, rec, res, gen, missed, doms, sevs, u)
            keep = [i for i, d in enumerate(doms) if d not in missed]
            doms, sevs = [doms[i] for i in keep], [sevs[i] for i in keep]
        integral = False
    else:
        t = env.now
        queued = m.team.request()
        if queued is not None:
            yield queued
            rec[R.INTAKE_WAIT] += env.now - t
        s = -math.log(1.0 - lu[U_INTAKE]) * (m.integral_intake_days + m.integral_extra * (len(doms) - 1))
        yield env.timeout(s)
        m.team.release()
        t_service = s
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
    plan = choose(m.cat, policy, doms, sevs, pool_can_pay, std_only is not None, m.standard_max_severity)
    cat = m.cat
    if std_only is not None:
        rec[R.BUTTON] = std_only.spec.name
    tailored = (waitlist is not None or approval is not None) and any(cat.kind[p] in ("tailored", "cross_domain") for p in plan)
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

    # 4. Grant: commitments to the paying budgets; payments follow from rate and duration.
    start = env.now
    wait = start - rec[R.ARRIVAL] - t_service
    cost_factor = law.appeal_cost_factor if rec[R.APPEALED] else 1.0
    closed = start
    fits = 0.0
    for i, p in enumerate(plan):
        d = doms[i]
        dur = cat.duration(cat.costed_as(p, d), z[d][Z_DURATION])
        if cut_share:
            if entitled:
                rec[R.EXPOSURE_DAYS] += dur * cut_share
            dur *= 1 - cut_share
        rate = _monthly(m, p, d, sevs[i]) * cost_factor / DAYS_PER_MONTH
        m.grant(rec[R.CASE_ID], p, None if cat.kind[p] == "cross_domain" else d, d, start, start + dur, rate)
        closed = max(closed, start + dur)
        fits += cat.fit[p]
    bonus = 0.0
    if policy == "discretion" and len(doms) > 1 and pool_can_pay:
        amount = lu[U_DISCRETION] * m.discretion_max
        m.pay_discretion(rec[R.CASE_ID], lead, start, amount)
        bonus = m.discretion_effect
    integrated = integral or bonus > 0 or (len(doms) > 1 and cat.kind[plan[0]] == "cross_domain")

    # 5. Outcome per problem, follow-up episodes, and the grade at closure.
    fragmented = rec[R.N_PROBLEMS] > 1 and not integrated
    outcomes = [ESCALATION] * len(missed)
    for i, d in enumerate(doms):
        ud = u[d]
        pr = resolve_chance(m.outcome_params, cat.effectiveness[plan[i]], sevs[i], wait, fragmented, bonus)
        out = problem_outcome(m.outcome_params, pr, ud[U_RESOLVE], ud[U_FOLLOW])
        outcomes.append(out)
        if out in (ESCALATION, RELAPSE) and gen + 1 < m.generations:
            after = closed - start - math.log(1.0 - ud[U_FOLLOW_DELAY]) * m.followup_days
            if start + after < m.horizon:
                sev = min(3, sevs[i] + 1) if out == ESCALATION else sevs[i]
                env.process(journey(m, res, gen + 1, [d], [sev], after, rec[R.CASE_ID], out))
    state = case_outcome(outcomes)
    rec[R.DECISION_DAY] = start
    rec[R.CLOSED_DAY] = closed
    rec[R.WAIT_DAYS] = wait
    rec[R.POLICY] = policy
    rec[R.INTEGRATED] = integrated
    rec[R.OUTCOME] = state
    rec[R.N_ESCALATED] = outcomes.count(ESCALATION)
    hit = rec[R.DELAY_DAYS] > 0 or cut_share > 0  # steering to a general provision shows in the fit instead
    rec[R.SATISFACTION] = grade(m.satisfaction, fits / len(plan), state == RESOLVED, wait,
                                rec[R.N_INTAKES], False, hit, z[lead][Z_GRADE])


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
    m.grant(rec[R.CASE_ID], p, lead, lead, now, now + dur, m.cat.monthly_cost[p] / DAYS_PER_MONTH)
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
            m.env.process(journey(m, res, gen + 1, [d], [sev], after, rec[R.CASE_ID], "missed"))
