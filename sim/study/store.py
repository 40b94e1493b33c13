"""Where results live on disk: written whole or not at all, each with its provenance, and never
over anything Ontschot did not write itself.

Everything is written into a temporary file or folder beside the target and moved into place
with one rename at the end, so an interrupted run leaves no half-written output: the old
result, or the new one, never a mixture. The replication store, the report's result folders,
the brief and the library's Markdown file all write this way, through `atomic_dir` and
`atomic_file`.

Every result also carries one kind of manifest, made by `manifest`: which scenario (its name,
file and content hash), which seed, the package version and when, plus what the writer adds
(the replications, why that many, a sweep's parameters). Written into a folder, it also lists
every file the result holds with its size and SHA-256, and says that Ontschot wrote it (`tool`,
`format`). That list is what makes a folder *ours*, and only what Ontschot can verify counts:
`atomic_dir` replaces a folder only when every file in it is listed by an Ontschot manifest
with the size and SHA-256 it still has (or lies in a finished result or a temporary folder of
ours inside it). A user's folder that holds a `manifest.json`, even one that claims to be ours
and lists the user's files, a user's file dropped into a result, and a result file a user has
edited are never deleted: the write is refused, naming them, before anything runs. A symbolic
link is never ours either: nothing is written or deleted through one (`inside`, `unverified`).
The same checksums let the replication store tell a damaged replication from a whole one; they
detect accidental damage, not a forgery that edits a file and its manifest entry alike.

A killed process cannot clean up after itself, so each temporary folder holds a small marker
saying which process on which machine writes it; the next write beside it removes those whose
process is gone (and nothing unmarked). Two processes finishing the same folder at once take
turns: the swap holds an exclusive lock on the folder that holds the target.
"""

from __future__ import annotations

import datetime as _dt
import errno
import hashlib
import json
import os
import shutil
import socket
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Sequence

from .._version import __version__
from ..errors import Said, UsageError, count

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows, where swaps are not serialised
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from ..policy.scenario import Scenario

MANIFEST = "manifest.json"
TOOL, FORMAT = "ontschot", 1  # the mark only Ontschot's manifest writer puts in a manifest
MARKER = ".ontschot-writing"  # inside a temporary folder: the process that writes it
ASIDE = "old"  # inside a temporary folder: the result it is replacing, during the swap
# The fields a stored replication's manifest held before manifests carried their mark and
# checksums: such a folder is still recognised as a replication, so that it can be recomputed.
_LEGACY_REPLICATION = {"scenario", "scenario_file", "scenario_hash", "seed", "replication", "version", "created"}
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_PLACE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG, errno.ELOOP,
          errno.EEXIST, errno.ENOENT, errno.EXDEV, errno.ENOTEMPTY}
_ELSEWHERE = Said("choose another folder with --out OTHER", "kies een andere map met --out ANDERE")


class OutputError(UsageError):
    """A result cannot be written where it was asked to go. `status` is the command's exit status:
    2 for a place that cannot be written or must not be replaced, 1 for a disk that filled up."""

    def __init__(self, message: Said | str, status: int = 2):
        super().__init__(message)
        self.status = status

    @classmethod
    def from_os(cls, target: Path, exc: OSError) -> "OutputError":
        """One line for an operating-system error met while writing `target`."""
        code = exc.errno if exc.errno else _errno_in(str(exc))
        why = exc.strerror or (os.strerror(code) if code else " ".join(str(exc).split()) or type(exc).__name__)
        where = f" ('{exc.filename}')" if getattr(exc, "filename", None) else ""
        values = dict(target=target, why=why, where=where, elsewhere=_ELSEWHERE)
        if code in _FULL:
            return cls(Said("could not finish writing '{target}': {why}{where}; nothing there was changed; "
                            "free some space (or {elsewhere}) and run again",
                            "kon '{target}' niet afmaken: {why}{where}; daar is niets veranderd; maak ruimte vrij (of "
                            "{elsewhere}) en draai opnieuw").format(**values), status=1)
        if code in _PLACE:
            return cls(CANNOT_WRITE.format(**values))
        return cls(Said("could not write '{target}': {why}{where}; nothing there was changed",
                        "kon '{target}' niet schrijven: {why}{where}; daar is niets veranderd").format(**values), status=1)


