"""Emergency buttons (noodknoppen): a budget metric with hysteresis switches an action on and off.

A button is pressed when its metric reaches `fire` and released when it falls below `release`
(lower than `fire`, so it does not flicker). Buttons are evaluated lazily, at the moments a case
needs a decision, never by a polling loop: between decisions nothing can depend on them. Every
press and release is an event row. Cases held back by `waitlist` or `close_intake` wait on the
button's release event.

What each action does, and may lawfully do (docs/calibration.md §6), is its class in
`sim.policy.actions`; this module knows when a button is pressed, and hands the journey, per
stage of a case's journey, the actions that act there with their buttons, worked out once per
replication so that a case finds its hooks without looking up a name.
"""

from __future__ import annotations

from typing import Callable

import simpy

from ..policy import actions as registry
from ..policy.actions import BEFORE_GRANT, CARE, DOOR, PLAN, Action
from ..policy.scenario import Button
from ..policy.timeline import Timeline

Stage = tuple[tuple[Action, tuple["ButtonState", ...]], ...]  # the actions of one stage, in order, with their buttons


class ButtonState:
    """One button's state machine; `update` is pure apart from recording events."""

    __slots__ = ("spec", "action", "index", "pressed", "active", "domains", "release_event", "env", "events")

    def __init__(self, spec: Button, index: int, domain_names: list[str], env: simpy.Environment | None = None,
                 action: Action | None = None):
        self.spec = spec
        self.action = action if action is not None else registry.by_name(registry.ACTIONS)[spec.action]
        self.index = index
        self.pressed = False
        self.active: Timeline[bool] = Timeline(spec.active)
        self.domains = set(range(len(domain_names))) if spec.domains == "all" else {domain_names.index(d) for d in spec.domains}
        self.env = env
        self.release_event: simpy.Event | None = env.event() if env is not None else None
        self.events: list[tuple] = []  # (day, button, action, budget, kind, metric, value)

    def update(self, day: float, value: float) -> bool:
        """Apply hysteresis to a new metric value; return whether the button is now pressed."""
        spec = self.spec
        active = self.active.at(day)
        if not self.pressed and active and value >= spec.fire:
            self.pressed = True
            self.events.append((day, spec.name, spec.action, spec.budget, "press", spec.metric, value))
        elif self.pressed and (value < spec.release or not active):
            self.pressed = False
            self.events.append((day, spec.name, spec.action, spec.budget, "release", spec.metric, value))
            if self.release_event is not None:
                ev, self.release_event = self.release_event, self.env.event()  # type: ignore[union-attr]
                ev.succeed()
        return self.pressed

    def applies_to(self, domains: list[int]) -> bool:
        return self.pressed and any(d in self.domains for d in domains)


class Buttons:
    """All buttons of a scenario, evaluated at most once per simulated moment."""

    def __init__(self, specs: list[Button], domain_names: list[str], env: simpy.Environment,
                 metric: Callable[[str, str, float], float], waiting: Callable[[], int]):
        actions = registry.by_name(registry.ACTIONS)  # read now, so a registry extended at run time counts
        self.states = [ButtonState(b, i, domain_names, env, actions[b.action]) for i, b in enumerate(specs)]
        self._metric = metric
        self._waiting = waiting
        self._last = -1.0
        self.door, self.plan = self._stage(DOOR), self._stage(PLAN)
        self.before_grant, self.care = self._stage(BEFORE_GRANT), self._stage(CARE)

    def _stage(self, stage: str) -> Stage:
        """The actions of this scenario's buttons that act at `stage`, in their order there, each with its
        buttons in the scenario's order (empty: the journey skips the stage's hooks)."""
        acts: list[Action] = []
        for st in self.states:
            if st.action.stage == stage and st.action not in acts:
                acts.append(st.action)
        acts.sort(key=lambda a: a.order)
        return tuple((a, tuple(st for st in self.states if st.action is a)) for a in acts)

    @staticmethod
    def first_pressed(stage: Stage, domains: list[int]) -> list[tuple[Action, "ButtonState"]]:
        """Per action of the stage, its first pressed button that applies to any of these domains."""
        out = []
        for action, states in stage:
            for st in states:
                if st.pressed and any(d in st.domains for d in domains):
                    out.append((action, st))
                    break
        return out

    def evaluate(self, now: float) -> None:
        if now == self._last or not self.states:
            return
        self._last = now
        for st in self.states:
            if not st.pressed and not st.active.at(now):
                continue
            spec = st.spec
            value = float(self._waiting()) if spec.metric == "waitlist" else self._metric(spec.metric, spec.budget, now)
            st.update(now, value)

    def pressed(self, action: str, domains: list[int]) -> ButtonState | None:
        """The first pressed button with this action that applies to any of these domains."""
        for st in self.states:
            if st.spec.action == action and st.applies_to(domains):
                return st
        return None

    def events(self) -> list[tuple]:
        rows = [e for st in self.states for e in st.events]
        rows.sort(key=lambda r: r[0])
        return rows
