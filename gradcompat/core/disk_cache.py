"""XLA executables kept on disk between runs: JAX's persistent compilation cache, on by default.

Compiling is most of what a short script or a notebook cell spends its time on (a golden
program of a few dozen ops compiles a few hundred small kernels). With the cache, a script's
second run, a restarted notebook kernel and a DataLoader worker reuse what an earlier process
compiled. The frameworks need no such cache (their kernels are precompiled), so this is how
gradcompat's first results get close to theirs.

``GRADCOMPAT_CACHE_DIR`` moves the cache (default ``$XDG_CACHE_HOME/gradcompat/xla``, else
``~/.cache/gradcompat/xla``); ``GRADCOMPAT_CACHE_DIR=off`` (or ``0``, ``false``, empty) turns it
off. A directory chosen through JAX itself (``JAX_COMPILATION_CACHE_DIR``) is left alone. The
cache evicts least recently used entries beyond ``GRADCOMPAT_CACHE_MAX_MB`` (default 1024).
"""
from __future__ import annotations

import os
from pathlib import Path

import jax

DIRECTORY_VARIABLE = "GRADCOMPAT_CACHE_DIR"
SIZE_VARIABLE = "GRADCOMPAT_CACHE_MAX_MB"
_OFF = {"", "0", "off", "false", "no", "none"}


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
    except (OSError, ValueError):  # read-only home, bad size: run uncached rather than fail
        return None
    jax.config.update("jax_compilation_cache_dir", str(directory))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    # JAX bounds the cache (and locks its writes against other processes) only with filelock
    jax.config.update("jax_compilation_cache_max_size", max_bytes if _has_filelock() else -1)
    return directory


def _has_filelock() -> bool:
    try:
        import filelock  # noqa: F401
    except ImportError:
        return False
    return True
