"""`model.md`: the model and the compared scenarios under the STRESS-DES reporting headings.

Monks, Currie, Onggo, Robinson, Kunc and Taylor (2019), "Strengthening the reporting of empirical
simulation studies: Introducing the STRESS guidelines", Journal of Simulation 13(1), list what a
discrete-event study must report so that others can judge and repeat it. The scenario-specific
parts here are generated from the scenarios themselves (names, files, content hashes, sources,
the parameters that differ, the set-up of each arm), so the report cannot drift from what ran;
the description of the mechanism is short fixed text that follows `sim.journey` and
`sim.population`.
"""

from __future__ import annotations

import json
import platform
import sys
from importlib import metadata
from typing import Any, Callable

import yaml

from .._version import __version__
from ..study.compare import Comparison
from .labels import stopping
from .numbers import decimal, general
from ..policy.scenario import Domain, Scenario

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
# Fields that describe a scenario rather than set it: reported in sections 1 and 3.1, not in the diff.
DESCRIPTIVE = ("extends", "name", "name_nl", "description", "story", "story_nl", "sources", "source_text", "mechanism", "claim", "claims")
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


def model_md(c: Comparison) -> str:
    """The study described under the STRESS-DES headings, as Markdown.

    One part per top-level STRESS-DES heading, in its order, each a list of (numbered title,
    text) pairs: what is the same for every study is written in the part, what depends on the
    scenarios is worked out from them by the helpers further down. The merged scenarios follow
    as an appendix, so the description holds everything needed to rerun the study.
    """
    arms = c.arms
    notes = {a.label: _file_note(a.scenario) for a in arms}  # whether each file still holds what ran
    out: list[str] = [f"# Model description: {' vs '.join(a.label for a in arms)}", "",
                      f"Reported under the STRESS-DES headings ({CITATION}) Generated by ontschot {__version__} "
                      f"from the scenario files on {c.created}.", ""]
    parts = (_objectives(c), _logic(arms), _data(arms, notes), _experimentation(c), _implementation(c),
             _code_access(c, notes))
    for title, text in (section for part in parts for section in part):
        out += _heading(title, text)
    return "\n".join(out + _appendix(arms)).rstrip() + "\n"


Section = tuple[str, "str | list[str]"]  # a numbered STRESS-DES title and its text (one line or several)


def _heading(title: str, text: str | list[str]) -> list[str]:
    """A numbered title as a Markdown heading one level deeper per dot ("2.5.1" is ####), then its
    text and a blank line; a title without text (a heading over sub-headings) stands alone."""
    level = "#" * (1 + title.split()[0].count(".") + 1)
    body = text if isinstance(text, list) else [text]
    return [f"{level} {title}", ""] + (body + [""] if body and body != [""] else [])


def _objectives(c: Comparison) -> list[Section]:
    """1 Objectives: what the model is for, what it writes, and what this study compares."""
    arms = c.arms
    return [
        ("1 Objectives", ""),
        ("1.1 Purpose of the model", [
            "Ontschot simulates how the residents of a Dutch municipality who ask for help in the social domain "
            "(support at home, youth care, work and income, debt help) flow through its access points and get "
            "provisions paid from earmarked or pooled budgets, and what emergency buttons do to cost, waiting, "
            "satisfaction and legal exposure. It lets a council compare policies on the same residents.", "",
            *[f"- **{a.label}**: {a.name}. {_one_line(a.scenario.description)}" for a in arms]]),
        ("1.2 Model outputs", [
            "Per replication the model writes five tables: `cases` (one row per episode), `ledger` (every commitment "
            "and payment), `timeseries` (per month and budget), `events` (button presses and releases) and `summary` "
            "(docs/tables.md). The comparison reports, per scenario and against the first, these metrics with 95% "
            "intervals:", "",
            *[f"- `{m}` ({unit})" for m, unit in c.metrics()]]),
        ("1.3 Experimentation aims", [
            f"The study compares {len(arms)} scenarios against the first, **{arms[0].label}**, on common random numbers: "
            "every scenario meets the same residents with the same luck, so a difference is the policy's effect.", "",
            *[f"- **{a.label}**: {_one_line(a.scenario.story) or _one_line(a.scenario.description) or a.name}"
              + (f" Claim: {_one_line(a.scenario.claim)}" if a.scenario.claim else "") for a in arms]]),
    ]


