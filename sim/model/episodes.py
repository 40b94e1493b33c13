"""Starting an episode: the lean path where it applies, else the full journey.

The run loop (`sim.model.engine`) starts every new request, the day-0 caseload's follow-ups and
the problems on their way back here, and hands `spawn` to the state, through which the journey
starts follow-up episodes; so the journey and the lean path never import this module, and the
model room has no import circle.
"""

from __future__ import annotations

from typing import Generator

from .desk import EpisodeProcess
from .journey import journey
from .lean import _lean
from .state import State


def spawn(st: State, res: int, gen: int, doms: list[int], sevs: list[int], delay: float, parent: int,
          origin: str) -> None:
    """Start an episode after `delay` days: for a follow-up, or for the day-0 caseload's."""
    EpisodeProcess(st.env, episode(st, res, gen, doms, sevs, delay, parent, origin))


def episode(st: State, res: int, gen: int, doms: list[int], sevs: list[int], delay: float,
            parent: int, origin: str) -> Generator:
    """The process of one episode: the lean path when it applies (see `sim.model.lean`), else `journey`."""
    lean = st.lean
    if lean is not None and len(doms) == 1 and origin != "pipeline":  # the lean path begins with an intake
        plan = lean[doms[0]][sevs[0]]
        if plan is not None:
            return _lean(st, res, gen, doms[0], sevs[0], delay, parent, origin, plan)
    return journey(st, res, gen, doms, sevs, delay, parent, origin)