CANNOT_WRITE = Said("cannot write results to '{target}': {why}{where}; {elsewhere}",
                    "kan geen resultaten schrijven naar '{target}': {why}{where}; {elsewhere}")
REPLACED = Said("results replace the whole folder", "resultaten vervangen de hele map")


def _errno_in(text: str) -> int | None:
    """The error code whose words a message holds (Arrow's errors carry the words, not the code)."""
    return next((code for code in (*_FULL, *_PLACE) if os.strerror(code) in text), None)


class ForeignFolder(OutputError):
    """Writing would replace a folder that holds something Ontschot did not write."""


# ---------------------------------------------------------------- what is ours

def _read_manifest(folder: Path) -> dict | None:
    """The record in `folder`/manifest.json, or None when there is none, it is a link or it does not parse."""
    path = folder / MANIFEST
    if path.is_symlink():
        return None
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _files(record: dict | None) -> dict | None:
    """What an Ontschot manifest says it wrote ({path: {bytes, sha256}}), or None if `record` is not one."""
    if record is None or record.get("tool") != TOOL or not isinstance(record.get("files"), dict):
        return None
    return record["files"]


def _listed(folder: Path) -> set[str] | None:
    """The files an Ontschot manifest in `folder` says it wrote, or None if there is no such manifest."""
    files = _files(_read_manifest(folder))
    return None if files is None else set(files)


def _legacy(record: dict | None) -> bool:
    """A stored replication's manifest from before manifests were marked: exactly the old fields."""
    return record is not None and set(record) == _LEGACY_REPLICATION


def _marker(folder: Path) -> dict | None:
    """The marker of a temporary folder of ours, or None if `folder` is not one."""
    if not (folder.name.startswith(".") and folder.name.endswith(".tmp")) or folder.is_symlink():
        return None
    try:
        mark = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return mark if isinstance(mark, dict) and mark.get("tool") == TOOL else None


def mismatch(path: Path, want: object) -> str | None:
    """Why `path` is not the file a manifest's entry `want` records, or None when it is: a plain
    file (never a link, which is not followed) of the recorded size and SHA-256."""
    if not isinstance(want, dict):
        return Said("listed by a damaged entry of its manifest", "genoemd door een beschadigde regel van het manifest")
    try:
        st = os.lstat(path)
    except OSError:
        return Said("missing", "afwezig")
    if stat.S_ISLNK(st.st_mode):
        return Said("a symbolic link", "een symbolische link")
    if not stat.S_ISREG(st.st_mode):
        return Said("not a plain file", "geen gewoon bestand")
    if st.st_size != want.get("bytes"):
        return Said("damaged ({size} bytes where {want} were written)", "beschadigd ({size} bytes waar er {want} "
                    "geschreven zijn)").format(size=count(st.st_size), want=want.get("bytes"))
    try:
        same = digest(path) == want.get("sha256")
    except OSError:
        return Said("unreadable", "onleesbaar")
    return None if same else Said("damaged (its SHA-256 is not the one written)",
                                  "beschadigd (de SHA-256 is niet die welke geschreven is)")


UNLISTED = Said("no Ontschot manifest lists it", "geen manifest van Ontschot noemt het")
CHANGED = Said("changed since Ontschot wrote it: its size or SHA-256 is not the one its manifest records",
               "veranderd sinds Ontschot het schreef: de grootte of SHA-256 is niet wat het manifest noemt")
LINK = Said("a symbolic link, which Ontschot never makes and never writes through",
            "een symbolische link, die Ontschot nooit maakt en waar het nooit doorheen schrijft")
_ENOUGH = 6  # unverifiable files gathered before the search stops: a message names a few, not a home folder's all


def unverified(target: str | Path, keep: tuple[str, ...] = (), remake: Iterable[str] = ()) -> list[tuple[Path, Said]]:
    """What under `target` Ontschot cannot verify as its own, each with why (the first few only);
    empty when replacing `target` destroys nothing but earlier results.

    A file is Ontschot's only if an Ontschot manifest (one carrying its mark) in its folder or
    above lists it with the size and SHA-256 it still has; a folder without such a manifest (a
    store, `results/`) may hold only finished results and temporary folders of ours. Symbolic
    links are never ours. Sub-folders of `target` named in `keep` are carried over, not
    replaced, so only their links count. `remake` names files of a stored replication that may
    be replaced although they fail their check (a damaged replication computed again, or one
    stored before manifests were marked); it applies to `target` itself, never to what it holds.
    """
    target = Path(target)
    if not os.path.lexists(target):
        return []
    if target.is_symlink():
        return [(target, LINK)]
    if not target.is_dir():
        return [(target, UNLISTED)]
    found: list[tuple[Path, Said]] = []
    _result(target, keep, frozenset(remake), found)
    return found


