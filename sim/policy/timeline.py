"""Dated parameter values: a council decision that takes effect on a day of the run.

A scenario parameter that may change during the run is written either as a plain value
(in force from day 0) or as a list of steps::

    pooled_share:
      - {from_day: 0, value: 0.0}
      - {from_day: 365, value: 1.0}   # pooling from year two

The schema turns both forms into a list of `Step`; the engine reads it through a
`Timeline`, which answers "what value is in force on day t" in O(log n).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Annotated, Any, Generic, Sequence, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..errors import Said
from .bounds import Day
T = TypeVar("T")


class Step(BaseModel, Generic[T]):
    """One dated value: `value` is in force from `from_day` until the next step (never inf or NaN)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)
    from_day: Annotated[Day, Field(description="Day of the run (0 = first day) the value takes effect.")]
    value: T


def _as_steps(raw: Any) -> Any:
    """Accept a plain value as 'in force from day 0'; leave lists for the schema to check."""
    if isinstance(raw, list):
        return raw
    return [{"from_day": 0, "value": raw}]


def _sorted_from_zero(steps: list) -> list:
    if not steps:
        raise ValueError(Said("a dated value needs at least one step", "een gedateerde waarde heeft minstens één stap nodig"))
    days = [s.from_day for s in steps]
    if days != sorted(set(days)):
        raise ValueError(Said("steps must have increasing, distinct from_day values",
                              "stappen moeten oplopende, verschillende from_day-waarden hebben"))
    if days[0] != 0:
        raise ValueError(Said("the first step must start at from_day 0, so a value is in force from the start",
                              "de eerste stap moet op from_day 0 beginnen, zodat een waarde vanaf het begin geldt"))
    return steps


def dated(inner: Any) -> Any:
    """The annotated type of a parameter that may hold dated values of type `inner`."""
    from pydantic import AfterValidator

    return Annotated[
        list[Step[inner]],  # type: ignore[valid-type]
        BeforeValidator(_as_steps, json_schema_input_type=inner | list[Step[inner]]),  # type: ignore[operator]
        AfterValidator(_sorted_from_zero),
    ]


class Timeline(Generic[T]):
    """Read access to dated values; cheap enough for the per-case hot path."""

    __slots__ = ("days", "values", "constant")

    def __init__(self, steps: Sequence[Step[T]] | T):
        if isinstance(steps, list):
            self.days = [s.from_day for s in steps]
            self.values = [s.value for s in steps]
        else:
            self.days, self.values = [0], [steps]
        self.constant = len(self.values) == 1

    def at(self, day: float) -> T:
        if self.constant:
            return self.values[0]
        return self.values[max(0, bisect_right(self.days, day) - 1)]
