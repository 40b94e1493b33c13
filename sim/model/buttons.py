"""Emergency buttons (noodknoppen): a budget metric with hysteresis switches an action on and off.

A button is pressed when its metric reaches `fire` and released when it falls below `release`
(lower than `fire`, so it does not flicker). Buttons are evaluated lazily, at the moments a case
needs a decision, never by a polling loop: between decisions nothing can depend on them. Every
press and release is an event row. Cases held back by `waitlist` or `close_intake` wait on the
button's release event.

What each action may lawfully do (docs/calibration.md §6) is decided in `sim.journey`; this
module only knows when a button is pressed.
"""

from __future__ import annotations

from typing import Callable

import simpy

from ..policy.scenario import Button
from ..policy.timeline import Timeline

class ButtonState:
    """One button's state machine; `update` is pure apart from recording events."""

    __slots__ = ("spec", "index", "pressed", "active", "domains", "release_event", "env", "events")

    def __init__(self, spec: Button, index: int, domain_names: list[str], env: simpy.Environment | None = None):
        self.spec = spec
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
        self.states = [ButtonState(b, i, domain_names, env) for i, b in enumerate(specs)]
        self._metric = metric
        self._waiting = waiting
        self._last = -1.0

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
