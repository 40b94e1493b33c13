"""Uncertain values: the ranges a scenario gives its assumptions, and the worlds drawn from them.

A scenario's `uncertain:` section maps field paths, as `ontschot schema --markdown` names them
(`population.latent_share`, `provisions.wmo_tailored.duration_days`, `buttons[0].fire`: list
entries by index, named entries by name), to a plausible range. A run never reads it: it runs
the values written in the file. `ontschot explore` draws worlds from the ranges, one value per
path, and runs every policy in each world; `world` makes that world, through the same schema
and consistency checks as a file, so a drawn value can never give a scenario a file could not.

The range itself is part of the schema (`sim.policy.scenario.Uncertain`, re-exported here);
this module knows the fields it names. Two kinds of field take no range:

- a dated field holding more than one step: one value would erase the council's dates. A path
  to the field sets one value for the whole run only while the field holds one value; a path to
  one step (`budget.pooled_share[1].value`, or its `from_day`) varies that step alone;
- an absolute figure that scales with the municipality's residents (budgets, caseloads, staff,
  places, programme costs: `sim.policy.scale`): a range would hold for one size only, so the
  range belongs on a rate (an incidence, a share, a cost per client, a duration) instead.
"""

from __future__ import annotations

from typing import Any

from ..errors import Said, ScenarioError
from .paths import Path, PathInvalid, PathRefused, Target, dotted, targets, with_values
from .scale import rescale
from .scenario import Scenario, Uncertain

__all__ = ["Uncertain", "describe", "listing", "range_issues", "uncertain_paths", "world"]

Issue = tuple[tuple, Said]  # (path of the field to blame, what is wrong), as in sim.policy.checks


def uncertain_paths(scenario: Scenario) -> list[str]:
    """The uncertain paths in file order (a base's first; a child's own after them)."""
    return list(scenario.uncertain)


def _find(s: Scenario, path: str) -> Target:
    """Where `path` leads in `s`, or PathRefused saying why a world cannot set it."""
    return Path.parse(path).target(s, as_world=True)


def _apply(s: Scenario, values: dict[str, Any], mark: bool = True) -> Scenario:
    """`s` with the values set and validated like a file; PathRefused or PathInvalid if it cannot be."""
    out = with_values(s, values, as_world=True)
    if mark:
        _mark(out)
    return out


def world(scenario: Scenario, values: dict[str, Any]) -> Scenario:
    """A copy of `scenario` with each path set to its value: one world of an explore.

    Validated again through the schema and the consistency checks, so a drawn value is held to
    what a file may say; ScenarioError names the path if it cannot be. The copy keeps the
    scenario's name, labels, file and ranges; its content hash is the new values'. A float on a
    whole-number field (a continuous draw) is rounded to the nearest whole number.
    """
    file = scenario.path or "scenario"
    try:
        return _apply(scenario, values)
    except PathRefused as exc:
        if exc.dated:  # a field the world reaches, but whose dates one value would erase
            raise ScenarioError(file, None, exc.path, exc.problem) from None
        raise ScenarioError(file, None, exc.path, Said("cannot be set by a world: {why}",
                                                       "kan niet door een wereld gezet worden: {why}").format(
            why=exc.problem)) from None
    except PathInvalid as exc:
        blame = [p for p in values if exc.loc[: len(_find(scenario, p).parts)] == _find(scenario, p).parts]
        if blame:
            raise ScenarioError(file, None, blame[0], Said("cannot be {v}: {why}", "kan niet {v} zijn: {why}").format(
                v=repr(values[blame[0]]), why=exc.problem)) from None
        raise ScenarioError(file, None, ", ".join(values), Said(
            "these values make field '{f}' wrong: {why}", "deze waarden maken veld '{f}' fout: {why}").format(
            f=dotted(exc.loc), why=exc.problem)) from None


def _mark(s: Scenario) -> None:
    """Tell each range whether its field takes whole numbers, so that `ppf` draws them."""
    for path, u in s.uncertain.items():
        try:
            u._integer = _find(s, path).integer
        except PathRefused:
            pass


def _corners(u: Uncertain) -> list[tuple[tuple, Any]]:
    """The values a range can reach at its edges (and its mode), or every discrete value."""
    if u.values is not None:
        return [(("values", i), v) for i, v in enumerate(u.values)]
    return [(("low",), u.low), (("high",), u.high)] + ([(("mode",), u.mode)] if u.mode is not None else [])


