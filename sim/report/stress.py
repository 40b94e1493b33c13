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
import re
import sys
from importlib import metadata
from typing import Any, Callable

import yaml

from .._version import __version__
from ..study.compare import Comparison
from .labels import municipalities, stopping, word
from .numbers import decimal, general
from ..policy.calendar import days_in_years
from ..policy.scenario import Domain, Scenario
from .stress_text import CITATION, DIAGRAM, DIAGRAM_NL, HEADINGS, HEADINGS_NL, LOGIC, LOGIC_NL, TEXT

# Fields that describe a scenario rather than set it: reported in sections 1 and 3.1, not in the diff.
DESCRIPTIVE = ("extends", "name", "name_nl", "description", "description_nl", "story", "story_nl", "sources", "sources_nl", "source_text",
               "mechanism", "mechanism_nl", "claim", "claim_nl", "claims")


def _t(key: str, lang: str, **fmt: object) -> str:
    """A sentence of model.md in the reader's language (sim.report.stress_text.TEXT)."""
    text = TEXT[key].get(lang) or TEXT[key]["en"]
    return text.format(**fmt) if fmt else text


def _h(number: str, lang: str) -> str:
    """The numbered STRESS-DES heading ('2.5.1') in the reader's language."""
    at = [h.split()[0] for h in HEADINGS].index(number)
    return (HEADINGS_NL if lang == "nl" else HEADINGS)[at]


def model_md(c: Comparison, lang: str = "en") -> str:
    """The study described under the STRESS-DES headings, as Markdown, in English or Dutch.

    One part per top-level STRESS-DES heading, in its order, each a list of (numbered title,
    text) pairs: what is the same for every study is written in the part, what depends on the
    scenarios is worked out from them by the helpers further down. The merged scenarios follow
    as an appendix, so the description holds everything needed to rerun the study.
    """
    arms = c.arms
    notes = {a.label: _file_note(a.scenario, lang) for a in arms}  # whether each file still holds what ran
    out: list[str] = [f"# {_t('title', lang, arms=_t('vs', lang).join(a.label for a in arms))}", "",
                      municipalities([a.scenario for a in arms], lang, [a.label for a in arms]), "",
                      _t("intro", lang, citation=CITATION, version=__version__, created=c.created), ""]
    parts = (_objectives(c, lang), _logic(arms, lang), _data(arms, notes, lang), _experimentation(c, lang),
             _implementation(c, lang), _code_access(c, notes, lang))
    for title, text in (section for part in parts for section in part):
        out += _heading(title, text)
    return "\n".join(out + _appendix(arms, lang)).rstrip() + "\n"


Section = tuple[str, "str | list[str]"]  # a numbered STRESS-DES title and its text (one line or several)


def _heading(title: str, text: str | list[str]) -> list[str]:
    """A numbered title as a Markdown heading one level deeper per dot ("2.5.1" is ####), then its
    text and a blank line; a title without text (a heading over sub-headings) stands alone."""
    level = "#" * (1 + title.split()[0].count(".") + 1)
    body = text if isinstance(text, list) else [text]
    return [f"{level} {title}", ""] + (body + [""] if body and body != [""] else [])


def _objectives(c: Comparison, lang: str) -> list[Section]:
    """1 Objectives: what the model is for, what it writes, and what this study compares."""
    arms = c.arms
    return [
        (_h("1", lang), ""),
        (_h("1.1", lang), [_t("purpose", lang), "",
                           *[f"- **{a.label}**: {a.title(lang)}." + (f" {a.scenario.described(lang)}" if a.scenario.description
                                                                         else "") for a in arms]]),
        (_h("1.2", lang), [_t("outputs", lang), "",
                           *[f"- `{m}` ({_t('u_' + unit, lang) if 'u_' + unit in TEXT else unit})" for m, unit in c.metrics()]]),
        (_h("1.3", lang), [_t("aims", lang, n=len(arms), first=arms[0].label), "",
                           *[f"- **{a.label}**: {a.scenario.told(lang) or a.title(lang)}"
                             + (_t("claim", lang, claim=a.scenario.claim_told(lang)) if a.scenario.claim else "")
                             for a in arms]]),
    ]