def _logic(arms: list) -> list[Section]:
    """2 Logic: the base model (the same for every study), then how these scenarios set it."""
    return [
        ("2 Logic", ""),
        ("2.1 Base model overview diagram", ["```text", DIAGRAM, "```"]),
        ("2.2 Base model logic", LOGIC),
        ("2.3 Scenario logic", _scenario_logic(arms)),
        ("2.4 Algorithms", _algorithms()),
        ("2.5 Components", ""),
        ("2.5.1 Entities", _entities(arms)),
        ("2.5.2 Activities", _activities(arms)),
        ("2.5.3 Resources", _resources(arms)),
        ("2.5.4 Queues", [
            "- Intake queues: one per desk (per domain) or integral team, first come first served, with as many servers "
            "as staff places.",
            "- Waiting list: cases held by a pressed `waitlist` or `close_intake` button wait for its release, or for a "
            "won appeal (entitled domains), whichever comes first.",
            "- Provider places: with `when_full: wait` a client waits for the first-choice provider's next free place "
            "(or the next budget year's ceiling), or for a won appeal.",
            "- The community provision has a capacity but no queue: a case that finds it full takes the normal route."]),
        ("2.5.5 Entry/exit points", [
            "- Entry: new requests (Poisson arrivals over the horizon, including latent demand that comes forward); the "
            "existing caseload, in care on day 0; follow-up episodes (a missed problem surfacing, a relapse, an "
            "escalation) of earlier episodes.",
            "- Exit: an episode closes when its last provision ends, or at a refusal; an episode still in care or "
            "waiting at the horizon is reported as `open`."]),
    ]


def _data(arms: list, notes: dict[str, str]) -> list[Section]:
    """3 Data: where the inputs come from, how files become a scenario, the parameters and assumptions."""
    return [
        ("3 Data", ""),
        ("3.1 Data sources", _sources(arms, notes)),
        ("3.2 Pre-processing", [
            "Scenario files are YAML read with a safe loader; a file may `extends:` a base, onto which it is deep-merged. "
            "The merged data are validated against the typed schema (`sim.scenario`) and cross-checked for "
            "contradictions. Absolute figures (caseloads, budgets, staff, places, ceilings, programme costs) set for "
            "`municipality.size_reference` residents are scaled to `municipality.residents`. The content hash is the "
            "SHA-256 of the merged, validated scenario, so it identifies the inputs whatever files they came from. "
            "Dated budgets are averaged day by day into one allocation per budget year."]),
        ("3.3 Input parameters", _inputs(arms)),
        ("3.4 Assumptions", _assumptions(arms)),
    ]


def _experimentation(c: Comparison) -> list[Section]:
    """4 Experimentation: the day-0 caseload instead of a warm-up, the run length, the number of replications."""
    arms, s0 = c.arms, c.arms[0].scenario
    return [
        ("4 Experimentation", ""),
        ("4.1 Initialisation", [
            "No warm-up period: the existing caseload is loaded on day 0, so the first year is not an empty start. "
            "Each client in care on day 0 gets the provision the day-0 policy would give, and a remaining duration "
            "drawn in steady state (a length-biased lognormal duration, of which a uniform share remains); care in "
            "progress that ends unresolved comes back as a follow-up episode.", "",
            _table(["domain", *[a.label for a in arms]],
                   [[d, *_per_domain(arms, d, lambda dm: _fmt(dm.initial_caseload))]
                    for d in _union(a.scenario.domains for a in arms)]),
            "", "Day-0 caseload (clients in care) per domain."]),
        ("4.2 Run length", [
            f"{s0.run.horizon_years} budget years of 365 days ({365 * s0.run.horizon_years} days; a council term is four "
            "years). Payments are booked per month of 365/12 days; care that runs past the horizon is committed but not "
            f"paid within it. Each scenario ran {c.replications} replications."]),
        ("4.3 Estimation approach", _estimation(c)),
    ]


