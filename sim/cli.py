"""The `ontschot` command: run, compare, sweep, explore, municipalities, explain, validate, schema.

Exit status 0 on success, 2 on invalid input (a malformed scenario or a bad argument, an output
folder that cannot be written or holds a user's files) with one paragraph that names the file,
line and field, and never a traceback; 1 with one line when writing fails part-way (a full disk).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ._version import __version__
from .study.compare import DEFAULT_MAX_REPLICATIONS, MIN_REPLICATIONS
from .study.limits import MAX_INDEX, MAX_PRECISION, MAX_SEED
from .errors import Said, ScenarioError, UsageError, speak, spoken

# argparse's own messages (Python 3.11), in Dutch: matched on its English, the parts it fills in kept.
_ARGPARSE_NL = (
    (re.compile(r"^the following arguments are required: (.*)$"), "deze argumenten ontbreken: {0}"),
    (re.compile(r"^unrecognized arguments: (.*)$"), "onbekende argumenten: {0}"),
    (re.compile(r"^one of the arguments (.*) is required$"), "een van de argumenten {0} is nodig"),
    (re.compile(r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$"),
     "argument {0}: ongeldige keuze: {1} (kies uit {2})"),
    (re.compile(r"^argument (.*?): not allowed with argument (.*)$"), "argument {0}: niet samen met argument {1}"),
    (re.compile(r"^argument (.*?): expected one argument$"), "argument {0}: verwacht één waarde"),
    (re.compile(r"^argument (.*?): expected at least one argument$"), "argument {0}: verwacht minstens één waarde"),
    (re.compile(r"^argument (.*?): expected at most one argument$"), "argument {0}: verwacht hoogstens één waarde"),
    (re.compile(r"^argument (.*?): ignored explicit argument (.*)$"), "argument {0}: overbodige waarde {1}"),
    (re.compile(r"^argument (.*?): invalid (.*) value: (.*)$"), "argument {0}: ongeldige waarde {2}"),
    (re.compile(r"^ambiguous option: (.*) could match (.*)$"), "dubbelzinnige optie: {0} kan {1} zijn"),
    (re.compile(r"^argument (.*?): (.*)$"), "argument {0}: {1}"),  # a message of our own types, said below
)


def lang_of(argv: list[str]) -> str:
    """The language asked for on the command line, read before argparse has parsed it, so that
    argparse's own complaints (which come before `--lang` is known) are in that language too."""
    lang = "en"
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in ("en", "nl") else "en"

if TYPE_CHECKING:
    from .policy.scenario import Scenario


class _Parser(argparse.ArgumentParser):
    """argparse exits with status 2 on bad arguments already; keep its message to one line, in
    the reader's language (`lang`, from `lang_of`)."""

    lang = "en"
    said_last: Said | None = None  # the words of the last complaint of one of our types

    def error(self, message: str) -> None:  # type: ignore[override]
        if self.lang == "nl":
            message = self._dutch(message)
        see = f"ontschot {self.prog.split()[-1]} --help" if " " in self.prog else "ontschot --help"
        self.exit(2, f"ontschot: {message} ({'zie' if self.lang == 'nl' else 'see'} '{see}')\n")

    def _dutch(self, message: str) -> str:
        """argparse's English turned Dutch; one of our own types' complaints as it said it in Dutch."""
        own = _Parser.said_last
        for pattern, dutch in _ARGPARSE_NL:
            found = pattern.match(message)
            if found:
                parts = list(found.groups())
                if own is not None and parts[-1] == own.en:
                    parts[-1] = own.nl
                return dutch.format(*parts)
        return message


def _refuse(words: Said) -> argparse.ArgumentTypeError:
    """An argparse complaint whose Dutch `_Parser.error` can find again (argparse keeps only a string)."""
    _Parser.said_last = words
    return argparse.ArgumentTypeError(words.en)


