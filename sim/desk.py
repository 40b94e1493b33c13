"""Staff places at a desk or team: a first-come-first-served pool of c places.

The same queue discipline as `simpy.Resource`, with one saving that matters in the hot path: a
case that finds a place free takes it at once, without creating and scheduling a request event.
Only a case that has to queue waits on an event, which the release that frees a place for it
succeeds (the place is handed over directly, so nobody can jump the queue).
"""

from __future__ import annotations

from collections import deque

import simpy


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

