"""The migration guide's examples, in each dialect, print what the real framework printed."""
from __future__ import annotations

from pathlib import Path

import pytest

from test_golden import GOLDEN, ROOT, run_under_gradcompat

EXAMPLES = sorted(ROOT.glob("migration_examples/*/*.py"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_example_prints_what_the_real_framework_printed(example: Path) -> None:
    expected = GOLDEN / "examples" / example.parent.name / f"{example.stem}.stdout"
    assert expected.exists(), f"no golden stdout for {example}: run tools/make_goldens.py"
    done = run_under_gradcompat(example)
    assert done.returncode == 0, done.stderr[-4000:]
    assert done.stdout == expected.read_text()