def _result(folder: Path, keep: tuple[str, ...], remake: frozenset[str], found: list) -> None:
    """Gather what of `folder` (and the results it holds) is not verifiably Ontschot's."""
    record = _read_manifest(folder)
    files = _files(record)
    legacy = files is None and _legacy(record) and bool(remake)
    _walk(folder, folder, files, legacy, keep, remake, found)


def _walk(here: Path, base: Path, files: dict | None, legacy: bool, keep: tuple[str, ...], remake: frozenset[str],
          found: list) -> None:
    try:
        entries = sorted(os.scandir(here), key=lambda e: e.name)
    except OSError:
        found.append((here, UNLISTED))
        return
    for entry in entries:
        if len(found) >= _ENOUGH:
            return
        path = Path(entry.path)
        if entry.is_symlink():
            found.append((path, LINK))
        elif entry.is_dir(follow_symlinks=False):
            if here == base and entry.name in keep:
                found.extend((p, LINK) for p in links(path)[:_ENOUGH])
            elif _marker(path) is None:
                inner = _read_manifest(path)
                if _files(inner) is not None or _legacy(inner):
                    _result(path, (), frozenset(), found)  # a result standing on its own, with its own manifest
                else:
                    _walk(path, base, files, legacy, (), remake, found)
        else:
            rel = path.relative_to(base).as_posix()
            if rel == MANIFEST and (files is not None or legacy):
                continue
            if files is not None and rel in files:
                if rel not in remake and mismatch(path, files[rel]) is not None:
                    found.append((path, CHANGED))
            elif not (legacy and rel in remake):
                found.append((path, UNLISTED))


def links(folder: Path) -> list[Path]:
    """Every symbolic link at or under `folder` (not followed), in name order."""
    if folder.is_symlink():
        return [folder]
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        out += sorted(here / n for n in (*dirnames, *filenames) if (here / n).is_symlink())
    return out


def foreign(target: str | Path, keep: tuple[str, ...] = (), remake: Iterable[str] = ()) -> Path | None:
    """The first path under `target` that Ontschot cannot verify as its own (see `unverified`),
    or None if replacing `target` destroys nothing but earlier results."""
    found = unverified(target, keep, remake)
    return found[0][0] if found else None


def inside(path: str | Path, root: str | Path) -> None:
    """Raise ForeignFolder unless `path` lies in `root` without a symbolic link on the way.

    `root` (a result's folder, a store) and every folder between it and `path` that exists must
    be a real folder, not a link, and the real path must stay under `root`'s real path: a link
    put in place of `replications/` would otherwise lead a write into a folder of the user's.
    What lies above `root` is the user's own choice of place and is not judged.
    """
    path, root = Path(path), Path(root)
    here = root
    for part in ("", *path.relative_to(root).parts):
        here = here / part if part else here
        if here.is_symlink():
            raise ForeignFolder(LINK_INSIDE.format(link=here, target=root, elsewhere=_ELSEWHERE))
    real = os.path.realpath(root)
    if os.path.commonpath([real, os.path.realpath(path)]) != real:  # pragma: no cover - a link made just now
        raise ForeignFolder(LINK_INSIDE.format(link=path, target=root, elsewhere=_ELSEWHERE))


LINK_INSIDE = Said("'{link}' is a symbolic link inside '{target}', which Ontschot did not make and does not write "
                   "or delete through; nothing was written; remove the link yourself, or {elsewhere}",
                   "'{link}' is een symbolische link in '{target}', die Ontschot niet maakte en waar het niet doorheen "
                   "schrijft of verwijdert; er is niets geschreven; verwijder de link zelf, of {elsewhere}")


