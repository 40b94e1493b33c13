"""The scenario library: every policy file measured against the file it extends.

A policy file (any scenarios/**/*.yaml outside scenarios/base/) says what a source text claims a
policy does. To check that claim in the model, the policy runs beside its comparison base: the
file it extends, with the policy's own residents laid over it. Both meet the same residents with
the same luck (common random numbers), so the paired difference per replication is the policy's
effect alone, and its 95% interval says whether the claim is reproduced.

    python -m sim.report.library --write docs/scenarios.md [--replications 5] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import Said, ScenarioError
from ..policy.loader import load_scenario
from ..policy.scale import rescale
from ..policy.scenario import Scenario
from ..study.compare import compare as compare_scenarios
from ..study.metrics import CLAIMED
from ..study.stats import interval
from ..study.store import atomic_file
from .metric_words import display
from .numbers import interval as span_of, number, said_millions, signed

BEGIN, END = "<!-- library:begin -->", "<!-- library:end -->"
META = ("extends", "name", "name_nl", "description", "description_nl", "story", "story_nl", "sources", "sources_nl", "source_text",
        "mechanism", "mechanism_nl", "claim", "claim_nl", "claims")
# Sections the comparison base takes from the policy file: who lives there and for how long, not policy.
SHARED = ("municipality", "population", "run")
# Keys inside a section that describe rather than decide: not parameters.
DESCRIPTIVE = ("source", "description", "label_en", "label_nl")
# Claim metric -> summary column (the registry, sim.study.metrics); "cost_pct" is the relative cost difference.
METRICS = CLAIMED
ROWS = ("cost", "cost_pct", "deficit", "satisfaction", "wait", "exposure", "escalations", "multi_grade", "multi_escalations")
# The residents with several problems (sim.study.groups), per resident over the term: who pooling is about.
MULTI = {"multi_grade": "mean_grade", "multi_escalations": "escalations_per_resident"}


def policy_files(root: Path) -> list[Path]:
    """Every policy file under `root`/scenarios, bases excluded: the library is what extends them."""
    folder = Path(root) / "scenarios"
    return sorted(p for p in folder.rglob("*.yaml") if p.relative_to(folder).parts[0] != "base")


def _raw(path: Path) -> dict:
    """The policy file's own YAML, before `extends:` is merged."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _extends(path: Path) -> Path:
    parent = _raw(path).get("extends")
    if not isinstance(parent, str) or not parent.strip():
        raise ScenarioError(str(path), None, "extends", Said(
            "a policy file must extend a base or another policy file, so that it has something to be compared with",
            "een beleidsbestand moet een basis of een ander beleidsbestand uitbreiden, zodat er iets is om het mee te "
            "vergelijken"))
    return (Path(path).parent / parent).resolve()


def comparison_base(path: Path) -> Scenario:
    """The file `path` extends, with `path`'s own municipality, population and run sections laid over it.

    So both meet the same residents over the same term and differ only in policy. (`run` is
    shared too: a different horizon would not be a policy difference.) The base keeps its name.
    """
    raw = _raw(path)
    overlay = {k: raw[k] for k in SHARED if isinstance(raw.get(k), dict)}
    return load_scenario(_extends(path), overlay=overlay)


def parameters(path: Path) -> list[str]:
    """The dotted leaf paths the policy file itself sets: the parameters that carry the policy.

    A list is one parameter (a later file replaces it whole), and so is an empty mapping.
    Descriptive keys inside a section (a provision's `source`, a programme's `description`,
    labels) are left out: they change no result.
    """
    out: list[str] = []

    def walk(value: Any, prefix: str) -> None:
        if isinstance(value, dict) and value:
            for k, v in value.items():
                if k not in DESCRIPTIVE:
                    walk(v, f"{prefix}.{k}")
        else:
            out.append(prefix)

    for key, value in _raw(path).items():
        if key not in META and key not in SHARED:
            walk(value, str(key))
    return out


def verdict(claimed: str, low: float, high: float) -> str:
    """'reproduced' if the interval lies wholly on the claimed side of 0, 'not reproduced' if wholly
    on the other side, 'unclear' otherwise (it holds 0, or there is no interval)."""
    if not (low <= high):  # also NaN
        return "unclear"
    below, above = high < 0, low > 0
    if (claimed == "lower" and below) or (claimed == "higher" and above):
        return "reproduced"
    if (claimed == "lower" and above) or (claimed == "higher" and below):
        return "not reproduced"
    return "unclear"


def _scaled(s: Scenario, residents: int | None, years: int | None) -> Scenario:
    s = rescale(s, residents) if residents is not None else s
    if years is not None:
        s = s.model_copy(deep=True)
        s.run.horizon_years = years
    return s