def _probe(u: Uncertain) -> Any:
    """A value of the range that is not zero (zero is zero at any size), or None."""
    return next((v for _, v in _corners(u) if isinstance(v, (int, float)) and not isinstance(v, bool) and v), None)


def _scaled(s: Scenario, paths: list[str]) -> set[str]:
    """The paths that name an absolute figure: doubling the residents (`sim.policy.scale`) moves them.

    One world holds every path's probe, rescaled once; should the probes together make no valid
    scenario, each path is probed alone.
    """
    probes = {p: _probe(s.uncertain[p]) for p in paths}
    probes = {p: v for p, v in probes.items() if v is not None}
    try:
        groups = [probes] if probes else []
        _apply(s, probes, mark=False)
    except (PathRefused, PathInvalid):
        groups = [{p: v} for p, v in probes.items()]
    out: set[str] = set()
    for group in groups:
        w = _apply(s, group, mark=False)
        bigger = rescale(w, 2 * w.municipality.residents)
        out |= {p for p, t in targets(s, group, as_world=True).items() if Path(t.parts).read(bigger) != Path(t.parts).read(w)}
    return out


def _corner_problem(s: Scenario, path: str, key: tuple, v: Any) -> Issue | None:
    """What is wrong with the world that sets `path` to one corner `v` of its range, if anything."""
    here = ("uncertain", path)
    try:
        _apply(s, {path: v}, mark=False)
    except PathRefused as exc:
        return here, exc.problem
    except PathInvalid as exc:
        parts = _find(s, path).parts
        field = "" if exc.loc[: len(parts)] == parts else Said(" makes field '{f}' wrong:", " maakt veld '{f}' fout:"
                                                               ).format(f=dotted(exc.loc))
        return here + key, Said("{v} is outside what the field allows:{field} {why}",
                                "{v} ligt buiten wat het veld toestaat:{field} {why}").format(
            v=repr(v), field=field, why=exc.problem)
    return None


def _nonsense(path: str, u: Uncertain, t: Target, reached: dict[Path, str]) -> Said | None:
    """Why exploring this range would make no sense, if it would not: what the schema of one range cannot see.

    - text (a name, a label) is nothing the model computes with, and a choice among words or
      true/false has no numbers between its options: it takes `values:`, not low and high;
    - a range of no width (low equal to high, or values that are all one value) draws the same
      value in every world, so explore would credit it with an effect it cannot have;
    - two ranges on one field (`buttons.0.fire` and `buttons[0].fire`, or a dated field of one
      step and that step's value) would each set it in every world, the second overwriting the
      first, so the analysis would credit two inputs with one value's effect.
    """
    if t.kind == "text":
        return Said("is text (a name, a label, a description), not a number of the model; give a range on a value "
                    "the model computes with (a share, a rate, a duration)",
                    "is tekst (een naam, een label, een beschrijving), geen getal van het model; geef een bereik op een "
                    "waarde waarmee het model rekent (een aandeel, een kans, een duur)")
    if t.kind == "choice" and u.values is None:
        options = ", ".join(str(w).lower() if isinstance(w, bool) else str(w) for w in t.choices)
        return Said("is a choice ({options}), not a number, so it has no values between low and high; give the "
                    "choices to explore as values: [{options}]",
                    "is een keuze ({options}), geen getal, dus er liggen geen waarden tussen low en high; geef de keuzes "
                    "om te verkennen als values: [{options}]").format(options=options)
    if u.values is not None and all(v == u.values[0] and isinstance(v, bool) == isinstance(u.values[0], bool) for v in u.values):
        return Said("has no width: every value of values is {v}, so every world would draw the same value and explore "
                    "would credit it with an effect it cannot have; give two different values, or leave the field out "
                    "of uncertain:",
                    "heeft geen breedte: elke waarde van values is {v}, dus elke wereld zou dezelfde waarde trekken en "
                    "explore zou er een effect aan toeschrijven dat het niet kan hebben; geef twee verschillende waarden, "
                    "of laat het veld weg uit uncertain:").format(v=repr(u.values[0]))
    if u.values is None and u.low == u.high:
        return Said("has no width: low and high are both {v}, so every world would draw the same value and explore "
                    "would credit it with an effect it cannot have; give low below high, or leave the field out of "
                    "uncertain:",
                    "heeft geen breedte: low en high zijn allebei {v}, dus elke wereld zou dezelfde waarde trekken en "
                    "explore zou er een effect aan toeschrijven dat het niet kan hebben; geef low lager dan high, of laat "
                    "het veld weg uit uncertain:").format(v=f"{u.low:g}")
    if Path(t.value_parts) in reached:
        return Said("reaches the same value as '{other}' ({field}); one field takes one range, or each world would "
                    "draw it twice: keep one of the two",
                    "bereikt dezelfde waarde als '{other}' ({field}); één veld krijgt één bereik, anders zou elke wereld "
                    "het twee keer trekken: houd er één van de twee").format(other=reached[Path(t.value_parts)],
                                                                           field=Path(t.value_parts).text)
    return None


