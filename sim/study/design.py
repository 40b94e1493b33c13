"""Which worlds an exploration visits: N points in the unit cube of the uncertain values, then
each mapped to the values of its world.

A world is one value for every uncertain path of a scenario (`uncertain:` in the file). The
points are drawn in the unit cube first, one dimension per path, by a well-kept library rather
than by hand, because each method's later analysis needs its own arrangement of the points:

- `lhs`: a Latin hypercube (`scipy.stats.qmc.LatinHypercube`), N worlds that cover every
  path's range evenly. Good for scenario discovery and robustness; it gives no variance shares.
- `sobol`: Saltelli's scheme for Sobol indices (`SALib.sample.sobol.sample`), N base points
  give N*(k+2) worlds for k paths. Second-order indices are not asked for (they would take
  N*(2k+2) worlds, almost twice as many, and a council asks which assumption matters, not which
  pair). Sobol' points balance only in powers of two: SALib merely warns at another N, and the
  indices are then less accurate than their intervals say, so such an N is refused here.
- `morris`: Morris trajectories (`SALib.sample.morris.sample`, 4 levels), N trajectories give
  N*(k+1) worlds: a cheap screening of which assumptions matter at all.

A unit value u in [0, 1) becomes a world value through the path's quantile function
(`Uncertain.ppf`): uniform, triangular or discrete. A discrete path with n values splits the
unit interval in n equal parts, so Sobol and Morris treat it as a step function of u, which the
indices handle like any other input (Morris' top level, 1, is taken just below 1, as the last
value). Nothing here runs a simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Mapping, Protocol, Sequence

import numpy as np
import pandas as pd

from ..errors import Said, UsageError

METHODS = ("lhs", "sobol", "morris")
MORRIS_LEVELS = 4  # SALib's default grid: steps of a third of each range
SECOND_ORDER = False  # Sobol second-order indices are not computed (see the module's docstring)


class DesignError(UsageError):
    """A sample that cannot be drawn as asked (exit status 2)."""


class Quantiles(Protocol):
    """What a design needs of an uncertain value: its quantile function on [0, 1)."""

    def ppf(self, u: Any) -> Any: ...


@dataclass(frozen=True)
class Design:
    """The points of an exploration in the unit cube: one row per world, one column per path."""

    method: str
    paths: tuple[str, ...]
    samples: int  # N as asked: worlds (lhs), base points (sobol) or trajectories (morris)
    seed: int
    unit: np.ndarray  # shape (worlds, len(paths)), values in [0, 1)

    @property
    def worlds(self) -> int:
        return int(self.unit.shape[0])

    def problem(self) -> dict:
        """The problem as SALib describes it: every path over the unit interval."""
        return problem(self.paths)


def problem(paths: Sequence[str]) -> dict:
    return {"num_vars": len(paths), "names": list(paths), "bounds": [[0.0, 1.0]] * len(paths)}


def worlds_for(method: str, samples: int, k: int) -> int:
    """How many worlds a design of `samples` over `k` paths holds."""
    return {"lhs": samples, "sobol": samples * (k + 2), "morris": samples * (k + 1)}[method]


def _check(method: str, samples: int, paths: Sequence[str]) -> None:
    if method not in METHODS:
        raise DesignError(Said("unknown --method '{method}'; the methods are {methods}",
                               "onbekende --method '{method}'; de methoden zijn {methods}").format(
            method=method, methods=", ".join(METHODS)))
    if not paths:
        raise DesignError(Said("nothing to explore: the scenario has no 'uncertain:' section; give each value to explore "
                               "a range there (see docs/scenarios.md)",
                               "niets te verkennen: het scenario heeft geen sectie 'uncertain:'; geef daar elke waarde "
                               "die je wilt verkennen een bereik (zie docs/scenarios.md)"))
    if len(set(paths)) != len(paths):
        raise DesignError(Said("an uncertain path is named twice", "een onzeker pad wordt twee keer genoemd"))
    least = 2 if method != "lhs" else 1
    if samples < least:
        raise DesignError(Said("--samples must be at least {least} for method {method}, not {samples}",
                               "--samples moet minstens {least} zijn bij methode {method}, niet {samples}").format(
            least=least, method=method, samples=samples))
    if method == "sobol" and samples & (samples - 1):
        below, above = 2 ** int(math.log2(samples)), 2 ** (int(math.log2(samples)) + 1)
        raise DesignError(Said("--samples {samples} for method sobol: Sobol' points balance only in powers of two, "
                               "so give a power of two such as {below} or {above} ({w_below} or {w_above} worlds with "
                               "{k} uncertain values)",
                               "--samples {samples} bij methode sobol: Sobol'-punten zijn alleen in machten van twee in "
                               "balans, dus geef een macht van twee zoals {below} of {above} ({w_below} of {w_above} "
                               "werelden met {k} onzekere waarden)").format(
            samples=samples, below=below, above=above, w_below=worlds_for("sobol", below, len(paths)),
            w_above=worlds_for("sobol", above, len(paths)), k=len(paths)))


def draw(method: str, paths: Sequence[str], samples: int, seed: int) -> Design:
    """Draw the unit-cube points of `samples` for `paths` with `method`, reproducibly from `seed`."""
    paths = tuple(paths)
    _check(method, samples, paths)
    k = len(paths)
    if method == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=k, rng=np.random.default_rng(seed)).random(samples)
    elif method == "sobol":
        from SALib.sample import sobol

        unit = sobol.sample(problem(paths), samples, calc_second_order=SECOND_ORDER, scramble=True, seed=seed)
    else:
        from SALib.sample import morris

        unit = morris.sample(problem(paths), samples, num_levels=MORRIS_LEVELS, seed=seed)
    unit = np.minimum(np.asarray(unit, dtype=float), np.nextafter(1.0, 0.0))  # [0, 1): Morris' top level is 1
    return Design(method, paths, samples, seed, unit)


def _mapped(q: Quantiles, u: np.ndarray) -> list:
    """One path's unit values through its quantile function, value by value (a ppf may take scalars only)."""
    out = []
    for x in u:
        v = q.ppf(float(x))
        out.append(v.item() if isinstance(v, (np.generic, np.ndarray)) and np.ndim(v) == 0 else v)
    return out


def values(design: Design, uncertain: Mapping[str, Quantiles]) -> pd.DataFrame:
    """The worlds' own values: one row per world (`world` 0, 1, ...), one column per path."""
    missing = [p for p in design.paths if p not in uncertain]
    if missing:
        raise DesignError(Said("no range is given for {paths}", "er is geen bereik gegeven voor {paths}").format(
            paths=", ".join(missing)))
    frame = pd.DataFrame({p: _mapped(uncertain[p], design.unit[:, j]) for j, p in enumerate(design.paths)})
    frame.insert(0, "world", np.arange(design.worlds))
    return frame