def _shown(text: object) -> str:
    """A value as a one-line message may echo it: control characters (a newline) escaped, at most 40 characters."""
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return text if len(text) <= 40 else text[:37] + "..."


def _whole(minimum: int, most: int | None = None):
    """An argparse type: a whole number of at least `minimum` (and at most `most`), with a message that says so.

    How many runs a machine can hold depends on the scenario too, so that bound is checked once the
    files are read (`_bounded`); `most` is for a number bounded on its own (a seed, a case id)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # also a number of more than 4,300 digits, which Python will not read
            raise _refuse(Said("must be a whole number, got '{text}'",
                               "moet een geheel getal zijn, niet '{text}'").format(text=_shown(text))) from None
        shown = _shown(value)
        if value < minimum:
            raise _refuse(Said("must be at least {minimum}, got {value}",
                               "moet minstens {minimum} zijn, niet {value}").format(minimum=minimum, value=shown))
        if most is not None and value > most:
            raise _refuse(Said("must be at most {most}, got {value}",
                               "moet hoogstens {most} zijn, niet {value}").format(most=most, value=shown))
        return value

    return parse


def _percent(text: str) -> float:
    """An argparse type: a percentage above 0."""
    try:
        value = float(text)
    except ValueError:
        raise _refuse(Said("must be a percentage such as 2 or 0.5, got '{text}'",
                           "moet een percentage zijn, zoals 2 of 0.5, niet '{text}'").format(text=_shown(text))) from None
    if not 0 < value <= MAX_PRECISION:  # NaN fails both
        raise _refuse(Said("must be a percentage above 0 and at most {most}, got {text}",
                           "moet een percentage boven 0 en hoogstens {most} zijn, niet {text}").format(
            most=f"{MAX_PRECISION:g}", text=_shown(text)))
    return value


def _vary(text: str) -> tuple[str, list]:
    """An argparse type: PATH=V1,V2,... with each value read as YAML (numbers, words, true/false)."""
    import yaml

    path, sep, values = text.partition("=")
    if not sep or not path.strip() or not values.strip():
        raise _refuse(Said("must look like PATH=V1,V2,..., got '{text}'",
                           "moet de vorm PAD=W1,W2,... hebben, niet '{text}'").format(text=_shown(text)))
    try:
        parsed = [yaml.safe_load(v) for v in values.split(",")]
    except (yaml.YAMLError, ValueError):  # ValueError: a date that does not exist (2023-02-30), thousands of digits
        raise _refuse(Said("cannot read the values in '{text}'",
                           "de waarden in '{text}' zijn niet te lezen").format(text=_shown(text))) from None
    return path.strip(), parsed


def _scheduler(p) -> None:
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the replications on the Dask cluster at ADDRESS, e.g. tcp://10.0.0.5:8786 "
                   "(docs/scale.md; the same results)")


def _where(p: argparse.ArgumentParser) -> None:
    """--workers or --scheduler, not both: a cluster's size is set where its workers start."""
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_whole(1), default=1, help="worker processes (results are the same for any number)")
    _scheduler(where)


def _strict(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strict", action="store_true", help="refuse (exit 2) a scenario file with unlikely values, "
                   "which are otherwise warnings (a Dutch thousands point, a budget in millions, a term in weeks)")


def _plausible(args: argparse.Namespace, scenario: "Scenario") -> "Scenario":
    """Say a loaded scenario's unlikely values on stderr, each with its file, line and field
    (sim.policy.plausible); with --strict, refuse the file after saying them (ScenarioError, exit 2)."""
    from .policy.plausible import refusal
    from .report.labels import label

    for doubt in scenario.unlikely:
        print(label("cli_warning", args.lang, message=doubt.message(args.lang)), file=sys.stderr)
    if scenario.unlikely and args.strict:
        raise refusal(scenario.path or "", scenario.unlikely)
    return scenario


