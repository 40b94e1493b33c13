"""Cases worth telling: what `ontschot explain DIR` lists when it is given no case id.

An adviser who opens a result folder does not know which of its thousands of case ids tells a
story. The cases table already says which cases met what the policy is about, so this module
picks, per scenario, one case of each kind: one with several problems (where integral access and
pooling matter), one a button held back (else one a button steered, cut or refused), and one
whose problem escalated (rather one whose costlier episode arrived within the run); in a
comparison also one resident whose journey ends otherwise between the scenarios, told side by
side by `ontschot explain DIR CASE_ID`. The choice is deterministic, the lowest case id that
qualifies (the earliest arrival, so the likeliest to have closed within the horizon) among the
cases that begin within the term. The day-0 caseload (clients in care, and requests made before
the term and still in processing on day 0) is chosen only where no case of the term qualifies:
its story starts before the run, and its lowest ids would otherwise crowd out every other. Only
a few columns of the cases table of one replication are read (`sim.study.result_folder`).
"""

from __future__ import annotations

import shlex
import textwrap
from pathlib import Path

import pandas as pd

from ..errors import UsageError
from ..policy.scenario import Scenario
from ..study.result_folder import Source, read, scenario_of
from .labels import part_label
from .numbers import number

COLUMNS = ["case_id", "parent_case_id", "resident_id", "origin", "domains", "n_problems", "delay_days", "button",
           "n_escalated", "outcome"]

WORDS: dict[str, dict[str, str]] = {
    "head_one": {"en": "Cases worth telling in replication {rep} of {label}:",
                 "nl": "Casussen om te vertellen in herhaling {rep} van {label}:"},
    "head_many": {"en": "Cases worth telling in replication {rep}, per scenario:",
                  "nl": "Casussen om te vertellen in herhaling {rep}, per scenario:"},
    "several": {"en": "  case {case}: several problems ({doms})", "nl": "  casus {case}: meerdere problemen ({doms})"},
    "delayed": {"en": "  case {case}: a button ({button}) held it back {days} days",
                "nl": "  casus {case}: een noodknop ({button}) hield de casus {days} dagen tegen"},
    "escalated": {"en": "  case {case}: a problem escalated to costlier care{then}",
                  "nl": "  casus {case}: een probleem escaleerde naar zwaardere zorg{then}"},
    "then": {"en": " (its follow-up: case {case})", "nl": " (het vervolg: casus {case})"},
    "acted": {"en": "  case {case}: a button ({button}) steered, cut or refused its help",
              "nl": "  casus {case}: een noodknop ({button}) stuurde de hulp om, kortte die in of weigerde die"},
    "no_several": {"en": "  no case with several problems", "nl": "  geen casus met meerdere problemen"},
    "no_delayed": {"en": "  no case a button acted on", "nl": "  geen casus waarin een noodknop ingreep"},
    "no_escalated": {"en": "  no case whose problem escalated", "nl": "  geen casus met een probleem dat escaleerde"},
    "differs": {"en": "Case {case} is the same resident ({res}) in every scenario, with another ending: {ends}.",
                "nl": "Casus {case} is in elk scenario dezelfde inwoner ({res}), met een ander einde: {ends}."},
    "how": {"en": "Tell one: {cmd}", "nl": "Vertel er een: {cmd}"},
    "how_all": {"en": "(in a comparison that tells every scenario's case with that id; --scenario {label} tells one)",
                "nl": "(in een vergelijking vertelt dat de casus met dat nummer in elk scenario; --scenario {label} vertelt er een)"},
    "and": {"en": " and ", "nl": " en "},
}
OUTCOMES = {"en": {}, "nl": {"resolved": "opgelost", "relapse": "terugval", "escalated": "geëscaleerd",
                             "unresolved": "niet opgelost", "refused": "geweigerd", "open": "nog open"}}


def _w(key: str, lang: str, **fmt: object) -> str:
    return WORDS[key][lang].format(**fmt)


def worth_telling(result_dir: Path, found: list[Source], lang: str = "en") -> str:
    """The cases worth telling in the folder's scenarios (`found`, from `sources`), and how to tell one."""
    tables = {src.label: _cases(src) for src in found}
    scenarios = {src.label: scenario_of(src)[0] for src in found}
    rep, ids = found[0].replication, []
    if len(found) == 1:
        src = found[0]
        lines = [_w("head_one", lang, rep=rep, label=_title(src, scenarios[src.label], lang))]
        lines += _picks(src, tables[src.label], scenarios[src.label], lang, ids)
    else:
        lines = [_w("head_many", lang, rep=rep)]
        for src in found:
            lines += ["", _title(src, scenarios[src.label], lang) + ":"]
            lines += _picks(src, tables[src.label], scenarios[src.label], lang, ids)
        differs, case = _differs(tables, lang)
        if differs:  # the best example of the command: one resident, told side by side
            lines += ["", textwrap.fill(differs, width=100, break_on_hyphens=False)]
            ids.insert(0, case)
    if ids:
        lines += ["", _w("how", lang, cmd=_command(result_dir, found, ids[0]))]
        if len(found) > 1:
            label = shlex.quote(found[-1].label)
            lines.append(textwrap.fill(_w("how_all", lang, label=label), width=100, break_on_hyphens=False))
    return "\n".join(lines) + "\n"


HOLDS = ("waitlist", "close_intake", "approval")  # the step rules of a button that holds a case back
# Episodes that begin before the term: the clients in care on day 0, and the requests in processing then.
BEFORE_THE_TERM = ("initial", "pipeline")


