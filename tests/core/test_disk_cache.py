"""The persistent compilation cache: on by default, movable and off by environment variable."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROGRAM = """
import json, jax
hits = []
jax.monitoring.register_event_listener(lambda event, **kw: hits.append(event) if event.endswith("cache_hits") else None)
import gradcompat.torch as torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
(x.sin() * 3).sum().backward()
print(json.dumps({"dir": jax.config.jax_compilation_cache_dir, "hits": len(hits), "grad": x.grad.tolist()}))
"""


def run(env_changes: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JAX_COMPILATION_CACHE", "GRADCOMPAT_CACHE"))}
    env.update(env_changes)
    done = subprocess.run([sys.executable, "-c", PROGRAM], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_second_run_reuses_the_first_runs_executables(tmp_path: Path) -> None:
    first = run({"GRADCOMPAT_CACHE_DIR": str(tmp_path)})
    assert first["dir"] == str(tmp_path)
    entries = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("-cache"))
    assert entries, "nothing was written to the cache"
    second = run({"GRADCOMPAT_CACHE_DIR": str(tmp_path)})
    assert second["hits"] >= len(entries) > 0
    assert second["grad"] == first["grad"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("-cache")) == entries


def test_off_and_jax_own_setting(tmp_path: Path) -> None:
    assert run({"GRADCOMPAT_CACHE_DIR": "off"})["dir"] in (None, "")
    theirs = tmp_path / "theirs"
    assert run({"GRADCOMPAT_CACHE_DIR": str(tmp_path / "ours"), "JAX_COMPILATION_CACHE_DIR": str(theirs)})["dir"] == str(theirs)
    assert not (tmp_path / "ours").exists()


def test_default_directory_follows_xdg(tmp_path: Path) -> None:
    assert run({"XDG_CACHE_HOME": str(tmp_path)})["dir"] == str(tmp_path / "gradcompat" / "xla")


def test_trim_deletes_the_oldest_entries_beyond_the_bound(tmp_path: Path) -> None:
    import os
    import time

    from gradcompat.core.disk_cache import trim
    for i in range(5):
        entry = tmp_path / f"k{i}-cache"
        entry.write_bytes(b"x" * 100)
        os.utime(entry, (time.time() - 100 + i, time.time() - 100 + i))
    assert trim(tmp_path, 250) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith("-cache")) == ["k3-cache", "k4-cache"]
    (tmp_path / "k5-cache").write_bytes(b"x" * 100)
    assert trim(tmp_path, 100) == 0  # checked at most once an hour
    assert trim(tmp_path, 100, force=True) == 2
