"""Explaining one case: its journey, step by step, and why, from a result folder.

`ontschot explain RESULT_DIR CASE_ID` reads what a run or a comparison left on disk: the case's
row, the decisions its journey noted as it took them (the steps table, docs/tables.md), its
ledger rows, the button events and the scenario that ran. The why comes from the steps: which
desks, which hand-offs, which problem a desk missed, which button acted and how, why a budget
paid, which provider took the case. The scenario only adds context (a domain's label, a desk's
staff, a policy's meaning, a button's thresholds, the grade's points); where it is gone or
changed since the run, the text says so and leaves that context out. Only the rows of one case
are read (Parquet filters on case_id), so a two-million-row ledger is never loaded whole.

Both result layouts are understood (`sim.study.result_folder`).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Said, UsageError
from .explain_words import KIND, NOUNS, VALUES, WORDS
from .labels import part_label, provider_label, word
from ..model.record import exposure_causes
from ..study.result_folder import Source, read, scenario_of, sources
from ..policy.calendar import DAYS_PER_MONTH, horizon_days
from ..policy.actions import ACTIONS, DOOR as DOOR_STAGE, by_rule
from ..policy.scenario import Scenario

DOOR = tuple(r for a in ACTIONS if a.stage == DOOR_STAGE for r in a.step_rules())  # what a button at the door notes
LEDGER_COLUMNS = ["day", "budget", "domain", "provision", "provider", "amount", "kind"]
KEY = ["provision", "domain", "budget", "provider"]


@dataclass
class Grant:
    """One grant: its step (when, who pays and why) and what the ledger paid and committed for it."""

    provision: str
    domain: str
    budget: str
    provider: str
    start: float
    end: float
    monthly: float | None  # None for a lump
    lump: bool
    paid: float
    committed: float
    rule: str  # the payer rule, sim.model.budget.PAYER_RULES
    share: float  # the pooled share the rule read


def explain(result_dir: Path, case_id: int | None, replication: int = 0, scenario: str | None = None,
            lang: str = "en") -> str:
    """The journey of case `case_id` in plain words, per scenario of the result folder; without a
    case id, a few cases worth telling (`sim.report.worth_telling`)."""
    if lang not in ("en", "nl"):
        raise UsageError(Said("language '{lang}' is not supported; choose en or nl",
                              "taal '{lang}' wordt niet ondersteund; kies en of nl").format(lang=lang))
    found = sources(Path(result_dir), replication, scenario)
    if case_id is None:
        from .worth_telling import worth_telling

        return worth_telling(Path(result_dir), found, lang)
    sections, residents, absent = [], {}, []
    for src in found:
        text, res = _section(src, int(case_id), lang)
        if res is None:
            absent.append(text)
            continue
        sections.append(text)
        residents[src.label] = res
    if not sections:
        raise UsageError("; ".join(_section(src, int(case_id), lang)[0] for src in found))
    head = []
    if len(found) > 1:
        head.append(_fill(_w("crn", lang)))
        if len(set(residents.values())) > 1:
            who = ", ".join(f"{lab}: {res}" for lab, res in residents.items())
            head.append(_fill(_w("crn_differ", lang, case=case_id, who=who)))
    return "\n\n".join(head + sections + [_fill(a[:1].upper() + a[1:] + ".") for a in absent]) + "\n"


def _w(key: str, lang: str, **fmt: object) -> str:
    text = WORDS[key][lang]
    return text.format(**fmt) if fmt else text


def _v(value: str, lang: str) -> str:
    """A value of the cases table in words of the language (field values such as policies stay as they are)."""
    return VALUES.get(lang, {}).get(value, value)


def _fill(text: str, indent: str = "") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=" " * len(indent),
                         break_on_hyphens=False)


# --- one section ---------------------------------------------------------------------------------
def _section(src: Source, case_id: int, lang: str) -> tuple[str, int | None]:
    """One scenario's explanation and the resident it is about (None and a message if the case is absent)."""
    rows = read(src, "cases", [[("case_id", "==", case_id)], [("parent_case_id", "==", case_id)]])
    mine = rows[rows["case_id"] == case_id]
    if mine.empty:
        ids = read(src, "cases", columns=["case_id"])["case_id"]
        lo, hi = (int(ids.min()), int(ids.max())) if len(ids) else ("-", "-")
        return _w("absent", lang, case=case_id, rep=src.replication, label=src.label, lo=lo, hi=hi), None
    c = mine.iloc[0]
    steps = read(src, "steps", [[("case_id", "==", case_id)]])
    children = rows[rows["parent_case_id"] == case_id].sort_values("arrival_day")
    parent = None
    if int(c["parent_case_id"]) >= 0:
        got = read(src, "cases", [[("case_id", "==", int(c["parent_case_id"]))]])
        parent = got.iloc[0] if len(got) else None
    ledger = read(src, "ledger", [[("case_id", "==", case_id)]], LEDGER_COLUMNS)
    events = read(src, "events")
    s, why = scenario_of(src)
    horizon = horizon_days(s.run.horizon_years) if s is not None else float(read(src, "timeseries", columns=["day"])["day"].max())
    x = _Explainer(lang, s, horizon)
    name = s.title(lang) if s is not None else (src.manifest.get("scenario") or src.label)
    head = [_w("title", lang, case=case_id, rep=src.replication, label=src.label, name=name)]
    file = src.manifest.get("scenario_file") or "-"
    head.append(_w("provenance", lang, file=file, hash=str(src.manifest.get("scenario_hash", "-"))[:12],
                   seed=src.manifest.get("seed", "-")))
    if s is None:
        reason = _w("why_invalid", lang, problem=why.split(":", 1)[1]) if why.startswith("why_invalid") else _w(why, lang)
        head.append(_w("no_scenario", lang, file=file, why=reason))
    extra = (_w("subgroup", lang, g=part_label("subgroups", str(c["subgroup"]), s, lang)) if c["subgroup"] else "") + (_w("latent", lang) if c["latent"] else "")
    head.append(_w("resident", lang, res=int(c["resident_id"]), age=_v(c["age_group"], lang), nb=int(c["neighbourhood"]), extra=extra))
    told = x.steps(c, steps, _grants(steps, ledger), events, parent, children)
    body = [_fill(step, f"{k}. ") for k, step in enumerate(told, start=1)]
    total = _w("totals", lang, cost=x.eur(float(c["cost"])), committed=x.eur(float(c["committed"])))
    return "\n".join([_fill(h) for h in head] + [""] + body + ["", _fill(total)]), int(c["resident_id"])


