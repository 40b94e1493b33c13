"""Shorter care: a pressed button cuts a share of every provision's duration (legal exposure where entitled)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ...errors import Said
from ..bounds import Share
from .base import CARE, Action, Case, Tell

NAN = float("nan")


class IntensityCut(Action):
    name = "intensity_cut"
    stage = CARE
    help = "'intensity_cut': care is shortened by intensity_cut"
    fields = {"intensity_cut": (Share, Field(0.2, description="intensity_cut: share cut from a provision's duration."))}
    field_rank = 2
    label = Said("shorter care", "kortere zorg")
    menu = Said("shorter care (legal exposure)", "kortere zorg (juridisch risico)")
    menu_rank = 5
    words = {"a_intensity_cut": Said("cut the duration of the care{cut}", "kortte de duur van de zorg in{cut}"),
             "a_cut_appealed": Said("would have cut the duration of the care{cut}, but the resident appealed and won "
                                    "the full care", "zou de duur van de zorg inkorten{cut}, maar de inwoner ging in "
                                    "bezwaar en kreeg de volle zorg")}

    def cut(self, case: Case, b: Any) -> float:
        """Shortens the care by the button's share; for an entitled need that is unlawful, and a case
        that appeals wins the full care back. Returns the share cut."""
        share = b.spec.intensity_cut
        case.pressed_by(b)
        case.note("button", "intensity_cut", b, NAN, share)
        if case.entitled:
            case.expose()  # noted now, when the cut is decided (its days follow per problem, unless appealed)
            case.note("exposure", "intensity_cut", b, NAN, share)
            if case.appeals:
                case.appealed()
                case.note("appeal", "cut", b, NAN, case.law.appeal_share)
                return 0.0
        return share

    def story(self, rule: str, days: str, value: float, tell: Tell) -> str:
        cut = f" ({tell.num(100 * value, 0)}%)"
        won = tell.noted_step("appeal", "cut")
        return tell.w("a_cut_appealed" if won else "a_intensity_cut", cut=cut)
