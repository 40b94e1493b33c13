"""Every run is bounded before it starts: every number of a scenario has bounds a run survives,
and a run the machine cannot hold is refused by its estimate (sim.policy.bounds, sim.policy.scale).

The fuzz test at the end draws a value of any kind for any numeric field of the shipped small
scenario and runs the command in a subprocess with a timeout and a memory limit, so a value that
hangs or exhausts memory fails the test instead of the machine.
"""

from __future__ import annotations

import copy
import math
import resource
import subprocess
import sys

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import sim
from sim.errors import ScenarioError
from sim.policy import scale
from sim.policy.reference import rows
from sim.policy.scale import estimate
from sim.policy.scenario import Scenario
from sim.study.sweep import ValuesError, with_values

from tests.helpers import BASE, ROOT

SMALL = sim.load_scenario(BASE)


def _leaves(value, path=()):
    """Every number in a dumped scenario, with its path (dict keys and list indices)."""
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, path + (i,))


DUMP = SMALL.model_dump(mode="json", exclude={"extends"})
LEAVES = [p for p, _ in _leaves(DUMP)]


def _set(data: dict, path: tuple, value) -> dict:
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def test_every_number_of_the_schema_has_both_bounds_and_a_reason():
    """The field reference is made from the schema: a numeric field without an upper bound or a reason fails."""
    numbers = [(p, a) for p, _, _, a in rows() if "number" in a]
    assert len(numbers) > 80
    for path, allowed in numbers:
        for part in [x for x in allowed.split("; or ") if "number" in x]:
            tail = part.split("number", 1)[1]
            assert " from " in tail or ("more than" in tail and "at most" in tail), (path, allowed)
            assert "(" in tail, f"{path}: no reason for its bounds: {allowed}"


def test_the_shipped_small_scenario_has_many_numbers_to_fuzz():
    assert len(LEAVES) > 100 and any(p[0] == "provisions" and p[-1] == "duration_days" for p in LEAVES)


def test_1e300_days_is_refused_naming_file_line_field_and_what_is_allowed(tmp_path):
    f = tmp_path / "huge.yaml"
    f.write_text(f"extends: {BASE}\nname: huge\nprovisions:\n  wmo_tailored:\n    duration_days: 1.0e+300\n")
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(f)
    err = info.value
    assert (err.line, err.field) == (5, "provisions.wmo_tailored.duration_days")
    assert "18250" in err.message() and str(f) in err.message()


def test_the_estimate_names_the_field_that_drives_it_and_what_the_machine_has(tmp_path, monkeypatch):
    """Long care in a steady start holds many clients paying monthly: refused on a small machine, naming the duration."""
    monkeypatch.setattr(scale, "machine_memory", lambda: 500e6)
    f = tmp_path / "long.yaml"
    f.write_text(f"extends: {BASE}\nname: long\nprovisions:\n  wmo_tailored:\n    duration_days: 18000\n")
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(f)
    assert info.value.field == "provisions.wmo_tailored.duration_days"
    assert "GB of memory" in info.value.message() and "this machine has 0.5 GB" in info.value.message()
    assert "machine heeft 0,5 GB" in info.value.message("nl")


def test_the_estimate_is_above_what_a_run_measures():
    s = scale.rescale(SMALL, 5_000)
    s.run.horizon_years = 1
    cost = estimate(s)
    r = sim.run(s, seed=1, replications=1)
    assert cost.requests >= len(r.cases) and cost.events >= len(r.ledger)


def test_a_sweep_or_a_municipality_row_is_estimated_too(monkeypatch):
    monkeypatch.setattr(scale, "machine_memory", lambda: 500e6)
    with pytest.raises(ValuesError) as info:
        with_values(SMALL, {"provisions.wmo_tailored.duration_days": 18000})
    assert "GB of memory" in str(info.value.problem)


def _upper(path: tuple) -> float | None:
    """The field's upper bound, as the schema says it (the `le` or `lt` of its refusal of a huge value)."""
    huge = 10**30 if isinstance(dict(_leaves(DUMP))[path], int) else 1e300
    try:
        Scenario.model_validate(_set(DUMP, path, huge))
    except ValidationError as exc:
        for err in exc.errors():
            ctx = err.get("ctx") or {}
            for key in ("le", "lt"):
                if key in ctx:
                    return float(ctx[key]) if key == "le" else math.nextafter(float(ctx[key]), -math.inf)
    return None


