"""Lean SimPy pieces for the per-episode hot path: staff places and episode processes.

`Desk` is a first-come-first-served pool of c staff places at a desk or team: the same queue
discipline as `simpy.Resource`, with one saving that matters in the hot path: a case that finds
a place free takes it at once, without creating and scheduling a request event. Only a case that
has to queue waits on an event, which the release that frees a place for it succeeds (the place
is handed over directly, so nobody can jump the queue).

`EpisodeProcess` runs an episode's generator as `simpy.Process` would, without the process event.
"""

from __future__ import annotations

from collections import deque
from typing import Generator

import simpy
from simpy.events import Initialize


class Desk:
    __slots__ = ("env", "free", "queue")

    def __init__(self, env: simpy.Environment, capacity: int):
        self.env = env
        self.free = capacity
        self.queue: deque[simpy.Event] = deque()

    def request(self) -> simpy.Event | None:
        """Take a place: None if one was free, else an event that fires when a place is handed over."""
        if self.free > 0:
            self.free -= 1
            return None
        ev = self.env.event()
        self.queue.append(ev)
        return ev

    def release(self) -> None:
        """Give the place to the first case in the queue, or free it."""
        if self.queue:
            self.queue.popleft().succeed()
        else:
            self.free += 1


class EpisodeProcess:
    """A generator run the way SimPy runs a process, minus what no episode uses.

    It starts on the same urgent start event as a `simpy.Process` and resumes on the events it
    yields as a process does, so every other event keeps its place in the schedule. What it
    leaves out is the process as an event of its own (nobody waits for an episode to end: that
    saves an event per episode), `active_process` and interrupts.
    """

    __slots__ = ("_generator",)

    def __init__(self, env: simpy.Environment, generator: Generator, now: bool = False):
        """Start on an urgent start event, as a process does, or with `now` at once: for a caller
        that has nothing left to schedule in this step, so the start event would come next."""
        self._generator = generator
        if now:
            self._resume(_STARTED)  # type: ignore[arg-type]
        else:
            Initialize(env, self)  # type: ignore[arg-type]  # calls self._resume, as for a process

    def _resume(self, event: simpy.Event) -> None:
        generator = self._generator
        while True:
            try:
                if event._ok:
                    event = generator.send(event._value)
                else:  # as simpy.Process: the failure is the generator's to handle
                    event._defused = True
                    event = generator.throw(event._value)
            except StopIteration:
                return
            if event.callbacks is not None:  # not yet processed: resume when it is
                event.callbacks.append(self._resume)
                return


class _Started:
    """The start event of an `EpisodeProcess` that starts at once: processed, with no value."""

    _ok = True
    _value = None


_STARTED = _Started()
