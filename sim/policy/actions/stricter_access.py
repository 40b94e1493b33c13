"""Stricter access: a share of new requests is turned away at the door (legal exposure where entitled,
and a resident who appeals wins) and a share is sent to the community provision (lawful)."""

from __future__ import annotations

from typing import Any, Generator

from pydantic import Field

from ...errors import Said
from ..bounds import Share
from .base import DOOR, Action, Case, Issue, Tell

NAN = float("nan")
NEEDS_COMMUNITY = Said("redirecting to the community provision needs a provision of kind community",
                       "doorverwijzen naar de voorziening van soort community vraagt een voorziening van soort community")


class StricterAccess(Action):
    name = "stricter_access"
    stage = DOOR
    order = 1  # after a closed intake
    help = ("'stricter_access': a share of new requests is sent to the community provision "
            "(redirect_share) or turned away (refuse_share)")
    fields = {
        "redirect_share": (Share, Field(0.3, description="stricter_access: share of new requests sent to the community provision.")),
        "refuse_share": (Share, Field(0.0, description="stricter_access: share of new requests turned away.")),
    }
    field_rank = 4
    rules = ("refused", "redirected")
    label = Said("stricter assessment", "strengere indicatie")
    menu = Said("stricter assessment, steer to community help (lawful)",
                "strengere indicatie, naar het voorliggend veld (rechtmatig)")
    menu_rank = 1
    words = {
        "a_redirected": Said("sent the request to the community provision", "stuurde de aanvraag naar de voorliggende voorziening"),
        "a_refused": Said("turned the request away at the door", "wees de aanvraag aan de deur af"),
        "a_refused_appealed": Said("turned the request away at the door; the resident appealed and won, and the request went on",
                                   "wees de aanvraag aan de deur af; de inwoner ging in bezwaar, kreeg gelijk en de aanvraag ging door"),
    }

    def check(self, loc: tuple, b: Any, facts: Any) -> list[Issue]:
        """Shares that add up, and a community provision to send requests to."""
        issues: list[Issue] = []
        if b.redirect_share + b.refuse_share > 1:
            issues.append((loc + ("refuse_share",), Said("redirect_share + refuse_share must not exceed 1",
                                                         "redirect_share + refuse_share mag niet boven 1 komen")))
        if b.redirect_share > 0 and not facts.kinds["community"]:
            issues.append((loc + ("redirect_share",), NEEDS_COMMUNITY))
        return issues

    def at_door(self, case: Case, b: Any) -> Generator:
        """Turns the request away (unless a won appeal brings it back) or steers it to the community
        provision while that has room. Refusing an entitled need is unlawful, steering is not."""
        spec = b.spec
        ua = case.luck_access
        if ua < spec.refuse_share:
            case.pressed_by(b)
            case.note("button", "refused", b, NAN, spec.refuse_share)
            law = case.law
            if case.entitled:
                case.expose()
                case.note("exposure", "refused", b, law.appeal_days if case.appeals else 0.0, NAN)
            if not case.appeals:
                case.refuse()
                return False
            case.appealed()
            case.expose(law.appeal_days)
            case.note("appeal", "refused", b, law.appeal_days, law.appeal_share)
            yield case.wait(law.appeal_days)
        elif ua < spec.refuse_share + spec.redirect_share and case.community_room():
            case.pressed_by(b)
            case.note("button", "redirected", b, NAN, spec.redirect_share)
            case.community(spec.redirect_share)
            return False
        return True

    def story(self, rule: str, days: str, value: float, tell: Tell) -> str:
        if rule == "refused":
            return tell.w("a_refused_appealed" if tell.noted_step("appeal", "refused") else "a_refused")
        return tell.w("a_redirected")
