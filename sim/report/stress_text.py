"""The fixed text of `model.md`: the STRESS-DES headings, the citation, the diagram and the base logic.

`sim.report.stress` fills these headings from the compared scenarios; what does not depend on
the scenarios (the reporting guideline's own structure, and the model's fixed logic in words
and as a diagram) is kept here, so the generator reads as the steps it takes.
"""

HEADINGS = [
    "1 Objectives", "1.1 Purpose of the model", "1.2 Model outputs", "1.3 Experimentation aims",
    "2 Logic", "2.1 Base model overview diagram", "2.2 Base model logic", "2.3 Scenario logic", "2.4 Algorithms",
    "2.5 Components", "2.5.1 Entities", "2.5.2 Activities", "2.5.3 Resources", "2.5.4 Queues", "2.5.5 Entry/exit points",
    "3 Data", "3.1 Data sources", "3.2 Pre-processing", "3.3 Input parameters", "3.4 Assumptions",
    "4 Experimentation", "4.1 Initialisation", "4.2 Run length", "4.3 Estimation approach",
    "5 Implementation", "5.1 Software or programming language", "5.2 Random sampling", "5.3 Model execution",
    "5.4 System specification",
    "6 Code access", "6.1 Computer model sharing statement",
]
CITATION = ("Monks T, Currie CSM, Onggo BS, Robinson S, Kunc M, Taylor SJE (2019). Strengthening the reporting of "
            "empirical simulation studies: Introducing the STRESS guidelines. Journal of Simulation 13(1), 55-67.")

DIAGRAM = """\
 request (Poisson arrivals; day-0 caseload; follow-up episodes)
    |
    v
 buttons at the door -- close_intake: hold until released (or a won appeal)
    |                 -- stricter_access: refuse, or send to the community provision
    v
 community provision? (simple, severity 1, room left) --yes--> community care --> outcome
    | no
    v
 access: desks in turn (queue, intake, hand-off; a desk may miss a problem)
         or one integral intake (integral team, or a desk with a bundled decision)
    |
    v
 plan: policy standard / maatwerk / discretion; personal budget; hardship clause; referral check
    |   buttons on the plan: standard_only, waitlist (hold), approval (days), intensity_cut
    v
 grant: provider (places, ceilings), paying budget (own domain, pool or pot); commitment,
    |   monthly payments in the ledger
    v
 outcome per problem: resolved / unresolved / relapse / escalated --> follow-up episode later
    |
    v
 grade (1-10) at closure; case closed when its last provision ends (open at the horizon)"""

LOGIC = """\
Time runs in days over `run.horizon_years` budget years of 365 days. Each request is one SimPy
process (an episode) that ends when its help is granted: payments follow from the grant's
start, monthly cost and duration, and are booked in the ledger after the run.

1. **Arrival.** New requests arrive at random over the horizon (Poisson per group of residents).
   Latent (hidden) demand comes forward only with the share `access.latent_uptake` (or a
   subgroup's outreach) in force on its day; prevention may stop a problem before it arises.
2. **At the door.** A pressed `close_intake` button holds the case until it is released; a
   pressed `stricter_access` button refuses a share of requests and sends a share to the
   community provision. A simple, light request (one problem, severity 1) goes to the community
   provision with the share `access.community_absorb` while it has room.
3. **Access.** With `access.mode: desks` the presenting domain's desk holds the first intake;
   every other problem is missed with chance `access.miss_probability` (it surfaces later, one
   severity worse, as its own episode) or heard at its own desk after a hand-off of
   `access.handoff_days`. With a bundled decision the first desk hears all problems in one
   longer intake. With `access.mode: integral` one team (or the team of the resident's
   neighbourhood) holds one intake for all problems. Each desk or team is a pool of staff
   places; a case that finds none free queues, first come first served.
4. **Plan.** The policy in force (`plan.policy`) picks one provision per problem: `standard` the
   general provision for problems up to `plan.standard_max_severity`, tailored care above it;
   `maatwerk` tailored care, or one cross-domain plan for several problems when a pool can pay;
   `discretion` as standard plus discretionary money from the pool for a multi-problem case.
   Personal budgets, the hardship clause, a referral check and merged provisions adjust the plan.
   Pressed buttons act here: `standard_only` (general provisions only), `waitlist` (the case waits
   for the release), `approval` (tailored care above an amount waits `approval_days`),
   `intensity_cut` (shorter care).
5. **Grant.** A provider is chosen by share, subject to places and yearly ceilings (extra care is
   contracted, or the client waits, when all are full). The own domain's budget pays under
   earmarking; the pool pays when `budget.pooled_share` is 1, and under partial pooling once the
   domain's projected spending reaches its year's allocation; cross-domain plans and
   discretionary money are paid by the pool.
6. **Law.** A button or budget rule that delays, cuts or refuses care for an entitled
   (open-ended) domain is legal exposure; a share `law.appeal_share` of exposed cases appeal and
   win after `law.appeal_days`, and their care is then paid at `law.appeal_cost_factor`.
7. **Outcome.** Each problem resolves with a chance from the provision's effectiveness, lowered by
   severity, waiting and (for a multi-problem case without one integral plan) fragmentation. An
   unresolved problem escalates or relapses as a new episode after an exponential delay, up to
   `outcome.max_generations` episodes per problem.
8. **Grade.** At closure the resident gives a grade from 1 to 10: a base, plus fit and
   resolution, minus waiting, extra intakes, refusal and a button's delay or cut, plus personal
   noise.
9. **Budgets.** Every commitment and monthly payment is a ledger row. At each year's end,
   overspend is covered from a reserve where there is one and is otherwise a deficit;
   underspend is returned or kept in the reserve. Emergency buttons read a budget metric with
   hysteresis (press at `fire`, release below `release`) whenever a case needs a decision."""
