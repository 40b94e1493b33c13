"""An approval step: a grant whose estimated cost is above a limit waits some days for approval
(lawful within the legal decision term; the days past it are legal exposure where entitled)."""

from __future__ import annotations

from typing import Any, Generator

from pydantic import Field

from ...errors import Said
from ..bounds import ClientMoney, Days
from .base import BEFORE_GRANT, Action, Case


class Approval(Action):
    name = "approval"
    stage = BEFORE_GRANT
    order = 1  # after a waiting list
    help = "'approval': a grant above approval_above waits approval_days for approval"
    fields = {
        "approval_above": (ClientMoney, Field(0.0, description="approval: committed euros above which a grant needs approval.")),
        "approval_days": (Days, Field(14.0, description="approval: days an approval adds.")),
    }
    field_rank = 1
    holds = True  # an approval pending at the horizon holds its case too
    label = Said("approval for costly care", "goedkeuring voor dure zorg")
    menu = Said("approval for costly care (lawful within the decision term)",
                "goedkeuring voor dure zorg (rechtmatig binnen de beslistermijn)")
    menu_rank = 2
    words = {"a_approval": Said("made the grant wait {d} days for approval",
                                "liet de toekenning {d} dagen op goedkeuring wachten")}

    def before_grant(self, case: Case, b: Any, plan: list[int]) -> Generator:
        """An approval step for a tailored plan whose estimated cost is above the button's limit."""
        if not case.tailored(plan):
            return
        estimate = case.estimate(plan)
        spec = b.spec
        if estimate > spec.approval_above:
            t = case.now
            before = case.waited()
            yield case.wait(spec.approval_days)
            case.pressed_by(b)
            case.delayed(spec.approval_days)
            case.note("button", "approval", b, spec.approval_days, estimate, day=t)
            # Only the days past the legal decision term are unlawful.
            term = case.term()
            overrun = before + spec.approval_days - max(term, before)
            if case.entitled and overrun > 0:
                case.expose(overrun)
                case.note("exposure", "approval", b, overrun, term, day=t)
