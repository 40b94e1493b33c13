"""Explaining one case: its journey, step by step, and why, from a result folder.

`ontschot explain RESULT_DIR CASE_ID` reads what a run or a comparison left on disk: the case's
row, its ledger rows, the button events and the scenario file named in the manifest. It reads
only the columns and rows it needs (Parquet filters on case_id), so a two-million-row ledger is
never loaded whole. Each step says why, as far as the tables and the scenario tell; where the
scenario file is gone or changed since the run, the text rests on the tables alone and says so.

Both result layouts are understood (`sim.result_folder`).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from .explain_words import KIND, NOUNS, VALUES, WORDS
from ..model.ledger import MONTH
from ..study.result_folder import Source, read, scenario_of, sources
from ..policy.scenario import Scenario
from ..policy.timeline import Timeline

DOOR = ("close_intake", "stricter_access")  # buttons that act before the intake
LEDGER_COLUMNS = ["day", "budget", "domain", "provision", "provider", "amount", "kind"]


@dataclass
class Grant:
    """One grant as the ledger shows it: its commitment row and its payment rows."""

    provision: str
    domain: str
    budget: str
    provider: str
    start: float
    end: float | None  # None when the ledger cannot tell (care that ended within its first month)
    monthly: float | None
    lump: bool
    paid: float
    committed: float


def explain(result_dir: Path, case_id: int, replication: int = 0, scenario: str | None = None,
            lang: str = "en") -> str:
    """The journey of case `case_id` in plain words, per scenario of the result folder."""
    if lang not in ("en", "nl"):
        raise UsageError(f"language '{lang}' is not supported; choose en or nl")
    found = sources(Path(result_dir), replication, scenario)
    sections, residents, absent = [], {}, []
    for src in found:
        text, res = _section(src, int(case_id), lang)
        if res is None:
            absent.append(text)
            continue
        sections.append(text)
        residents[src.label] = res
    if not sections:
        raise UsageError("; ".join(_section(src, int(case_id), "en")[0] for src in found))
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
    children = rows[rows["parent_case_id"] == case_id].sort_values("arrival_day")
    parent = None
    if int(c["parent_case_id"]) >= 0:
        got = read(src, "cases", [[("case_id", "==", int(c["parent_case_id"]))]])
        parent = got.iloc[0] if len(got) else None
    ledger = read(src, "ledger", [[("case_id", "==", case_id)]], LEDGER_COLUMNS)
    events = read(src, "events")
    s, why = scenario_of(src)
    horizon = 365.0 * s.run.horizon_years if s is not None else float(read(src, "timeseries", columns=["day"])["day"].max())
    x = _Explainer(lang, s, horizon)
    name = src.manifest.get("scenario") or src.label
    head = [_w("title", lang, case=case_id, rep=src.replication, label=src.label, name=name)]
    file = src.manifest.get("scenario_file") or "-"
    head.append(_w("provenance", lang, file=file, hash=str(src.manifest.get("scenario_hash", "-"))[:12],
                   seed=src.manifest.get("seed", "-")))
    if s is None:
        reason = _w("why_invalid", lang, problem=why.split(":", 1)[1]) if why.startswith("why_invalid") else _w(why, lang)
        head.append(_w("no_scenario", lang, file=file, why=reason))
    extra = (_w("subgroup", lang, g=c["subgroup"]) if c["subgroup"] else "") + (_w("latent", lang) if c["latent"] else "")
    head.append(_w("resident", lang, res=int(c["resident_id"]), age=_v(c["age_group"], lang), nb=int(c["neighbourhood"]), extra=extra))
    steps = x.steps(c, _grants(ledger, c), events, parent, children)
    body = [_fill(step, f"{k}. ") for k, step in enumerate(steps, start=1)]
    total = _w("totals", lang, cost=x.eur(float(c["cost"])), committed=x.eur(float(c["committed"])))
    return "\n".join([_fill(h) for h in head] + [""] + body + ["", _fill(total)]), int(c["resident_id"])


def _grants(ledger: pd.DataFrame, c: pd.Series) -> list[Grant]:
    """Rebuild the case's grants from its commitment and payment rows.

    A grant is one (provision, domain, budget, provider): its commitment is booked on its first
    day, and its payments at month ends. A payment for a month the care ran through to its end
    is the daily rate times those days, which gives the monthly cost and, with the commitment,
    the last day of care.
    """
    out: list[Grant] = []
    if ledger.empty:
        return out
    led = ledger[ledger["kind"].isin(["commitment", "payment"])].copy()
    for col in ("provision", "domain", "budget", "provider"):
        led[col] = led[col].astype(str)
    for key, g in led.groupby(["provision", "domain", "budget", "provider"], sort=False):
        com = g[g["kind"] == "commitment"]
        pay = g[g["kind"] == "payment"].sort_values("day")
        start = float(com["day"].min()) if len(com) else float(pay["day"].min())
        committed, paid = float(com["amount"].sum()), float(pay["amount"].sum())
        lump = len(pay) == 1 and abs(float(pay["day"].iloc[0]) - start) < 1e-9
        rate = None
        days, amounts = pay["day"].to_numpy(float), pay["amount"].to_numpy(float)
        for i in range(len(pay)):
            runs_on = i < len(pay) - 1 or paid < committed - 0.005  # care continued past this payment's day
            span = days[i] - max(start, days[i] - MONTH)
            if runs_on and span > 1e-6:
                rate = amounts[i] / span
                break
        end = start + committed / rate if rate else None
        out.append(Grant(*key, start=start, end=start if lump else end, monthly=rate * MONTH if rate else None,
                         lump=lump, paid=paid, committed=committed))
    unknown = [g for g in out if g.end is None]
    known = [g.end for g in out if g.end is not None]
    closed = float(c["closed_day"])
    if len(unknown) == 1 and not math.isnan(closed) and all(e < closed - 1e-6 for e in known):
        g = unknown[0]  # the case closes when its last grant ends: this one
        if closed > g.start:
            g.end, g.monthly = closed, g.committed / (closed - g.start) * MONTH
    return sorted(out, key=lambda g: (g.start, g.domain))


class _Explainer:
    """Turns one case's rows into numbered steps, with the scenario where it is known."""

    def __init__(self, lang: str, s: Scenario | None, horizon: float):
        self.lang, self.s, self.h = lang, s, horizon
        self.granted: set[str] = set()
        self.act: str | None = None

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
            return self.w("budget_pot", b=name)
        return self.w("budget_dom", b=self.dom(name))

    def dom(self, name: str) -> str:
        d = self.s.domains.get(name) if self.s is not None else None
        lab = (d.label_nl if self.lang == "nl" else d.label_en) if d is not None else None
        return name if not lab else lab if name.lower() in lab.lower() else f"{lab} ({name})"

    def doms(self, joined: str) -> str:
        """Domains as a list in words: 'A', 'A and B', 'A, B and C'."""
        names = [self.dom(d) for d in joined.split("+") if d]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + self.w("and") + names[-1]

    def count(self, n: int, noun: str) -> str:
        """'1 problem', '3 problems'; '3 problemen' in Dutch."""
        one, more = NOUNS[noun][self.lang]
        return f"{n} {one if n == 1 else more}"

    # the steps
    def steps(self, c: pd.Series, grants: list[Grant], events: pd.DataFrame, parent: pd.Series | None,
              children: pd.DataFrame) -> list[str]:
        self.granted = {g.domain for g in grants}
        out = [self.arrival(c)]
        action = self.act = self.action(c, events)
        door = action in DOOR
        if door:
            out.append(self.button(c, events, action))
        if not c["initial"]:
            out += self.access(c, children, door)
        if c["button"] and not door:  # a button on the plan acts between the intake and the decision
            out.append(self.button(c, events, action))
        elif not c["button"] and not c["initial"]:
            out.append(self.no_button(c, events))
        if not math.isnan(c["decision_day"]) and c["outcome"] != "refused" and c["policy"] and not c["initial"]:
            out.append(self.decision(c))
        out += [self.grant(g, c) for g in grants] or ([self.w("no_grants")] if not c["initial"] else [])
        if c["legal_exposure"]:
            factor = self.w("appeal_factor", f=self.num(self.s.law.appeal_cost_factor, 2)) if self.s is not None else ""
            out.append(self.w("exposure", d=self.day(float(c["exposure_days"])))
                       + (self.w("appealed", factor=factor) if c["appealed"] else ""))
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
        sev = int(c["max_severity"])
        if c["initial"]:
            return self.w("initial", arrival=self.day(float(c["arrival_day"])), doms=self.doms(c["domains"]), sev=sev)
        n = int(c["n_problems"])
        parent = int(c["parent_case_id"])
        origin = self.w(f"o_{c['origin']}", parent=parent) if f"o_{c['origin']}" in WORDS else c["origin"]
        return self.w("arrival", arrival=self.day(float(c["arrival_day"])), doms=self.doms(c["domains"]),
                      n=self.count(n, "problem"), sev=sev,
                      multi=self.w("multi") if n > 1 else "", origin=origin)

    def access(self, c: pd.Series, children: pd.DataFrame, door: bool) -> list[str]:
        s, n_int, n = self.s, int(c["n_intakes"]), int(c["n_problems"])
        doms = c["domains"].split("+")
        arrival = float(c["arrival_day"])
        if math.isnan(c["decision_day"]) and math.isnan(c["access_days"]):
            return [self.w("pending", h=self.day(self.h), where=self.w("pending_access"))]
        if c["outcome"] == "refused" and n_int == 0:
            return []
        if n_int == 0:
            if door and c["button"]:
                why = self.w("community_button", b=c["button"])
            elif s is not None:
                why = self.w("community_absorb", day=self.day(arrival),
                             share=self.num(Timeline(s.access.community_absorb).at(arrival), 2))
            else:
                why = ""
            only = self.w("community_only") if int(c["n_problems"]) > 1 else ""
            return [self.w("community", day=self.day(float(c["decision_day"])), why=why, only=only)]
        mode = Timeline(s.access.mode).at(arrival) if s is not None else None
        when = self.w("when", day=self.day(arrival), mode=mode) if mode else ""
        days = self.day(float(c["access_days"]))
        steps = []
        bundled = False
        if s is not None and n > 1 and mode == "desks":
            bd = s.access.bundled_decision
            bundled = bd == "all" if isinstance(bd, str) else c["subgroup"] in bd
        if n_int > 1 or (n_int == 1 and mode == "desks" and not bundled) or (
                mode is None and n == 1 and not c["integrated"]):
            missed = self.missed(c, children)
            if missed is None:  # the tables do not tell which problems the later desks heard
                seen = doms[:1]
                route = [self.w("desk_first", d=self.dom(doms[0])),
                         self.w("desk_unknown", k=n_int - 1, doms=self.doms("+".join(doms[1:])))]
            else:
                seen = [doms[0]] + [d for d in doms[1:] if d not in missed]
                route = [self.w("desk_first", d=self.dom(seen[0]))] + [self.w("desk_next", d=self.dom(d)) for d in seen[1:]]
            k = n_int - 1
            ho = ("" if k == 0 else self.w("handoffs", k=self.count(k, "handoff"), h=self.day(s.access.handoff_days))
                  if s is not None else self.w("handoffs_unknown", k=self.count(k, "handoff")))
            steps.append(self.w("desks", when=when, route=", ".join(route), n=self.count(n_int, "intake"), days=days,
                                handoffs=ho))
            staff = self.staff(seen, team=False)
        elif bundled:
            steps.append(self.w("bundled", d=self.dom(doms[0]), n=n, when=when, days=days))
            staff = self.staff(doms[:1], team=False)
        elif mode == "integral" or (mode is None and c["integrated"] and n == 1):
            per = s is not None and s.access.teams == "per_neighbourhood"
            team = self.w("team_of", nb=int(c["neighbourhood"])) if per else ""
            steps.append(self.w("integral", team=team, when=when, days=days))
            staff = self.staff([], team=True)
        else:
            steps.append(self.w("one_intake", n=n, days=days))
            staff = self.w("staff_unknown")
        wait = float(c["intake_wait_days"])
        steps.append(self.w("queue", w=self.day(wait), staff=staff) if wait > 0 else self.w("queue_none"))
        if int(c["n_missed"]):
            k = int(c["n_missed"])
            missed = self.missed(c, children)
            steps.append(self.w("missed", k=self.count(k, "problem"),
                                which=self.w("missed_which", doms=self.doms("+".join(missed))) if missed else "",
                                chance=self.w("missed_chance", p=self.num(s.access.miss_probability, 2)) if s else "",
                                later=self.w("missed_later")))
        if math.isnan(c["decision_day"]):
            steps.append(self.w("pending", h=self.day(self.h), where=self.w("pending_plan")))
        return steps

    def missed(self, c: pd.Series, children: pd.DataFrame) -> list[str] | None:
        """Which problems the desks missed, when the tables tell: from the 'missed' follow-ups, or
        from the problems that got no provision."""
        k = int(c["n_missed"])
        if k == 0:
            return []
        doms = c["domains"].split("+")
        surfaced = children.loc[children["origin"] == "missed", "domains"].tolist()
        if len(surfaced) == k:
            return surfaced
        unpaid = [d for d in doms[1:] if d not in self.granted]
        return unpaid if len(unpaid) == k else None

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

    def decision(self, c: pd.Series) -> str:
        s, policy = self.s, c["policy"]
        if policy == "standard":
            meaning = self.w("p_standard", sev=s.plan.standard_max_severity if s else "1")
        elif policy == "discretion":
            meaning = self.w("p_discretion", max=self.eur(s.plan.discretion_max) if s else "?")
        elif policy == "maatwerk":
            meaning = self.w("p_maatwerk")
        else:
            meaning = policy or "-"
        plan = ""
        if int(c["n_problems"]) > 1:
            plan = self.w("integrated") if c["integrated"] else self.w("fragmented")
        text = self.w("decision", day=self.day(float(c["decision_day"])), policy=policy or "-", meaning=meaning, plan=plan,
                      w=self.day(float(c["wait_days"])))
        return text + (self.w("exception") if c["exception"] else "") + (self.w("personal") if c["personal_budget"] else "")

    def grant(self, g: Grant, c: pd.Series) -> str:
        s = self.s
        kind = "discretion" if g.provision == "discretion" else (
            s.provisions[g.provision].kind if s is not None and g.provision in s.provisions else None)
        kind_text = f" ({KIND[kind][self.lang]})" if kind else ""
        budget = self.budget(g.budget)
        why = self.payer_reason(g, kind)
        provider = ("" if not g.provider else self.w("extra") if g.provider == "extra_contracted"
                    else self.w("provider", p=g.provider))
        common = dict(prov=g.provision, kind=kind_text, dom=self.dom(g.domain), start=self.day(g.start), budget=budget,
                      why=why, provider=provider, paid=self.eur(g.paid))
        committed = self.w("of_committed", c=self.eur(g.committed)) if g.committed > g.paid + 0.005 else ""
        if g.lump:
            return self.w("grant_lump", **common)
        if g.end is None or g.monthly is None:
            return self.w("grant_short", committed=committed, **common)
        end = self.day(g.end) if g.end <= self.h + 1e-9 else self.w("beyond", day=self.day(g.end), h=self.day(self.h))
        return self.w("grant", end=end, monthly=self.eur(g.monthly), committed=committed, **common)

    def payer_reason(self, g: Grant, kind: str | None) -> str:
        """Why this budget paid, from the scenario's pooled share on the grant's first day."""
        s = self.s
        if s is None:
            return ""
        share = Timeline(s.budget.pooled_share).at(g.start)
        pooled = g.budget == "pool" or g.budget.startswith("neighbourhood_")
        if pooled and (kind in ("cross_domain", "discretion") or g.domain == ""):
            return self.w("why_across")
        if share <= 0:
            return self.w("why_earmarked")
        if share >= 1:
            return self.w("why_pooled", share=self.num(share, 2), day=self.day(g.start))
        if pooled:
            return self.w("why_spoken_for", share=self.num(share, 2), d=self.dom(g.domain))
        return self.w("why_own_first", share=self.num(share, 2))

    def action(self, c: pd.Series, events: pd.DataFrame) -> str | None:
        b = c["button"]
        if not b:
            return None
        if self.s is not None:
            spec = next((x for x in self.s.buttons if x.name == b), None)
            if spec is not None:
                return spec.action
        got = events.loc[events["button"] == b, "action"]
        return str(got.iloc[0]) if len(got) else None

    def button(self, c: pd.Series, events: pd.DataFrame, action: str | None) -> str:
        b, delay = c["button"], float(c["delay_days"])
        spec = next((x for x in self.s.buttons if x.name == b), None) if self.s is not None else None
        d = self.day(delay)
        if action == "stricter_access" and c["outcome"] == "refused":
            what = self.w("a_refused")
        elif action == "stricter_access" and int(c["n_intakes"]) > 0:  # only a won appeal lets a refused case on
            what = self.w("a_refused_appealed")
        elif action == "stricter_access":
            what = self.w("a_redirected")
        elif action == "intensity_cut":
            cut = f" ({self.num(100 * spec.intensity_cut, 0)}%)" if spec is not None else ""
            what = self.w("a_cut_appealed" if c["appealed"] else "a_intensity_cut", cut=cut)
        elif action is not None and f"a_{action}" in WORDS:
            what = self.w(f"a_{action}", d=d)
        else:
            what = ""
        shown_delay = self.w("delay", d=d) if delay > 0 and action not in ("waitlist", "close_intake", "approval") else ""
        # The button acted at the door (arrival) or on the plan (after the intake).
        moment = float(c["arrival_day"])
        if action not in DOOR and not math.isnan(c["access_days"]):
            moment += float(c["access_days"])
        mine = events[events["button"] == b].sort_values("day")
        presses = mine[(mine["kind"] == "press") & (mine["day"] <= moment + 1e-6)]
        if presses.empty:
            press = self.w("no_press", day=self.day(moment))
        else:
            p = presses.iloc[-1]
            rel = mine[(mine["kind"] == "release") & (mine["day"] > p["day"])]
            release = (self.w("released", day=self.day(float(rel["day"].iloc[0]))) if len(rel)
                       else self.w("not_released"))
            fire = (self.w("fire", f=self.num(spec.fire, 2), r=self.num(spec.release, 2)) if spec is not None else "")
            press = self.w("press", day=self.day(float(p["day"])), metric=p["metric"], budget=self.budget(str(p["budget"])),
                           value=self.num(float(p["value"]), 3), fire=fire, release=release)
        return self.w("button", b=b, action=action or "?", what=what, delay=shown_delay, press=press)

    def no_button(self, c: pd.Series, events: pd.DataFrame) -> str:
        """No button is recorded; for a case still waiting, say which buttons could be holding it."""
        if not math.isnan(c["decision_day"]) or events.empty:
            return self.w("no_button")
        last = events.sort_values("day").groupby("button", sort=False).tail(1)
        held = last[(last["kind"] == "press") & last["action"].isin(["waitlist", "close_intake", "approval"])]
        if held.empty:
            return self.w("no_button")
        return self.w("button_pending", list=", ".join(f"'{r.button}' ({r.action})" for r in held.itertuples()))

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
        cut = self.act == "intensity_cut" and not c["appealed"]
        if float(c["delay_days"]) > 0 or cut or c["outcome"] == "refused":
            terms.append(self.w("t_button", v=pts(sat.button_delay)))
        return self.w("grade_terms", terms=", ".join(terms)) if terms else ""
