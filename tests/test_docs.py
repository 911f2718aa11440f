"""The docs: every console example prints under gradcompat what the docs show (the real
frameworks' output, filled in by tools/docs_examples.py --fill), and the site builds."""
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("docs_examples", ROOT / "tools" / "docs_examples.py")
docs_examples = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = docs_examples  # its dataclass looks its module up
_spec.loader.exec_module(docs_examples)
BLOCKS = docs_examples.blocks()


def test_every_page_has_examples():
    pages = {block.page.name for block in BLOCKS}
    assert pages == {page.name for page in (ROOT / "docs").glob("*.md")} - {"index.md"}


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_example_prints_what_the_docs_show(block):
    done = docs_examples.run(block)
    assert done.returncode == 0, done.stdout + done.stderr


def test_site_builds(tmp_path):
    pytest.importorskip("mkdocs")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "grad_operation" / "index.html").exists()
