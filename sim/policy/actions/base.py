"""What an emergency button's action is: one class holding everything about it.

An action (a waiting list, a closed intake, a cut, ...) is one subclass of `Action` in a file of
its own in this package, and one line in the registry (`sim.policy.actions.ACTIONS`). The class
holds, in one place:

- its schema part: the button fields it reads (`fields`, flat on the button, so a scenario file
  keeps the shape it always had) and the sentence the field reference says about it (`help`);
- its checks across fields (`check`);
- its journey hook: the moment of the journey it acts at (`stage`, and `order` among the actions
  of that stage) and what it does there (`at_door`, `plan`, `before_grant` or `cut`);
- its words in English and Dutch: its name (`label`), the workshop's menu entry (`menu`) and the
  story `ontschot explain` tells of a step it noted (`story`, from `words`).

It lives in the policy room, the lowest room that knows a button, so that adding an action is
literally one new file and one registry line while every import still points down: the schema
needs its fields and name, the model runs its hook, the report reads its words, and all of those
rooms may import the policy. The hook is behaviour on the model's state, which this room cannot
import; it receives the journey's case as an argument instead, typed by the `Case` protocol below
(as SimPy lets a resource variant override one hook and Ciw injects its routing objects). The
journey hands a case to a hook only when that action's button is pressed, and finds the hooks
through lists the buttons precompute per stage, so the per-case hot path pays no lookup by name.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generator, Protocol

from ...errors import Said

Issue = tuple[tuple, Said]  # (path of the field to blame, what is wrong with it), as `sim.policy.checks`

# The moments of a journey at which a button may act, in the order a resident meets them.
DOOR = "door"                  # before the intake: may hold the case, turn it away or send it elsewhere
PLAN = "plan"                  # choosing the provisions: may replace the policy's plan
BEFORE_GRANT = "before_grant"  # between plan and grant: may hold the case or add an approval step
CARE = "care"                  # the care granted: may shorten it
STAGES = (DOOR, PLAN, BEFORE_GRANT, CARE)


class Case(Protocol):
    """The journey's case as a hook sees it: the case's facts and the few things a button may do
    to it. `sim.model.journey.Case` implements it; a hook never touches the model's state else."""

    now: float
    lead: int                 # the domain that leads the case
    doms: list[int]           # its domains (indices) and their severities
    sevs: list[int]
    entitled: bool            # whether any of its domains is an open-ended entitlement (Wmo, youth care)
    appeals: bool             # whether the resident appeals an unlawful decision (and wins)
    luck_access: float        # the resident's pre-drawn number for an access decision (common random numbers)
    law: Any                  # the law's settings: appeal_days, appeal_share, entitled per domain
    cat: Any                  # the provision catalogue: kind, general, tailored per domain
    standard_max_severity: int

    def note(self, kind: str, rule: str, b: Any, days: float, value: float, domain: int | None = None,
             provision: int | None = None, day: float | None = None) -> None: ...
    def pressed_by(self, b: Any) -> None: ...
    def delayed(self, days: float) -> None: ...
    def expose(self, days: float = 0.0) -> None: ...
    def appealed(self) -> None: ...
    def wait(self, days: float) -> Any: ...
    def hold(self, b: Any) -> Generator: ...
    def refuse(self) -> None: ...
    def community_room(self) -> bool: ...
    def community(self, share: float) -> None: ...
    def choose(self, standard_only: bool, steer: int | None) -> list[int]: ...
    def estimate(self, plan: list[int]) -> float: ...
    def tailored(self, plan: list[int]) -> bool: ...
    def term(self) -> float: ...
    def waited(self) -> float: ...


class Tell(Protocol):
    """What `ontschot explain` offers a story: its words, numbers and days in the reader's language,
    and the case's other noted steps."""

    def w(self, key: str, **values: object) -> str: ...
    def num(self, x: float, digits: int) -> str: ...
    def noted_step(self, step: str, rule: str) -> bool: ...
    def standard_max_severity(self) -> int | str: ...


class Action:
    """One emergency button action. Subclasses set the class attributes and override the one hook of
    their `stage`; the defaults do nothing, so a hook left alone leaves the journey as it was."""

    name: ClassVar[str]
    stage: ClassVar[str]
    order: ClassVar[int] = 0         # among the actions of one stage, lower acts first
    help: ClassVar[str]              # what it does while pressed, for the schema's description of `action`
    fields: ClassVar[dict[str, tuple[Any, Any]]] = {}  # button field name: (type, pydantic Field), its schema part
    field_rank: ClassVar[int] = 100  # where its fields sit among the button's (the reference's order)
    rules: ClassVar[tuple[str, ...]] = ()  # the rules its `button` steps note; default: its name
    holds: ClassVar[bool] = False    # it holds cases on its button's release (counted as the waiting list)
    label: ClassVar[Said]            # its name in reports
    menu: ClassVar[Said]             # the workshop's menu entry, saying whether it is lawful
    menu_rank: ClassVar[int] = 100   # its place in the workshop's menu
    words: ClassVar[dict[str, Said]] = {}  # the story's sentences, by key ('a_<rule>' for the plain one)

    def step_rules(self) -> tuple[str, ...]:
        return self.rules or (self.name,)

    # --- the schema's checks across fields
    def check(self, loc: tuple, b: Any, facts: Any) -> list[Issue]:
        """What is wrong with a button of this action beyond its fields' own bounds (`facts`: `checks.Facts`)."""
        return []

    # --- the journey's hooks, one per stage
    def at_door(self, case: Case, b: Any) -> Generator:
        """Before the intake; returns whether the journey goes on."""
        return True
        yield  # a generator, so the journey can `yield from` it

    def plan(self, case: Case, b: Any) -> list[int] | None:
        """The plan instead of the policy's (None: the policy's own); a replaced plan takes no personal budget."""
        return None

    def before_grant(self, case: Case, b: Any, plan: list[int]) -> Generator:
        """Between the plan and the grant, after the hardship clause and a referral check."""
        return
        yield

    def cut(self, case: Case, b: Any) -> float:
        """The share cut from the care's duration."""
        return 0.0

    # --- the story `ontschot explain` tells of a step this action noted
    def story(self, rule: str, days: str, value: float, tell: Tell) -> str:
        """One button step in words; `days` as the reader reads them, `value` the step's own number."""
        return tell.w(f"a_{rule}", d=days)