def test_every_field_at_its_upper_bound_runs_to_finite_figures_or_is_refused_before_it_starts():
    """Item 4 of issue 19 (about a minute: one short run of a small municipality per field): no infinite cost, no 0.0% overspend of an infinite allocation, no grade outside 1-10."""
    base = scale.rescale(SMALL, 2_000)
    base.run.horizon_years = 1
    seen = set()
    for path in LEAVES:
        upper = _upper(path)
        assert upper is not None, f"{path}: a huge value is not refused by a bound"
        key = tuple("i" if isinstance(p, int) else p for p in path if p not in ("value",))
        if key in seen:
            continue
        seen.add(key)
        value = int(upper) if isinstance(dict(_leaves(DUMP))[path], int) and upper.is_integer() else upper
        dotted = ".".join(str(p) for p in path)
        if path[-1] == "value":  # a dated value: the whole field one value
            dotted, value = ".".join(str(p) for p in path[:-2]), value
        try:
            s = with_values(base, {dotted: value})
        except ValuesError:
            continue  # refused before it starts: what the bound or the estimate is for
        r = sim.run(s, seed=1, replications=1)
        grades = r.cases["grade"].dropna() if "grade" in r.cases else []
        assert len(grades) == 0 or (grades.between(1, 10).all()), dotted
        assert math.isfinite(r.ledger["amount"].sum()), dotted


_SPECIAL = st.sampled_from([0, 0.0, -1, -1e300, 1e-300, 5e-324, 1e300, 10**30, math.inf, -math.inf, math.nan])
_VALUES = st.one_of(_SPECIAL, st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True))

_RUN = """
import math, resource, sys
import sim
from sim.errors import ScenarioError
from sim.policy.scale import estimate
try:
    s = sim.load_scenario(sys.argv[1])
except ScenarioError as exc:
    print(exc.message(), file=sys.stderr); sys.exit(2)
import time
cost, start = estimate(s), time.perf_counter()
r = sim.run(s, seed=1, replications=1)
took, peak = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
# An order of magnitude, not a timing: the estimate must not be wrong by more than that, whatever else
# the machine is doing (speed itself is measured in benchmarks/, never in a test)
assert took <= 10 * cost.seconds, f"took {took:.1f} s, estimated {cost.seconds:.1f} s"
assert peak <= cost.bytes, f"peak {peak / 1e6:.0f} MB, estimated {cost.bytes / 1e6:.0f} MB"
g = r.cases["grade"].dropna() if "grade" in r.cases else []
assert len(g) == 0 or g.between(1, 10).all(), "grade outside 1-10"
assert math.isfinite(r.ledger["amount"].sum()), "infinite cost"
"""


def _limit_memory():  # in the child: a run that exhausts memory fails, it does not take the machine
    resource.setrlimit(resource.RLIMIT_AS, (6 * 2**30, 6 * 2**30))


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(LEAVES), value=_VALUES)
def test_any_value_of_any_numeric_field_is_refused_cleanly_or_runs_within_its_estimate(tmp_path, path, value):
    """Refused with exit 2, one line naming the file and the field, no traceback; or run within the estimate."""
    doc = {"extends": str(BASE), "name": "fuzz", "municipality": {"residents": 2_000}, "run": {"horizon_years": 1}}
    top = path[0]
    if top in ("municipality", "run"):  # keep the small size and horizon, set the drawn field among them
        node = doc[top]
        for part in path[1:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    else:
        doc[top] = _set(DUMP, path, value)[top]
    f = tmp_path / "fuzz.yaml"
    f.write_text(yaml.safe_dump(doc, allow_unicode=True))
    check = subprocess.run([sys.executable, "-m", "sim", "validate", str(f)], capture_output=True, text=True,
                           timeout=60, cwd=ROOT, preexec_fn=_limit_memory)
    assert "Traceback" not in check.stderr, check.stderr
    if check.returncode == 2:
        lines = [x for x in check.stderr.splitlines() if x.strip()]
        assert len(lines) == 1 and str(f) in lines[0] and "field '" in lines[0], check.stderr
        return
    assert check.returncode == 0, check.stderr
    out = subprocess.run([sys.executable, "-c", _RUN, str(f)], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, preexec_fn=_limit_memory)
    assert out.returncode == 0, (path, value, out.stderr[-2000:])