def _common(p: argparse.ArgumentParser) -> None:
    """Options that compare and sweep share."""
    p.add_argument("--seed", type=_whole(0, MAX_SEED), default=None, help="seed (default: the first scenario's run.seed)")
    _strict(p)
    _where(p)
    p.add_argument("--lang", choices=("en", "nl"), default="en", help="language of labels, pictures, reports and the lines printed")


def build_parser(lang: str = "en") -> argparse.ArgumentParser:
    """The parser; `lang` is the language its complaints are in (`lang_of` the command line)."""
    _Parser.lang = lang
    p = _Parser(prog="ontschot", description="Simulate earmarked versus pooled social-domain budgets.")
    p.add_argument("--version", action="version", version=f"ontschot {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="run scenario files and write tables and pictures")
    r.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    r.add_argument("--out", default=None, help="output folder (default: results/<scenario file name>); "
                   "with several scenarios, one sub-folder each")
    r.add_argument("--seed", type=_whole(0, MAX_SEED), default=None, help="seed (default: the scenario's run.seed)")
    r.add_argument("--replications", type=_whole(1), default=None, help="replications (default: run.replications)")
    r.add_argument("--lang", choices=("en", "nl"), default="en", help="language of labels, pictures, the report and the lines printed")
    _strict(r)
    _scheduler(r)  # when it compares several scenarios

    c = sub.add_parser("compare", help="compare scenarios on the same residents, with 95%% intervals and a council brief")
    c.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml", help="two or more; differences are against the first")
    c.add_argument("--out", default=None, help="output folder (default: results/<first>_vs_<second>)")
    how = c.add_mutually_exclusive_group()
    how.add_argument("--replications", type=_whole(1), default=None,
                     help="replications per scenario (default: the first scenario's run.replications)")
    how.add_argument("--precision", type=_percent, default=None, metavar="P",
                     help="add replications until every headline 95%% interval is within P%% of its mean")
    c.add_argument("--max-replications", type=_whole(MIN_REPLICATIONS), default=DEFAULT_MAX_REPLICATIONS,
                   help=f"the most --precision may run (default {DEFAULT_MAX_REPLICATIONS})")
    _common(c)

    w = sub.add_parser("sweep", help="vary one or two parameters and draw the cost-versus-satisfaction trade-off")
    w.add_argument("scenario", metavar="SCENARIO.yaml")
    w.add_argument("--vary", action="append", required=True, type=_vary, metavar="PATH=V1,V2,...",
                   help="a parameter path and its values, e.g. buttons.0.fire=0.95,1.0,1.05 (at most twice)")
    w.add_argument("--out", default=None, help="output folder (default: results/sweep_<scenario>)")
    w.add_argument("--replications", type=_whole(1), default=None, help="replications per point")
    _common(w)

    x = sub.add_parser("explore", help="run every policy in many plausible worlds: which assumptions decide, where a "
                       "policy fails, how robust a choice is")
    x.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml", help="one or more policies; the first file's "
                   "uncertain: ranges give the worlds, differences are against it")
    x.add_argument("--samples", type=_whole(1), default=32, help="worlds (lhs), base points (sobol: a power of two, "
                   "N*(k+2) worlds) or trajectories (morris: N*(k+1) worlds) for k uncertain values; default 32")
    x.add_argument("--method", choices=("lhs", "sobol", "morris"), default="lhs",
                   help="lhs: a Latin hypercube (default); sobol: Sobol indices; morris: Morris screening")
    x.add_argument("--replications", type=_whole(1), default=2, help="replications per world and policy (default 2)")
    x.add_argument("--fails", default=None, metavar="EXPRESSION",
                   help="when a policy fails, e.g. 'deficit > 0' or 'difference.mean_satisfaction < -0.5' (PRIM)")
    x.add_argument("--out", default=None, help="output folder (default: results/explore_<first scenario>)")
    _common(x)

    m = sub.add_parser("municipalities", help="run one scenario per municipality of a CSV on a shared base (docs/scale.md)")
    m.add_argument("table", metavar="FILE.csv", help="columns municipality, residents and any scenario field paths")
    m.add_argument("--base", required=True, metavar="BASE.yaml", help="the scenario every municipality extends")
    m.add_argument("--out", default=None, help="output folder (default: results/municipalities_<file name>)")
    m.add_argument("--replications", type=_whole(1), default=None, help="replications per municipality")
    m.add_argument("--seed", type=_whole(0, MAX_SEED), default=None, help="seed (default: the base's run.seed)")
    m.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the lines printed")
    _strict(m)
    _where(m)

    e = sub.add_parser("explain", help="tell one case's journey, step by step, from a result folder")
    e.add_argument("result", metavar="RESULT_DIR", help="a folder written by 'ontschot run' or 'ontschot compare'")
    e.add_argument("case_id", type=_whole(0, MAX_INDEX), metavar="CASE_ID", nargs="?", default=None,
                   help="the case to tell (leave it out for a few cases worth telling)")
    e.add_argument("--replication", type=_whole(0, MAX_INDEX), default=0, help="replication (default 0)")
    e.add_argument("--scenario", default=None, help="in a comparison: the scenario's label (default: every one)")
    e.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the story")

    v = sub.add_parser("validate", help="check scenario files without running them")
    v.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    v.add_argument("--lang", choices=("en", "nl"), default="en", help="language of the lines printed and the list of uncertain values")
    _strict(v)

    sc = sub.add_parser("schema", help="print the scenario JSON Schema (for editor autocompletion)")
    sc.add_argument("--markdown", action="store_true", help="print the field reference as a Markdown table instead")
    return p


