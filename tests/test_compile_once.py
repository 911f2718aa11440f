"""A training loop of identical steps compiles its step once, in every dialect (counts, not times)."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_golden import GOLDEN, run_under_gradcompat

LOOPS = sorted(GOLDEN.glob("programs/*/training_loop.py"))


@pytest.mark.parametrize("program", LOOPS, ids=lambda p: p.parent.name)
def test_fifty_steps_compile_once(program: Path, tmp_path: Path) -> None:
    script = tmp_path / "loop.py"
    script.write_text(program.read_text() + "\nimport gradcompat\ni = gradcompat.cache_info()\n"
                      "print(i.misses, i.compiles, i.hits)\n")
    done = run_under_gradcompat(script)
    assert done.returncode == 0, done.stderr[-3000:]
    misses, compiles, hits = map(int, done.stdout.split()[-3:])
    assert (misses, compiles) == (1, 1) and hits == 49
