"""Where results live on disk: written whole or not at all, each with its provenance.

Everything is written into a temporary file or folder beside the target and moved into place
with one rename at the end, so an interrupted run leaves no half-written output: the old
result, or the new one, never a mixture. The replication store, the report's result folders,
the brief and the library's Markdown file all write this way, through `atomic_dir` and
`atomic_file`, which share one temporary-then-replace step.

Every result also carries one kind of manifest, made by `manifest`: which scenario (its name,
file and content hash), which seed, the package version and when, plus what the writer adds
(the replications, why that many, a sweep's parameters). A rerun trusts a stored result only
when its manifest matches, so all writers must record the same fields the same way.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

from .._version import __version__

if TYPE_CHECKING:
    from ..policy.scenario import Scenario

MANIFEST = "manifest.json"


def _beside(target: Path, folder: bool) -> Path:
    """A new temporary file or folder in `target`'s own folder.

    Beside the target, not in /tmp: a rename is only atomic within one file system. The name
    starts with a dot and ends in .tmp, so a reader listing the folder can tell it is unfinished.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix, where = f".{target.name}.", target.parent
    if folder:
        return Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=where))
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=where)
    os.close(fd)
    return Path(name)


def _discard(path: Path) -> None:
    """Remove a temporary file or folder that will not be used."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _put(tmp: Path, target: Path) -> None:
    """Move a finished temporary file or folder into place.

    A file replaces its target in one rename. A folder cannot replace a non-empty folder that
    way, so the old one is first renamed aside and removed once the new one stands.
    """
    if tmp.is_dir() and target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, target)


@contextmanager
def atomic_file(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write one file to; it replaces `target` only if the block finishes.

    A file that is replaced keeps its permissions (a docs file stays readable as it was).
    """
    target = Path(target)
    tmp = _beside(target, folder=False)
    try:
        yield tmp
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        _put(tmp, target)
    except BaseException:
        _discard(tmp)
        raise


@contextmanager
def atomic_dir(target: str | Path, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield a temporary folder that replaces `target` only if the block finishes.

    Sub-folders of `target` named in `keep` (a comparison's store of finished replications) are
    carried into the new folder at the moment of the swap, so they survive it.
    """
    target = Path(target)
    tmp = _beside(target, folder=True)
    try:
        yield tmp
        for name in keep:
            if (target / name).is_dir() and not (tmp / name).exists():
                os.replace(target / name, tmp / name)
        _put(tmp, target)
    except BaseException:
        for name in keep:  # put a carried store back where it was
            if (tmp / name).is_dir() and not (target / name).exists():
                target.mkdir(parents=True, exist_ok=True)
                os.replace(tmp / name, target / name)
        _discard(tmp)
        raise


def now() -> str:
    """The time a result is made, in UTC to the second: what every manifest's `created` holds."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def manifest(scenario: "Scenario | Sequence[tuple[str, Scenario]]", seed: int, *, created: str | None = None,
             folder: str | Path | None = None, **extra: Any) -> dict:
    """The provenance of a result, written to `folder`/manifest.json (atomically) when given.

    One scenario is recorded as `scenario`, `scenario_file` and `scenario_hash`; several (a
    comparison's arms, as (label, scenario) pairs) as a list `scenarios` of label, name, file
    and hash. Then the seed, what the caller adds in `extra` (replications, why that many, ...),
    the package version and the time. The content hash, seed and version decide whether a
    stored replication may be reused, so they are always there.
    """
    if isinstance(scenario, Sequence):
        head: dict[str, Any] = {"scenarios": [
            {"label": lab, "name": s.name, "scenario_file": s.path, "scenario_hash": s.content_hash}
            for lab, s in scenario]}
    else:
        head = {"scenario": scenario.name, "scenario_file": scenario.path, "scenario_hash": scenario.content_hash}
    record = {**head, "seed": seed, **extra, "version": __version__, "created": created or now()}
    if folder is not None:
        with atomic_file(Path(folder) / MANIFEST) as tmp:
            tmp.write_text(json.dumps(record, indent=2, default=str))
    return record


def replaceable(target: str | Path, keep: tuple[str, ...] = ()) -> bool:
    """True if writing results to `target` destroys nothing but an earlier result: the folder is
    absent, holds an Ontschot manifest, or holds nothing but the sub-folders in `keep`."""
    target = Path(target)
    if not target.exists():
        return True
    return target.is_dir() and ((target / MANIFEST).is_file()
                                or all(p.name in keep for p in target.iterdir()))
