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

What a cluster's failures mean (docs/scale.md, "When a worker or the scheduler dies"). A worker
that dies (killed, out of memory, its machine switched off) is Dask's to handle: the scheduler
gives its tasks to another worker, up to `distributed.scheduler.allowed-failures` times (3 by
default), and the client never hears of it; the task is computed again from its arguments alone,
so its result is the one the dead worker would have sent. Only a task whose every worker died
reaches the caller, as a failure of that task (KilledWorker, said in words). Everything else that
goes wrong between here and the cluster (the scheduler died, the connection broke, a result was
cancelled) is not the task's fault and would be wrong to report task by task: it stops the run
with `ClusterLost` (exit status 1, one line), and what came back before is the caller's to keep.
A task that reaches a worker of another Ontschot version (one that joined after the command
started) is refused there, before it computes, and stops the run with a SchedulerError.

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

import logging
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any, Callable, Iterable, Iterator

from .._version import __version__
from ..errors import Said, UsageError

CONNECT_TIMEOUT = 10.0  # seconds to wait for a Dask scheduler before saying it cannot be reached
CLOSE_TIMEOUT = 5.0  # seconds to let go of a cluster; a client whose scheduler died would wait its reconnect timeout
Task = tuple[tuple, tuple]  # (key, args)


class SchedulerError(UsageError):
    """The Dask scheduler cannot be reached, Dask is not installed, or a worker runs another version. Exit status 2."""


class ClusterLost(UsageError):
    """The Dask scheduler went away (or lost results) in the middle of a run. Exit status 1: the input was valid."""

    status = 1


class OtherVersion(Exception):
    """Raised on a cluster's worker whose Ontschot is not the version the command runs (picklable: it travels back)."""

    def __init__(self, worker: str, version: str):
        super().__init__(worker, version)
        self.worker, self.version = worker, version

    def __str__(self) -> str:
        return f"the worker at {self.worker} runs Ontschot {self.version}"


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
        self._levels = _quiet()  # a lost scheduler is said in one line below, not in Dask's tracebacks
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
            raise _other_version(worker, version, more)

    @property
    def slots(self) -> int:
        return sum(self._client.nthreads().values())

    @property
    def local(self) -> bool:
        return False

    def close(self) -> None:
        try:
            self._client.close(timeout=CLOSE_TIMEOUT)
        except Exception:  # a client whose scheduler died may fail to close cleanly: there is nothing left to keep
            pass
        _restore(self._levels)

    def run(self, fn: Callable, tasks: Iterable[Task]) -> Iterator[Outcome]:
        from dask.distributed import as_completed

        batch = uuid.uuid4().hex[:12]
        keys, futures = {}, []
        for k, (key, args) in enumerate(tasks):
            # Every task its own key: the same arguments twice are two tasks, never one cached result.
            # Each is checked on its worker against this machine's version before it computes (_checked).
            f = self._client.submit(_checked, fn, __version__, *args, key=f"ontschot-{batch}-{k}", pure=False)
            keys[f.key] = key
            futures.append(f)
        if not futures:
            return
        waiting = set(futures)
        try:
            for f in as_completed(futures, loop=self._client.loop):
                waiting.discard(f)
                outcome = self._outcome(f, keys[f.key], len(futures) - len(waiting) - 1, len(futures))
                f.release()  # the cluster may forget it: the caller holds the value now
                yield outcome
        finally:
            if waiting and self._client.status == "running":
                try:
                    self._client.cancel(list(waiting))
                except Exception:  # the scheduler went away meanwhile: nothing is left to cancel
                    pass

    def _outcome(self, f, key: tuple, done: int, total: int) -> Outcome:
        """The Outcome of a finished future; ClusterLost or SchedulerError when it is not the task's own.

        Only a future in state "error" was decided by the scheduler to have failed: the task raised,
        or every worker it was given to died (KilledWorker). Any other exception (cancelled because
        the client lost the scheduler, a broken connection while fetching the result) is the
        cluster's, and the same task would not fail on a live one.
        """
        from dask.distributed import KilledWorker

        try:
            return Outcome(key, f.result())
        except Exception as exc:
            if f.status != "error":
                raise ClusterLost(Said(
                    "lost the Dask scheduler at {address} after {done} of {total} tasks came back ({why}); start it and "
                    "its workers again and rerun the same command: compare, sweep, explore and municipalities keep "
                    "what came back and compute only what is missing",
                    "de Dask-scheduler op {address} is weggevallen na {done} van {total} taken ({why}); start hem en zijn "
                    "workers opnieuw en draai hetzelfde commando nog eens: compare, sweep, explore en municipalities "
                    "bewaren wat terugkwam en berekenen alleen wat ontbreekt").format(
                    address=self.address, done=done, total=total, why=_cause(exc))) from None
            if isinstance(exc, OtherVersion):
                raise _other_version(exc.worker, exc.version, "") from None
            if isinstance(exc, KilledWorker):
                last = getattr(exc.last_worker, "address", exc.last_worker)
                return Outcome(key, error=Said(
                    "KilledWorker: every worker it was given to died while running it ({n}, the last at {last}; "
                    "distributed.scheduler.allowed-failures is {allowed}); see those workers' logs (out of memory?)",
                    "KilledWorker: elke worker die hem kreeg ging dood tijdens het draaien ({n}, de laatste op {last}; "
                    "distributed.scheduler.allowed-failures is {allowed}); zie de logs van die workers (geheugen op?)"
                ).format(n=exc.allowed_failures + 1, last=last, allowed=exc.allowed_failures))
            return Outcome(key, error=failure(exc))


def _cause(exc: BaseException) -> str:
    """Why the cluster was lost, in a few words: a cancelled future's reason, else the exception's line."""
    reason = getattr(exc, "reason", None)
    return f"{type(exc).__name__}: {reason}" if isinstance(reason, str) else failure(exc)


def _other_version(worker: str, version: str, more: "Said | str") -> SchedulerError:
    return SchedulerError(Said("the Dask worker at {worker} runs Ontschot {version} and this machine {ours}{more}; "
                               "install the same version on every machine, so every replication is computed alike",
                               "de Dask-worker op {worker} draait Ontschot {version} en deze machine {ours}{more}; "
                               "installeer dezelfde versie op elke machine, zodat elke herhaling gelijk berekend "
                               "wordt").format(worker=worker, version=version, ours=__version__, more=more))


def _quiet() -> dict[str, int]:
    """Silence Dask's own log lines (a lost scheduler logs tracebacks) while a client is open; the old levels."""
    names = ["distributed"] + [n for n in logging.root.manager.loggerDict if n.startswith("distributed.")]
    levels = {n: logging.getLogger(n).level for n in names}
    for n in names:
        logging.getLogger(n).setLevel(logging.CRITICAL + 1)
    return levels


def _restore(levels: dict[str, int]) -> None:
    for n, level in levels.items():
        logging.getLogger(n).setLevel(level)


def _checked(fn: Callable, version: str, *args: Any) -> Any:
    """A task as a cluster's worker runs it: only when this worker's Ontschot is the command's version.

    The versions are compared when the command connects, but a worker may join later; it would
    compute other numbers, so it refuses before computing and the command stops (SchedulerError).
    """
    from .._version import __version__ as theirs

    if theirs != version:
        try:
            from dask.distributed import get_worker

            where = get_worker().address
        except (ImportError, ValueError):
            where = "?"
        raise OtherVersion(where, theirs)
    return fn(*args)


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
