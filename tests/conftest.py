"""Session fixtures shared by every room's tests: small runs and one small comparison, made once.

Tests use small municipalities and few replications so the suite runs in minutes; the large
runs belong in benchmarks/. Plain helpers (paths, `small`) are in tests/helpers.py.
"""

from __future__ import annotations

import pytest

import sim
from tests.helpers import small


@pytest.fixture(scope="session")
def small_runs():
    """Session cache of small runs, keyed by (scenario file, seed, replications)."""
    cache: dict = {}

    def get(name: str, seed: int = 1, replications: int = 1, residents: int = 20_000) -> sim.Result:
        key = (name, seed, replications, residents)
        if key not in cache:
            cache[key] = sim.run(small(name, residents), seed=seed, replications=replications)
        return cache[key]

    return get


@pytest.fixture(scope="session")
def small_comparison():
    """One comparison for the reporting tests: no buttons, buttons, pooled; 20,000 residents, two years,
    3 replications (a few seconds)."""
    from sim.study.compare import compare

    names = ("eindhoven_radical_maatwerk.yaml", "eindhoven_capped.yaml", "pooled_integral.yaml")
    return compare([small(n, years=2) for n in names], seed=1, replications=3)


@pytest.fixture(scope="session")
def cluster():
    """One Dask cluster of two worker processes on the loopback address, started once for the tests
    that run on a cluster (tests/study/test_executor.py, test_explore_run.py); its address."""
    distributed = pytest.importorskip("dask.distributed", reason="dask.distributed is not installed: "
                                                                  "pip install 'ontschot[dask]'")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as c:
        yield c.scheduler_address