def _implementation(c: Comparison) -> list[Section]:
    """5 Implementation: the software, how randomness is drawn (common random numbers), how it runs."""
    return [
        ("5 Implementation", ""),
        ("5.1 Software or programming language", _software()),
        ("5.2 Random sampling", [
            f"Seed {c.seed}. Replication r of every scenario draws its residents from `numpy.random.SeedSequence(seed, "
            "spawn_key=(r, purpose))`: one independent stream per purpose (arrivals, problem profiles, severity, places "
            "and age groups, decisions, normals, day-0 caseload), and streams of their own for each subgroup. Every "
            "random decision of a case (intake length, a missed problem, resolution, follow-up and its delay, "
            "community, access, appeal, provider, personal budget, hardship, prevention, referral check) reads a "
            "uniform drawn beforehand per (case, episode generation, domain); durations and grades read pre-drawn "
            "normals. The event loop draws no random numbers, so two scenarios run with one seed meet the same "
            "residents with the same luck (common random numbers), and a replication's tables do not depend on how "
            "many worker processes ran or in which order."]),
        ("5.3 Model execution", [
            "Discrete-event simulation in SimPy with the day as time unit: one process per episode; desks, teams and "
            "provider places are first-come-first-served pools of places. No event is spent on monthly payments or "
            "on polling: budgets keep a running spending rate, and buttons are evaluated when a case needs a decision. "
            "Replications run independently, in parallel worker processes where asked, each stored on its own; "
            "results are bit-identical for any number of workers."]),
        ("5.4 System specification", _system()),
    ]


def _code_access(c: Comparison, notes: dict[str, str]) -> list[Section]:
    """6 Code access: how to get the model and rerun this study."""
    return [
        ("6 Code access", ""),
        ("6.1 Computer model sharing statement", _sharing(c, notes)),
    ]


def _appendix(arms: list) -> list[str]:
    """Each arm's merged scenario as YAML, folded away: saved as a file, it loads to the hash above."""
    out = ["## Appendix: the merged scenarios", "",
           "Each arm's complete merged and validated scenario as it ran. Saved as a file, each block is a scenario "
           "file that loads to the content hash above.", ""]
    for a in arms:
        out += [f"<details><summary>{a.label} ({a.scenario.content_hash[:12]})</summary>", "", "```yaml",
                yaml.safe_dump(_dump(a.scenario), sort_keys=False, allow_unicode=True).rstrip(), "```", "",
                "</details>", ""]
    return out


# --- scenario-specific parts ---------------------------------------------------------------------
def _dump(s: Scenario) -> dict:
    return s.model_dump(mode="json", exclude={"extends"})


def tree(s: Scenario) -> dict[str, Any]:
    """The scenario's parameters as nested mappings, buttons keyed by name; descriptive fields left out."""
    d = {k: v for k, v in _dump(s).items() if k not in DESCRIPTIVE}
    d["buttons"] = {b["name"]: {k: v for k, v in b.items() if k != "name"} for b in d.get("buttons", [])}
    return d


_ABSENT = object()


def differing(scenarios: list[Scenario]) -> dict[str, list[Any]]:
    """Dotted paths whose values differ between the scenarios, with each one's value (None: absent).

    Mappings are compared key by key; a part that some arms lack altogether (a button, a provision)
    is one row holding the whole part. Dated values and other lists are compared whole.
    """
    out: dict[str, list[Any]] = {}

    def walk(values: list[Any], path: str) -> None:
        if all(isinstance(v, dict) for v in values):
            for k in _union(values):
                walk([v.get(k, _ABSENT) for v in values], f"{path}.{k}" if path else str(k))
        elif any(v != values[0] for v in values[1:]):
            out[path] = [None if v is _ABSENT else v for v in values]

    walk([tree(s) for s in scenarios], "")
    return out


def _scenario_logic(arms: list) -> list[str]:
    lines = []
    for a in arms:
        s = a.scenario
        mech = _one_line(s.mechanism)
        lines.append(f"- **{a.label}** ({s.name}): access {_dated(s.access.mode)}; policy {_dated(s.plan.policy)}; "
                     f"pooled share {_dated(s.budget.pooled_share)}; {len(s.buttons)} emergency button"
                     f"{'' if len(s.buttons) == 1 else 's'}." + (f" Mechanism: {mech}" if mech else ""))
    diff = differing([a.scenario for a in arms])
    lines.append("")
    if not diff:
        lines.append("No parameters differ between the arms: they are the same scenario (up to their names and "
                     "descriptions), so every paired difference is zero by common random numbers.")
        return lines
    lines += [f"The parameters that differ between the arms ({len(diff)} dotted field paths; `-` means the arm does "
              "not have the field; descriptive fields such as name and story are left out):", "",
              _table(["parameter", *[a.label for a in arms]],
                     [[f"`{p}`", *["-" if v is None else _fmt(v) for v in vals]] for p, vals in diff.items()])]
    return lines