def _workers(args: argparse.Namespace) -> None:
    """No more local workers than this machine's cores: a larger number is lowered, saying so on
    stderr in the reader's language (sim.study.limits says why); a cluster decides its own."""
    from .study.limits import workers

    args.workers, notice = workers(args.workers, args.scheduler)
    if notice is not None:
        print(f"ontschot: {notice(args.lang)}", file=sys.stderr)


def _check_out(args: argparse.Namespace) -> None:
    """Bad output folders are reported before anything runs (UsageError, status 2)."""
    from .study.compare import labels_for
    from types import SimpleNamespace

    # The folder names `_run` will write: the files' names, the same name twice numbered (an A/A check).
    stems = labels_for([SimpleNamespace(path=p, name=Path(p).stem) for p in args.scenarios])
    top = Path(args.out) if args.out is not None else Path("results")
    if len(stems) > 1 or args.out is None:
        for folder in [top / s for s in stems] + ([top / "comparison"] if len(stems) > 1 else []):
            _fresh_out(folder, args.scenarios, keep=())
    else:
        _fresh_out(top, args.scenarios, keep=())  # a run's folder keeps no store: everything in it is replaced


def _run(args: argparse.Namespace) -> int:
    """One scenario: run it. Several: compare them (one seed, the same residents) and write each
    scenario's own folder from the comparison's replications, then the overlaid comparison."""
    from .policy.loader import load_scenario
    from .report.labels import label
    from .report.numbers import eur_m, grade, number, percent
    from .report.output import write_comparison, write_result
    from .study.compare import compare_whole, labels_for
    from .study.limits import bound_compare, bound_run
    from .study.results import run

    scenarios = [_plausible(args, load_scenario(path)) for path in args.scenarios]  # all valid before anything runs
    if len(scenarios) > 1:  # within what this machine holds (sim.study.limits), before the folder is looked at
        bound_compare(scenarios, args.seed, args.replications, scheduler=args.scheduler, full=True)
    else:
        bound_run(scenarios[0], args.seed, args.replications)
    _check_out(args)
    several = len(scenarios) > 1
    stems = labels_for(scenarios)  # the file names; the same file twice gets a second name
    top = Path(args.out) if args.out is not None else Path("results")
    lang = args.lang
    if args.scheduler is not None and not several:
        raise UsageError(Said("--scheduler runs a comparison on a cluster; give two or more scenario files, or leave it out",
                              "--scheduler draait een vergelijking op een cluster; geef twee of meer scenariobestanden, "
                              "of laat het weg"))
    if several:  # the progress bar's label in the reader's language
        c, results = compare_whole(scenarios, stems, seed=args.seed, replications=args.replications,
                                   progress=label("cli_progress", lang), scheduler=args.scheduler)
    else:
        results = [run(scenarios[0], seed=args.seed, replications=args.replications, progress=scenarios[0].title(lang))]
    for stem, scenario, result in zip(stems, scenarios, results):
        out = top / stem if several or args.out is None else top
        write_result(result, out, lang=args.lang)
        s = result.summary.mean(numeric_only=True)
        print(label("cli_run", lang, name=scenario.title(lang), n=result.replications, seed=result.seed, out=out,
                    cost=eur_m(s["total_cost"], lang), years=scenario.run.horizon_years,
                    allocation=eur_m(s["allocation"], lang), overspend=percent(s["overspend_share"], 1, lang),
                    grade=grade(s["mean_satisfaction"], lang),
                    exposure=number(s["legal_exposure_cases"], 0, lang, grouped=False)))
    if several:
        where = write_comparison(c, results, top, lang=args.lang)
        print(label("cli_comparison", lang, n=len(results), where=where))
    return 0


