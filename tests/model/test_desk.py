"""Desk and EpisodeProcess against simpy.Resource and simpy.Process, in the style of SimPy's own tests.

`sim.model.desk` leans on SimPy internals: `simpy.events.Initialize` to start an episode on the
same urgent start event as a process, and an event's `_ok`, `_value`, `_defused` and `callbacks`
to resume it as `simpy.Process._resume` does. Nothing in SimPy's public API promises those, so
these tests run the same arrivals through both and demand the same grant times for every
customer, the same start order, and the same handling of a failed event. A SimPy upgrade that changes
the internals fails here, loudly, instead of moving every number of every scenario a little.
"""

from __future__ import annotations

import random

import pytest
import simpy

from sim.model.desk import Desk, EpisodeProcess


@pytest.fixture
def env():
    return simpy.Environment()


def _arrivals(seed: int, capacity: int, n: int = 300) -> list[tuple[int, int]]:
    """(arrival day, service days) on whole days, so that arrivals, releases and starts often
    coincide; busier for more places, so that queues form."""
    rng = random.Random(seed)
    gaps = (0, 0, 1, 1, 2, 3) if capacity < 3 else (0, 0, 0, 0, 1)
    t, out = 0, []
    for _ in range(n):
        t += rng.choice(gaps)
        out.append((t, rng.choice((0, 1, 2, 3, 5, 8))))
    return out


def _simulate(env: simpy.Environment, arrivals: list[tuple[int, int]], capacity: int, lean: str) -> list[tuple]:
    """Customers through a desk: 'simpy' (Resource, Process), 'lean' (Desk, EpisodeProcess started on its
    start event) or 'now' (Desk, EpisodeProcess started at once, as `engine.Model._source` does)."""
    log: list[tuple] = []
    desk = Desk(env, capacity) if lean != "simpy" else None
    resource = simpy.Resource(env, capacity) if lean == "simpy" else None

    def customer(name, service):
        log.append((env.now, name, "arrive"))
        if desk is not None:
            queued = desk.request()
            if queued is not None:
                yield queued
        else:
            req = resource.request()
            yield req
        log.append((env.now, name, "start"))
        yield env.timeout(service)
        if desk is not None:
            desk.release()
        else:
            resource.release(req)
        log.append((env.now, name, "end"))

    def source():
        nxt = iter(enumerate(arrivals))
        item = next(nxt, None)
        wake = env.timeout(item[1][0])
        while item is not None:
            yield wake
            name, (_, service) = item
            item = next(nxt, None)
            if item is not None:
                wake = env.timeout(item[1][0] - env.now)
            if lean == "simpy":
                env.process(customer(name, service))
            else:
                EpisodeProcess(env, customer(name, service), now=lean == "now")

    env.process(source())
    env.run()
    return log


def _times(log: list[tuple]) -> dict[int, tuple]:
    """Per customer: when it arrived, got its place and gave it back."""
    out: dict[int, dict] = {}
    for t, name, what in log:
        out.setdefault(name, {})[what] = t
    return {name: (w["arrive"], w["start"], w["end"]) for name, w in out.items()}


@pytest.mark.parametrize("capacity", [1, 2, 5])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_desk_grants_as_a_resource_does(seed, capacity):
    """Same arrivals: every customer gets its place and gives it back at the same moment.

    (Within one moment the log lines may come in another order: a Resource hands out a free
    place through an event processed later in the same moment, a Desk at once. Who has which
    place when is the same, and that is all a journey can see.)"""
    arrivals = _arrivals(seed, capacity)
    reference = _times(_simulate(simpy.Environment(), arrivals, capacity, "simpy"))
    assert len(reference) == len(arrivals)
    assert sum(start > arrive for arrive, start, _ in reference.values()) > len(arrivals) // 10  # queues formed
    for lean in ("lean", "now"):
        assert _times(_simulate(simpy.Environment(), arrivals, capacity, lean)) == reference, lean


def test_episode_process_starts_on_the_start_event_like_a_process(env):
    """Started from outside a step, an episode runs when a process started just then would: after
    the processes started before it, before those started after it, and before a timeout(0)."""
    log = []

    def step(name):
        log.append((env.now, name))
        yield env.timeout(1)
        log.append((env.now, name))

    env.timeout(0).callbacks.append(lambda _e: log.append((env.now, "timeout")))
    env.process(step("a"))
    EpisodeProcess(env, step("b"))
    env.process(step("c"))
    env.run()
    assert log == [(0, "a"), (0, "b"), (0, "c"), (0, "timeout"), (1, "a"), (1, "b"), (1, "c")]


def test_a_failed_event_is_thrown_into_the_episode_as_into_a_process(env):
    """A failed event raises inside the generator, which may handle it, and is defused either way."""
    log = []

    def waiter(ev, name):
        try:
            yield ev
        except ValueError as exc:
            log.append((env.now, name, str(exc)))
        yield env.timeout(1)
        log.append((env.now, name, "on"))

    a, b = env.event(), env.event()
    env.process(waiter(a, "process"))
    EpisodeProcess(env, waiter(b, "episode"))

    def fail():
        yield env.timeout(2)
        a.fail(ValueError("no"))
        b.fail(ValueError("no"))

    env.process(fail())
    env.run()
    assert log == [(2, "process", "no"), (2, "episode", "no"), (3, "process", "on"), (3, "episode", "on")]
    assert a.defused and b.defused


def test_a_queued_case_gets_the_place_of_the_release_that_freed_it(env):
    """A release hands the place to the first in the queue: a newcomer at the same moment cannot jump it."""
    desk = Desk(env, 1)
    assert desk.request() is None and desk.free == 0
    first, second = desk.request(), desk.request()
    desk.release()
    assert first.triggered and not second.triggered and desk.free == 0
    assert desk.request() is not None  # the newcomer queues behind `second`
    desk.release()
    assert second.triggered