def _algorithms() -> list[str]:
    return [
        "- Arrivals: per group of residents, the number of requests is Poisson with mean rate x horizon, and their "
        "days are uniform over the horizon (a homogeneous Poisson process); rate = residents / 1,000 x total "
        "incidence / mean problems per case / 365, times (1 + latent share).",
        "- Problem profile: the presenting domain in proportion to incidence; with chance "
        "`population.multi_problem_share` 1 to `max_problems` - 1 extra domains, drawn without replacement in "
        "proportion to `population.co_occurrence` (Gumbel top-k); severity 1-3 from each domain's shares.",
        "- Intake lengths are exponential and follow-up delays exponential, by inversion of pre-drawn uniforms; care "
        "durations are lognormal with mu = ln(mean) - s^2/2 and s^2 = ln(1 + cv^2).",
        "- Resolution chance = effectiveness x (1 - severity_penalty x (severity - 1)) x (1 - fragmentation_penalty, "
        "if several problems without one integral plan) x max(0, 1 - wait_penalty_per_100_days x wait / 100), plus "
        "the discretion bonus, clipped to [0, 1]. An unresolved problem escalates with chance `escalation_share`, "
        "relapses with `relapse_share`, else stays unresolved; a case's outcome is its worst problem's.",
        "- Grade = base + mean fit + resolved (if all resolved) + per_wait_month x wait / 30 + per_extra_intake x "
        "(intakes - 1) + refused + button_delay + noise_sd x z, clipped to [1, 10].",
        "- Budgets keep a running spending rate per budget (a grant raises it until the grant ends), so spending to "
        "date, outstanding commitments and projected year-end spending are exact at any moment.",
        "- Button metrics: `spent_share` = spent this year / pro-rata allocation; `committed_share` = (spent + "
        "outstanding commitments) / year's allocation; `projected_share` = projected year-end spending / year's "
        "allocation; `waitlist` = cases held. Pressed at `fire` or above, released below `release` (hysteresis).",
        "- Day-0 caseload: a client's full duration is drawn length-biased (lognormal with mu + s^2), and a uniform "
        "share of it remains."]


def _entities(arms: list) -> list[str]:
    lines = [
        "- **Case (episode)**: one request for help: arrival day, resident, neighbourhood, age group, subgroup, one "
        "or more (domain, severity 1-3) problems, the presenting domain first, and pre-drawn luck. A resident's "
        "follow-up episodes share the resident id and point at their parent episode.",
        "- **Grant**: a provision for one problem: provider, paying budget, start, end, daily rate or one-off amount.",
        "- **Budget**: one per domain (earmarked) and a pool (or one pot per neighbourhood), each with a yearly "
        "allocation.",
        "", "New requests per 1,000 residents a year and open-ended entitlement per domain:", "",
        _table(["domain", *[f"{a.label}: incidence" for a in arms], *[f"{a.label}: entitled" for a in arms]],
               [[d, *_per_domain(arms, d, lambda dm: _fmt(dm.incidence)),
                 *_per_domain(arms, d, lambda dm: "yes" if dm.entitled else "no")]
                for d in _union(a.scenario.domains for a in arms)]),
        "",
        _per_arm("population", arms, [
            ("residents", lambda s: _fmt(s.municipality.residents)),
            ("neighbourhoods", lambda s: _fmt(s.municipality.neighbourhoods)),
            ("multi-problem share", lambda s: _fmt(s.population.multi_problem_share)),
            ("most problems per case", lambda s: _fmt(s.population.max_problems)),
            ("latent demand per registered case", lambda s: _fmt(s.population.latent_share)),
            ("subgroups", lambda s: ", ".join(s.population.subgroups) or "none"),
        ])]
    return lines


