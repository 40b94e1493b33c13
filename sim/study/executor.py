"""One way to run many independent tasks: here, in local worker processes, or on a Dask cluster.

A comparison, a sweep, a run of every municipality and an exploration of many worlds all come
down to the same thing: a list of tasks, each a module-level function with its arguments and a
key that says what it is (("scenario", "capped", "replication", 3)), whose results come back as
they finish. `executor(workers, scheduler)` gives the one object that runs them, whichever way:

    with executor(workers=2) as ex:                # or executor(scheduler="tcp://10.0.0.5:8786")
        for outcome in ex.run(simulate_one, [(key, args), ...]):
            outcome.key, outcome.value, outcome.error

- `workers=1` (the default): in this process, one after the other. Nothing is sent anywhere.
- `workers=N`: N fresh interpreters on this machine ('spawn', safe whatever threads the parent
  has), started when the first task needs them.
- `scheduler="tcp://HOST:PORT"`: the workers of a Dask cluster (`dask.distributed`, an optional
  dependency: `pip install 'ontschot[dask]'`), on as many machines as joined it. Dask is
  imported only then, and a scheduler that cannot be reached within `CONNECT_TIMEOUT` seconds
  is a UsageError before anything runs.

A task that raises does not stop the others: its Outcome carries one line saying what went wrong
(`ValueError: ...`) and the caller, who knows what the key means, says which task failed.

Why the results do not depend on the executor. A task's numbers may depend only on its
arguments, never on where, when or after what it ran. Ontschot's tasks are replications, and a
replication draws every random number from `numpy.random.SeedSequence(seed, spawn_key=
(replication, purpose))` (sim.model.population): a stream of its own for each purpose, derived
from the seed and the replication alone, the same for every scenario (common random numbers), with
no global generator, no clock and no process id in it. The scenario travels as JSON text that is
checked, in the parent, to bring back exactly the same scenario (sim.study.replicate._portable).
And the caller files each Outcome under its key, never by the order it came back. So a table is
bit-identical whether it was made here, in two processes or on twenty machines, and in whatever
order the tasks finished; tests/study/test_executor.py checks all three ways and a reversed order.
"""

from __future__ import annotations

import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Callable, Iterable, Iterator

from .._version import __version__
from ..errors import Said, UsageError

CONNECT_TIMEOUT = 10.0  # seconds to wait for a Dask scheduler before saying it cannot be reached
Task = tuple[tuple, tuple]  # (key, args)


class SchedulerError(UsageError):
    """The Dask scheduler cannot be reached, or Dask is not installed. Exit status 2."""


