"""The registry of emergency-button actions: each one a class in a file of its own (`base.Action`).

Adding an action is one new file in this package and one line in `ACTIONS` below; the schema's
`action` choice and the button's fields, the checks, the journey's dispatch, the step rules, the
words of reports, `explain` and the workshop all read this tuple (docs/architecture.md, "Adding a
button action"). Its order is the order the schema lists the actions in.
"""

from __future__ import annotations

from .approval import Approval
from .base import BEFORE_GRANT, CARE, DOOR, PLAN, STAGES, Action, Case, Tell
from .close_intake import CloseIntake
from .intensity_cut import IntensityCut
from .standard_only import StandardOnly
from .stricter_access import StricterAccess
from .waitlist import Waitlist

ACTIONS: tuple[Action, ...] = (
    Waitlist(),
    StandardOnly(),
    Approval(),
    IntensityCut(),
    StricterAccess(),
    CloseIntake(),
)


def by_name(actions: tuple[Action, ...] = ACTIONS) -> dict[str, Action]:
    """Each action by the name a scenario file gives it."""
    return {a.name: a for a in actions}


def by_rule(actions: tuple[Action, ...] = ACTIONS) -> dict[str, Action]:
    """Each action by the rules its button steps note (`stricter_access` notes `refused` or `redirected`)."""
    return {r: a for a in actions for r in a.step_rules()}


def button_fields(actions: tuple[Action, ...] = ACTIONS) -> dict[str, tuple]:
    """Every action's schema part, in the order the field reference lists them (`field_rank`)."""
    return {k: v for a in sorted(actions, key=lambda a: a.field_rank) for k, v in a.fields.items()}


__all__ = ["ACTIONS", "Action", "Case", "Tell", "STAGES", "DOOR", "PLAN", "BEFORE_GRANT", "CARE", "by_name", "by_rule",
           "button_fields"]
