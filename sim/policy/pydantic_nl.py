"""Pydantic's validation errors in Dutch, by their `type`, filled from their `ctx`.

Pydantic speaks English only. The loader (a scenario file), a world of an explore
(sim.policy.uncertain) and a sweep's values (sim.study.sweep) all report its errors; each keeps
pydantic's own English and takes the Dutch from here, so the Dutch of an error type is written
once. A validator that raises `ValueError(Said(...))` brings its own Dutch.
"""

from __future__ import annotations

import re

from ..errors import Said

# Pydantic's errors in Dutch, by their `type`, filled from their `ctx`. The English stays
# pydantic's own message; an error type not listed here keeps it in Dutch as well.
_PYDANTIC_NL = {
    "greater_than_equal": "moet groter dan of gelijk aan {ge} zijn",
    "greater_than": "moet groter dan {gt} zijn",
    "less_than_equal": "moet kleiner dan of gelijk aan {le} zijn",
    "less_than": "moet kleiner dan {lt} zijn",
    "multiple_of": "moet een veelvoud van {multiple_of} zijn",
    "int_parsing": "moet een geheel getal zijn; deze tekst is geen geheel getal",
    "int_type": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn, niet een getal met cijfers achter de komma",
    "float_parsing": "moet een getal zijn; deze tekst is geen getal",
    "float_type": "moet een getal zijn",
    "finite_number": "moet een eindig getal zijn",
    "bool_parsing": "moet true of false zijn; deze waarde is geen van beide",
    "bool_type": "moet true of false zijn",
    "string_type": "moet een tekst zijn",
    "literal_error": "moet {expected} zijn",
    "too_short": "moet minstens {min_length} element(en) hebben, niet {actual_length}",
    "too_long": "mag hoogstens {max_length} element(en) hebben, niet {actual_length}",
    "string_too_short": "moet minstens {min_length} teken(s) lang zijn",
    "string_too_long": "mag hoogstens {max_length} teken(s) lang zijn",
    "string_pattern_mismatch": "moet passen bij het patroon '{pattern}'",
    "none_required": "moet leeg zijn",
    "set_type": "moet een verzameling zijn",
    "tuple_type": "moet een lijst zijn",
}


def pydantic_dutch(err: dict, english: str) -> str:
    """One pydantic error in Dutch: its type's template filled from its context, the Dutch a
    validator raised as a `Said`, or (for a type not listed) pydantic's English."""
    kind, ctx = err["type"], dict(err.get("ctx") or {})
    if kind == "value_error":
        words = getattr(ctx.get("error"), "args", ("",))[0]
        return words.nl if isinstance(words, Said) else english
    template = _PYDANTIC_NL.get(kind)
    if template is None:
        return english
    ctx = {k: (int(v) if isinstance(v, float) and v.is_integer() else v) for k, v in ctx.items()}  # 1, as pydantic says
    if "expected" in ctx:  # pydantic lists choices as "'a', 'b' or 'c'"
        ctx["expected"] = re.sub(r" or (?=')", " of ", str(ctx["expected"]))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):
        return english