def _activities(arms: list) -> list[str]:
    return [
        "- Intake at a desk: exponential with mean `domains.<d>.intake_days`; at the integral team: exponential with "
        "mean `access.integral_intake_days` plus `access.integral_extra_per_problem` per extra problem.",
        "- Hand-off between desks: `access.handoff_days` (fixed).",
        "- Care: a provision's duration is lognormal with mean `duration_days` and coefficient of variation "
        "`duration_cv` (a cross-domain plan or personal budget takes the tailored care's), shortened by prevention's "
        "outflow speed-up and by an `intensity_cut` button.",
        "- Fixed delays: approval (`approval_days`), hardship decision (`plan.hardship_days`), referral check "
        "(`access.referral_check.days`), a won appeal (`law.appeal_days`).",
        "- Follow-up delays: exponential with mean `outcome.followup_days` after the care ends (relapse, escalation), "
        "or `access.missed_surface_days` (a missed problem).", "",
        _per_arm("access", arms, [
            ("mode", lambda s: _dated(s.access.mode)),
            ("hand-off days", lambda s: _fmt(s.access.handoff_days)),
            ("chance a desk misses a problem", lambda s: _fmt(s.access.miss_probability)),
            ("integral intake days", lambda s: _fmt(s.access.integral_intake_days)),
            ("community absorbs", lambda s: _dated(s.access.community_absorb)),
            ("latent uptake", lambda s: _dated(s.access.latent_uptake)),
        ])]


def _resources(arms: list) -> list[str]:
    doms = _union(a.scenario.domains for a in arms)
    rows = [[f"desk places: {d}", *_per_domain(arms, d, lambda dm: _fmt(dm.desk_staff))] for d in doms]
    rows.append(["integral team staff", *[f"{a.scenario.access.integral_staff} ({a.scenario.access.teams})" for a in arms]])
    provs = _union(a.scenario.provisions for a in arms)
    for p in provs:
        caps = [a.scenario.provisions[p].capacity if p in a.scenario.provisions else None for a in arms]
        if any(x is not None for x in caps):
            rows.append([f"places: {p}", *["-" if x is None else _fmt(x) for x in caps]])
        places = [sum(pv.capacity or 0 for pv in a.scenario.provisions[p].providers.values())
                  if p in a.scenario.provisions else 0 for a in arms]
        if any(places):
            rows.append([f"provider places: {p}", *[_fmt(x) if x else "-" for x in places]])
    return ["Staff places hold one intake each; desks and teams work every calendar day. Places of the community "
            "provision and of providers limit clients in care at once.", "",
            _table(["resource", *[a.label for a in arms]], rows)]


def _sources(arms: list, notes: dict[str, str]) -> list[str]:
    cited: dict[str, list[str]] = {}
    for a in arms:
        for src in a.scenario.sources:
            cited.setdefault(src, []).append(a.label)
    lines = [f"- {src} ({', '.join(labels)})" for src, labels in cited.items()] or ["- No sources are cited."]
    texts = [f"- {a.label}: source text `{a.scenario.source_text}`" for a in arms if a.scenario.source_text]
    files = [f"- **{a.label}**: `{a.scenario.path or '(not from a file)'}`, content hash `{a.scenario.content_hash}`"
             f"{notes[a.label]}" for a in arms]
    provs = [f"- {a.label}, provision `{p}`: {pr.source}" for a in arms for p, pr in a.scenario.provisions.items()
             if pr.source and pr.source != "assumption"]
    return (["Scenario files and their content hashes:", "", *files, "", "Sources cited by the scenarios "
             "(and which arms cite them):", "", *lines] + (["", *texts] if texts else [])
            + (["", "Sources given for provision figures:", "", *provs] if provs else [])
            + ["", "Each figure in the shipped scenario files carries its source in a comment, or says that it is "
               "an assumption to be discussed in a workshop."])


def _file_note(s: Scenario) -> str:
    """Whether the named file still holds the scenario that ran; if not, the appendix is the record."""
    from ..errors import ScenarioError
    from ..policy.loader import load_scenario

    if not s.path:
        return ""
    try:
        same = load_scenario(s.path).content_hash == s.content_hash
    except ScenarioError:
        return " (the file can no longer be read; the appendix holds the scenario that ran)"
    if same:
        return ""
    return (" (the file now hashes differently: the scenario was changed in code, e.g. rescaled, or the file was "
            "edited since; the appendix holds the scenario that ran)")