def _not_here(target: Path) -> None:
    real, here = target.resolve(), Path.cwd().resolve()
    if real == here or real in here.parents:
        raise ForeignFolder(Said("'{target}' is the folder you are working in, or holds it, and {replaced}; {elsewhere}",
                                 "'{target}' is de map waarin je werkt, of bevat die, en {replaced}; {elsewhere}"
                                 ).format(target=target, replaced=REPLACED, elsewhere=_ELSEWHERE))


def refuse(target: Path, keep: tuple[str, ...] = (), remake: Iterable[str] = ()) -> None:
    """Raise unless `target` may be replaced: not the working folder or one holding it, not a
    symbolic link, holding no link, and nothing but files Ontschot can verify as its own."""
    _not_here(target)
    found = unverified(target, keep, remake)
    if not found:
        return
    stray, why = found[0]
    if stray == target and target.is_symlink():
        raise ForeignFolder(Said("'{target}' is a symbolic link, and results are not written through one (a result "
                                 "replaces its folder, which would replace the link, not the folder it points to); "
                                 "give the folder itself ('{real}'), or {elsewhere}",
                                 "'{target}' is een symbolische link, en resultaten worden daar niet doorheen geschreven "
                                 "(een resultaat vervangt zijn map, en dat zou de link vervangen, niet de map waar die "
                                 "naar wijst); geef de map zelf ('{real}'), of {elsewhere}"
                                 ).format(target=target, real=os.path.realpath(target), elsewhere=_ELSEWHERE))
    if stray == target:
        raise ForeignFolder(Said("cannot write results into '{target}': it is a file, not a folder; {elsewhere}",
                                 "kan geen resultaten schrijven in '{target}': het is een bestand, geen map; {elsewhere}"
                                 ).format(target=target, elsewhere=_ELSEWHERE))
    if why is LINK:
        raise ForeignFolder(LINK_INSIDE.format(link=stray, target=target, elsewhere=_ELSEWHERE))
    old = _read_manifest(stray.parent) if stray.name == MANIFEST else None
    if old is not None and {"scenario_hash", "version", "created"} <= set(old) and "tool" not in old:
        raise ForeignFolder(Said("'{folder}' looks like a result of Ontschot {version}, whose manifest does not list "
                                 "its files, so it cannot be told from a folder of yours; delete it yourself, or {elsewhere}",
                                 "'{folder}' lijkt een resultaat van Ontschot {version}, waarvan het manifest de "
                                 "bestanden niet noemt, dus het is niet te onderscheiden van een map van jezelf; verwijder "
                                 "het zelf, of {elsewhere}").format(folder=stray.parent, version=old["version"],
                                                                    elsewhere=_ELSEWHERE))
    if all(w is UNLISTED for _, w in found):
        raise ForeignFolder(Said("'{target}' is not an Ontschot result: it holds {strays}, which Ontschot did not "
                                 "write (no Ontschot manifest lists it), and {replaced}; nothing was written or deleted; "
                                 "{elsewhere}",
                                 "'{target}' is geen resultaat van Ontschot: het bevat {strays}, dat Ontschot niet "
                                 "schreef (geen manifest van Ontschot noemt het), en {replaced}; er is niets geschreven "
                                 "of verwijderd; {elsewhere}"
                                 ).format(target=target, strays=_named(found), replaced=REPLACED, elsewhere=_ELSEWHERE))
    raise ForeignFolder(Said("'{target}' cannot be replaced: Ontschot cannot verify {strays} as the files it wrote, and "
                             "{replaced}; nothing was written or deleted; move or delete them yourself, or {elsewhere}",
                             "'{target}' kan niet vervangen worden: Ontschot kan {strays} niet herkennen als de "
                             "bestanden die het schreef, en {replaced}; er is niets geschreven of verwijderd; verplaats "
                             "of verwijder ze zelf, of {elsewhere}"
                             ).format(target=target, strays=_named(found, why=True), replaced=REPLACED,
                                      elsewhere=_ELSEWHERE))


def _named(found: list[tuple[Path, Said]], why: bool = False) -> Said:
    """The first few unverifiable files by name (with why, when asked), and how many more there may be."""
    shown = found[:_ENOUGH - 1]
    parts = [f"'{p}' (" + w + ")" if why else f"'{p}'" for p, w in shown]  # a str and a Said make a Said
    text = Said(", ", ", ").join(parts)
    if len(found) > len(shown):
        text = text + Said(" and more", " en meer")
    return text