def compare(path: Path, seed: int, replications: int, residents: int | None = None, years: int | None = None,
            cache: dict | None = None) -> pd.DataFrame:
    """Paired differences (policy minus base, replication by replication) of the headline metrics.

    One row per metric in ROWS, with the mean difference and its 95% t-interval (low, high) and
    the policy's and the base's means (for cost_pct: their costs). Totals are over the term;
    attrs["years"] is its length, attrs["policy"] and attrs["base"] the two scenarios' names (attrs["base_nl"]
    the base's Dutch one).
    The two run as a comparison (`sim.study.compare.compare`, base first); `cache` (a dict, the
    comparison's memo) lets a library reuse a run when one file's policy is another's base. (The
    memo is keyed by the scenario's content, names included, so a file compared with a copy of
    its base runs twice.)
    """
    pol, base = (_scaled(s, residents, years) for s in (load_scenario(path), comparison_base(path)))
    c = compare_scenarios([base, pol], seed=seed, replications=replications, labels=["base", "policy"], memo=cache)
    b, p = (arm.summary for arm in c.arms)
    gb, gp = (arm.groups[arm.groups["group"] == "multi"].sort_values("replication").reset_index(drop=True)
              for arm in c.arms)
    rows = {}
    for m in ROWS:
        if m in MULTI:
            a, c = gp[MULTI[m]].astype(float), gb[MULTI[m]].astype(float)
        else:
            a, c = p[METRICS.get(m, "total_cost")].astype(float), b[METRICS.get(m, "total_cost")].astype(float)
        diff = 100 * (a - c) / c if m == "cost_pct" else a - c
        mean, low, high = interval(diff.to_numpy())
        rows[m] = {"mean": mean, "low": low, "high": high, "policy": float(a.mean()), "base": float(c.mean())}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.attrs.update(years=pol.run.horizon_years, replications=replications, seed=seed, policy=pol.name, base=base.name,
                     base_nl=base.title("nl"))
    return out


def library_table(root: Path, seed: int, replications: int, residents: int | None = None,
                  progress: bool = True, years: int | None = None) -> pd.DataFrame:
    """One row per policy file: what it is, what carries it, its paired effects and the claim check."""
    root = Path(root)
    files = policy_files(root)
    if progress:
        from tqdm import tqdm

        files = tqdm(files, desc="scenario library", unit="file")
    cache: dict = {}
    rows = []
    for path in files:
        s = load_scenario(path)
        d = compare(path, seed, replications, residents, years, cache)
        row: dict[str, Any] = {
            "file": path.relative_to(root).as_posix(), "name": s.name, "base": d.attrs["base"],
            "source_text": s.source_text, "mechanism": s.mechanism, "claim": s.claim, "claims": dict(s.claims),
            "base_nl": d.attrs["base_nl"], "mechanism_nl": s.mechanism_told("nl"), "claim_nl": s.claim_told("nl"),
            "parameters": parameters(path), "years": d.attrs["years"], "replications": replications, "seed": seed,
        }
        for m in ROWS:
            row[m], row[f"{m}_low"], row[f"{m}_high"] = d.loc[m, "mean"], d.loc[m, "low"], d.loc[m, "high"]
        row["check"] = {m: verdict(c, row[f"{m}_low"], row[f"{m}_high"]) for m, c in s.claims.items()}
        rows.append(row)
    return pd.DataFrame(rows)


WORDS = {
    "en": {"head": ("scenario", "source text", "mechanism", "parameters", "effect against its base (95% interval)",
                    "claim check"),
           "cost": "cost", "deficit": "deficit", "satisfaction": "satisfaction", "wait": "wait",
           "exposure": "legal exposure", "escalations": "escalations",
           "multi": "residents with several problems: grade {g} points, escalations per resident {e}",
           "eur_m": "EUR M a year", "per_year": "a year", "points": "points", "days": "days", "weeks": "weeks", "cases": "cases", "said": "{dir} {metric}",
           "lower": "lower", "higher": "higher", "reproduced": "reproduced",
           "not reproduced": "**not reproduced**", "unclear": "unclear (the interval holds 0)",
           "model": "the model gives", "none": "no claim stated as a direction", "against": "against"},
    "nl": {"head": ("scenario", "brontekst", "mechanisme", "parameters", "effect tegenover de basis (95%-interval)",
                    "toets van de claim"),
           "cost": "kosten", "deficit": "tekort", "satisfaction": "tevredenheid", "wait": "wachttijd",
           "exposure": "juridisch risico", "escalations": "escalaties",
           "multi": "inwoners met meerdere problemen: cijfer {g} punten, escalaties per inwoner {e}",
           "eur_m": "miljoen euro per jaar", "per_year": "per jaar", "points": "punten", "days": "dagen", "weeks": "weken", "said": "{metric} {dir}",
           "cases": "zaken", "lower": "lager", "higher": "hoger", "reproduced": "gereproduceerd",
           "not reproduced": "**niet gereproduceerd**", "unclear": "onduidelijk (het interval bevat 0)",
           "model": "het model geeft", "none": "geen claim als richting opgegeven", "against": "tegenover"},
}


