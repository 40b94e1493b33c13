"""Scenario discovery: PRIM (the EMA Workbench's) finds a planted box of failing worlds."""

from __future__ import annotations

import builtins

import numpy as np
import pandas as pd
import pytest

from sim.study import discovery
from sim.study.discovery import NEEDS, DiscoveryUnavailable, discover

pytest.importorskip("ema_workbench", reason="pip install '.[explore]' brings the EMA Workbench")


def _planted(n: int = 1000, noise: float = 0.01, seed: int = 4):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((n, 5)), columns=[f"x{i}" for i in range(1, 6)])
    fails = ((x["x1"] > 0.6) & (x["x3"] < 0.3)).to_numpy()
    flip = rng.random(n) < noise
    return x, np.where(flip, ~fails, fails)


def test_prim_recovers_a_planted_box_with_its_limits_coverage_and_density():
    x, fails = _planted()
    found = discover(x, fails)
    box = found.box
    assert box is not None and box["coverage"] >= 0.8 and box["density"] >= 0.8
    limits = found.limits.set_index("path")
    assert set(limits.index) == {"x1", "x3"}, limits
    assert limits.at["x1", "low"] == pytest.approx(0.6, abs=0.05) and pd.isna(limits.at["x1", "high"])
    assert limits.at["x3", "high"] == pytest.approx(0.3, abs=0.05) and pd.isna(limits.at["x3", "low"])
    t = found.trajectory
    assert list(t.columns) == ["box", "coverage", "density", "mass", "restricted"]
    assert t["coverage"].iloc[0] == 1.0 and t["density"].iloc[0] == pytest.approx(fails.mean())
    assert t["restricted"].iloc[found.chosen] == 2
    assert found.worlds == 1000 and found.failing == int(fails.sum())


def test_the_chosen_box_best_matches_the_failing_worlds_among_those_covering_half_of_them():
    x, fails = _planted(noise=0.05, seed=1)
    found = discover(x, fails)
    t = found.trajectory
    f1 = 2 * t["coverage"] * t["density"] / (t["coverage"] + t["density"])
    ok = t["coverage"] >= 0.5
    assert found.chosen in t[ok].index and f1[found.chosen] == pytest.approx(f1[ok].max())
    assert t["density"].max() > t.at[found.chosen, "density"]  # not simply the densest: that one overfits
    stricter = discover(x, fails, min_coverage=0.95)
    assert stricter.box["coverage"] >= 0.95 and stricter.box["density"] <= found.box["density"]
    assert discover(x, fails, min_coverage=1.01).chosen is None


def test_no_box_when_no_world_fails_or_every_one_does():
    x, _ = _planted(n=50)
    for fails in (np.zeros(50, bool), np.ones(50, bool)):
        found = discover(x, fails)
        assert found.chosen is None and found.box is None and found.limits.empty


def test_without_the_workbench_discovery_says_what_to_install(monkeypatch):
    real = builtins.__import__

    def blocked(name, *args, **kwargs):
        if name.startswith("ema_workbench"):
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", blocked)
    x, fails = _planted(n=50)
    with pytest.raises(DiscoveryUnavailable) as err:
        discovery.discover(x, fails)
    assert str(err.value) == NEEDS == "scenario discovery needs the EMA Workbench: pip install 'ontschot[explore]'"