def _fresh_out(out: Path, scenarios: list[str], keep: tuple[str, ...] | None = None) -> Path:
    """Refuse, before anything runs, an output folder that cannot be written or must not be
    replaced: one holding anything Ontschot did not write, the working folder or a scenario file
    being run, or a place where a probe folder cannot be made (read-only, full). `keep` is what
    the writer carries over (a comparison's store of replications), by default that store."""
    from .report.output import STORE
    from .study.store import writable

    return writable(out, keep=(STORE,) if keep is None else keep, protect=scenarios)


def _compare(args: argparse.Namespace) -> int:
    from .study.compare import compare
    from .study.limits import bound_compare
    from .policy.loader import load_scenario
    from .report.labels import label, stopping
    from .report.metric_words import display
    from .report.numbers import interval, signed
    from .report.output import STORE, write_compare

    lang = args.lang
    if len(args.scenarios) < 2:
        raise UsageError(Said("compare needs at least two scenario files", "compare vraagt minstens twee scenariobestanden"))
    scenarios = [_plausible(args, load_scenario(path)) for path in args.scenarios]  # all valid before anything runs
    _workers(args)
    bound_compare(scenarios, args.seed, args.replications, args.precision, args.max_replications, args.workers,
                  args.scheduler)
    stems = [Path(p).stem for p in args.scenarios]
    out = _fresh_out(Path(args.out) if args.out else Path("results") / f"{stems[0]}_vs_{stems[1]}", args.scenarios)
    try:
        c = compare(scenarios, seed=args.seed, replications=args.replications, precision=args.precision,
                    max_replications=args.max_replications, workers=args.workers, store=out / STORE,
                    progress=label("cli_progress", lang), scheduler=args.scheduler)
    except KeyboardInterrupt:
        print(label("cli_interrupted_store", lang, store=out / STORE), file=sys.stderr)
        return 130
    write_compare(c, out, lang=lang)
    print(label("cli_compare", lang, k=len(c.arms), n=c.replications, seed=c.seed, stopping=stopping(c, lang))
          + (label("cli_reused", lang, n=c.reused, store=out / STORE) if c.reused else ""))
    d = c.differences.set_index(["scenario", "metric"])
    for arm in c.arms[1:]:
        row = lambda m: d.loc[(arm.label, m)]  # noqa: E731
        cost, sat = row("cost_per_year"), row("mean_satisfaction")
        m, g = display("cost_per_year"), display("mean_satisfaction")  # each figure by its metric's one display rule
        print(label("cli_against", lang, name=arm.title(lang), base=c.arms[0].title(lang),
                    cost=signed(m.shown(cost["difference"]), m.digits, lang),
                    cost_i=interval(m.shown(cost["low"]), m.shown(cost["high"]), m.digits, lang, sign=True),
                    grade=signed(g.shown(sat["difference"]), g.digits, lang),
                    grade_i=interval(g.shown(sat["low"]), g.shown(sat["high"]), g.digits, lang, sign=True)))
    print(label("cli_wrote", lang, out=out))
    return 0


