"""Throughput of `ontschot explore`: worlds per minute at workshop size, locally and on Dask.

Explores the flagship pair (eindhoven_radical_maatwerk and eindhoven_capped, scaled to 20,000
residents, the workshop size, over their own four years) in a fresh child process four ways:
one and two local worker processes (`--workers 1`, `--workers 2`) and a Dask `LocalCluster` on
127.0.0.1 of one and of two single-threaded worker processes (`--scheduler`). For each it prints
the wall time of the exploration (`sim.study.explore_run.explore`: every run simulated, sent
back and stored by the parent in the store of runs, and the analysis), the child's whole-process
time (interpreter start-up, imports, the cluster's start), worlds per minute, and what the store
of runs costs on disk per run. Parallel efficiency = T(1) / (2 x T(2)) for the local processes
and for Dask, each set against the machine's own two-process efficiency measured in the same
run (a pure-Python loop in one process alone, then in two side by side), before and after the
explorations: the target is to be within 10 points of it. Every way must give the same worlds
table (its SHA-256 is printed and compared).

    python benchmarks/bench_explore.py [--worlds 4] [--replications 2] [--json]

A measurement, not a test: the exit code is 0 whatever the verdict. The machine has 2 cores,
shared with other work: the load average is printed with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ("eindhoven_radical_maatwerk", "eindhoven_capped")
RESIDENTS = 20_000
TARGET_POINTS = 10.0

DRIVER = r"""
import hashlib, json, sys, time
from pathlib import Path

def main():
    store, how, k, worlds, reps, residents, *names = sys.argv[1:]
    start = time.perf_counter()
    from sim.policy.loader import load_scenario
    from sim.policy.scale import rescale
    from sim.study.explore_run import explore
    policies = [(n, rescale(load_scenario(Path("scenarios") / f"{n}.yaml"), int(residents))) for n in names]
    cluster, where = None, {"workers": int(k)}
    if how == "dask":
        from dask.distributed import LocalCluster
        cluster = LocalCluster(n_workers=int(k), threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        where = {"scheduler": cluster.scheduler_address}
    t0 = time.perf_counter()
    x = explore(policies, method="lhs", samples=int(worlds), replications=int(reps), seed=1, store=store, **where)
    t1 = time.perf_counter()
    if cluster is not None:
        cluster.close()
    runs = list(Path(store).rglob("manifest.json"))
    size = sum(f.stat().st_size for f in Path(store).rglob("*") if f.is_file())
    digest = hashlib.sha256(x.table.to_csv(index=False).encode()).hexdigest()[:16]
    print(json.dumps({"explore_s": t1 - t0, "setup_s": t0 - start, "runs": len(runs), "store_bytes": size,
                      "worlds": x.worlds, "table_sha": digest}))

if __name__ == "__main__":
    main()
"""

SPIN = r"""
import time
t = time.perf_counter()
s = 0
for i in range(30_000_000):
    s += i
print(time.perf_counter() - t)
"""


def load() -> float:
    return os.getloadavg()[0]


def machine_reference() -> float:
    """The machine's own parallel efficiency now: a pure-Python loop alone, then two side by side."""
    alone = float(subprocess.run([sys.executable, "-c", SPIN], capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    together = max(float(p.communicate()[0]) for p in procs)
    return alone / together


def one_way(how: str, k: int, worlds: int, replications: int) -> dict:
    """One exploration in a fresh child process, timed whole and in its exploring part."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="bench-explore-") as tmp:
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", DRIVER, str(Path(tmp) / ".runs"), how, str(k), str(worlds),
                               str(replications), str(RESIDENTS), *FLAGSHIP], cwd=ROOT, env=env, capture_output=True,
                              text=True)
        whole = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"the {how} exploration with {k} failed:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out |= {"how": how, "k": k, "whole_s": whole, "load": load(),
            "worlds_per_minute": out["worlds"] / out["explore_s"] * 60}
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--worlds", type=int, default=4)
    p.add_argument("--replications", type=int, default=2)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    say = (lambda *a: None) if args.json else print
    say(f"load average at start: {load():.2f}; {args.worlds} worlds x {len(FLAGSHIP)} policies x "
        f"{args.replications} replications at {RESIDENTS:,} residents")
    reference = [machine_reference()]
    say(f"machine reference (two pure-Python processes against one): {reference[0]:.0%}")
    ways = {}
    for how, k in (("processes", 1), ("processes", 2), ("dask", 1), ("dask", 2)):
        if how == "dask":
            try:
                import dask.distributed  # noqa: F401
            except ImportError:
                say("dask.distributed is not installed: the Dask figures are skipped")
                continue
        r = ways[(how, k)] = one_way(how, k, args.worlds, args.replications)
        say(f"{how:9s} x{k}: explore {r['explore_s']:6.1f} s, whole process {r['whole_s']:6.1f} s, "
            f"{r['worlds_per_minute']:5.2f} worlds/min, {r['store_bytes'] / r['runs'] / 1024:.0f} KB per run, "
            f"table {r['table_sha']}, load {r['load']:.2f}")
    reference.append(machine_reference())
    say(f"machine reference after: {reference[1]:.0%}")
    machine = sum(reference) / len(reference)
    verdicts = {}
    for how in ("processes", "dask"):
        if (how, 1) in ways and (how, 2) in ways:
            eff = ways[(how, 1)]["explore_s"] / (2 * ways[(how, 2)]["explore_s"])
            gap = (machine - eff) * 100
            verdicts[how] = {"efficiency": eff, "machine": machine, "points_below_machine": gap,
                             "verdict": "PASS" if gap <= TARGET_POINTS else "MISS"}
            say(f"{how}: parallel efficiency {eff:.0%} against the machine's {machine:.0%}: "
                f"{gap:+.0f} points below, {verdicts[how]['verdict']} (target within {TARGET_POINTS:.0f})")
    same = len({r["table_sha"] for r in ways.values()}) == 1
    say(f"every way gave the same worlds table: {'yes' if same else 'NO'}")
    if args.json:
        print(json.dumps({"ways": [ways[k] for k in ways], "reference": reference, "verdicts": verdicts,
                          "identical": same}, indent=2))


if __name__ == "__main__":
    main()