def _logic(arms: list, lang: str) -> list[Section]:
    """2 Logic: the base model (the same for every study), then how these scenarios set it."""
    return [
        (_h("2", lang), ""),
        (_h("2.1", lang), ["```text", DIAGRAM_NL if lang == "nl" else DIAGRAM, "```"]),
        (_h("2.2", lang), LOGIC_NL if lang == "nl" else LOGIC),
        (_h("2.3", lang), _scenario_logic(arms, lang)),
        (_h("2.4", lang), _t("algorithms", lang).split("\n")),
        (_h("2.5", lang), ""),
        (_h("2.5.1", lang), _entities(arms, lang)),
        (_h("2.5.2", lang), _activities(arms, lang)),
        (_h("2.5.3", lang), _resources(arms, lang)),
        (_h("2.5.4", lang), [_t(k, lang) for k in ("q_intake", "q_waitlist", "q_places", "q_community")]),
        (_h("2.5.5", lang), [_t("entry", lang), _t("exit", lang)]),
    ]


def _data(arms: list, notes: dict[str, str], lang: str) -> list[Section]:
    """3 Data: where the inputs come from, how files become a scenario, the parameters and assumptions."""
    return [
        (_h("3", lang), ""),
        (_h("3.1", lang), _sources(arms, notes, lang)),
        (_h("3.2", lang), [_t("preprocessing", lang)]),
        (_h("3.3", lang), _inputs(arms, lang)),
        (_h("3.4", lang), _assumptions(arms, lang)),
    ]


def _experimentation(c: Comparison, lang: str) -> list[Section]:
    """4 Experimentation: the day-0 caseload instead of a warm-up, the run length, the number of replications."""
    arms, s0 = c.arms, c.arms[0].scenario
    return [
        (_h("4", lang), ""),
        (_h("4.1", lang), [
            _t("init", lang), "",
            _table([_t("domain", lang), *[a.label for a in arms]],
                   [[_dom(arms, d, lang), *_per_domain(arms, d, lambda dm: _fmt(dm.initial_caseload, lang))]
                    for d in _union(a.scenario.domains for a in arms)]),
            "", _t("init_note", lang)]),
        (_h("4.2", lang), [_t("run_length", lang, years=s0.run.horizon_years,
                                days=days_in_years(s0.run.horizon_years), n=c.replications)]),
        (_h("4.3", lang), _estimation(c, lang)),
    ]


def _implementation(c: Comparison, lang: str) -> list[Section]:
    """5 Implementation: the software, how randomness is drawn (common random numbers), how it runs."""
    return [
        (_h("5", lang), ""),
        (_h("5.1", lang), _software(lang)),
        (_h("5.2", lang), [_t("random", lang, seed=c.seed)]),
        (_h("5.3", lang), [_t("execution", lang)]),
        (_h("5.4", lang), _system(lang)),
    ]


def _code_access(c: Comparison, notes: dict[str, str], lang: str) -> list[Section]:
    """6 Code access: how to get the model and rerun this study."""
    return [
        (_h("6", lang), ""),
        (_h("6.1", lang), _sharing(c, notes, lang)),
    ]


def _appendix(arms: list, lang: str) -> list[str]:
    """Each arm's merged scenario as YAML, folded away: saved as a file, it loads to the hash above."""
    out = [f"## {_t('appendix_title', lang)}", "", _t("appendix", lang), ""]
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


def _dom(arms: list, d: str, lang: str) -> str:
    """A domain by the first arm's label for it in the reader's language, else its name."""
    from .labels import budget_label

    s = next((a.scenario for a in arms if d in a.scenario.domains), None)
    return budget_label(d, s, lang) if s is not None else d


def _prov(s: Scenario, p: str, lang: str) -> str:
    """A provision by its label in the reader's language, with its name in the file in code font."""
    from .labels import part_label

    shown = part_label("provisions", p, s, lang)
    return f"{shown} (`{p}`)" if shown != p else f"`{p}`"


def _scenario_logic(arms: list, lang: str) -> list[str]:
    lines = []
    for a in arms:
        s = a.scenario
        mech = _paths_as_code(s.mechanism_told(lang))
        n = len(s.buttons)
        lines.append(_t("arm_logic", lang, label=a.label, name=a.title(lang), mode=_dated(s.access.mode, lang, "mode"),
                        policy=_dated(s.plan.policy, lang, "policy"), share=_dated(s.budget.pooled_share, lang),
                        buttons=_t("buttons_1", lang) if n == 1 else _t("buttons_n", lang, n=n),
                        mech=_t("mechanism", lang, m=mech) if mech else ""))
    diff = differing([a.scenario for a in arms])
    lines.append("")
    if not diff:
        lines.append(_t("no_diff", lang))
        return lines
    lines += [_t("diff", lang, n=len(diff)), "",
              _table([_t("parameter", lang), *[a.label for a in arms]],
                     [[f"`{p}`", *[_cell(v, lang) for v in vals]] for p, vals in diff.items()])]
    return lines


