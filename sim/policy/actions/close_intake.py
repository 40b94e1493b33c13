"""A closed intake: new requests wait at the door until the button is released (legal exposure where entitled)."""

from __future__ import annotations

from typing import Any, Generator

from ...errors import Said
from .base import DOOR, Action, Case


class CloseIntake(Action):
    name = "close_intake"
    stage = DOOR
    order = 0  # a closed intake holds the case before stricter access looks at it
    holds = True
    help = "'close_intake': new requests wait until the release"
    label = Said("intake closed", "loket dicht")
    menu = Said("close the intake (legal exposure)", "loket dicht (juridisch risico)")
    menu_rank = 4
    words = {"a_close_intake": Said("held the case at a closed intake for {d} days",
                                    "hield de casus {d} dagen aan een gesloten intake")}

    def at_door(self, case: Case, b: Any) -> Generator:
        yield from case.hold(b)
        return True