def _cases(src: Source) -> pd.DataFrame:
    """The columns the choice needs, in the order of preference: the episodes that begin within the
    term first (`before` False), then the day-0 caseload's; each by case id."""
    cases = read(src, "cases", columns=COLUMNS)
    cases["before"] = cases["origin"].isin(BEFORE_THE_TERM)
    return cases.sort_values(["before", "case_id"], kind="stable")


def _title(src: Source, s: Scenario | None, lang: str) -> str:
    name = s.title(lang) if s is not None else src.manifest.get("scenario")
    return f"{src.label} ({name})" if name and name != src.label else src.label


def _picks(src: Source, cases: pd.DataFrame, s: Scenario | None, lang: str, ids: list[int]) -> list[str]:
    """One case of each kind worth telling, the lowest id that qualifies (appended to `ids`); a line
    saying so where none does."""
    out = []
    several = cases[cases["n_problems"] >= 2]
    if len(several):
        c = several.iloc[0]
        ids.append(int(c["case_id"]))
        out.append(_w("several", lang, case=int(c["case_id"]), doms=_domains(c["domains"], s, lang)))
    else:
        out.append(_w("no_several", lang))
    delayed = cases[cases["delay_days"] > 0]
    if len(delayed):
        c = delayed.iloc[0]
        ids.append(int(c["case_id"]))
        held = _holder(src, int(c["case_id"]), str(c["button"]))
        out.append(_w("delayed", lang, case=int(c["case_id"]), button=part_label("buttons", held, s, lang),
                      days=number(float(c["delay_days"]), 1, lang)))
    elif (cases["button"] != "").any():  # no button held a case back, but one steered, cut or refused
        c = cases[cases["button"] != ""].iloc[0]
        ids.append(int(c["case_id"]))
        out.append(_w("acted", lang, case=int(c["case_id"]), button=part_label("buttons", c["button"], s, lang)))
    else:
        out.append(_w("no_delayed", lang))
    escalated = cases[cases["n_escalated"] > 0]
    if len(escalated):
        # Rather one whose costlier episode arrived within the run, so the story can follow it there
        # (after the preference for the term: a case of the term without one before a day-0 case with one).
        follow = cases[(cases["origin"] == "escalated") & cases["parent_case_id"].isin(escalated["case_id"])]
        unfollowed = ~escalated["case_id"].isin(follow["parent_case_id"])
        order = escalated.assign(unfollowed=unfollowed).sort_values(["before", "unfollowed", "case_id"], kind="stable")
        cid = int(order.iloc[0]["case_id"])
        ids.append(cid)
        mine = follow[follow["parent_case_id"] == cid]
        then = _w("then", lang, case=int(mine["case_id"].min())) if len(mine) else ""
        out.append(_w("escalated", lang, case=cid, then=then))
    else:
        out.append(_w("no_escalated", lang))
    return out


def _holder(src: Source, case_id: int, last: str) -> str:
    """The button that held the case back longest, from its noted steps; the cases table's `button`
    is the last button that acted, which may have cut rather than held (`last` where none is noted)."""
    try:
        steps = read(src, "steps", [[("case_id", "==", case_id)]])
    except UsageError:  # a result without a steps table (older than the steps): the listing still lists
        return last
    held = steps[(steps["step"] == "button") & steps["rule"].isin(HOLDS)]
    held = held.sort_values("days", ascending=False, kind="stable")
    return str(held["button"].iloc[0]) if len(held) else last


def _domains(joined: str, s: Scenario | None, lang: str) -> str:
    """'wmo+schulden' as the scenario's labels, 'A and B' or 'A, B and C'."""
    names = []
    for d in str(joined).split("+"):
        dom = s.domains.get(d) if s is not None else None
        names.append(((dom.label_nl if lang == "nl" else dom.label_en) if dom is not None else None) or d)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _w("and", lang) + names[-1]


def _differs(tables: dict[str, pd.DataFrame], lang: str) -> tuple[str, int]:
    """The lowest case id that is the same resident in every scenario and ends otherwise in some, and
    a line telling it; ('', -1) if there is none."""
    labels = list(tables)
    merged = None
    for lab in labels:
        t = tables[lab][["case_id", "resident_id", "outcome", "before"]].rename(
            columns={"resident_id": f"r_{lab}", "outcome": f"o_{lab}", "before": f"b_{lab}"})
        merged = t if merged is None else merged.merge(t, on="case_id")
    if merged is None or merged.empty:
        return "", -1
    residents = merged[[f"r_{lab}" for lab in labels]]
    ends = merged[[f"o_{lab}" for lab in labels]]
    same = residents.eq(residents.iloc[:, 0], axis=0).all(axis=1) & ends.ne(ends.iloc[:, 0], axis=0).any(axis=1)
    # Rather a case of the term, then rather two endings than an ending and a case still open.
    before = merged[[f"b_{lab}" for lab in labels]].any(axis=1)
    still_open = ends.eq("open").any(axis=1)
    hits = merged.assign(before=before, still_open=still_open)[same].sort_values(["before", "still_open", "case_id"])
    if hits.empty:
        return "", -1
    h = hits.iloc[0]
    told = "; ".join(f"{lab}: {OUTCOMES[lang].get(h[f'o_{lab}'], h[f'o_{lab}'])}" for lab in labels)
    return _w("differs", lang, case=int(h["case_id"]), res=int(h[f"r_{labels[0]}"]), ends=told), int(h["case_id"])


def _command(result_dir: Path, found: list[Source], case_id: int) -> str:
    """The command that tells `case_id`, with the options this listing was made with."""
    cmd = f"ontschot explain {shlex.quote(str(result_dir))} {case_id}"
    if found[0].replication:
        cmd += f" --replication {found[0].replication}"
    if len(found) == 1 and found[0].folder != Path(result_dir):  # one scenario chosen from a comparison
        cmd += f" --scenario {shlex.quote(found[0].label)}"
    return cmd