def _cell(v: Any, lang: str) -> str:
    """A differing value: '-' for none, a whole part (a button one arm lacks) as the file spells it, in code font."""
    if v is None:
        return "-"
    text = _fmt(v, lang)
    return f"`{text}`" if isinstance(v, dict) else text


def _entities(arms: list, lang: str) -> list[str]:
    yes = lambda dm: word("yes", dm.entitled, lang)  # noqa: E731
    return [
        *_t("entities", lang).split("\n"), "", _t("per_domain", lang), "",
        _table([_t("domain", lang), *[_t("incidence_of", lang, label=a.label) for a in arms],
                *[_t("entitled_of", lang, label=a.label) for a in arms]],
               [[_dom(arms, d, lang), *_per_domain(arms, d, lambda dm: _fmt(dm.incidence, lang)), *_per_domain(arms, d, yes)]
                for d in _union(a.scenario.domains for a in arms)]),
        "",
        _per_arm(_t("population", lang), arms, [
            (_t("residents", lang), lambda s: _fmt(s.municipality.residents, lang)),
            (_t("neighbourhoods", lang), lambda s: _fmt(s.municipality.neighbourhoods, lang)),
            (_t("multi_share", lang), lambda s: _fmt(s.population.multi_problem_share, lang)),
            (_t("max_problems", lang), lambda s: _fmt(s.population.max_problems, lang)),
            (_t("latent", lang), lambda s: _fmt(s.population.latent_share, lang)),
            (_t("subgroups", lang), lambda s: ", ".join(_subgroups(s, lang)) or _t("none", lang)),
        ])]


def _subgroups(s: Scenario, lang: str) -> list[str]:
    from .labels import part_label

    return [part_label("subgroups", g, s, lang) for g in s.population.subgroups]


def _activities(arms: list, lang: str) -> list[str]:
    return [
        *_t("activities", lang).split("\n"), "",
        _per_arm(_t("access", lang), arms, [
            (_t("mode", lang), lambda s: _dated(s.access.mode, lang, "mode")),
            (_t("handoff", lang), lambda s: _fmt(s.access.handoff_days, lang)),
            (_t("miss", lang), lambda s: _fmt(s.access.miss_probability, lang)),
            (_t("integral_days", lang), lambda s: _fmt(s.access.integral_intake_days, lang)),
            (_t("absorbs", lang), lambda s: _dated(s.access.community_absorb, lang)),
            (_t("uptake", lang), lambda s: _dated(s.access.latent_uptake, lang)),
        ])]


def _resources(arms: list, lang: str) -> list[str]:
    doms = _union(a.scenario.domains for a in arms)
    rows = [[_t("desk_places", lang, d=_dom(arms, d, lang)), *_per_domain(arms, d, lambda dm: _fmt(dm.desk_staff, lang))]
            for d in doms]
    rows.append([_t("team_staff", lang), *[f"{_fmt(a.scenario.access.integral_staff, lang)} "
                                           f"({word('teams', a.scenario.access.teams, lang)})" for a in arms]])
    provs = _union(a.scenario.provisions for a in arms)
    for p in provs:
        shown = _prov(next(a.scenario for a in arms if p in a.scenario.provisions), p, lang)
        caps = [a.scenario.provisions[p].capacity if p in a.scenario.provisions else None for a in arms]
        if any(x is not None for x in caps):
            rows.append([_t("places", lang, p=shown), *["-" if x is None else _fmt(x, lang) for x in caps]])
        places = [sum(pv.capacity or 0 for pv in a.scenario.provisions[p].providers.values())
                  if p in a.scenario.provisions else 0 for a in arms]
        if any(places):
            rows.append([_t("provider_places", lang, p=shown), *[_fmt(x, lang) if x else "-" for x in places]])
    return [_t("resources", lang), "", _table([_t("resource", lang), *[a.label for a in arms]], rows)]