def _inputs(arms: list) -> list[str]:
    lines = []
    for a in arms:
        s = a.scenario
        lines += [f"**{a.label}** ({s.name}): {_fmt(s.municipality.residents)} residents, {s.run.horizon_years} years, "
                  f"access {_dated(s.access.mode)}, policy {_dated(s.plan.policy)}, pooled share "
                  f"{_dated(s.budget.pooled_share)}, underspend {s.budget.underspend}, initial reserve "
                  f"{_fmt(s.budget.initial_reserve)}" + (", neighbourhood pots" if s.budget.neighbourhood_pools else "")
                  + ".", "",
                  _table(["domain", "incidence", "entitled", "severity 1/2/3", "day-0 caseload", "budget (EUR/year)",
                          "desk places", "intake days"],
                         [[d, _fmt(dm.incidence), "yes" if dm.entitled else "no", "/".join(_fmt(x) for x in dm.severity),
                           _fmt(dm.initial_caseload), _dated(dm.budget), _fmt(dm.desk_staff), _fmt(dm.intake_days)]
                          for d, dm in s.domains.items()]), "",
                  _table(["provision", "kind", "domains", "EUR/month", "mean days", "effectiveness", "fit"],
                         [[p, pr.kind, _fmt(pr.domains), _fmt(pr.monthly_cost) if pr.monthly_cost is not None
                           else f"x{_fmt(pr.cost_factor)} tailored", _fmt(pr.duration_days) if pr.duration_days else "tailored's",
                           _fmt(pr.effectiveness), _fmt(pr.fit)] for p, pr in s.provisions.items() if pr.enabled]), ""]
        if s.buttons:
            lines += [_table(["button", "metric", "budget", "fire", "release", "action", "domains"],
                             [[b.name, b.metric, b.budget, _fmt(b.fire), _fmt(b.release), b.action, _fmt(b.domains)]
                              for b in s.buttons]), ""]
        else:
            lines += ["No emergency buttons.", ""]
    lines.append("Every other parameter is in the appendix; `ontschot schema --markdown` describes each field.")
    return lines


def _assumptions(arms: list) -> list[str]:
    lines = [
        "- Requests arrive as a Poisson process at a constant rate over the horizon; residents do not interact "
        "except through shared staff, places and budgets.",
        "- Desks and teams work every calendar day; queues are first come first served; intake lengths are "
        "exponential and care durations lognormal.",
        "- A provision's monthly cost is constant over its duration and scales with severity where "
        "`severity_scaled`; payments are booked per month of 365/12 days.",
        "- Resolution, follow-up and grade follow the linear rules of `outcome` and `satisfaction` "
        "(section 2.2); their coefficients are assumptions unless a scenario cites a figure.",
        "- Buttons are evaluated when a case needs a decision, so a press is recorded at the first decision after "
        "its threshold is crossed.",
        "- Wmo and youth care are open-ended entitlements: delaying, cutting or refusing their care for budget "
        "reasons counts as legal exposure, and a share of exposed cases appeal and win.", ""]
    for a in arms:
        assumed = [p for p, pr in a.scenario.provisions.items() if pr.enabled and (pr.source in (None, "assumption"))]
        lines.append(f"- **{a.label}**: provisions whose figures are an assumption or unsourced: "
                     f"{', '.join(assumed) or 'none'}.")
    return lines


def _estimation(c: Comparison) -> list[str]:
    base = c.arms[0].label
    lines = [f"Stopping rule: {stopping(c)}.", "",
             f"Replication r of each scenario is drawn from (seed {c.seed}, r). For every metric and scenario the "
             f"difference from {base} is taken replication by replication (paired, common random numbers); the "
             "report gives its mean and a 95% Student-t interval over replications (`sim.stats`), and each "
             "scenario's own mean with its 95% t-interval."]
    if c.precision is not None:
        lines += ["", f"Replications were added in rounds (at least 5) until every scenario's 95% intervals of total "
                  f"cost and mean grade had a half-width within {decimal(c.precision)}% of their mean, or the maximum "
                  "was reached; the rounds depend only on the results, not on the number of workers."]
    if c.reused:
        lines += ["", f"{c.reused} replications were read back from a store of earlier runs with the same scenario "
                  "hash, seed and package version."]
    return lines