@dataclass(frozen=True)
class Outcome:
    """One finished task: its key, and its return value or one line saying why it raised."""

    key: tuple
    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def failure(exc: BaseException) -> str:
    """An exception as one line: its type and its message, white space folded."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Executor:
    """Runs tasks and yields their Outcomes as they finish. Use as a context manager."""

    def __enter__(self) -> "Executor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Let go of the workers (a no-op for the sequential executor)."""

    @property
    def slots(self) -> int:
        """How many tasks run at once."""
        return 1

    @property
    def local(self) -> bool:
        """True when tasks run on this machine and may write to its disk; a cluster's may not."""
        return True

    def run(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[Outcome]:
        """Yields one Outcome per (key, args) as tasks finish, in any order; a task that raises
        yields an Outcome with error and the others go on. fn must be a module-level function."""
        for key, args in tasks:
            try:
                value = fn(*args)
            except Exception as exc:  # a task's fault is reported by its key; Ctrl-C still stops the run
                yield Outcome(key, error=failure(exc))
            else:
                yield Outcome(key, value)


class _Processes(Executor):
    """`workers` fresh interpreters on this machine, started when the first task comes."""

    def __init__(self, workers: int):
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    @property
    def slots(self) -> int:
        return self.workers

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def run(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[Outcome]:
        tasks = list(tasks)
        if not tasks:
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(self.workers, mp_context=get_context("spawn"))
        pending = {self._pool.submit(fn, *args): key for key, args in tasks}
        broken = False
        try:
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for f in finished:
                    key = pending.pop(f)
                    exc = f.exception()
                    broken = broken or isinstance(exc, BrokenProcessPool)
                    yield Outcome(key, error=failure(exc)) if exc is not None else Outcome(key, f.result())
        finally:
            for f in pending:
                f.cancel()
            if broken:  # a worker died (killed, out of memory): the next call starts a fresh pool
                self.close()


class _Dask(Executor):
    """The workers of a Dask cluster, through a `dask.distributed.Client` connected to its scheduler."""

    def __init__(self, address: str, timeout: float):
        try:
            from dask.distributed import Client
        except ImportError:
            raise SchedulerError(Said("running on the Dask scheduler at {address} needs dask.distributed, which is not "
                                      "installed; install it with pip install 'ontschot[dask]'",
                                      "draaien op de Dask-scheduler op {address} vraagt dask.distributed, dat niet "
                                      "geïnstalleerd is; installeer het met pip install 'ontschot[dask]'"
                                      ).format(address=address)) from None
        self.address = address
        try:
            self._client = Client(address, timeout=timeout, set_as_default=False)
        except Exception as exc:  # OSError, TimeoutError, ValueError for an address Dask cannot parse
            raise SchedulerError(Said("cannot reach the Dask scheduler at {address}: {why}; start one with "
                                      "`dask scheduler` or check the address",
                                      "kan de Dask-scheduler op {address} niet bereiken: {why}; start er een met "
                                      "`dask scheduler` of controleer het adres").format(address=address, why=failure(exc))
                                 ) from None
        self._same_version()

    def _same_version(self) -> None:
        """Every worker that has joined must run this very version of Ontschot, or it could compute
        other numbers than this machine would; one without Ontschot could run nothing at all."""
        try:
            versions = self._client.run(_worker_version)
        except Exception as exc:  # typically ModuleNotFoundError: no module named 'sim'
            self.close()
            raise SchedulerError(Said("a worker of the Dask scheduler at {address} cannot run Ontschot ({why}); install "
                                      "the same version on every machine with pip install '.[dask]' (docs/scale.md)",
                                      "een worker van de Dask-scheduler op {address} kan Ontschot niet draaien ({why}); "
                                      "installeer dezelfde versie op elke machine met pip install '.[dask]' "
                                      "(docs/scale.md)").format(address=self.address, why=failure(exc))) from None
        other = sorted((w, v) for w, v in versions.items() if v != __version__)
        if other:
            self.close()
            worker, version = other[0]
            more = Said(" (and {n} more workers differ)", " (en nog {n} workers verschillen)").format(
                n=len(other) - 1) if len(other) > 1 else ""
            raise SchedulerError(Said("the Dask worker at {worker} runs Ontschot {version} and this machine {ours}{more}; "
                                      "install the same version on every machine, so every replication is computed alike",
                                      "de Dask-worker op {worker} draait Ontschot {version} en deze machine {ours}{more}; "
                                      "installeer dezelfde versie op elke machine, zodat elke herhaling gelijk berekend "
                                      "wordt").format(worker=worker, version=version, ours=__version__, more=more))

    @property
    def slots(self) -> int:
        return sum(self._client.nthreads().values())

    @property
    def local(self) -> bool:
        return False

    def close(self) -> None:
        self._client.close()

    def run(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from dask.distributed import as_completed

        batch = uuid.uuid4().hex[:12]
        keys, futures = {}, []
        for k, (key, args) in enumerate(tasks):
            # Every task its own key: the same arguments twice are two tasks, never one cached result.
            f = self._client.submit(fn, *args, key=f"ontschot-{batch}-{k}", pure=False)
            keys[f.key] = key
            futures.append(f)
        if not futures:
            return
        waiting = set(futures)
        try:
            for f in as_completed(futures, loop=self._client.loop):
                waiting.discard(f)
                try:
                    outcome = Outcome(keys[f.key], f.result())
                except Exception as exc:  # raised in the task, or the task was lost with its worker
                    outcome = Outcome(keys[f.key], error=failure(exc))
                f.release()  # the cluster may forget it: the caller holds the value now
                yield outcome
        finally:
            if waiting:
                self._client.cancel(list(waiting))


def _worker_version() -> str:
    """What a cluster's worker answers when asked its Ontschot version (module-level: the worker imports it)."""
    from .._version import __version__ as theirs

    return theirs


def executor(workers: int = 1, scheduler: str | None = None) -> Executor:
    """The executor for `workers` local processes, or for the Dask cluster at `scheduler`.

    Both at once is refused: a cluster's size is set where its workers start
    (`dask worker --nworkers`), not here.
    """
    if workers < 1:
        raise UsageError(Said("workers must be at least 1, got {n}", "workers moet minstens 1 zijn, niet {n}").format(n=workers))
    if scheduler is not None:
        if workers > 1:
            raise UsageError(Said("give either a number of local worker processes or a Dask scheduler, not both",
                                  "geef een aantal lokale werkprocessen of een Dask-scheduler, niet allebei"))
        return _Dask(scheduler, CONNECT_TIMEOUT)
    return _Processes(workers) if workers > 1 else Executor()