def _sources(arms: list, notes: dict[str, str], lang: str) -> list[str]:
    cited: dict[str, list[str]] = {}
    for a in arms:
        for src in a.scenario.sources_told(lang):  # each source described in the reader's language
            cited.setdefault(src, []).append(a.label)
    lines = [f"- {src} ({', '.join(labels)})" for src, labels in cited.items()] or [_t("no_sources", lang)]
    texts = [_t("source_text", lang, label=a.label, file=a.scenario.source_text) for a in arms if a.scenario.source_text]
    files = [_t("file_line", lang, label=a.label, path=a.scenario.path or _t("not_from_file", lang),
                hash=a.scenario.content_hash, note=notes[a.label]) for a in arms]
    provs = [_t("provision_source", lang, label=a.label, p=_prov(a.scenario, p, lang), source=pr.source_told(lang))
             for a in arms for p, pr in a.scenario.provisions.items() if pr.source and pr.source != "assumption"]
    return ([_t("files_head", lang), "", *files, "", _t("cited_head", lang), "", *lines] + (["", *texts] if texts else [])
            + (["", _t("provision_head", lang), "", *provs] if provs else []) + ["", _t("comments", lang)])


def _file_note(s: Scenario, lang: str = "en") -> str:
    """Whether the named file still holds the scenario that ran; if not, the appendix is the record."""
    from ..errors import ScenarioError
    from ..policy.loader import load_scenario

    if not s.path:
        return ""
    try:
        same = load_scenario(s.path).content_hash == s.content_hash
    except ScenarioError:
        return _t("unreadable", lang)
    return "" if same else _t("rehashed", lang)


def _inputs(arms: list, lang: str) -> list[str]:
    lines = []
    for a in arms:
        s = a.scenario
        lines += [_t("inputs", lang, label=a.label, name=a.title(lang), residents=_fmt(s.municipality.residents, lang),
                     years=s.run.horizon_years, mode=_dated(s.access.mode, lang, "mode"),
                     policy=_dated(s.plan.policy, lang, "policy"), share=_dated(s.budget.pooled_share, lang),
                     underspend=word("underspend", s.budget.underspend, lang), reserve=_fmt(s.budget.initial_reserve, lang),
                     pots=_t("pots", lang) if s.budget.neighbourhood_pools else ""), "",
                  _table(_t("dom_head", lang).split("|"),
                         [[_dom(arms, d, lang), _fmt(dm.incidence, lang), word("yes", dm.entitled, lang),
                           "/".join(_fmt(x, lang) for x in dm.severity), _fmt(dm.initial_caseload, lang),
                           _dated(dm.budget, lang), _fmt(dm.desk_staff, lang), _fmt(dm.intake_days, lang)]
                          for d, dm in s.domains.items()]), "",
                  _table(_t("prov_head", lang).split("|"), [_provision_row(s, p, pr, lang) for p, pr in s.provisions.items()
                                                            if pr.enabled]), ""]
        lines += _buttons(s, lang)
    lines.append(_t("every_other", lang))
    return lines


def _provision_row(s: Scenario, p: str, pr, lang: str) -> list[str]:
    cost = (_fmt(pr.monthly_cost, lang) if pr.monthly_cost is not None
            else _t("x_tailored", lang, f=_fmt(pr.cost_factor, lang)))
    days = _fmt(pr.duration_days, lang) if pr.duration_days else _t("tailored_days", lang)
    return [_prov(s, p, lang), word("kind", pr.kind, lang), _domains(s, pr.domains, lang), cost, days, _fmt(pr.effectiveness, lang),
            _fmt(pr.fit, lang)]


def _domains(s: Scenario, domains: list[str] | str, lang: str) -> str:
    """The domains a provision or button addresses, by their labels; 'all' in words."""
    from .labels import budget_label

    return _t("all", lang) if domains == "all" else ", ".join(budget_label(d, s, lang) for d in domains)


def _buttons(s: Scenario, lang: str) -> list[str]:
    from .labels import budget_label, part_label

    if not s.buttons:
        return [_t("no_buttons", lang), ""]
    return [_table(_t("button_head", lang).split("|"),
                   [[part_label("buttons", b.name, s, lang), word("metric", b.metric, lang),
                     budget_label(b.budget, s, lang), _fmt(b.fire, lang), _fmt(b.release, lang),
                     word("action", b.action, lang),
                     _domains(s, b.domains, lang)]
                    for b in s.buttons]), ""]


def _assumptions(arms: list, lang: str) -> list[str]:
    lines = _t("assumptions", lang).split("\n") + [""]
    for a in arms:
        assumed = [_prov(a.scenario, p, lang) for p, pr in a.scenario.provisions.items()
                   if pr.enabled and (pr.source in (None, "assumption"))]
        lines.append(_t("assumed", lang, label=a.label, list=", ".join(assumed) or _t("none", lang)))
    return lines