def _software() -> list[str]:
    rows = [["Python", f"{platform.python_implementation()} {platform.python_version()}"], ["ontschot (sim)", __version__]]
    for pkg in ("simpy", "numpy", "pandas", "pyarrow", "pydantic", "pyyaml"):
        try:
            rows.append([pkg, metadata.version(pkg)])
        except metadata.PackageNotFoundError:
            rows.append([pkg, "not installed"])
    return ["Python, with SimPy for the event loop, NumPy for sampling, pandas and pyarrow for the tables "
            "and pydantic for the scenario schema.", "", _table(["software", "version"], rows)]


def _system() -> list[str]:
    import os

    return [_table(["item", "value"], [
        ["platform", platform.platform()], ["machine", platform.machine()],
        ["processor", platform.processor() or "-"], ["logical CPUs", str(os.cpu_count() or "-")],
        ["Python build", sys.version.replace("\n", " ")]]),
        "", "The machine that generated this description; the results do not depend on the number of workers."]


def _sharing(c: Comparison, notes: dict[str, str]) -> list[str]:
    try:
        licence = metadata.metadata("ontschot").get("License") or "see the package metadata"
    except metadata.PackageNotFoundError:
        licence = "see the package metadata"
    files = " ".join(a.scenario.path or f"<{a.label}>.yaml" for a in c.arms)
    how = (f"--precision {c.precision:g}" if c.precision is not None else f"--replications {c.replications}")
    changed = [label for label, note in notes.items() if note]
    caveat = ([f"The files of {', '.join(changed)} no longer hold the scenarios that ran (section 3.1): write the "
               "appendix's scenarios to files and name those instead."] if changed else [])
    return [f"The model is the Python package `ontschot` (import name `sim`), version {__version__}, licence {licence}. "
            "The scenario files are YAML; the content hashes above identify the exact inputs, and the appendix holds "
            "them whole. The study is repeated with:", "",
            "```sh", f"ontschot compare {files} --seed {c.seed} {how}", "```", *([""] + caveat if caveat else [])]


# --- formatting ----------------------------------------------------------------------------------
def _union(collections) -> list:
    """Keys in first-seen order over several mappings or lists."""
    seen: dict = {}
    for col in collections:
        for k in col:
            seen.setdefault(k, None)
    return list(seen)


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _fmt(v: Any) -> str:
    """A parameter value for a table cell: money with thousands separators, dated values as steps."""
    if isinstance(v, list) and v and all(isinstance(x, dict) and set(x) == {"from_day", "value"} for x in v):
        return _dated_json(v)
    if isinstance(v, bool) or v is None:
        return json.dumps(v)
    if isinstance(v, (int, float)):
        return general(v)
    if isinstance(v, (list, dict)):
        return json.dumps(_plain(v), separators=(", ", ": ")).replace("|", "\\|")
    return str(v).replace("|", "\\|").replace("\n", " ")


def _plain(v: Any) -> Any:
    """Dated values inside a mapping as their one value, or as 'x from day d, ...'."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list) and v and all(isinstance(x, dict) and set(x) == {"from_day", "value"} for x in v):
        return v[0]["value"] if len(v) == 1 else _dated_json(v)
    return v


def _dated(steps: list) -> str:
    """A dated field (a list of Step) in words: '0.5' or '0.5 from day 0, 1 from day 365'."""
    return _dated_json([{"from_day": s.from_day, "value": s.value} for s in steps])


def _dated_json(steps: list[dict]) -> str:
    if len(steps) == 1:
        return _fmt(steps[0]["value"])
    return ", ".join(f"{_fmt(s['value'])} from day {s['from_day']}" for s in steps)


def _per_arm(title: str, arms: list, rows: list[tuple[str, Callable[[Scenario], str]]]) -> str:
    """A table with one row per quantity and one column per arm."""
    return _table([title, *[a.label for a in arms]], [[name, *[get(a.scenario) for a in arms]] for name, get in rows])


def _per_domain(arms: list, d: str, get: Callable[[Domain], str]) -> list[str]:
    """One domain's value in each arm, '-' where the arm has no such domain."""
    return [get(a.scenario.domains[d]) if d in a.scenario.domains else "-" for a in arms]


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)
