"""The notebooks under migration_examples/notebooks run top to bottom, and the outputs they
hold are what they print now (tools/notebooks.py --update refreshes them)."""
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebooks", ROOT / "tools" / "notebooks.py")
notebooks = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = notebooks
_spec.loader.exec_module(notebooks)
PATHS = sorted(notebooks.NOTEBOOKS.glob("*.ipynb"))


def test_there_is_a_migration_notebook():
    assert [path.name for path in PATHS] == ["torch_to_mindspore.ipynb"]


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_notebook_runs_and_its_outputs_are_current(path):
    assert notebooks.execute(path) == notebooks.stored(path)
