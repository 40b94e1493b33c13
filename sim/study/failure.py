"""What counts as a policy failing in a world: `--fails EXPRESSION`, read without running code.

An expression is one or more comparisons `METRIC OP NUMBER`, where METRIC is a summary column
(a metric of the registry, `sim.study.metrics`, also a per-year or per-domain column such as
`deficit_y2`) or `difference.METRIC`, the policy's paired difference against the first policy
in the same world; OP is one of > >= < <=; comparisons are joined by `and` and `or`, `and`
binding first (so `a > 0 or b > 0 and c < 1` is `a > 0 or (b > 0 and c < 1)`). No brackets, no
arithmetic and never `eval`: a council's analyst writes a condition, not a program, and a file
name or a typo must not run anything. A name the registry does not know is refused with the
names it does.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from ..errors import Said, UsageError
from . import metrics as M

DIFFERENCE = "difference."  # the prefix of a paired difference's column in worlds.csv
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}
_TOKEN = re.compile(r"\s*(?:(?P<num>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)|(?P<op>>=|<=|>|<)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_.]*))")


class FailureError(UsageError):
    """A --fails expression that cannot be read (exit status 2)."""


@dataclass(frozen=True)
class Clause:
    """One comparison: `column OP number`, the column a summary metric or `difference.` one."""

    column: str
    op: str
    number: float

    @property
    def metric(self) -> str:
        return self.column[len(DIFFERENCE):] if self.difference else self.column

    @property
    def difference(self) -> bool:
        return self.column.startswith(DIFFERENCE)

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        values = frame[self.column].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            return OPS[self.op](values, self.number) & ~np.isnan(values)  # a missing value fails nothing


@dataclass(frozen=True)
class Failure:
    """A parsed expression: `any` of groups, each group `all` of its clauses."""

    text: str
    groups: tuple[tuple[Clause, ...], ...]

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]

    @property
    def columns(self) -> list[str]:
        return list(dict.fromkeys(c.column for c in self.clauses))

    @property
    def on_difference(self) -> bool:
        """True when some clause reads a paired difference: the first policy cannot fail it."""
        return any(c.difference for c in self.clauses)

    def holds(self, frame: pd.DataFrame) -> np.ndarray:
        """Per row of `frame` (which has the columns named), whether the failure holds."""
        out = np.zeros(len(frame), dtype=bool)
        for group in self.groups:
            part = np.ones(len(frame), dtype=bool)
            for clause in group:
                part &= clause.holds(frame)
            out |= part
        return out


def _tokens(text: str) -> list[tuple[str, str]]:
    out, at = [], 0
    text = text.rstrip()
    while at < len(text):
        m = _TOKEN.match(text, at)
        if m is None or m.end() == at:
            raise FailureError(FAILS.format(text=text) + Said(
                "cannot read '{rest}'; write METRIC OP NUMBER (OP one of > >= < <=), joined by 'and' or 'or', e.g. "
                "'deficit > 0'", "kan '{rest}' niet lezen; schrijf MAAT OP GETAL (OP een van > >= < <=), verbonden met "
                "'and' of 'or', bijvoorbeeld 'deficit > 0'").format(rest=text[at:].strip()))
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        at = m.end()
    return out


FAILS = Said("--fails '{text}': ", "--fails '{text}': ")


def _known(column: str, extra: Iterable[str]) -> bool:
    name = column[len(DIFFERENCE):] if column.startswith(DIFFERENCE) else column
    if name in extra:
        return True
    try:
        M.metric(name)
        return True
    except KeyError:
        return False


def parse(text: str, columns: Iterable[str] = ()) -> Failure:
    """Read an expression; `columns` are further summary columns allowed beside the registry's metrics."""
    extra = set(columns)
    tokens = _tokens(text)
    groups: list[list[Clause]] = [[]]
    i = 0
    while True:
        part = tokens[i:i + 3]
        if len(part) < 3 or [k for k, _ in part] != ["name", "op", "num"]:
            got = " ".join(v for _, v in part) or Said("nothing", "niets")
            raise FailureError(FAILS.format(text=text) + Said(
                "expected METRIC OP NUMBER (OP one of > >= < <=), got '{got}'; e.g. 'deficit > 0' or "
                "'difference.mean_satisfaction < -0.5'",
                "verwachtte MAAT OP GETAL (OP een van > >= < <=), niet '{got}'; bijvoorbeeld 'deficit > 0' of "
                "'difference.mean_satisfaction < -0.5'").format(got=got))
        column = part[0][1]
        if not _known(column, extra):
            allowed = ", ".join(sorted(set(M.REGISTRY) | extra))
            raise FailureError(FAILS.format(text=text) + Said(
                "no metric called '{column}'; use one of {allowed} (per-year columns such as deficit_y1 too), or "
                "difference.METRIC for the paired difference against the first policy",
                "geen maat met de naam '{column}'; gebruik een van {allowed} (ook kolommen per jaar zoals deficit_y1), "
                "of difference.MAAT voor het gepaarde verschil met het eerste beleid").format(column=column, allowed=allowed))
        groups[-1].append(Clause(column, part[1][1], float(part[2][1])))
        i += 3
        if i == len(tokens):
            break
        joiner = tokens[i][1].lower() if tokens[i][0] == "name" else ""
        if joiner not in ("and", "or"):
            raise FailureError(FAILS.format(text=text) + Said(
                "expected 'and' or 'or' after '{a} {b} {c}', got '{got}'",
                "verwachtte 'and' of 'or' na '{a} {b} {c}', niet '{got}'").format(
                a=part[0][1], b=part[1][1], c=part[2][1], got=tokens[i][1]))
        if joiner == "or":
            groups.append([])
        i += 1
        if i == len(tokens):
            raise FailureError(FAILS.format(text=text) + Said("nothing after '{j}'", "niets na '{j}'").format(j=joiner))
    return Failure(text.strip(), tuple(tuple(g) for g in groups))