def _effect_parts(row: pd.Series, m: str, scale: float, decimals: int, lang: str = "en") -> tuple[str, str]:
    """('+x', 'a to b'): the mean difference and its 95% interval, with up to two more decimals
    when the usual ones would show a small effect as 0."""
    mean, lo, hi = (row[k] * scale for k in (m, f"{m}_low", f"{m}_high"))
    largest = max((abs(x) for x in (mean, lo, hi) if x == x), default=0.0)  # x == x: not NaN
    while 0 < largest < 10.0**-decimals and decimals < 4:
        decimals += 1
    return (signed(mean, decimals, lang, grouped=False, none="n/a"),
            span_of(lo, hi, decimals, lang, sign=True, grouped=False, none="n/a"))


def _effect(row: pd.Series, m: str, scale: float, decimals: int, lang: str = "en") -> str:
    """'+x (a to b)': the mean difference and its 95% interval."""
    mean, shown = _effect_parts(row, m, scale, decimals, lang)
    return f"{mean} ({shown})"


def with_unit(amount: str, unit: str, lang: str = "en") -> str:
    """An amount with its unit word (WORDS): '+1.50 EUR M a year', '-3 days'. Dutch writes money one way
    everywhere (sim.report.numbers.said_millions): '€ +1,50 miljoen per jaar', never 'mln euro'."""
    if unit == "eur_m" and lang == "nl":
        return f"{said_millions(amount, lang)} {WORDS[lang]['per_year']}"
    return f"{amount} {WORDS[lang][unit]}" if unit else amount


def _money_effect(row: pd.Series, m: str, scale: float, lang: str = "en") -> str:
    """A money effect a year with its interval: '+1.50 (+1.00 to +2.00) EUR M a year' (as docs/scenarios.md
    shows it), '€ +1,50 miljoen per jaar (+1,00 tot +2,00)'."""
    mean, shown = _effect_parts(row, m, scale, 2, lang)
    if lang == "nl":
        return f"{with_unit(mean, 'eur_m', lang)} ({shown})"
    return f"{mean} ({shown}) {WORDS[lang]['eur_m']}"


def _grouped(paths: list[str]) -> str:
    """Parameters as code, siblings grouped: `plan.{policy, discretion_max}`."""
    groups: dict[str, list[str]] = {}
    for p in paths:
        parent, _, leaf = p.rpartition(".")
        groups.setdefault(parent, []).append(leaf)
    out = []
    for parent, leaves in groups.items():
        if not parent:
            out += leaves
        else:
            out.append(f"{parent}.{leaves[0]}" if len(leaves) == 1 else f"{parent}.{{{', '.join(leaves)}}}")
    return ", ".join(f"`{x}`" for x in out)


def _cell(text: Any) -> str:
    return " ".join(str(text or "").split()).replace("|", "\\|")


def _said(row: pd.Series, key: str, lang: str) -> str:
    """A row's text (the base's name, the mechanism, the claim) in the reader's language: the Dutch
    column with `--lang nl` where the row has one (the file's Dutch, else its English), else the English."""
    dutch = row.get(f"{key}_nl") if lang == "nl" else None
    return dutch if isinstance(dutch, str) and dutch else row[key]


def render_markdown(df: pd.DataFrame, lang: str = "en") -> str:
    """The library as a Markdown table, one row per policy file, for docs/ (links are relative to docs/)."""
    w = WORDS[lang]
    lines = ["| " + " | ".join(w["head"]) + " |", "|" + "---|" * len(w["head"])]
    for _, r in df.iterrows():
        per_year = display(METRICS["cost"]).shown(1.0) / r["years"]  # EUR million a year, by the money rule
        effect = "<br>".join([
            f"{w['cost']} {_effect(r, 'cost_pct', 1, 1, lang)} %, {_money_effect(r, 'cost', per_year, lang)}",
            f"{w['deficit']} {_money_effect(r, 'deficit', per_year, lang)}",
            f"{w['satisfaction']} {_effect(r, 'satisfaction', 1, 2, lang)} {w['points']}",
            f"{w['wait']} {_effect(r, 'wait', display(METRICS['wait']).shown(1.0), 1, lang)} {w['weeks']}",
            f"{w['exposure']} {_effect(r, 'exposure', 1, 1, lang)} {w['cases']}",
            f"{w['escalations']} {_effect(r, 'escalations', 1, 1, lang)}",
            w["multi"].format(g=_effect(r, "multi_grade", 1, 2, lang), e=_effect(r, "multi_escalations", 1, 2, lang)),
        ])
        checks = []
        for m, claimed in r["claims"].items():
            v = r["check"][m]
            said = w["said"].format(dir=w[claimed], metric=w[m]) + f": {w[v]}"
            if v == "not reproduced":
                said += f" ({w['model']} {w['higher' if claimed == 'lower' else 'lower']})"
            checks.append(said)
        claim = f"{_cell(_said(r, 'claim', lang))}<br>" if r["claim"] else ""
        check = claim + ("; ".join(checks) if checks else w["none"])
        name = r["file"].removeprefix("scenarios/")
        lines.append("| " + " | ".join([
            f"[{name}](../{r['file']})<br>{w['against']} {_cell(_said(r, 'base', lang))}",
            f"`{r['source_text']}`" if r["source_text"] else "",
            _cell(_said(r, "mechanism", lang)), _grouped(r["parameters"]), effect, check]) + " |")
    return "\n".join(lines) + "\n"