def _sweep(args: argparse.Namespace) -> int:
    from .policy.loader import load_scenario
    from .report.labels import label
    from .report.output import STORE, write_sweep
    from .study.limits import bound_sweep
    from .study.sweep import MAX_PARAMETERS, points_of, sweep

    if len(args.vary) > MAX_PARAMETERS:
        raise UsageError(Said("a sweep varies at most {n} parameters; give --vary once or twice",
                              "een sweep varieert hoogstens {n} parameters; geef --vary een of twee keer").format(n=MAX_PARAMETERS))
    scenario = _plausible(args, load_scenario(args.scenario))
    _workers(args)
    bound_sweep(scenario, len(points_of(dict(args.vary))), args.seed, args.replications, args.workers, args.scheduler)
    out = _fresh_out(Path(args.out) if args.out else Path("results") / f"sweep_{Path(args.scenario).stem}",
                     [args.scenario])
    sw = sweep(scenario, dict(args.vary), seed=args.seed, replications=args.replications, workers=args.workers,
               store=out / STORE, progress=label("cli_progress", args.lang), scheduler=args.scheduler)
    write_sweep(sw, out, lang=args.lang)
    print(label("cli_sweep", args.lang, n=len(sw.points), r=sw.comparison.replications, out=out))
    return 0


def _explore(args: argparse.Namespace) -> int:
    """Every policy in every world; the three answers in explore.pdf, report.html and the tables."""
    from .policy.loader import load_scenario
    from .report import explore_report as X
    from .report.labels import label
    from .report.output import write_exploration
    from .study.compare import labels_for
    from .study.explore_run import STORE, bound, explore
    from .study.failure import parse

    scenarios = [_plausible(args, load_scenario(path)) for path in args.scenarios]  # all valid before anything runs
    failure = parse(args.fails) if args.fails is not None else None
    policies = list(zip(labels_for(scenarios), scenarios))
    _workers(args)
    bound(policies, args.method, args.samples, args.replications, args.seed, args.workers, args.scheduler)
    out = Path(args.out) if args.out else Path("results") / f"explore_{Path(args.scenarios[0]).stem}"
    _fresh_out(out, args.scenarios, keep=(STORE,))
    try:
        x = explore(policies, method=args.method, samples=args.samples, replications=args.replications, seed=args.seed,
                    store=out / STORE, workers=args.workers, scheduler=args.scheduler, failure=failure,
                    progress=label("x_progress", args.lang))
    except KeyboardInterrupt:
        print("ontschot: " + Said("interrupted; the runs that finished are kept in {store}, and the same command picks "
                                  "up where this one stopped",
                                  "onderbroken; de afgemaakte runs staan in {store}, en hetzelfde commando gaat verder "
                                  "waar dit stopte").format(store=out / STORE)(args.lang), file=sys.stderr)
        return 130
    write_exploration(x, out, lang=args.lang)
    print(X.intro(x, args.lang))
    if x.reused:
        print(label("x_reused", args.lang, k=x.reused, n=len(x.table), store=out / STORE))
    print(label("x_written", args.lang, out=out))
    return 0