def _grants(steps: pd.DataFrame, ledger: pd.DataFrame) -> list[Grant]:
    """The case's grants as its steps noted them, with what the ledger paid and committed for each.

    A grant's ledger rows are those of its provision, domain, budget and provider; should one
    case hold two grants alike in all four, the first one shows their sum.
    """
    noted = steps[steps["step"].isin(["grant", "lump"])]
    led = ledger[ledger["kind"].isin(["commitment", "payment"])].copy()
    for col in KEY:
        led[col] = led[col].astype(str)
    sums = {key: (float(g.loc[g["kind"] == "payment", "amount"].sum()), float(g.loc[g["kind"] == "commitment", "amount"].sum()))
            for key, g in led.groupby(KEY, sort=False)}
    out: list[Grant] = []
    for r in noted.itertuples():
        key = (str(r.provision), str(r.domain), str(r.budget), str(r.provider))
        paid, committed = sums.pop(key, (0.0, 0.0))
        lump = r.step == "lump"
        monthly = committed / r.days * DAYS_PER_MONTH if not lump and r.days > 0 else None
        out.append(Grant(*key, start=float(r.day), end=float(r.day + r.days), monthly=monthly, lump=lump, paid=paid,
                         committed=committed, rule=str(r.rule), share=float(r.value)))
    return out