_HEAD = {
    "en": {"none": "No policy files yet. Regenerate with `{command}`.", "years": "{n} years", "terms": "each file's term",
           "scaled": "every scenario scaled to {n} residents", "own": "the residents each file sets",
           "head": "Generated by `{command}`: {r} replications from seed {seed}, {term}, {who}. Each figure is the mean "
                   "paired difference, policy minus base, over the term unless it says a year, with its 95% interval "
                   "between brackets."},
    "nl": {"none": "Nog geen beleidsbestanden. Opnieuw maken met `{command}`.", "years": "{n} jaar",
           "terms": "de looptijd van elk bestand", "scaled": "elk scenario geschaald naar {n} inwoners",
           "own": "de inwoners die elk bestand noemt",
           "head": "Gemaakt met `{command}`: {r} herhalingen vanaf startgetal {seed}, {term}, {who}. Elk getal is het "
                   "gemiddelde gepaarde verschil, beleid min basis, over de looptijd tenzij er een jaar staat, met het "
                   "95%-interval tussen haakjes."},
}


def block(df: pd.DataFrame, command: str, residents: int | None = None, lang: str = "en") -> str:
    """The generated text between the markers: how it was made, then the table, in the reader's language."""
    if df.empty:
        return f"{BEGIN}\n{_HEAD[lang]['none'].format(command=command)}\n{END}"
    words = _HEAD[lang]
    years = sorted(set(int(y) for y in df["years"]))
    term = words["years"].format(n=years[0]) if len(years) == 1 else words["terms"]
    who = words["scaled"].format(n=number(residents, lang=lang)) if residents else words["own"]
    head = words["head"].format(command=command, r=int(df["replications"].iloc[0]), seed=int(df["seed"].iloc[0]),
                                term=term, who=who)
    return f"{BEGIN}\n{head}\n\n{render_markdown(df, lang)}{END}"


def splice(text: str, new_block: str) -> str:
    """`text` with everything from the begin marker to the end marker replaced by `new_block`."""
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise ValueError(f"markers {BEGIN} and {END} not found (in that order)")
    return text[:i] + new_block + text[j + len(END):]


def main(argv: list[str] | None = None) -> int:
    """Regenerate (or with --check, verify) the library table in a Markdown file; print it without --write."""
    ap = argparse.ArgumentParser(prog="python -m sim.report.library", description=__doc__.splitlines()[0])
    ap.add_argument("--write", type=Path, help="Markdown file with the library markers, e.g. docs/scenarios.md")
    ap.add_argument("--check", action="store_true", help="exit 1 if the table in --write differs; write nothing")
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--residents", type=int, help="scale every scenario to this many residents (quick looks)")
    ap.add_argument("--years", type=int, help="simulate this many years instead of each file's horizon")
    ap.add_argument("--root", type=Path, default=Path("."), help="the repository (holds scenarios/); default: here")
    ap.add_argument("--lang", choices=sorted(WORDS), default="en")
    args = ap.parse_args(argv)
    if args.replications < 2:
        ap.error("--replications must be at least 2 for an interval")
    if args.check and args.write is None:
        ap.error("--check needs --write FILE (the file to check)")
    command = f"python -m sim.report.library --write {args.write or 'FILE'} --replications {args.replications} --seed {args.seed}"
    command += "".join(f" --{k} {getattr(args, k)}" for k in ("residents", "years") if getattr(args, k) is not None)
    try:
        old = args.write.read_text(encoding="utf-8") if args.write else None
        df = library_table(args.root, args.seed, args.replications, args.residents, progress=True, years=args.years)
        new_block = block(df, command, args.residents, args.lang)
        new = splice(old, new_block) if old is not None else None
    except (ScenarioError, ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.write is None:
        print(new_block)
    elif args.check:
        if new != old:
            print(f"{args.write}: the library table is out of date; run {command}", file=sys.stderr)
            return 1
    elif new != old:
        with atomic_file(args.write) as tmp:  # an interrupted write leaves the old file
            tmp.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
