"""A waiting list: new tailored care waits until the button is released (legal exposure where entitled)."""

from __future__ import annotations

from typing import Any, Generator

from ...errors import Said
from .base import BEFORE_GRANT, Action, Case


class Waitlist(Action):
    name = "waitlist"
    stage = BEFORE_GRANT
    order = 0  # before an approval step
    holds = True
    help = "'waitlist': new tailored care waits until the release"
    label = Said("waiting list", "wachtlijst")
    menu = Said("waiting list for tailored care (legal exposure)", "wachtlijst voor maatwerk (juridisch risico)")
    menu_rank = 3
    words = {"a_waitlist": Said("held the case on a waiting list for {d} days", "hield de casus {d} dagen op een wachtlijst")}

    def before_grant(self, case: Case, b: Any, plan: list[int]) -> Generator:
        if case.tailored(plan):
            yield from case.hold(b)