def _estimation(c: Comparison, lang: str) -> list[str]:
    lines = [_t("stopping", lang, rule=stopping(c, lang)), "", _t("estimation", lang, seed=c.seed, base=c.arms[0].label)]
    if c.precision is not None:
        lines += ["", _t("precision", lang, p=decimal(c.precision, lang))]
    if c.reused:
        lines += ["", _t("reused", lang, n=c.reused)]
    return lines


def _software(lang: str) -> list[str]:
    rows = [["Python", f"{platform.python_implementation()} {platform.python_version()}"], ["ontschot (sim)", __version__]]
    for pkg in ("simpy", "numpy", "pandas", "pyarrow", "pydantic", "pyyaml"):
        try:
            rows.append([pkg, metadata.version(pkg)])
        except metadata.PackageNotFoundError:
            rows.append([pkg, _t("not_installed", lang)])
    return [_t("software", lang), "", _table(_t("software_head", lang).split("|"), rows)]


def _system(lang: str) -> list[str]:
    import os

    return [_table(_t("system_head", lang).split("|"), [
        [_t("platform", lang), platform.platform()], [_t("machine", lang), platform.machine()],
        [_t("processor", lang), platform.processor() or "-"], [_t("cpus", lang), str(os.cpu_count() or "-")],
        [_t("build", lang), sys.version.replace("\n", " ")]]),
        "", _t("system", lang)]


def _sharing(c: Comparison, notes: dict[str, str], lang: str) -> list[str]:
    try:
        licence = metadata.metadata("ontschot").get("License") or _t("licence_unknown", lang)
    except metadata.PackageNotFoundError:
        licence = _t("licence_unknown", lang)
    files = " ".join(a.scenario.path or f"<{a.label}>.yaml" for a in c.arms)
    how = (f"--precision {c.precision:g}" if c.precision is not None else f"--replications {c.replications}")
    changed = [label for label, note in notes.items() if note]
    caveat = [_t("changed_files", lang, labels=", ".join(changed))] if changed else []
    return [_t("sharing", lang, version=__version__, licence=licence), "",
            "```sh", f"ontschot compare {files} --seed {c.seed} {how}" + (" --lang nl" if lang == "nl" else ""), "```",
            *([""] + caveat if caveat else [])]


# --- formatting ----------------------------------------------------------------------------------
def _union(collections) -> list:
    """Keys in first-seen order over several mappings or lists."""
    seen: dict = {}
    for col in collections:
        for k in col:
            seen.setdefault(k, None)
    return list(seen)


# A field path as a mechanism's text names it: `provisions.wmo_general.providers`, `provisions.*.intensity`.
_FIELD_PATH = re.compile(r"(?<![\w/.`*])([a-z][a-z0-9_]*(?:\.(?:[a-z0-9_]+|\*))+)(?![\w/`])")


def _paths_as_code(text: str) -> str:
    """A mechanism's field paths in code font, spelled as the files spell them, so that a Dutch text
    reads as Dutch around the ids it must name (its prose is translated, a path is not)."""
    return _FIELD_PATH.sub(r"`\1`", text)


def _fmt(v: Any, lang: str = "en") -> str:
    """A parameter value for a table cell: money with thousands separators, dated values as steps."""
    if isinstance(v, list) and v and all(isinstance(x, dict) and set(x) == {"from_day", "value"} for x in v):
        return _dated_json(v, lang)
    if isinstance(v, bool) or v is None:
        return json.dumps(v) if lang == "en" or v is None else word("yes", v, lang)
    if isinstance(v, (int, float)):
        return general(v, lang)
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


def _dated(steps: list, lang: str = "en", kind: str | None = None) -> str:
    """A dated field (a list of Step) in words: '0.5' or '0.5 from day 0, 1 from day 365'; an id
    (`kind` 'mode', 'policy') in the reader's words."""
    return _dated_json([{"from_day": s.from_day, "value": s.value} for s in steps], lang, kind)


def _dated_json(steps: list[dict], lang: str = "en", kind: str | None = None) -> str:
    def value(v: Any) -> str:
        return word(kind, v, lang) if kind else _fmt(v, lang)

    if len(steps) == 1:
        return value(steps[0]["value"])
    return ", ".join(_t("from_day", lang, v=value(s["value"]), d=s["from_day"]) for s in steps)


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