A_FILE = Said("cannot write results into '{target}': '{file}' is a file, not a folder; {elsewhere}",
              "kan geen resultaten schrijven in '{target}': '{file}' is een bestand, geen map; {elsewhere}")


def writable(target: str | Path, keep: tuple[str, ...] = (), protect: Iterable[str | Path] = ()) -> Path:
    """Check, before anything runs, that a result can be written to `target`; raise OutputError if not.

    It must not hold the working folder or any of the files in `protect` (the scenario files
    being run), must hold nothing Ontschot did not write, and the folder it goes in must take a
    new folder and file: a probe is made beside it and removed, so a read-only place or a full
    disk is found before the simulation runs rather than after.
    """
    target = Path(target)
    clash = next((p for p in target.parents if os.path.lexists(p) and not p.is_dir()), None)
    if clash is not None:
        raise OutputError(A_FILE.format(target=target, file=clash, elsewhere=_ELSEWHERE))
    _not_here(target)
    real = target.resolve()
    for path in protect:
        if real in Path(path).resolve().parents:
            raise ForeignFolder(Said("'{target}' holds the scenario file '{path}' being run, and {replaced}; {elsewhere}",
                                     "'{target}' bevat het scenariobestand '{path}' dat draait, en {replaced}; {elsewhere}"
                                     ).format(target=target, path=path, replaced=REPLACED, elsewhere=_ELSEWHERE))
    refuse(target, keep)
    base = next(p for p in (target.parent, *target.parent.parents) if p.exists())
    try:
        probe = Path(tempfile.mkdtemp(prefix=".ontschot-probe.", suffix=".tmp", dir=base))
        try:
            _mark(probe, "")  # so that a kill right now leaves nothing the next write does not sweep
            (probe / "probe").write_bytes(b"\0" * 4096)
        finally:
            shutil.rmtree(probe, ignore_errors=True)
    except OSError as exc:  # nothing has run yet, so even a full disk is a place to choose again
        code = exc.errno if exc.errno else _errno_in(str(exc))
        why = exc.strerror or (os.strerror(code) if code else str(exc))
        raise OutputError(Said("cannot write results to '{target}': a test folder and file could not be made in "
                               "'{base}' ({why}); {elsewhere}",
                               "kan geen resultaten schrijven naar '{target}': een testmap en -bestand konden niet "
                               "gemaakt worden in '{base}' ({why}); {elsewhere}").format(
            target=target, base=base, why=why, elsewhere=_ELSEWHERE)) from None
    return target


# ---------------------------------------------------------------- temporary folders and the swap

