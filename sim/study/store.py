"""Where results live on disk: written whole or not at all.

Everything is written into a temporary folder beside the target and moved into place with one
rename at the end, so an interrupted run leaves no half-written output. The replication store
and the report's result folders both write this way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_dir(target: str | Path, keep: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield a temporary folder that replaces `target` only if the block finishes.

    Sub-folders of `target` named in `keep` (a comparison's store of finished replications) are
    carried into the new folder at the moment of the swap, so they survive it.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        for name in keep:
            if (target / name).is_dir() and not (tmp / name).exists():
                os.replace(target / name, tmp / name)
        if target.exists():
            old = target.with_name(f".{target.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
            os.replace(tmp, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, target)
    except BaseException:
        for name in keep:  # put a carried store back where it was
            if (tmp / name).is_dir() and not (target / name).exists():
                target.mkdir(parents=True, exist_ok=True)
                os.replace(tmp / name, target / name)
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def replaceable(target: str | Path, keep: tuple[str, ...] = ()) -> bool:
    """True if writing results to `target` destroys nothing but an earlier result: the folder is
    absent, holds an Ontschot manifest, or holds nothing but the sub-folders in `keep`."""
    target = Path(target)
    if not target.exists():
        return True
    return target.is_dir() and ((target / "manifest.json").is_file()
                                or all(p.name in keep for p in target.iterdir()))