def range_issues(s: Scenario) -> list[Issue]:
    """What is wrong with the scenario's ranges, in file order, in the form of `consistency_issues`.

    Each range's edges (low, high, mode) and each discrete value are applied through `world`,
    so a range outside its field's allowed values gets the schema's own complaint. It also tells
    every range whether its field takes whole numbers (`Uncertain.ppf` rounds them).
    """
    issues: dict[str, Issue] = {}
    corners: dict[str, list] = {}
    reached: dict[Path, str] = {}  # the value a range reaches -> the first path that reached it
    for path, u in s.uncertain.items():
        try:
            t = _find(s, path)
        except PathRefused as exc:
            issues[path] = (("uncertain", path), exc.problem)
            continue
        u._integer = t.integer
        problem = _nonsense(path, u, t, reached)
        if problem is not None:
            issues[path] = (("uncertain", path), problem)
            continue
        reached[Path(t.value_parts)] = path
        corners[path] = _corners(u)
    for k in range(max(map(len, corners.values()), default=0)):
        group = {p: c[k][1] for p, c in corners.items() if k < len(c) and p not in issues}
        try:
            _apply(s, group, mark=False)  # all paths' k-th corner at once: the common case, valid
        except (PathRefused, PathInvalid):
            for path in group:
                problem = _corner_problem(s, path, *corners[path][k])
                if problem:
                    issues[path] = problem
    for path in _scaled(s, [p for p in s.uncertain if p not in issues]):
        issues[path] = (("uncertain", path), Said(
            "is an absolute figure that scales with the municipality's residents, so a range would hold for one size "
            "only; give the range on a rate (an incidence, a share, a cost per client, a duration) instead",
            "is een absoluut bedrag dat meeschaalt met de inwoners van de gemeente, dus een bereik zou voor één omvang "
            "gelden; geef het bereik in plaats daarvan op een verhouding (een incidentie, een aandeel, kosten per "
            "cliënt, een duur)"))
    return [issues[p] for p in s.uncertain if p in issues]


_WORDS = {
    "en": {"uniform": "uniform from {low} to {high}", "triangular": "triangular from {low} to {high}, most likely {mode}",
           "discrete": "one of {values}", "head": "{n} uncertain {value}, which explore draws from (a run uses "
           "the values in the file):", "value": ("value", "values")},
    "nl": {"uniform": "uniform van {low} tot {high}", "triangular": "driehoekig van {low} tot {high}, meest "
           "waarschijnlijk {mode}", "discrete": "een van {values}", "head": "{n} onzekere {value}, waaruit explore "
           "trekt (een run gebruikt de waarden in het bestand):", "value": ("waarde", "waarden")},
}


def _number(x: Any, lang: str) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return str(x).lower() if isinstance(x, bool) else str(x)
    text = f"{int(x):,}" if float(x).is_integer() else f"{x:.6g}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "nl" else text


def describe(u: Uncertain, lang: str = "en") -> str:
    """A range in words: 'uniform from 0.2 to 0.45' ('uniform van 0,2 tot 0,45')."""
    words = _WORDS[lang]
    if u.values is not None:
        return words["discrete"].format(values=", ".join(_number(v, lang) for v in u.values))
    return words[u.kind].format(low=_number(u.low, lang), high=_number(u.high, lang), mode=_number(u.mode, lang))


def listing(s: Scenario, lang: str = "en") -> list[str]:
    """What is uncertain in `s`, for `ontschot validate`: a head line, then path, range and why (none: nothing)."""
    if not s.uncertain:
        return []
    words, n = _WORDS[lang], len(s.uncertain)
    return [words["head"].format(n=n, value=words["value"][n != 1])] + [
        f"  `{path}`: {describe(u, lang)} ({(u.why_nl or u.why) if lang == 'nl' else u.why})"
        for path, u in s.uncertain.items()]  # the path as the file spells it