def _municipalities(args: argparse.Namespace) -> int:
    from .policy.loader import load_scenario
    from .report.labels import label
    from .study.limits import seed
    from .study.municipalities import STORE, SUMMARY, municipalities, table_form

    out = Path(args.out) if args.out else Path("results") / f"municipalities_{Path(args.table).stem}"
    _workers(args)  # its rows and replications are bounded once the table is read, before anything runs
    seed(args.seed)
    form = table_form(args.table)  # say how the file is read: a Dutch spreadsheet's semicolons and decimal commas
    print(label("cli_csv_form_dutch" if form.decimal_comma else "cli_csv_form", args.lang, file=args.table,
                sep=label(f"csv_sep_{form.separator}", args.lang)), file=sys.stderr)
    try:
        table = municipalities(args.table, _plausible(args, load_scenario(args.base)), out, seed=args.seed,
                               replications=args.replications, workers=args.workers, scheduler=args.scheduler,
                               progress=label("cli_progress", args.lang))
    except KeyboardInterrupt:
        print(label("cli_interrupted_store", args.lang, store=out / STORE), file=sys.stderr)
        return 130
    print(label("cli_municipalities", args.lang, n=len(table), r=int(table["replications"].iloc[0]), out=out / SUMMARY))
    return 0


def _explain(args: argparse.Namespace) -> int:
    from .report.explain import explain

    if not Path(args.result).is_dir():
        raise UsageError(Said("'{result}' is not a result folder; give a folder written by 'ontschot run' or "
                              "'ontschot compare'",
                              "'{result}' is geen resultatenmap; geef een map die 'ontschot run' of 'ontschot compare' "
                              "schreef").format(result=args.result))
    print(explain(Path(args.result), args.case_id, replication=args.replication, scenario=args.scenario,
                  lang=args.lang))
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Check every file named, even after a bad one: one line each, status 2 if any is bad."""
    from .policy.loader import load_scenario
    from .policy.uncertain import listing
    from .report.labels import label

    status = 0
    for path in args.scenarios:
        try:
            s = _plausible(args, load_scenario(path))
        except ScenarioError as exc:
            print(f"ontschot: {exc.message(args.lang)}", file=sys.stderr)
            status = 2
            continue
        print(label("cli_valid", args.lang, path=path, name=s.title(args.lang), hash=s.content_hash[:12]))
        for kind, detail in s.notes:
            print(label("cli_note", args.lang, path=path, note=label(f"note_{kind}", args.lang, changed=detail)))
        for line in listing(s, args.lang):  # the ranges `ontschot explore` draws from
            print(f"{path}: {line}")
    return status


def _schema(args: argparse.Namespace) -> int:
    from .policy.scenario import Scenario

    if args.markdown:
        from .policy.reference import field_table

        print(field_table())
        return 0
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ontschot scenario"
    print(json.dumps(schema, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    lang = lang_of(sys.argv[1:] if argv is None else list(argv))
    args = build_parser(lang).parse_args(argv)
    lang = getattr(args, "lang", lang)
    before = spoken()
    speak(lang)  # the lines a study prints as it runs (a damaged stored replication, a failed task) follow it
    try:
        return _command(args, lang)
    finally:
        speak(before)  # a caller in the same process (a notebook, a test) keeps its own language


def _command(args: argparse.Namespace, lang: str) -> int:
    """Run the command; every error a user can act on becomes one line and an exit status."""
    try:
        commands = {"run": _run, "compare": _compare, "sweep": _sweep, "explore": _explore,
                    "municipalities": _municipalities, "explain": _explain,
                    "validate": _validate, "schema": _schema}
        return commands[args.command](args)
    except ScenarioError as exc:
        print(f"ontschot: {exc.message(lang)}", file=sys.stderr)
        return 2
    except UsageError as exc:  # OutputError among them: status 1 for a disk that filled up
        print(f"ontschot: {exc.message(lang)}", file=sys.stderr)
        return getattr(exc, "status", 2)
    except BrokenPipeError:  # the reader stopped listening (`ontschot validate ... | head`): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush does not complain
        return 0
    except OSError as exc:  # a write the store did not make (it turns its own into OutputError)
        print(f"ontschot: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        from .report.labels import label

        print(label("cli_interrupted", lang), file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
