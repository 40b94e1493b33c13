"""Parallel efficiency of `ontschot compare`: --workers 2 against --workers 1 on the flagship.

Runs the flagship comparison (eindhoven_radical_maatwerk against eindhoven_capped, full
Eindhoven size as shipped) in a fresh child process once with one worker and once with two,
interleaved over `--repeats` rounds, and prints for each: the wall time of the replications
(`sim.study.compare.compare`, which also writes every replication to the store as the command does),
the wall time of writing the reports, and the peak memory of the parent and of the largest
worker. Parallel efficiency = T(1 worker) / (2 x T(2 workers)), on the replication phase and on
the whole command. Both runs give bit-identical tables (checked here on the summary). As a
reference measured in the same run, it also prints the machine's own efficiency: two processes
of a pure-CPU loop side by side against one alone (what the two cores give at best right now).

    python benchmarks/bench_compare.py [--replications 6] [--repeats 1] [--json]

A measurement, not a test: the exit code is 0 whatever the verdict. The machine has 2 cores,
so two workers are only as fast as the other core is free: the load average is printed.
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
FLAGSHIP = [ROOT / "scenarios" / "eindhoven_radical_maatwerk.yaml", ROOT / "scenarios" / "eindhoven_capped.yaml"]
TARGET = 0.90

DRIVER = r"""
import hashlib, json, resource, sys, time
from pathlib import Path
from sim.study.compare import compare
from sim.policy.loader import load_scenario
from sim.report.output import STORE, write_compare

def main():
    out, workers, reps, *paths = sys.argv[1:]
    scenarios = [load_scenario(p) for p in paths]
    t0 = time.perf_counter()
    c = compare(scenarios, replications=int(reps), workers=int(workers), store=Path(out) / STORE)
    t1 = time.perf_counter()
    write_compare(c, out)
    t2 = time.perf_counter()
    digest = hashlib.sha256(c.summary().to_csv(index=False).encode()).hexdigest()[:16]
    print(json.dumps({"replications_s": t1 - t0, "reports_s": t2 - t1,
                      "parent_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "summary_sha": digest}))

if __name__ == "__main__":
    main()
"""


SPIN = r"""
import time
t = time.perf_counter()
s = 0
for i in range(40_000_000):
    s += i
print(time.perf_counter() - t)
"""


def machine_reference() -> float:
    """The machine's own parallel efficiency on a pure CPU load: one process alone, then two side
    by side, each doing the same work. What two cores give at best, measured in the same run."""
    alone = float(subprocess.run([sys.executable, "-c", SPIN], capture_output=True, text=True, check=True).stdout)
    procs = [subprocess.Popen([sys.executable, "-c", SPIN], stdout=subprocess.PIPE, text=True) for _ in range(2)]
    together = max(float(p.communicate()[0]) for p in procs)
    return alone / together


def one_run(workers: int, replications: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        driver = Path(tmp) / "driver.py"
        driver.write_text(DRIVER)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, str(driver), str(Path(tmp) / "out"), str(workers), str(replications),
                               *map(str, FLAGSHIP)], capture_output=True, text=True, check=True)
        whole = time.perf_counter() - start
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["whole_s"] = whole
    if workers == 1:  # the replications ran in the parent itself
        figures["worker_peak_mb"] = figures["parent_peak_mb"]
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=6, help="replications per scenario (default 6)")
    ap.add_argument("--repeats", type=int, default=1, help="rounds of (1 worker, 2 workers); best taken")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    load = os.getloadavg()
    runs: dict[int, list[dict]] = {1: [], 2: []}
    machine = []
    for k in range(args.repeats):
        print(f"round {k + 1}: the machine's own reference ...", file=sys.stderr, flush=True)
        machine.append(machine_reference())
        for workers in (1, 2):
            print(f"round {k + 1}: {workers} worker(s) ...", file=sys.stderr, flush=True)
            runs[workers].append(one_run(workers, args.replications))
    best = {w: min(rs, key=lambda r: r["replications_s"]) for w, rs in runs.items()}
    eff_reps = best[1]["replications_s"] / (2 * best[2]["replications_s"])
    eff_whole = best[1]["whole_s"] / (2 * best[2]["whole_s"])
    same = best[1]["summary_sha"] == best[2]["summary_sha"]
    result = {"date": time.strftime("%Y-%m-%d %H:%M"), "load_average": load, "replications": args.replications,
              "one_worker": best[1], "two_workers": best[2], "efficiency_replications": eff_reps,
              "efficiency_whole": eff_whole, "identical": same, "machine_efficiency": machine, "all_runs": runs}
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"Ontschot compare benchmark  {result['date']}  load average at start {load[0]:.2f}, {load[1]:.2f}")
    print(f"flagship: {FLAGSHIP[0].stem} vs {FLAGSHIP[1].stem}, {args.replications} replications each, "
          f"full size; best of {args.repeats}")
    for w in (1, 2):
        b = best[w]
        print(f"  {w} worker(s): replications {b['replications_s']:.1f} s + reports {b['reports_s']:.1f} s; "
              f"whole command {b['whole_s']:.1f} s; peak memory parent {b['parent_peak_mb']:.0f} MB, "
              f"largest worker {b['worker_peak_mb']:.0f} MB")
    verdict = "PASS" if eff_reps >= TARGET else "MISS"
    print(f"  parallel efficiency, replications: {100 * eff_reps:.0f}%   target >= {100 * TARGET:.0f}%   {verdict}")
    print(f"  parallel efficiency, whole command (incl. serial reports and start-up): {100 * eff_whole:.0f}%")
    print(f"  tables identical with 1 and 2 workers: {'yes' if same else 'NO'}")
    print(f"  the machine's own efficiency, two pure-CPU processes against one, same run: "
          f"{', '.join(f'{100 * m:.0f}%' for m in machine)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
