"""General provisions only: the plan gives the general provision to the problems up to a severity
(lawful up to what a general provision can meet; steering a heavier need of an entitled domain
refuses necessary tailored care, docs/calibration.md §6, and is legal exposure)."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import Field

from ...errors import Said
from ..bounds import WHY_SEVERITY, Why
from .base import PLAN, Action, Case, Tell

NAN = float("nan")


class StandardOnly(Action):
    name = "standard_only"
    stage = PLAN
    help = "'standard_only': problems up to steer_max_severity get the general provision instead of tailored care"
    fields = {"steer_max_severity": (Annotated[int, Field(ge=1, le=3), Why(WHY_SEVERITY)] | None, Field(
        None, description="standard_only: the heaviest problems steered to the general provision; default: "
        "plan.standard_max_severity, the problems a general provision can meet. Steering a heavier problem of an "
        "entitled domain is legal exposure (the law asks for tailored care where the general provision does not do)."))}
    field_rank = 3
    label = Said("general provisions only", "alleen algemene voorzieningen")
    menu = Said("general provisions only (lawful)", "alleen algemene voorzieningen (rechtmatig)")
    menu_rank = 0
    words = {"a_standard_only": Said(
        "steered the plan to the general provision for problems up to severity {sev} (tailored care above)",
        "stuurde het plan naar de algemene voorziening voor problemen tot zwaarte {sev} (maatwerk daarboven)")}

    def plan(self, case: Case, b: Any) -> list[int]:
        """The general provisions for the problems up to the button's `steer_max_severity` (else the
        plan's own `standard_max_severity`), tailored care above."""
        steer = b.spec.steer_max_severity
        plan = case.choose(True, steer)
        case.pressed_by(b)
        case.note("button", "standard_only", b, NAN, NAN if steer is None else steer)
        if steer is not None and steer > case.standard_max_severity:
            plan = self._steer(case, b, plan)
        return plan

    @staticmethod
    def _steer(case: Case, b: Any, plan: list[int]) -> list[int]:
        """Steering heavier problems than a general provision can meet: for an entitled domain that
        refuses necessary tailored care, so it is legal exposure, and a case that appeals wins its
        tailored care back (at the cost of care after an appeal)."""
        cat, law = case.cat, case.law
        plan = list(plan)
        for i, p in enumerate(plan):
            d = case.doms[i]
            if cat.kind[p] == "general" and case.sevs[i] > case.standard_max_severity and law.entitled[d]:
                case.expose()
                case.note("exposure", "steered_heavy", b, NAN, case.sevs[i], domain=d, provision=p)
                if case.appeals:
                    case.appealed()
                    case.note("appeal", "steered_heavy", b, NAN, law.appeal_share, domain=d, provision=cat.tailored[d])
                    plan[i] = cat.tailored[d]
        return plan

    def story(self, rule: str, days: str, value: float, tell: Tell) -> str:
        """Up to the button's steer_max_severity, else the plan's own rule's."""
        sev = int(value) if not math.isnan(value) else tell.standard_max_severity()
        return tell.w("a_standard_only", sev=sev)
