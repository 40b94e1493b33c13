"""A case's journey: one SimPy process per episode, from request to granted help.

Arrival -> at the door (emergency buttons; the community provision) -> access (desks in turn, or
one integral intake) -> plan (and the buttons, personal budget, hardship clause and referral
check that act on it) -> grant (providers and budgets) -> outcome and follow-ups. Each step is a
function of its own below; the ones that wait are generators, run with `yield from`. The process
ends at the grant: payments follow from grant, amount and duration (`sim.model.budget`), and the
outcome is decided from the pre-drawn luck, so no event is spent on the months of care. A
follow-up episode (a missed problem surfacing, a relapse, an escalation) is a new process that
starts later (`spawn`).

Every decision is noted in the state's `steps` as it is taken (layout `record.STEP_COLUMNS`,
table in docs/tables.md), so `ontschot explain` reads why from the record instead of re-deriving
the rules. What a case record or a grant already holds is not noted twice: a grant keeps its
payer rule, a follow-up episode its parent and origin.

Legal exposure (docs/calibration.md §6): Wmo and youth care are open-ended entitlements. A
case is exposed when their care is held back by a button (waitlist, close_intake, an approval
that overruns the legal decision term), kept past the legal term by the municipality's own
procedure (desks in turn, the hardship clause, a referral check: `_decided`), left waiting for a
provider's place or money (`placement`), cut (an intensity_cut button, a dated intensity below 1)
or refused (the refusing part of stricter_access, standard_only steering a heavier need to a
general provision). Each is noted as an `exposure` step the moment it happens, and its rule
names its cause (`record.EXPOSURE_CAUSE`; a case counts under the cause of its first). A share of
exposed cases appeal and win: their care then comes after all, later and costlier. Steering a
light need to a general or community provision is lawful.
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Generator

from . import record as R
from .desk import Desk
from .outcome import ESCALATION, RELAPSE, RESOLVED, UNRESOLVED, case_outcome, grade, problem_outcome, resolve_chance
from .plan import choose
from .placement import places
from .population import (U_ACCESS, U_APPEAL, U_CHECK, U_COMMUNITY, U_DISCRETION, U_FOLLOW, U_FOLLOW_DELAY,
                         U_HARDSHIP, U_INTAKE, U_MISS, U_PGB, U_RESOLVE, Z_DURATION, Z_GRADE)
from .state import State
from ..policy.calendar import DAYS_PER_MONTH, past_term, term_of, within_term

# Monthly costs become daily rates inline (`monthly / DAYS_PER_MONTH`), with the calendar's constant: this is
# the per-case hot path, where a function call per grant would cost time.
INDIVIDUAL = ("tailored", "cross_domain", "personal_budget")  # care that needs an individual decision
NONE, NAN = R.NONE, R.NAN
_K, _R = R.KIND, R.RULE  # step kinds and rules as the codes the steps buffer holds (record.STEP_KINDS, STEP_RULES)
_PROBIT = NormalDist().inv_cdf


def journey(st: State, res: int, gen: int, doms: list[int], sevs: list[int], delay: float,
            parent: int, origin: str) -> Generator:
    """One episode through every step a scenario may put in its way, in the order a resident meets them.

    The steps share the case's record and its luck (`u`, `z`: the pre-drawn numbers per domain,
    so scenarios run with the same seed meet the same residents with the same luck). Steps that
    cannot apply in this scenario are skipped before they are entered: each sub-generator costs
    a little, and this is the hot path.
    """
    env = st.env
    if delay > 0:
        yield env.timeout(delay)
    rec = st.open_case(res, gen, tuple(doms), max(sevs), parent, origin)
    lead = doms[0]
    if len(doms) == 1:  # most episodes: read only the one domain's luck
        u = {lead: st.U[res, gen, lead].tolist()}
        z = {lead: st.Z[res, gen, lead].tolist()}
    else:
        u = st.U[res, gen].tolist()
        z = st.Z[res, gen].tolist()
    lu = u[lead]
    law = st.law
    entitled = law.entitled[lead] if len(doms) == 1 else any(law.entitled[d] for d in doms)
    appeals = entitled and lu[U_APPEAL] < law.appeal_share
    buttons = st.buttons
    if origin == "pipeline":  # heard before day 0 (warm start 'steady'): its decision is due now
        rec[R.N_INTAKES] = 1
        missed, integral, t_service = [], st.access.mode.at(env.now) != "desks", 0.0
    else:
        if buttons is not None and not (yield from _at_the_door(st, rec, buttons, doms, sevs, u, z, appeals,
                                                                entitled)):
            return
        if len(doms) == 1 and sevs[0] == 1:
            absorb = st.access.community_absorb.at(env.now)
            if lu[U_COMMUNITY] < absorb and st.community_room(env.now):
                _community(st, rec, u, z, lead, "absorb", absorb)
                return
        doms, sevs, missed, integral, t_service = yield from _access(st, rec, res, gen, doms, sevs, u)
        processing = _processing(st, doms, u)
        if processing > 0:
            yield env.timeout(processing)
    now = env.now
    policy = st.plan.policy.at(now)
    pool_can_pay = st.pool_can_pay(rec, doms, sevs, lu, policy, now)  # the pool pays extras only while it has room
    planned = waits = cuts = ()
    case = None
    if buttons is not None:  # the buttons pressed now act on the plan, before the grant and on the care
        buttons.evaluate(now)
        planned = buttons.first_pressed(buttons.plan, doms)
        waits = buttons.first_pressed(buttons.before_grant, doms)
        cuts = buttons.first_pressed(buttons.care, doms)
        if planned or waits or cuts:
            case = Case(st, rec, doms, sevs, u, z, appeals, entitled, policy, pool_can_pay)
    plan, pgb_pool = _plan(st, rec, doms, sevs, lu, policy, pool_can_pay, planned, case, now)
    rules: list[tuple[str, float]] = []  # the rules that took days before the decision, and how many
    if not integral and rec[R.N_INTAKES] > 1:
        rules.append(("handoffs", st.access.handoff_days * (rec[R.N_INTAKES] - 1)))
    if st.plan.hardship_share or st.access.referral is not None or waits:
        plan = yield from _conditions(st, rec, doms, sevs, u, lu, plan, waits, case, rules)
    cut_share = 0.0
    for action, b in cuts:
        cut_share = min(1.0, cut_share + action.cut(case, b))
    _decided(st, rec, doms, rules)
    items, reduced = _items(st, rec, doms, sevs, z, plan, cut_share, entitled, appeals, now)
    providers = held = None
    cat = st.cat
    if cat.any_providers and any(cat.providers[it[1]] for it in items):
        providers, held = yield from places(st, rec, doms, u, items, appeals)
    start, wait, closed, fits, effectiveness = _grant(st, rec, res, doms, plan, items, providers, held, pgb_pool,
                                                      t_service)
    bonus = 0.0
    if policy == "discretion" and len(doms) > 1 and pool_can_pay:
        st.pay_discretion(rec[R.CASE_ID], lead, start, lu[U_DISCRETION] * st.plan.discretion_max, res)
        bonus = st.plan.discretion_effect
    integrated = (integral or bonus > 0 or pgb_pool or (len(doms) > 1 and cat.kind[plan[0]] == "cross_domain")
                  or (len(doms) > 1 and len(set(plan)) == 1 and cat.merged[plan[0]]))
    hit = rec[R.DELAY_DAYS] > 0 or cut_share > 0 or reduced  # steering to a general provision shows in the fit instead
    _outcome(st, rec, res, gen, doms, sevs, u, z, missed, effectiveness, wait, integrated, bonus, start, closed,
             fits / len(items), hit, policy)


# --- 1. At the door --------------------------------------------------------------------------------
def _at_the_door(st: State, rec: list, buttons, doms: list[int], sevs: list[int], u, z, appeals: bool,
                 entitled: bool) -> Generator:
    """The buttons that act before the intake (`sim.policy.actions`, stage `door`: a closed intake
    holds the case, stricter access turns it away or steers it to the community provision), each
    action in its turn with its first pressed button. Returns whether the journey goes on."""
    buttons.evaluate(st.env.now)
    case = None
    for action, states in buttons.door:
        for b in states:
            if b.pressed and any(d in b.domains for d in doms):
                if case is None:
                    case = Case(st, rec, doms, sevs, u, z, appeals, entitled)
                if not (yield from action.at_door(case, b)):
                    return False
                break
    return True


def _hold(st: State, rec: list, b, appeals: bool, entitled: bool) -> Generator:
    """Wait until the button is released, or until a won appeal forces the care (exposure counted)."""
    env = st.env
    t = env.now
    st.waiting_changed(+1)
    appeal = env.timeout(st.law.appeal_days) if appeals else None
    fired = yield (b.release_event | appeal) if appeal is not None else b.release_event
    st.waiting_changed(-1)
    days = env.now - t
    name = b.spec.name
    rec[R.BUTTON] = name
    rec[R.DELAY_DAYS] += days
    steps, cid = st.steps, rec[R.CASE_ID]
    steps.extend((cid, t, _K["button"], NONE, NONE, NONE, 0, b.index, _R[b.spec.action], days, NAN))
    if entitled and days > 0:
        rec[R.EXPOSED] = True
        rec[R.EXPOSURE_DAYS] += days
        steps.extend((cid, t, _K["exposure"], NONE, NONE, NONE, 0, b.index, _R["held"], days, NAN))
        if appeal is not None and appeal in fired:
            rec[R.APPEALED] = True  # the won appeal, not the release, ended the wait
            steps.extend((cid, t, _K["appeal"], NONE, NONE, NONE, 0, b.index, _R["held"], days, st.law.appeal_share))


def _refuse(st: State, rec: list, z_grade: float) -> None:
    """Close a refused case: no help, and the grade of a refusal."""
    now = st.env.now
    rec[R.DECISION_DAY] = rec[R.CLOSED_DAY] = now
    rec[R.WAIT_DAYS] = now - rec[R.ARRIVAL]
    rec[R.IN_TERM] = within_term(rec[R.WAIT_DAYS], term_of(st.law.term, rec[R.DOMAINS]))
    rec[R.OUTCOME] = "refused"
    rec[R.SATISFACTION] = grade(st.outcome.satisfaction, 0.0, False, rec[R.WAIT_DAYS], 0, True, True, z_grade)


def _community(st: State, rec: list, u, z, lead: int, why: str, share: float) -> None:
    """The community provision takes the case on: no intake, cheap, limited capacity. `why` is
    'absorb' (a light, simple request while it has room) or 'button' (stricter access steered it)."""
    now = st.env.now
    cat = st.cat
    p = cat.community
    o = st.outcome
    rec[R.WAIT_DAYS] = now - rec[R.ARRIVAL]
    rec[R.IN_TERM] = within_term(rec[R.WAIT_DAYS], st.law.term[lead])
    dur = cat.duration(p, z[lead][Z_DURATION])
    st.take_community(now, now + dur)
    st.steps.extend((rec[R.CASE_ID], now, _K["community"], lead, p, NONE, 0, NONE, _R[why], dur, share))
    st.grant(rec[R.CASE_ID], p, lead, lead, now, now + dur, cat.monthly_cost[p] / DAYS_PER_MONTH, rec[R.RESIDENT])
    pr = resolve_chance(o.params, cat.effectiveness[p], 1, rec[R.WAIT_DAYS], False, 0.0)
    out = RESOLVED if u[lead][U_RESOLVE] < pr else UNRESOLVED
    rec[R.DECISION_DAY] = now
    rec[R.CLOSED_DAY] = now + dur
    rec[R.OUTCOME] = out
    rec[R.SATISFACTION] = grade(o.satisfaction, cat.fit[p], out == RESOLVED, rec[R.WAIT_DAYS], 0, False,
                                rec[R.DELAY_DAYS] > 0, z[lead][Z_GRADE])


class Case:
    """A case as a button's action sees it (`sim.policy.actions.Case`): its facts, and the few things
    an action may do to it, each written once here in the record's and the steps' own terms. Made
    only when a pressed button applies to the case, so an episode no button touches pays nothing."""

    __slots__ = ("st", "rec", "doms", "sevs", "u", "z", "lead", "appeals", "entitled", "policy", "pool_can_pay",
                 "law", "cat", "standard_max_severity")

    def __init__(self, st: State, rec: list, doms: list[int], sevs: list[int], u, z, appeals: bool, entitled: bool,
                 policy: str = "", pool_can_pay: bool = False):
        self.st, self.rec, self.doms, self.sevs, self.u, self.z = st, rec, doms, sevs, u, z
        self.lead = doms[0]
        self.appeals, self.entitled, self.policy, self.pool_can_pay = appeals, entitled, policy, pool_can_pay
        self.law, self.cat, self.standard_max_severity = st.law, st.cat, st.plan.standard_max_severity

    @property
    def now(self) -> float:
        return self.st.env.now

    @property
    def luck_access(self) -> float:
        return self.u[self.lead][U_ACCESS]

    def note(self, kind: str, rule: str, b, days: float, value: float, domain: int | None = None,
             provision: int | None = None, day: float | None = None) -> None:
        """A decision of button `b` in the steps (layout `record.STEP_COLUMNS`), now unless `day` says when."""
        self.st.steps.extend((self.rec[R.CASE_ID], self.st.env.now if day is None else day, _K[kind],
                              NONE if domain is None else domain, NONE if provision is None else provision, NONE, 0,
                              b.index, _R[rule], days, value))

    def pressed_by(self, b) -> None:
        self.rec[R.BUTTON] = b.spec.name

    def delayed(self, days: float) -> None:
        self.rec[R.DELAY_DAYS] += days

    def expose(self, days: float = 0.0) -> None:
        """The case is legal exposure, for `days` more days."""
        self.rec[R.EXPOSED] = True
        if days:
            self.rec[R.EXPOSURE_DAYS] += days

    def appealed(self) -> None:
        self.rec[R.APPEALED] = True

    def wait(self, days: float):
        return self.st.env.timeout(days)

    def hold(self, b) -> Generator:
        yield from _hold(self.st, self.rec, b, self.appeals, self.entitled)

    def refuse(self) -> None:
        _refuse(self.st, self.rec, self.z[self.lead][Z_GRADE])

    def community_room(self) -> bool:
        return self.st.community_room(self.st.env.now)

    def community(self, share: float) -> None:
        _community(self.st, self.rec, self.u, self.z, self.lead, "button", share)

    def choose(self, standard_only: bool, steer: int | None) -> list[int]:
        return choose(self.cat, self.policy, self.doms, self.sevs, self.pool_can_pay, standard_only,
                      self.standard_max_severity, steer)

    def estimate(self, plan: list[int]) -> float:
        """The plan's expected cost: each provision's monthly cost over its mean duration."""
        st, cat, doms, sevs = self.st, self.cat, self.doms, self.sevs
        return sum(_monthly(st, p, doms[i], sevs[i]) * cat.mean_days(cat.costed_as(p, doms[i])) / DAYS_PER_MONTH
                   for i, p in enumerate(plan))

    def tailored(self, plan: list[int]) -> bool:
        """Whether the plan holds care that needs an individual decision."""
        return any(self.cat.kind[p] in INDIVIDUAL for p in plan)

    def term(self) -> float:
        return term_of(self.law.term, self.doms)

    def waited(self) -> float:
        return self.st.env.now - self.rec[R.ARRIVAL]


# --- 2. Access -------------------------------------------------------------------------------------
def _access(st: State, rec: list, res: int, gen: int, doms: list[int], sevs: list[int], u) -> Generator:
    """Desks in turn, each of which may miss problems outside its domain, or one intake that hears
    every problem (an integral team, or under a bundled decision the first desk with a mandate
    across domains). Returns the problems still in view (missed ones come back later as their own
    episodes), the missed domains, whether one intake heard all, and the days of intake conversation."""
    env = st.env
    a = st.access
    t_access = env.now
    t_service = 0.0
    missed: list[int] = []
    lead = doms[0]
    bundled = a.bundled if isinstance(a.bundled, bool) else rec[R.SUBGROUP] in a.bundled
    desks = a.mode.at(env.now) == "desks"
    if desks and not (bundled and len(doms) > 1):
        seen = [lead]
        for d in doms[1:]:
            (missed if u[d][U_MISS] < a.miss_probability else seen).append(d)
        for k, d in enumerate(seen):
            if k:
                st.steps.extend((rec[R.CASE_ID], env.now, _K["handoff"], d, NONE, NONE, 0, NONE, _R["desks"],
                                 a.handoff_days, NAN))
                yield env.timeout(a.handoff_days)
            t_service += yield from _intake(st, rec, st.desks[d], a.intake_days[d], u[d][U_INTAKE], d, "desk")
        rec[R.N_INTAKES] = len(seen)
        if missed:
            _follow_missed(st, rec, res, gen, missed, doms, sevs, u)
            keep = [i for i, d in enumerate(doms) if d not in missed]
            doms, sevs = [doms[i] for i in keep], [sevs[i] for i in keep]
        integral = False
    else:
        desk, days = (st.desks[lead], a.intake_days[lead]) if desks else (st.team_of(res), a.integral_intake_days)
        t_service = yield from _intake(st, rec, desk, days + a.integral_extra * (len(doms) - 1), u[lead][U_INTAKE],
                                       lead, "bundled" if desks else "team")
        rec[R.N_INTAKES] = 1
        integral = True
    rec[R.ACCESS_DAYS] = env.now - t_access
    return doms, sevs, missed, integral, t_service


def _intake(st: State, rec: list, desk: Desk, mean_days: float, u_intake: float, domain: int,
where: str) -> Generator:
    """Queue for a place at a desk or team, hold it for an exponential intake; return its length.
    The step notes where (`where`: desk, bundled or team) and the days queued."""
    env = st.env
    t = env.now
    queued = desk.request()
    wait = 0.0
    if queued is not None:
        yield queued
        wait = env.now - t
        rec[R.INTAKE_WAIT] += wait
    s = -math.log(1.0 - u_intake) * mean_days
    st.steps.extend((rec[R.CASE_ID], t, _K["intake"], domain, -1, -1, 0, -1, _R[where], wait, NAN))
    yield env.timeout(s)
    desk.release()
    return s


def _processing(st: State, doms: list[int], u) -> float:
    """Days from the intake to the decision: the appointment, the kitchen-table conversation, the
    investigation and report, the decision (`domains.<d>.processing_days`, lognormal). One
    decision answers every problem in view, so it waits for the slowest domain's investigation.
    The draw takes the quantile of the resident's intake luck: a case that takes long to hear
    takes long to investigate, and no new random number is needed (common random numbers keep)."""
    proc = st.access.processing
    days = 0.0
    for d in doms:
        ln = proc[d]
        if ln is not None:
            days = max(days, math.exp(ln[0] + ln[1] * _PROBIT(min(max(u[d][U_INTAKE], 1e-9), 1 - 1e-9))))
    return days


def _follow_missed(st: State, rec: list, res: int, gen: int, missed: list[int], doms: list[int],
                   sevs: list[int], u) -> None:
    """A problem a desk missed surfaces later, one severity worse, as its own episode."""
    rec[R.N_MISSED] = len(missed)
    now, cid, steps = st.env.now, rec[R.CASE_ID], st.steps
    a = st.access
    for d in missed:
        steps.extend((cid, now, _K["missed"], d, NONE, NONE, 0, NONE, _R["outside_domain"], NAN, a.miss_probability))
    if gen + 1 >= st.outcome.generations:
        return
    for d in missed:
        after = -math.log(1.0 - u[d][U_FOLLOW_DELAY]) * a.missed_surface_days
        if now + after < st.horizon:
            sev = min(3, sevs[doms.index(d)] + 1)
            st.spawn(res, gen + 1, [d], [sev], after, cid, "missed")


# --- 3. Plan ---------------------------------------------------------------------------------------
def _plan(st: State, rec: list, doms: list[int], sevs: list[int], lu: list, policy: str, pool_can_pay: bool,
          planned, case, now: float) -> tuple[list[int], bool]:
    """The provisions the policy in force gives each problem (`sim.model.plan.choose`), or, while
    a button whose action sets the plan is pressed (stage `plan`: general provisions only), the
    plan of the first that sets one; then, for the policy's own plan, the resident may take
    tailored care as a personal budget (across domains, an integraal pgb, where a pool pays).
    Returns the plan and whether a pool pays one personal budget for all problems."""
    cat, pl = st.cat, st.plan
    plan = None
    for action, b in planned:
        plan = action.plan(case, b)
        if plan is not None:
            break
    pgb_pool = False
    if plan is not None:
        return plan, pgb_pool
    plan = choose(cat, policy, doms, sevs, pool_can_pay, False, pl.standard_max_severity, None)
    if cat.personal is not None:
        share = pl.pgb_share.at(now)
        if lu[U_PGB] < share:
            # A personal budget instead of care in kind; across domains (integraal pgb) where a pool pays.
            pgb_pool = pl.pgb_integral and len(doms) > 1 and pool_can_pay
            plan = [cat.personal if pgb_pool or cat.kind[p] in ("tailored", "cross_domain") else p for p in plan]
            rec[R.PERSONAL] = cat.personal in plan
            if rec[R.PERSONAL]:
                st.steps.extend((rec[R.CASE_ID], now, _K["personal_budget"], NONE, cat.personal, NONE, 0, NONE,
                                 _R["across"] if pgb_pool else _R["in_kind"], NAN, share))
    return plan, pgb_pool


def _decided(st: State, rec: list, doms: list[int], rules: list[tuple[str, float]]) -> None:
    """The decision is taken now: within the legal term of the case's domains or past it. A
    decision past the term is noted with its cause when a button (its delay) or a rule (desks in
    turn, the hardship clause, a referral check: `rules`) took days; for an entitled domain the
    days past the term that a rule caused are legal exposure (a button's days are counted as
    exposure by the button's own step). Past the term with no such cause is the ordinary pace of
    the office: counted in the share decided within the term, not as exposure."""
    law, now = st.law, st.env.now
    term = term_of(law.term, doms)
    overrun = past_term(now - rec[R.ARRIVAL], term)
    rec[R.IN_TERM] = overrun <= 0  # `within_term`: a float difference has the sign of the exact one
    if overrun <= 0:
        return
    steps, cid = st.steps, rec[R.CASE_ID]
    if rec[R.DELAY_DAYS] > 0:
        steps.extend((cid, now, _K["decision"], NONE, NONE, NONE, 0, NONE, _R["button"],
                      min(overrun, rec[R.DELAY_DAYS]), term))
    caused = 0.0
    for rule, days in rules:
        if days > 0:
            steps.extend((cid, now, _K["decision"], NONE, NONE, NONE, 0, NONE, _R[rule], min(overrun, days), term))
            caused += days
    entitled = any(law.entitled[d] for d in doms)
    if caused > 0 and entitled:
        days = min(overrun, caused)
        rec[R.EXPOSED] = True
        rec[R.EXPOSURE_DAYS] += days
        steps.extend((cid, now, _K["exposure"], NONE, NONE, NONE, 0, NONE, _R["past_term"], days, term))


def _conditions(st: State, rec: list, doms: list[int], sevs: list[int], u, lu: list, plan: list[int], waits,
                case, rules: list[tuple[str, float]]) -> Generator:
    """What may stand between a plan and its grant, in this order: the hardship clause (a rule
    set aside, which takes days), a referral check (which may steer a light problem to the
    general provision), then the pressed buttons whose action acts before the grant (a waiting
list, an approval step). Returns the plan as it then is;
    the days the hardship clause and the referral check took are added to `rules`."""
    env, cat, steps, cid = st.env, st.cat, st.steps, rec[R.CASE_ID]
    pl = st.plan
    if pl.hardship_share and lu[U_HARDSHIP] < pl.hardship_share and any(cat.kind[p] == "general" for p in plan):
        # The hardship clause: the rule that steered this case to a general provision is set aside.
        for i, p in enumerate(plan):
            if cat.kind[p] == "general":
                steps.extend((cid, env.now, _K["hardship"], doms[i], cat.tailored[doms[i]], NONE, 0, NONE,
                              _R["general_set_aside"], pl.hardship_days, pl.hardship_share))
        plan = [cat.tailored[doms[i]] if cat.kind[p] == "general" else p for i, p in enumerate(plan)]
        rec[R.EXCEPTION] = True
        rules.append(("hardship", pl.hardship_days))
        yield env.timeout(pl.hardship_days)
    check = st.access.referral
    if check is not None and any(cat.kind[p] == "tailored" for p in plan):
        # A service desk checks the referral; it may steer a light problem to the general provision.
        t = env.now
        rules.append(("referral", check.days))
        yield env.timeout(check.days)
        before = plan
        plan = [cat.general[doms[i]] if (cat.kind[p] == "tailored" and sevs[i] == 1 and cat.general[doms[i]] is not None
                                         and u[doms[i]][U_CHECK] < check.steer_share) else p
                for i, p in enumerate(plan)]
        for i, p in enumerate(before):
            if cat.kind[p] == "tailored":
                steps.extend((cid, t, _K["referral_check"], doms[i], plan[i], NONE, 0, NONE,
                              _R["steered"] if plan[i] != p else _R["kept"], check.days, check.steer_share))
    for action, b in waits:
        yield from action.before_grant(case, b, plan)
    return plan


# --- 4. Grant --------------------------------------------------------------------------------------
def _items(st: State, rec: list, doms: list[int], sevs: list[int], z, plan: list[int], cut_share: float,
           entitled: bool, appeals: bool, now: float) -> tuple[list[tuple], bool]:
    """What each problem's care costs: its duration (prevention speeds it up, a cut shortens it),
    its daily rate or lump (a fee per result), its effectiveness and fit. A provision merged across
    problems is costed once, at the highest severity. Fewer hours than assessed on policy grounds
    (a dated intensity below 1) is unlawful for an entitled need, and won back on appeal.
    Returns (problem index, provision, duration, rate, lump, effectiveness, fit) per problem,
    and whether any care was reduced."""
    cat, law = st.cat, st.law
    speed, entitled_in = st.prevention.speed, law.entitled
    t = st.env.now  # when the steps below are noted (`now`, the plan's moment, dates the intensity)
    items = []
    merged_sev: dict[int, int] = {}
    if cat.merges:
        for i, p in enumerate(plan):
            if cat.merged[p]:
                merged_sev[p] = max(merged_sev.get(p, 0), sevs[i])
    done: set[int] = set()
    reduced = False
    for i, p in enumerate(plan):
        d = doms[i]
        dur = cat.duration(cat.costed_as(p, d), z[d][Z_DURATION]) * speed[d]
        if cut_share:
            if entitled:
                rec[R.EXPOSURE_DAYS] += dur * cut_share
                st.steps.extend((rec[R.CASE_ID], t, _K["exposure"], d, p, NONE, 0, NONE, _R["cut"],
                                 dur * cut_share, cut_share))
            dur *= 1 - cut_share
        intensity = cat.intensity[p].at(now)
        if intensity < 1.0 and entitled_in[d]:
            # Fewer hours than assessed, on policy grounds: unlawful for an entitled need.
            rec[R.EXPOSED] = True
            rec[R.EXPOSURE_DAYS] += dur * (1 - intensity)
            st.steps.extend((rec[R.CASE_ID], t, _K["exposure"], d, p, NONE, 0, NONE, _R["intensity"],
                             dur * (1 - intensity), intensity))
            if appeals:
                rec[R.APPEALED] = True
                st.steps.extend((rec[R.CASE_ID], t, _K["appeal"], d, p, NONE, 0, NONE, _R["intensity"], NAN,
                                 law.appeal_share))
                intensity = 1.0
        reduced = reduced or intensity < 1.0
        if p in done:  # a merged provision already covers this problem
            items.append((i, p, dur, 0.0, 0.0, cat.effectiveness[p] * intensity, cat.fit[p]))
            continue
        sev = merged_sev.get(p, sevs[i])
        fee = cat.result_fee[p]
        cost_factor = law.appeal_cost_factor if rec[R.APPEALED] else 1.0  # care after a won appeal costs more
        rate = 0.0 if fee is not None else _monthly(st, p, d, sev) * cost_factor * intensity / DAYS_PER_MONTH
        lump = 0.0 if fee is None else fee * _scale(st, p, sev) * cost_factor
        items.append((i, p, dur, rate, lump, cat.effectiveness[p] * intensity, cat.fit[p]))
        if cat.merged[p]:
            done.add(p)
    return items, reduced


def _grant(st: State, rec: list, res: int, doms: list[int], plan: list[int], items: list[tuple], providers, held,
           pgb_pool: bool, t_service: float) -> tuple[float, float, float, float, list[float]]:
    """Commit every item's care from now, paid as its domain's (the payer rule is the budgets',
    `Budgets.payer`) or, for a cross-domain plan or a pooled personal budget, by the pool.
    Returns the start of help, the wait (request to start, less the intake conversations), the
    day the last care ends, the summed fit and each problem's effectiveness."""
    env, cat = st.env, st.cat
    start = env.now
    wait = start - rec[R.ARRIVAL] - t_service
    closed = start
    fits = 0.0
    effectiveness = [0.0] * len(doms)
    for k, (i, p, dur, rate, lump, eff, fit) in enumerate(items):
        d = doms[i]
        if rate or lump:
            paid_as = None if cat.kind[p] == "cross_domain" or (pgb_pool and p == cat.personal) else d
            st.grant(rec[R.CASE_ID], p, paid_as, d, start, start + dur, rate, res,
                     providers[k] if providers is not None else 0, lump)
        if held is not None and held[k] is not None:
            env.timeout(dur).callbacks.append(lambda _e, desk=held[k]: desk.release())
        closed = max(closed, start + dur)
        fits += fit
        effectiveness[i] = min(1.0, max(0.0, eff))
    return start, wait, closed, fits, effectiveness


# --- 5. Outcome and follow-ups ---------------------------------------------------------------------
def _outcome(st: State, rec: list, res: int, gen: int, doms: list[int], sevs: list[int], u, z, missed: list[int],
             effectiveness: list[float], wait: float, integrated: bool, bonus: float, start: float, closed: float,
             fit: float, hit: bool, policy: str) -> None:
    """Each problem's outcome (a missed one counts as escalated), the follow-up episodes that
    come of it, and the resident's grade at closure."""
    o = st.outcome
    fragmented = rec[R.N_PROBLEMS] > 1 and not integrated
    outcomes = [ESCALATION] * len(missed)
    for i, d in enumerate(doms):
        ud = u[d]
        pr = resolve_chance(o.params, effectiveness[i], sevs[i], wait, fragmented, bonus)
        out = problem_outcome(o.params, pr, ud[U_RESOLVE], ud[U_FOLLOW])
        outcomes.append(out)
        follow_up(st, rec[R.CASE_ID], res, gen, d, sevs[i], out, start, closed, ud[U_FOLLOW_DELAY])
    state = case_outcome(outcomes)
    satisfaction = grade(o.satisfaction, fit, state == RESOLVED, wait, rec[R.N_INTAKES], False, hit,
                         z[doms[0]][Z_GRADE])  # the lead problem: a desk never misses the one presented
    _close(rec, start, closed, wait, policy, integrated, state, outcomes.count(ESCALATION), satisfaction)


def follow_up(st: State, case_id: int, res: int, gen: int, d: int, sev: int, out: str, now: float, closed: float,
              u_delay: float) -> None:
    """The follow-up rule: a problem that escalated or relapsed comes back as a new episode some
    time after its care ends (exponential, `outcome.followup_days` on average), one severity worse
    if it escalated, while the resident has episodes left and it falls within the horizon. `now`
    is the moment of the decision, `closed` the day the care ends. Used by the journey and by the
    day-0 caseload alike. The new episode's record says where it came from (`parent_case_id`,
    `origin`), so no step is noted for it."""
    if out in (ESCALATION, RELAPSE):
        o = st.outcome
        if gen + 1 < o.generations:
            after = closed - now - math.log(1.0 - u_delay) * o.followup_days
            if now + after < st.horizon:
                sev = min(3, sev + 1) if out == ESCALATION else sev
                st.spawn(res, gen + 1, [d], [sev], after, case_id, out)


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


def _scale(st: State, p: int, severity: int) -> float:
    return st.outcome.severity_cost[severity - 1] if st.cat.scaled[p] else 1.0


def _monthly(st: State, p: int, domain: int, severity: int) -> float:
    """Monthly cost of provision `p` for one problem: tailored care scales with severity, and a
    cross-domain plan costs its factor times the tailored care it replaces."""
    cat = st.cat
    q = cat.costed_as(p, domain)
    cost = cat.monthly_cost[q] * (st.outcome.severity_cost[severity - 1] if cat.scaled[q] else 1.0)
    return cost * cat.cost_factor[p]


# --- The lean path ---------------------------------------------------------------------------------