class _Explainer:
    """Turns one case's rows into numbered steps, with the scenario where it is known."""

    def __init__(self, lang: str, s: Scenario | None, horizon: float):
        self.lang, self.s, self.h = lang, s, horizon
        self.cut = False  # an intensity cut that stood (no won appeal): a term of the grade
        self.noted = pd.DataFrame()  # the case's steps

    # formatting
    def num(self, x: float, digits: int = 1) -> str:
        from .numbers import number  # the report's one formatter: no '-0.0', a decimal comma in Dutch

        return number(x, digits, self.lang)

    def day(self, x: float) -> str:
        return self.num(x, 1)

    def eur(self, x: float) -> str:
        from .numbers import eur

        return eur(x, self.lang)

    def w(self, key: str, **fmt: object) -> str:
        return _w(key, self.lang, **fmt)

    def v(self, value: str) -> str:
        return _v(value, self.lang)

    def budget(self, name: str) -> str:
        if name == "pool":
            return self.w("budget_pool")
        if name == "total":
            return self.w("budget_total")
        if name.startswith("neighbourhood_"):
            return self.w("budget_pot", b=name.rsplit("_", 1)[-1])
        return self.w("budget_dom", b=self.dom(name))

    def dom(self, name: str) -> str:
        d = self.s.domains.get(name) if self.s is not None else None
        lab = (d.label_nl if self.lang == "nl" else d.label_en) if d is not None else None
        return name if not lab else lab if name.lower() in lab.lower() else f"{lab} ({name})"

    def doms(self, joined: str) -> str:
        """Domains as a list in words: 'A', 'A and B', 'A, B and C'."""
        names = [self.dom(d) for d in joined.split("+") if d]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + self.w("and") + names[-1]

    def prov(self, name: str) -> str:
        """A provision by its label in the reader's language ('discretion' is the discretionary money)."""
        if name == "discretion":
            return KIND["discretion"][self.lang]
        return part_label("provisions", name, self.s, self.lang)

    def provider_name(self, provision: str, name: str) -> str:
        return provider_label(provision, name, self.s, self.lang)

    def button_name(self, name: str) -> str:
        return part_label("buttons", name, self.s, self.lang)

    def count(self, n: int, noun: str) -> str:
        """'1 problem', '3 problems'; '3 problemen' in Dutch."""
        one, more = NOUNS[noun][self.lang]
        return f"{n} {one if n == 1 else more}"

    # the steps
    def steps(self, c: pd.Series, noted: pd.DataFrame, grants: list[Grant], events: pd.DataFrame,
              parent: pd.Series | None, children: pd.DataFrame) -> list[str]:
        """The numbered steps of one case, from its noted decisions (`noted`, the steps table)."""
        self.noted = noted
        cut = ((noted["step"] == "button") & (noted["rule"] == "intensity_cut")).any()
        self.cut = bool(cut) and not ((noted["step"] == "appeal") & (noted["rule"] == "cut")).any()
        buttons = noted[noted["step"] == "button"]
        door = buttons[buttons["rule"].isin(DOOR)]
        out = [self.arrival(c)]
        out += [self.button(r, events) for r in door.itertuples()]
        if not c["initial"]:
            out += self.access(c, noted)
        out += [self.button(r, events) for r in buttons[~buttons["rule"].isin(DOOR)].itertuples()]
        if buttons.empty and not c["initial"]:
            out.append(self.no_button(c, events))
        if not math.isnan(c["decision_day"]) and c["outcome"] != "refused" and c["policy"] and not c["initial"]:
            out.append(self.decision(c, noted))
        out += [self.referral(r) for r in noted[noted["step"] == "referral_check"].itertuples()]
        out += [self.provider(r) for r in noted[noted["step"] == "provider"].itertuples() if r.days > 0 or r.rule != "placed"]
        out += [self.grant(g) for g in grants] or ([self.w("no_grants")] if not c["initial"] else [])
        if c["legal_exposure"]:
            out.append(self.exposure(c, noted))
        out.append(self.outcome(c))
        if parent is not None:
            out.append(self.w("parent", p=int(parent["case_id"]), origin=self.v(parent["origin"]), doms=self.doms(parent["domains"]),
                              day=self.day(float(parent["arrival_day"]))))
        if len(children):
            items = [self.w("child", c=int(r.case_id), origin=self.v(r.origin), doms=self.doms(r.domains), day=self.day(r.arrival_day))
                     for r in children.itertuples()]
            out.append(self.w("children", list="; ".join(items)))
        else:
            out.append(self.w("no_children"))
        return out

    def arrival(self, c: pd.Series) -> str:
        """How the episode began: in care on day 0, in processing on day 0 (a request made before the
        term), or a request within the term, first or following another episode."""
        sev = int(c["max_severity"])
        if c["initial"]:
            return self.w("initial", arrival=self.day(float(c["arrival_day"])), doms=self.doms(c["domains"]), sev=sev)
        n = int(c["n_problems"])
        told = dict(arrival=self.day(float(c["arrival_day"])), doms=self.doms(c["domains"]), n=self.count(n, "problem"),
                    sev=sev, multi=self.w("multi") if n > 1 else "")
        if c["origin"] == "pipeline":
            return self.w("pipeline", **told)
        parent = int(c["parent_case_id"])
        # A problem on its way back on day 0 follows an episode that ended before the term (parent -1).
        key = f"o_{c['origin']}" + ("_before" if parent < 0 and c["origin"] != "new" else "")
        return self.w("arrival", origin=self.w(key, parent=parent) if key in WORDS else "", **told).rstrip()

    def access(self, c: pd.Series, noted: pd.DataFrame) -> list[str]:
        """Community provision, desks in turn with their hand-offs, or one intake, as noted; then the queues and missed problems."""
        community = noted[noted["step"] == "community"]
        if len(community):
            r = community.iloc[0]
            why = (self.w("community_button", b=self.button_name(r["button"] or self.button_of(noted, "redirected")))
                   if r["rule"] == "button"
                   else self.w("community_absorb", day=self.day(float(r["day"])), share=self.num(float(r["value"]), 2)))
            only = self.w("community_only") if int(c["n_problems"]) > 1 else ""
            return [self.w("community", day=self.day(float(r["day"])), why=why, only=only)]
        intakes = noted[noted["step"] == "intake"]
        pending = math.isnan(c["decision_day"])
        if c["origin"] == "pipeline":  # its intake was before day 0 (said on arrival); only its decision can be pending
            return [self.w("pending", h=self.day(self.h), where=self.w("pending_plan"))] if pending else []
        if intakes.empty:
            if c["outcome"] == "refused" or not pending:
                return []
            return [self.w("pending", h=self.day(self.h), where=self.w("pending_access"))]
        days = self.day(float(c["access_days"])) if not math.isnan(c["access_days"]) else "?"
        where = str(intakes["rule"].iloc[0])
        first = str(intakes["domain"].iloc[0])
        if where == "desk":
            seen = intakes["domain"].astype(str).tolist()
            route = [self.w("desk_first", d=self.dom(seen[0]))] + [self.w("desk_next", d=self.dom(d)) for d in seen[1:]]
            handoffs = noted[noted["step"] == "handoff"]
            ho = "" if handoffs.empty else self.w("handoffs", k=self.count(len(handoffs), "handoff"),
                                                  h=self.day(float(handoffs["days"].iloc[0])))
            steps = [self.w("desks", route=", ".join(route), n=self.count(len(intakes), "intake"), days=days, handoffs=ho)]
            staff = self.staff(seen, team=False)
        elif where == "bundled":
            steps = [self.w("bundled", d=self.dom(first), n=int(c["n_problems"]), days=days)]
            staff = self.staff([first], team=False)
        else:
            per = self.s is not None and self.s.access.teams == "per_neighbourhood"
            team = self.w("team_of", nb=int(c["neighbourhood"])) if per else ""
            steps = [self.w("integral", team=team, days=days)]
            staff = self.staff([], team=True)
        wait = float(intakes["days"].sum())
        steps.append(self.w("queue", w=self.day(wait), staff=staff) if wait >= 0.05 else self.w("queue_none"))
        missed = noted[noted["step"] == "missed"]
        if len(missed):
            steps.append(self.w("missed", k=self.count(len(missed), "problem"),
                                which=self.w("missed_which", doms=self.doms("+".join(missed["domain"].astype(str)))),
                                chance=self.w("missed_chance", p=self.num(float(missed["value"].iloc[0]), 2)),
                                later=self.w("missed_later")))
        if math.isnan(c["decision_day"]):
            steps.append(self.w("pending", h=self.day(self.h), where=self.w("pending_plan")))
        return steps

    @staticmethod
    def button_of(noted: pd.DataFrame, rule: str) -> str:
        got = noted.loc[(noted["step"] == "button") & (noted["rule"] == rule), "button"]
        return str(got.iloc[0]) if len(got) else "?"

    def staff(self, seen: list[str], team: bool) -> str:
        s = self.s
        if s is None:
            return self.w("staff_unknown")
        if team:
            k = s.access.integral_staff
            if s.access.teams == "per_neighbourhood":
                k = max(1, k // s.municipality.neighbourhoods)
            return self.w("staff_team", k=k, m=self.num(s.access.integral_intake_days, 2))
        parts = []
        for d in seen:
            dom = s.domains[d]
            parts.append(self.w("staff_desk", d=self.dom(d), k=self.count(dom.desk_staff, "intake"), m=self.num(dom.intake_days, 2)))
        return "; ".join(parts)

    def decision(self, c: pd.Series, noted: pd.DataFrame) -> str:
        s, policy = self.s, c["policy"]
        if policy == "standard":
            meaning = self.w("p_standard", sev=s.plan.standard_max_severity if s else "1")
        elif policy == "discretion":
            meaning = self.w("p_discretion", max=self.eur(s.plan.discretion_max) if s else "?")
        elif policy == "maatwerk":
            meaning = self.w("p_maatwerk")
        else:
            meaning = word("policy", policy, self.lang) if policy else "-"
        plan = ""
        if int(c["n_problems"]) > 1:
            plan = self.w("integrated") if c["integrated"] else self.w("fragmented")
        waited = (self.w("waited_pipeline", w=self.day(float(c["wait_days"])), due=self.day(float(c["arrival_day"])))
                  if c["origin"] == "pipeline" else self.w("waited", w=self.day(float(c["wait_days"]))))
        text = self.w("decision", day=self.day(float(c["decision_day"])), policy=word("policy", policy, self.lang) if policy
                      else "-", meaning=meaning, plan=plan, waited=waited)
        hardship = noted[noted["step"] == "hardship"]
        if len(hardship):
            text += self.w("exception", doms=self.doms("+".join(hardship["domain"].astype(str))),
                           d=self.day(float(hardship["days"].iloc[0])))
        pool = noted[noted["step"] == "pool"]
        if len(pool):  # the pool had no room this budget year for the cross-domain or discretionary extra
            text += self.w("pool_refused", prov=self.prov(str(pool["provision"].iloc[0])) if pool["provision"].iloc[0] else "-",
                           room=self.eur(max(0.0, float(pool["value"].iloc[0]))))
        pgb = noted[noted["step"] == "personal_budget"]
        if len(pgb):
            text += self.w("personal") + (self.w("personal_across") if pgb["rule"].iloc[0] == "across" else "")
        return text

    def referral(self, r) -> str:
        return self.w("referral_steered" if r.rule == "steered" else "referral_kept", dom=self.dom(str(r.domain)),
                      d=self.day(float(r.days)), prov=self.prov(str(r.provision)))

    def provider(self, r) -> str:
        what = {"placed": "provider_waited", "appeal": "provider_appeal"}.get(r.rule, "provider_extra")
        return self.w(what, prov=self.prov(str(r.provision)), dom=self.dom(str(r.domain)),
                      p=self.provider_name(str(r.provision), str(r.provider)), d=self.day(float(r.days)))

    def grant(self, g: Grant) -> str:
        s = self.s
        kind = "discretion" if g.provision == "discretion" else (
            s.provisions[g.provision].kind if s is not None and g.provision in s.provisions else None)
        kind_text = f" ({KIND[kind][self.lang]})" if kind else ""
        provider = ("" if not g.provider else self.w("extra") if g.provider == "extra_contracted"
                    else self.w("provider", p=self.provider_name(g.provision, g.provider)))
        common = dict(prov=self.prov(g.provision), kind=kind_text, dom=self.dom(g.domain), start=self.day(g.start),
                      budget=self.budget(g.budget), why=self.payer_reason(g), provider=provider, paid=self.eur(g.paid))
        committed = self.w("of_committed", c=self.eur(g.committed)) if g.committed > g.paid + 0.005 else ""
        if g.lump:
            return self.w("grant_lump", **common)
        if g.monthly is None:
            return self.w("grant_short", committed=committed, **common)
        end = self.day(g.end) if g.end <= self.h + 1e-9 else self.w("beyond", day=self.day(g.end), h=self.day(self.h))
        return self.w("grant", end=end, monthly=self.eur(g.monthly), committed=committed, **common)

    def payer_reason(self, g: Grant) -> str:
        """Why this budget paid: the payer rule the grant noted, with the pooled share it read."""
        share = self.num(g.share, 2) if not math.isnan(g.share) else ""
        return {"across": self.w("why_across"), "earmarked": self.w("why_earmarked"),
                "pooled": self.w("why_pooled", share=share, day=self.day(g.start)),
                "own_budget": self.w("why_own_first", share=share),
                "spoken_for": self.w("why_spoken_for", share=share, d=self.dom(g.domain))}.get(g.rule, "")

    def button(self, r, events: pd.DataFrame) -> str:
        """One button's act, as noted, and the press behind it from the events table."""
        b, rule = str(r.button), str(r.rule)
        spec = next((x for x in self.s.buttons if x.name == b), None) if self.s is not None else None
        d = self.day(float(r.days)) if not math.isnan(r.days) else "0.0"
        action = by_rule(ACTIONS).get(rule)  # the action tells its own step (`sim.policy.actions`)
        what = action.story(rule, d, float(r.value), self) if action is not None else word("action", rule, self.lang)
        mine = events[events["button"] == b].sort_values("day")
        presses = mine[(mine["kind"] == "press") & (mine["day"] <= float(r.day) + 1e-6)]
        if presses.empty:
            press = self.w("no_press", day=self.day(float(r.day)))
        else:
            p = presses.iloc[-1]
            rel = mine[(mine["kind"] == "release") & (mine["day"] > p["day"])]
            release = (self.w("released", day=self.day(float(rel["day"].iloc[0]))) if len(rel)
                       else self.w("not_released"))
            fire = (self.w("fire", f=self.num(spec.fire, 2), r=self.num(spec.release, 2)) if spec is not None else "")
            press = self.w("press", day=self.day(float(p["day"])), metric=word("metric", p["metric"], self.lang),
                           budget=self.budget(str(p["budget"])),
                           value=self.num(float(p["value"]), 3), fire=fire, release=release)
        return self.w("button", b=self.button_name(b), what=what, press=press)

    def noted_step(self, step: str, rule: str) -> bool:
        """Whether the case's steps note a step of this kind with this rule (a won appeal, say)."""
        noted = self.noted
        return bool(((noted["step"] == step) & (noted["rule"] == rule)).any())

    def standard_max_severity(self) -> int | str:
        """The plan's own rule's heaviest problem for a general provision, '?' without the scenario."""
        return self.s.plan.standard_max_severity if self.s is not None else "?"

    def no_button(self, c: pd.Series, events: pd.DataFrame) -> str:
        """No button is noted; for a case still waiting, say which buttons could be holding it."""
        if not math.isnan(c["decision_day"]) or events.empty:
            return self.w("no_button")
        last = events.sort_values("day").groupby("button", sort=False).tail(1)
        held = last[(last["kind"] == "press") & last["action"].isin([a.name for a in ACTIONS if a.holds])]
        if held.empty:
            return self.w("no_button")
        return self.w("button_pending", list=", ".join(f"'{self.button_name(str(r.button))}' ({word('action', r.action, self.lang)})"
                                                       for r in held.itertuples()))

    def exposure(self, c: pd.Series, noted: pd.DataFrame) -> str:
        """Legal exposure: the cause it counts under (the model's rule, `record.exposure_causes`: its first
        exposure step's), each exposure the journey noted, and the appeal if one was won."""
        rows = noted[noted["step"] == "exposure"]
        causes = [self.w(f"x_{r.rule}", d=self.day(float(r.days))) for r in rows.itertuples() if f"x_{r.rule}" in WORDS]
        cause = exposure_causes(rows["case_id"].tolist(), rows["rule"].tolist()).get(int(c["case_id"]))
        factor = self.w("appeal_factor", f=self.num(self.s.law.appeal_cost_factor, 2)) if self.s is not None else ""
        return (self.w("exposure", d=self.day(float(c["exposure_days"])), causes="; ".join(causes),
                       cause=word("exposure_cause_said", cause, self.lang) if cause else "-")
                + (self.w("appealed", factor=factor) if c["appealed"] else ""))

    def outcome(self, c: pd.Series) -> str:
        o = c["outcome"]
        k = int(c["n_escalated"])
        state = self.w(f"out_{o}", k=self.count(k, "problem"),
                       h=self.day(self.h)) if f"out_{o}" in WORDS else o
        closed = "" if o == "open" or math.isnan(c["closed_day"]) else self.w("closed", day=self.day(float(c["closed_day"])))
        g = c["satisfaction"]
        if isinstance(g, float) and math.isnan(g):
            grade = self.w("no_grade")
        elif c["initial"]:
            grade = self.w("initial_grade", g=self.num(float(g), 1))
        else:
            grade = self.w("grade", g=self.num(float(g), 1), terms=self.grade_terms(c))
        return self.w("outcome", outcome=state, closed=closed, grade=grade)

    def grade_terms(self, c: pd.Series) -> str:
        """The grade's recorded terms (sim.model.outcome.grade), with the scenario's points."""
        s = self.s
        if s is None:
            return ""
        sat = s.satisfaction
        terms = []

        def pts(v: float) -> str:
            return f"({'+' if v >= 0 else '-'}{self.num(abs(v), 2)})"

        if c["outcome"] == "resolved":
            terms.append(self.w("t_resolved", v=pts(sat.resolved)))
        wait = float(c["wait_days"])
        if wait > 0.05:
            terms.append(self.w("t_wait", d=self.day(wait), v=pts(sat.per_wait_month * wait / 30)))
        extra = max(0, int(c["n_intakes"]) - 1)
        if extra:
            terms.append(self.w("t_intakes", k=self.count(extra, "extra_intake"),
                                v=pts(sat.per_extra_intake * extra)))
        if c["outcome"] == "refused":
            terms.append(self.w("t_refused", v=pts(sat.refused)))
        if float(c["delay_days"]) > 0 or self.cut or c["outcome"] == "refused":
            terms.append(self.w("t_button", v=pts(sat.button_delay)))
        return self.w("grade_terms", terms=", ".join(terms)) if terms else ""
