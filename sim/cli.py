"""The `ontschot` command: run, validate, schema.

Exit status 0 on success, 2 on invalid input (a malformed scenario or a bad argument) with one
paragraph that names the file, line and field, and never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import ScenarioError, UsageError


class _Parser(argparse.ArgumentParser):
    """argparse exits with status 2 on bad arguments already; keep its message to one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"ontschot: {message} (see 'ontschot {self.prog.split()[-1]} --help')\n"
                  if " " in self.prog else f"ontschot: {message} (see 'ontschot --help')\n")


def _whole(minimum: int):
    """An argparse type: a whole number of at least `minimum`, with a message that says so."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be a whole number, got '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="ontschot", description="Simulate earmarked versus pooled social-domain budgets.")
    p.add_argument("--version", action="version", version=f"ontschot {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    r = sub.add_parser("run", help="run scenario files and write tables and pictures")
    r.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")
    r.add_argument("--out", default=None, help="output folder (default: results/<scenario file name>); "
                   "with several scenarios, one sub-folder each")
    r.add_argument("--seed", type=_whole(0), default=None, help="seed (default: the scenario's run.seed)")
    r.add_argument("--replications", type=_whole(1), default=None, help="replications (default: run.replications)")
    r.add_argument("--lang", choices=("en", "nl"), default="en", help="language of labels in pictures")

    v = sub.add_parser("validate", help="check scenario files without running them")
    v.add_argument("scenarios", nargs="+", metavar="SCENARIO.yaml")

    sc = sub.add_parser("schema", help="print the scenario JSON Schema (for editor autocompletion)")
    sc.add_argument("--markdown", action="store_true", help="print the field reference as a Markdown table instead")
    return p


def _check_out(args: argparse.Namespace) -> None:
    """Bad output folders are reported before anything runs (UsageError, status 2)."""
    stems = [Path(p).stem for p in args.scenarios]
    if len(stems) > 1 and len(set(stems)) < len(stems):
        twice = next(s for s in stems if stems.count(s) > 1)
        raise UsageError(f"two scenario files are named '{twice}', so their results would overwrite each other; "
                         "rename one or run them one at a time")
    top = Path(args.out) if args.out is not None else Path("results")
    clash = next((p for p in (top, *top.parents) if p.exists() and not p.is_dir()), None)
    if clash is not None:
        raise UsageError(f"cannot write results into '{top}': '{clash}' is a file, not a folder; choose another --out")


def _run(args: argparse.Namespace) -> int:
    from .loader import load_scenario
    from .output import write_comparison, write_result
    from .results import run

    scenarios = [load_scenario(path) for path in args.scenarios]  # all valid before anything runs
    _check_out(args)
    several = len(scenarios) > 1
    results = []
    for path, scenario in zip(args.scenarios, scenarios):
        stem = Path(path).stem
        if args.out is None:
            out = Path("results") / stem
        else:
            out = Path(args.out) / stem if several else Path(args.out)
        result = run(scenario, seed=args.seed, replications=args.replications, progress=True)
        write_result(result, out, lang=args.lang)
        results.append(result)
        s = result.summary.mean(numeric_only=True)
        print(f"{scenario.name}: {result.replications} replication(s), seed {result.seed} -> {out}/\n"
              f"  total cost EUR {s['total_cost'] / 1e6:,.1f}M over {scenario.run.horizon_years} years "
              f"(allocation EUR {s['allocation'] / 1e6:,.1f}M, overspend {100 * s['overspend_share']:.1f}%), "
              f"mean grade {s['mean_satisfaction']:.2f}, legal exposure {s['legal_exposure_cases']:.0f} cases")
    if several:
        where = write_comparison(results, Path(args.out) if args.out else Path("results"), lang=args.lang)
        print(f"comparison of {len(results)} scenarios -> {where}/report.md")
    return 0


def _validate(args: argparse.Namespace) -> int:
    """Check every file named, even after a bad one: one line each, status 2 if any is bad."""
    from .loader import load_scenario

    status = 0
    for path in args.scenarios:
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            print(f"ontschot: {exc.message()}", file=sys.stderr)
            status = 2
            continue
        print(f"{path}: valid ({s.name}; content hash {s.content_hash[:12]})")
    return status


def _schema(args: argparse.Namespace) -> int:
    from .scenario import Scenario

    if args.markdown:
        from .reference import field_table

        print(field_table())
        return 0
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Ontschot scenario"
    print(json.dumps(schema, indent=2))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"run": _run, "validate": _validate, "schema": _schema}[args.command](args)
    except ScenarioError as exc:
        print(f"ontschot: {exc.message()}", file=sys.stderr)
        return 2
    except UsageError as exc:
        print(f"ontschot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("ontschot: interrupted; no partial output was left behind", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
