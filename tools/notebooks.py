"""Execute the notebooks under migration_examples/notebooks and keep their outputs true.

A notebook's code cells run in order in one namespace (as a kernel would run them); each
cell's printed text becomes its stream output. ``--update`` writes those outputs into the
notebook; tests/test_notebooks.py runs every notebook and checks the stored outputs are
what it prints now.

    python tools/notebooks.py [--update] [NOTEBOOK ...]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "migration_examples" / "notebooks"


def code_cells(notebook: dict) -> list[dict]:
    return [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]


def execute(path: Path) -> list[str]:
    """What each code cell prints, running the notebook top to bottom (errors propagate)."""
    notebook = json.loads(path.read_text())
    namespace = {"__name__": "__main__"}
    printed = []
    for index, cell in enumerate(code_cells(notebook)):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile("".join(cell["source"]), f"{path.name}[cell {index}]", "exec"), namespace)
        printed.append(out.getvalue())
    return printed


def stored(path: Path) -> list[str]:
    """The stream outputs the notebook holds, per code cell."""
    return ["".join("".join(o.get("text", "")) for o in cell.get("outputs", []) if o["output_type"] == "stream")
            for cell in code_cells(json.loads(path.read_text()))]


def update(path: Path) -> None:
    notebook = json.loads(path.read_text())
    for count, (cell, text) in enumerate(zip(code_cells(notebook), execute(path)), start=1):
        cell["execution_count"] = count
        cell["outputs"] = [{"output_type": "stream", "name": "stdout",
                            "text": text.splitlines(keepends=True)}] if text else []
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--update", action="store_true", help="store the outputs in the notebooks")
    args = parser.parse_args()
    for path in args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb")):
        if args.update:
            update(path)
            print(f"updated {path}")
        else:
            same = execute(path) == stored(path)
            print(f"{'ok  ' if same else 'DIFF'} {path}")


if __name__ == "__main__":
    main()
