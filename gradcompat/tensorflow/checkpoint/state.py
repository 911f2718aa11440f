"""The ``checkpoint`` state file beside TF's checkpoints (a text-format ``CheckpointState``):
which prefix is the latest, which are kept, and when they were written."""
from __future__ import annotations

import os
import re
import time

from . import bundle

STATE_FILE = "checkpoint"


def write_state(directory: str, latest: str, kept: list[str], timestamps: list[float] | None = None,
                last_preserved: float | None = None, relative: bool = True) -> None:
    """Write ``directory/checkpoint`` naming ``latest`` and the ``kept`` prefixes."""
    def shown(path: str) -> str:
        return os.path.relpath(path, directory) if relative and os.path.dirname(path) == directory.rstrip("/") else path

    lines = [f'model_checkpoint_path: "{shown(latest)}"']
    lines += [f'all_model_checkpoint_paths: "{shown(p)}"' for p in kept]
    lines += [f"all_model_checkpoint_timestamps: {t!r}" for t in timestamps or []]
    if last_preserved is not None:
        lines.append(f"last_preserved_timestamp: {last_preserved!r}")
    os.makedirs(directory or ".", exist_ok=True)
    path = os.path.join(directory, STATE_FILE)
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


def read_state(directory: str) -> tuple[str | None, list[str]]:
    """The latest prefix and the kept ones (absolute where the file has them relative)."""
    path = os.path.join(directory, STATE_FILE)
    if not os.path.exists(path):
        return None, []
    text = open(path).read()

    def absolute(p: str) -> str:
        return p if os.path.isabs(p) else os.path.join(directory, p)

    latest = re.search(r'^model_checkpoint_path:\s*"(.*)"', text, re.M)
    kept = [absolute(p) for p in re.findall(r'^all_model_checkpoint_paths:\s*"(.*)"', text, re.M)]
    return (absolute(latest.group(1)) if latest else None), kept


def latest_checkpoint(checkpoint_dir: str, latest_filename: str | None = None) -> str | None:
    """``tf.train.latest_checkpoint``: the newest prefix named by the state file, if its files exist."""
    latest, _ = read_state(checkpoint_dir)
    return latest if latest is not None and bundle.exists(latest) else None


def remove(prefix: str) -> None:
    for path in (bundle.index_path(prefix), bundle.data_path(prefix), prefix + ".meta"):
        if os.path.exists(path):
            os.remove(path)


def now() -> float:
    return time.time()