def _umask() -> int:
    """The process's umask (read without changing it where /proc tells it)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _started(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, from /proc), to tell it from a later
    process that got the same number; None where /proc does not say."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _boot() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _mark(folder: Path, target: str) -> None:
    mark = {"tool": TOOL, "pid": os.getpid(), "host": socket.gethostname(), "boot": _boot(),
            "started": _started(os.getpid()), "target": target}
    (folder / MARKER).write_text(json.dumps(mark), encoding="utf-8")


def _gone(mark: dict) -> bool:
    """True when the process that marked a temporary folder has certainly ended."""
    pid = mark.get("pid")
    if mark.get("host") != socket.gethostname() or not isinstance(pid, int):
        return False  # another machine's, or unreadable: never ours to judge
    if mark.get("boot") is not None and _boot() is not None and mark["boot"] != _boot():
        return True  # the machine has restarted since
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return mark.get("started") is not None and _started(pid) != mark["started"]


def _sweep(parent: Path) -> None:
    """Remove temporary folders of ours beside a target whose process is gone. One that holds a
    result set aside during a swap whose new result never arrived puts it back instead."""
    try:
        entries = list(parent.iterdir())
    except OSError:
        return
    for folder in entries:
        mark = _marker(folder)
        if mark is None or not _gone(mark):
            continue
        target = parent / str(mark.get("target", ""))
        if (folder / ASIDE).is_dir() and mark.get("target") and not os.path.lexists(target):
            try:
                os.rename(folder / ASIDE, target)
            except OSError:
                continue
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the folder itself: no lock file is left behind)."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:  # a file system without locks: go on, as before there were any
                pass
        yield
    finally:
        os.close(fd)  # releases the lock


def _beside(target: Path, folder: bool) -> Path:
    """A new temporary file or folder in `target`'s own folder, with the mode the umask gives.

    Beside the target, not in /tmp: a rename is only atomic within one file system. The name
    starts with a dot and ends in .tmp, so a reader listing the folder can tell it is unfinished;
    a folder holds a marker naming this process, so a later run can remove it if it is killed.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    prefix, where = f".{target.name}.", target.parent
    if folder:
        path = Path(tempfile.mkdtemp(prefix=prefix, suffix=".tmp", dir=where))
        _mark(path, target.name)
        os.chmod(path, 0o777 & ~_umask())
        return path
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=where)
    os.close(fd)
    os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def _discard(path: Path) -> None:
    """Remove a temporary file or folder that will not be used."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _swap(tmp: Path, target: Path) -> None:
    """Move a finished temporary folder into place; the caller holds the lock.

    A folder cannot replace a non-empty folder in one rename, so the old one is first moved into
    a fresh marked temporary folder (never a fixed name that might be someone's) and removed once
    the new one stands. If the second rename fails, the old result is put back.
    """
    aside = None
    try:
        if os.path.lexists(target):
            aside = _beside(target, folder=True)
            os.rename(target, aside / ASIDE)
        os.rename(tmp, target)
    except BaseException:
        if aside is not None and (aside / ASIDE).exists() and not os.path.lexists(target):
            os.rename(aside / ASIDE, target)
        if aside is not None and not (aside / ASIDE).exists():
            shutil.rmtree(aside, ignore_errors=True)
        raise
    (target / MARKER).unlink(missing_ok=True)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def atomic_file(target: str | Path, *, within: str | Path | None = None) -> Iterator[Path]:
    """Yield a temporary path to write one file to; it replaces `target` only if the block finishes.

    A file that is replaced keeps its permissions (a docs file stays readable as it was); a new
    one gets those the umask asks for. With `within`, no folder from it down to `target` may be
    a symbolic link (see `inside`). The rename replaces a link at `target` itself, never what it
    points to.
    """
    target = Path(target)
    if within is not None:
        inside(target, within)
    try:
        tmp = _beside(target, folder=False)
    except OSError as exc:
        raise OutputError.from_os(target, exc) from None
    try:
        yield tmp
        if target.exists() and not target.is_symlink():
            os.chmod(tmp, target.stat().st_mode & 0o777)
        if within is not None:
            inside(target, within)
        os.replace(tmp, target)
    except BaseException as exc:
        _discard(tmp)
        if isinstance(exc, OSError):
            raise OutputError.from_os(target, exc) from exc
        raise


@contextmanager
def atomic_dir(target: str | Path, keep: tuple[str, ...] = (), *, within: str | Path | None = None,
               remake: Iterable[str] = ()) -> Iterator[Path]:
    """Yield a temporary folder that replaces `target` only if the block finishes.

    The block must end by writing the folder's manifest (`manifest(..., folder=tmp)`), which
    lists what it wrote: a folder Ontschot could not recognise later could never be replaced.
    `target` is replaced only if it holds nothing but earlier results (else ForeignFolder, before
    the block runs and again at the swap). Sub-folders of `target` named in `keep` (a
    comparison's store of finished replications) are carried into the new folder at the moment
    of the swap, so they survive it. An operating-system error becomes an OutputError.

    `within` is the result or store `target` lies in (a stored replication's store): no folder
    from it down to `target` may be a symbolic link, checked before anything is made and again
    at the swap, so a link put in place of `replications/` never leads a write elsewhere.
    `remake` names files of `target` that may be replaced though they fail their checksum (a
    damaged stored replication computed again; see `unverified`).
    """
    target = Path(target)
    if within is not None:
        inside(target, within)
    refuse(target, keep, remake)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _locked(target.parent):
            _sweep(target.parent)
        tmp = _beside(target, folder=True)
    except OSError as exc:
        raise OutputError.from_os(target, exc) from None
    try:
        yield tmp
        late = [p for p, _ in unverified(tmp) if p != tmp / MARKER]
        if late:
            raise RuntimeError(f"'{late[0].name}' was written into '{target}' but is not in its manifest; "
                               "a result's manifest must be the last file written")
        with _locked(target.parent):
            if within is not None:
                inside(target, within)
            refuse(target, keep, remake)  # again: the folder may have changed while the result was made
            for name in keep:
                if (target / name).is_dir() and not (tmp / name).exists():
                    os.replace(target / name, tmp / name)
            _swap(tmp, target)
    except BaseException as exc:
        for name in keep:  # put a carried store back where it was
            if (tmp / name).is_dir() and not (target / name).exists():
                target.mkdir(parents=True, exist_ok=True)
                os.replace(tmp / name, target / name)
        if any((tmp / name).exists() for name in keep):
            (tmp / MARKER).unlink(missing_ok=True)  # a store that could not go back is left, unmarked, never swept
        else:
            _discard(tmp)
        if isinstance(exc, OSError):
            raise OutputError.from_os(target, exc) from exc
        raise


# ---------------------------------------------------------------- the manifest

def now() -> str:
    """The time a result is made, in UTC to the second: what every manifest's `created` holds."""
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def digest(path: Path) -> str:
    """The SHA-256 of a file, in hex. A symbolic link is not followed (OSError): a link in place
    of a stored table must not make a user's file, or an endless device, pass for it."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def inventory(folder: Path) -> dict[str, dict[str, Any]]:
    """Every file under `folder` (but its manifest, and results standing on their own inside it)
    as {relative path: {"bytes": size, "sha256": hex}}, in name order."""
    files: dict[str, dict[str, Any]] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(n for n in dirnames if _marker(here / n) is None and _listed(here / n) is None)
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(folder).as_posix()
            if name != MARKER and rel != MANIFEST:
                files[rel] = {"bytes": path.stat().st_size, "sha256": digest(path)}
    return files


def damaged(folder: Path, record: dict) -> str | None:
    """Why the files a manifest lists differ from those written, or None when every one checks out."""
    files = record.get("files")
    if record.get("tool") != TOOL or not isinstance(files, dict):
        return Said("it was stored without checksums (by an earlier version)",
                    "het is bewaard zonder controlegetallen (door een eerdere versie)")
    for name, want in files.items():
        if not isinstance(want, dict):
            return Said("its manifest's entry for {name} is damaged", "de regel van het manifest voor {name} is "
                        "beschadigd").format(name=name)
        why = mismatch(folder / name, want)
        if why is not None:
            return Said("{name} is {why}", "{name}: {why}").format(name=name, why=why)
    return None


def manifest(scenario: "Scenario | Sequence[tuple[str, Scenario]]", seed: int, *, created: str | None = None,
             folder: str | Path | None = None, **extra: Any) -> dict:
    """The provenance of a result, written to `folder`/manifest.json (atomically) when given.

    One scenario is recorded as `scenario`, `scenario_file` and `scenario_hash`; several (a
    comparison's arms, as (label, scenario) pairs) as a list `scenarios` of label, name, file
    and hash. Then the seed, what the caller adds in `extra` (replications, why that many, ...),
    the package version and the time. The content hash, seed and version decide whether a
    stored replication may be reused, so they are always there. Written to a folder, it begins
    with Ontschot's mark (`tool`, `format`) and ends with `files`: every file already in the
    folder with its size and SHA-256, so it must be the last file a writer writes.
    """
    if isinstance(scenario, Sequence):
        head: dict[str, Any] = {"scenarios": [
            {"label": lab, "name": s.name, "scenario_file": s.path, "scenario_hash": s.content_hash}
            for lab, s in scenario]}
    else:
        head = {"scenario": scenario.name, "scenario_file": scenario.path, "scenario_hash": scenario.content_hash}
    record = {**head, "seed": seed, **extra, "version": __version__, "created": created or now()}
    if folder is not None:
        record = {"tool": TOOL, "format": FORMAT, **record, "files": inventory(Path(folder))}
        with atomic_file(Path(folder) / MANIFEST) as tmp:
            tmp.write_text(json.dumps(record, indent=2, default=str))
    return record


def replaceable(target: str | Path, keep: tuple[str, ...] = ()) -> bool:
    """True if writing results to `target` destroys nothing but earlier results (see `unverified`)."""
    return not unverified(target, keep)
