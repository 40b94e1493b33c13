"""Placement with providers: which provider takes a client, and waiting when every one is full.

A provision may be bought from named providers, each with a share of the clients, a tariff and
quality of its own, and limits: places (clients at once) and a ceiling (euros committed in a
budget year). The law lets a municipality steer purchasing this way, but not make an entitled
client wait for want of a place or money (docs/calibration.md §6): when all are full, extra
care is contracted, or the client waits, which for an entitled domain is legal exposure, until a
won appeal (or `max_wait_days`) forces extra care. The journey calls `places` after it has
worked out each problem's care and before it grants it.
"""

from __future__ import annotations

import math
from typing import Generator

from . import record as R
from .population import U_PROVIDER
from .state import State
from ..policy.calendar import end_of_year, year_of

NONE, NAN = R.NONE, R.NAN
_K, _R = R.KIND, R.RULE  # step kinds and rules as the codes the steps buffer holds


def places(st: State, rec: list, doms: list[int], u, items: list[tuple], appeals: bool) -> Generator:
    """Which provider gives each problem's care (`_provider`), at its tariff, effectiveness and fit.
    Waiting for a place or for money is no lawful reason to wait for an entitled need. Returns
    per item the provider's code and the place taken (freed again when the care ends)."""
    env, cat, pr = st.env, st.cat, st.providers
    entitled_in = st.law.entitled
    providers = [0] * len(items)
    held: list = [None] * len(items)
    for k, (i, p, dur, rate, lump, eff, fit) in enumerate(items):
        if not cat.providers[p] or (rate == 0.0 and lump == 0.0):
            continue
        t = env.now
        j = yield from _provider(st, p, rate * dur + lump, u[doms[i]][U_PROVIDER], appeals)
        # Extra care after a wait: forced by a won appeal, or contracted at the provision's most days of waiting.
        appeal_first = appeals and (cat.max_wait[p] is None or st.law.appeal_days <= cat.max_wait[p])
        forced = j < 0 and cat.when_full[p] == "wait" and env.now > t and appeal_first
        if forced:
            rec[R.APPEALED] = True  # the won appeal, not a free place, ended the wait
        if env.now > t and entitled_in[doms[i]]:
            rec[R.EXPOSED] = True  # no place or no money at any provider is no lawful reason to wait
            rec[R.EXPOSURE_DAYS] += env.now - t
            st.steps.extend((rec[R.CASE_ID], t, _K["exposure"], doms[i], p, NONE, 0, NONE, _R["provider_wait"],
                             env.now - t, NAN))
        if j < 0:
            tariff, providers[k] = cat.extra_tariff[p], len(pr.names) - 1
        else:
            pv = cat.provider_specs[p][j]
            tariff, providers[k] = pv.tariff, pr.code[p][j]
            eff, fit = eff + pv.effectiveness, fit + pv.fit
        st.steps.extend((rec[R.CASE_ID], t, _K["provider"], doms[i], p, NONE, providers[k], NONE,
                         _R["placed"] if j >= 0 else _R["appeal"] if forced else _R["extra_contracted"],
                         env.now - t, tariff))
        items[k] = (i, p, dur, rate * tariff, lump * tariff, eff, fit)
        held[k] = pr.places[p][j] if j >= 0 else None
    return providers, held


def _provider(st: State, p: int, cost: float, u_provider: float, appeals: bool) -> Generator:
    """Which provider takes the client: the first choice (by share) if it has a place and room
    under its ceiling, else the next one. When all are full: extra care is contracted, or the
    client waits (for a place at the first choice, or for the next budget year) until a won
    appeal forces extra care or the provision's `max_wait_days` have passed, when the municipality
    contracts extra care after all. Returns the provider's index, or -1 for contracted extra care."""
    env, cat = st.env, st.cat
    specs, places, committed = cat.provider_specs[p], st.providers.places[p], st.providers.committed[p]
    n = len(specs)
    first, acc = n - 1, 0.0
    for j, pv in enumerate(specs):
        acc += pv.share
        if u_provider < acc:
            first = j
            break
    deadline = env.now + st.law.appeal_days if appeals else math.inf
    if cat.max_wait[p] is not None:
        deadline = min(deadline, env.now + cat.max_wait[p])
    while True:
        year = year_of(env.now)
        for k in range(n):
            j = (first + k) % n
            pv, desk = specs[j], places[j]
            if (desk is not None and desk.free <= 0) or (
                    pv.ceiling is not None and committed[j].get(year, 0.0) + cost * pv.tariff > pv.ceiling):
                continue
            if desk is not None:
                desk.request()
            committed[j][year] = committed[j].get(year, 0.0) + cost * pv.tariff
            return j
        if cat.when_full[p] == "contract_extra" or env.now >= deadline:
            return -1
        pv, desk = specs[first], places[first]
        money = pv.ceiling is None or committed[first].get(year, 0.0) + cost * pv.tariff <= pv.ceiling
        if desk is not None and money:  # queue for the first choice's next free place
            ev = desk.request()
            if ev is None:
                continue
            limit = env.timeout(deadline - env.now) if deadline < math.inf else None
            yield (ev | limit) if limit is not None else ev
            if not ev.triggered:  # the appeal came first: leave the queue
                desk.queue.remove(ev)
                return -1
            year = year_of(env.now)  # the place came free now: book it in this year, under its ceiling
            if pv.ceiling is not None and committed[first].get(year, 0.0) + cost * pv.tariff > pv.ceiling:
                desk.release()
                continue
            committed[first][year] = committed[first].get(year, 0.0) + cost * pv.tariff
            return first
        yield env.timeout(min(float(end_of_year(year)), deadline) - env.now)  # the ceilings reopen next year
