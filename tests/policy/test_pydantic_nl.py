"""Pydantic's errors in Dutch (`sim.policy.pydantic_nl`), from real validation errors of real models.

Each case validates a small pydantic model so the error's `type` and `ctx` are pydantic's own, not
written here; a template that no longer fits pydantic's context falls back to its English.
"""

from __future__ import annotations

from typing import Literal

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from sim.errors import Said
from sim.policy.pydantic_nl import pydantic_dutch


class _Toy(BaseModel):
    share: float = Field(0.5, ge=0.0, le=1.0)
    count: int = 1
    mode: Literal["wait", "refuse"] = "wait"
    name: str = "x"

    @field_validator("name")
    @classmethod
    def _said(cls, v: str) -> str:
        if v == "bad":
            raise ValueError(Said("a bad name", "een slechte naam"))
        if v == "plain":
            raise ValueError("only English")
        return v


def _error(**data) -> tuple[dict, str]:
    with pytest.raises(ValidationError) as e:
        _Toy(**data)
    err = e.value.errors()[0]
    return err, err["msg"]


@pytest.mark.parametrize("data, dutch", [
    ({"share": 1.5}, "moet kleiner dan of gelijk aan 1 zijn"),   # 1.0 said as pydantic says it: 1
    ({"share": -0.5}, "moet groter dan of gelijk aan 0 zijn"),
    ({"count": "veel"}, "moet een geheel getal zijn; deze tekst is geen geheel getal"),
    ({"count": 1.5}, "moet een geheel getal zijn, niet een getal met cijfers achter de komma"),
    ({"mode": "maybe"}, "moet 'wait' of 'refuse' zijn"),
])
def test_an_error_type_is_said_in_dutch(data, dutch):
    err, english = _error(**data)
    assert pydantic_dutch(err, english) == dutch
    assert english != dutch


def test_a_validator_brings_its_own_dutch():
    err, english = _error(name="bad")
    assert pydantic_dutch(err, english) == "een slechte naam"


def test_without_dutch_the_english_stays():
    err, english = _error(name="plain")
    assert pydantic_dutch(err, english) == english
    assert pydantic_dutch({"type": "some_unknown_type", "ctx": {}}, "as pydantic said") == "as pydantic said"


def test_a_template_missing_its_context_falls_back_to_english():
    assert pydantic_dutch({"type": "greater_than_equal", "ctx": {}}, "English") == "English"
