"""Compiled random-stream kernels kept on disk, so a process skips tracing them.

The Box-Muller kernels (``xla_kernels``, ``xla_tf``) are a hundred-odd jnp operations; tracing
and lowering them costs a fresh process ~0.1 s of CPU (JAX's persistent compilation cache
only saves the compile after that), which is as long as torch takes to draw a 16M-element
embedding. Here the compiled executable itself is serialized (``jax.experimental.
serialize_executable``) into the gradcompat cache directory (``core.disk_cache``), keyed by
the kernel's name and arguments, the sources that define it, the JAX version and the host CPU;
a later process loads it in a few milliseconds.

A loaded executable is only trusted after ``check(compiled)`` says so (the callers compare its
first results with their numpy reference); a file that fails to load or to check is replaced.
Everything falls back to the ordinary ``jax.jit`` path when the cache is off or unwritable.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any, Callable

_memo: dict[str, Any] = {}


def _host_key() -> str:
    """The CPU the executable was compiled for (its model and instruction-set flags)."""
    try:
        with open("/proc/cpuinfo") as f:
            lines = [l for l in f.read().splitlines() if l.startswith(("model name", "flags"))][:2]
    except OSError:
        import platform
        lines = [platform.machine(), platform.processor()]
    return "|".join(lines)


def _directory() -> Path | None:
    from ..core import disk_cache
    base = disk_cache.cache_directory()
    return None if base is None else base / "rng-kernels"  # a subdirectory: JAX's trim skips it


def _key(name: str, sources: tuple[str, ...], args: tuple) -> str:
    import jax
    import jaxlib
    h = hashlib.sha256()
    for part in (name, jax.__version__, jaxlib.__version__, _host_key(),
                 repr([(getattr(a, "shape", ()), str(getattr(a, "dtype", type(a)))) for a in args])):
        h.update(part.encode())
    for src in sources:
        with open(src, "rb") as f:
            h.update(f.read())
    return f"{name}-{h.hexdigest()[:32]}"


def _fresh_compile(lowered):
    """Compile bypassing JAX's persistent cache: an executable loaded from that cache does not
    serialize into a loadable one (measured with jax 0.10)."""
    import jax
    from jax.experimental.compilation_cache import compilation_cache as cc
    enabled = jax.config.jax_enable_compilation_cache
    try:
        jax.config.update("jax_enable_compilation_cache", False)
        cc.reset_cache()
        return lowered.compile()
    finally:
        jax.config.update("jax_enable_compilation_cache", enabled)
        cc.reset_cache()


def compiled(name: str, jitted, args: tuple, sources: tuple[str, ...],
             check: Callable[[Any], bool]) -> tuple[Any, bool]:
    """``jitted`` compiled for ``args`` and whether ``check(executable)`` accepted it: loaded from
    disk when a copy that passes the check is there, else traced and compiled (and saved for
    the next process when it passes). Memoized per ``name`` for the process."""
    if name in _memo:
        return _memo[name]
    directory = _directory()
    if directory is None:
        _memo[name] = (jitted, check(jitted))
        return _memo[name]
    from jax.experimental import serialize_executable as se
    path = directory / (_key(name, sources, args) + ".exe")
    try:
        with open(path, "rb") as f:
            payload, in_tree, out_tree = pickle.load(f)
        exe = se.deserialize_and_load(payload, in_tree, out_tree)
        if check(exe):
            _memo[name] = (exe, True)
            return _memo[name]
    except Exception:  # missing, truncated, or from an incompatible build: rebuild it
        pass
    exe = _fresh_compile(jitted.lower(*args))
    ok = check(exe)
    if ok:
        try:
            directory.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                pickle.dump(se.serialize(exe), f)
            os.replace(tmp, path)
        except Exception:  # read-only cache, unserializable build: this process still runs
            pass
    _memo[name] = (exe, ok)
    return _memo[name]
