"""XLA executables kept on disk between runs: JAX's persistent compilation cache, on by default.

Compiling is most of what a short script or a notebook cell spends its time on (a golden
program of a few dozen ops compiles a few hundred small kernels). With the cache, a script's
second run, a restarted notebook kernel and a DataLoader worker reuse what an earlier process
compiled. The frameworks need no such cache (their kernels are precompiled), so this is how
gradcompat's first results get close to theirs.

``GRADCOMPAT_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/gradcompat/xla``, else
``~/.cache/gradcompat/xla``); ``GRADCOMPAT_CACHE_DIR=off`` (or ``0``, ``false``, empty) turns it
off. A directory chosen through JAX itself (``JAX_COMPILATION_CACHE_DIR``) is left alone.

The size is bounded by ``GRADCOMPAT_CACHE_MAX_MB`` (default 1024): at most once an hour, a
starting process deletes the least recently written entries beyond it. JAX's own bound is not
used: it scans the whole directory under a file lock at every write, which costs more than the
compile it saves once the cache holds thousands of small kernels.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import jax

DIRECTORY_VARIABLE = "GRADCOMPAT_CACHE_DIR"
SIZE_VARIABLE = "GRADCOMPAT_CACHE_MAX_MB"
_OFF = {"", "0", "off", "false", "no", "none"}
_TRIM_EVERY_SECONDS = 3600
_TRIM_MARK = ".last-trim"


def cache_directory() -> Path | None:
    """Where compiled executables are kept, or None when the user turned the cache off."""
    chosen = os.environ.get(DIRECTORY_VARIABLE)
    if chosen is not None:
        return None if chosen.strip().lower() in _OFF else Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "gradcompat" / "xla"


def enable() -> Path | None:
    """Point JAX's persistent compilation cache at :func:`cache_directory` (every compile,
    however short, is kept: most of ours are milliseconds each, but there are hundreds).
    Returns the directory in use, or None when the cache stays off."""
    if jax.config.jax_compilation_cache_dir:  # the user configured JAX's cache: theirs wins
        return Path(jax.config.jax_compilation_cache_dir)
    directory = cache_directory()
    if directory is None:
        return None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        max_bytes = int(float(os.environ.get(SIZE_VARIABLE, "1024")) * 2**20)
        trim(directory, max_bytes)
    except (OSError, ValueError):  # read-only home, bad size: run uncached rather than fail
        return None
    jax.config.update("jax_compilation_cache_dir", str(directory))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    return directory


def trim(directory: Path, max_bytes: int, force: bool = False) -> int:
    """Delete the oldest entries until the cache holds at most ``max_bytes`` (checked at most
    once an hour unless ``force``). Returns how many entries were deleted."""
    mark = directory / _TRIM_MARK
    now = time.time()
    if not force and mark.exists() and now - mark.stat().st_mtime < _TRIM_EVERY_SECONDS:
        return 0
    mark.touch()
    entries = []
    for entry in os.scandir(directory):
        if entry.name.endswith("-cache") and entry.is_file():
            info = entry.stat()
            entries.append((info.st_mtime, info.st_size, entry.path))
    total = sum(size for _, size, _ in entries)
    removed = 0
    for _, size, path in sorted(entries):
        if total <= max_bytes:
            break
        try:
            os.remove(path)
        except OSError:  # another process removed it first
            continue
        total -= size
        removed += 1
    return removed
