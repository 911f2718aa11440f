"""The console examples in docs/*.md: run them, and fill in their outputs from the real frameworks.

Every ```pycon block in a docs page is one doctest, run with fresh globals in its own
process. A block imports a dialect (``import gradcompat.torch as torch``); run "real", the
import is rewritten to the framework itself (``import torch as torch``). The outputs written
in the docs are the real frameworks' (``--fill``), and the test suite checks that gradcompat
prints the same (tests/test_docs.py), so the docs cannot rot.

    python tools/docs_examples.py --fill  [PAGE ...]   # rewrite outputs with the real frameworks' (slow)
    python tools/docs_examples.py --check [PAGE ...]   # the real frameworks agree with the docs
    python tools/docs_examples.py [PAGE ...]           # gradcompat agrees with the docs

The real frameworks run in .venvs/<framework> (see make_goldens.py, which creates them).
"""
from __future__ import annotations

import argparse
import doctest
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^```pycon\n(.*?)^```", re.S | re.M)
DIALECT = re.compile(r"\bgradcompat\.(torch|tensorflow|mindspore)\b")
OWN_API = re.compile(r"\bgradcompat\b(?!\.(torch|tensorflow|mindspore)\b)")
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


@dataclass
class Block:
    page: Path
    start: int  # offset of the block's text in the page
    text: str

    @property
    def framework(self) -> str | None:
        """The framework the block imports; None when it uses gradcompat's own API (its outputs
        are then gradcompat's, with no framework to compare against)."""
        if OWN_API.search(self.text):
            return None
        found = set(DIALECT.findall(self.text))
        if len(found) > 1:
            raise ValueError(f"{self.name}: one framework per block, found {sorted(found)}")
        return found.pop() if found else None

    @property
    def name(self) -> str:
        line = self.page.read_text()[: self.start].count("\n") + 1
        return f"{self.page.relative_to(ROOT)}:{line}"

    def source(self, real: bool) -> str:
        return DIALECT.sub(r"\1", self.text) if real else self.text


def blocks(pages: list[Path] | None = None) -> list[Block]:
    found = []
    for page in pages or sorted(DOCS.glob("*.md")):
        found += [Block(page, m.start(1), m.group(1)) for m in FENCE.finditer(page.read_text())]
    return found


def python_for(block: Block, real: bool, venvs: Path) -> str:
    return str(venvs / block.framework / "bin" / "python") if real and block.framework else sys.executable


def run(block: Block, real: bool = False, venvs: Path = ROOT / ".venvs") -> subprocess.CompletedProcess:
    """Run one block as a doctest in a fresh interpreter; returncode 0 when every output matches."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", GLOG_v="3", PYTHONPATH=str(ROOT))
    code = ("import doctest, sys\n"
            "parser = doctest.DocTestParser()\n"
            "test = parser.get_doctest(sys.stdin.read(), {'__name__': '__main__'}, 'block', None, 0)\n"
            f"runner = doctest.DocTestRunner(optionflags={FLAGS})\n"
            "runner.run(test)\n"
            "sys.exit(1 if runner.failures else 0)\n")
    return subprocess.run([python_for(block, real, venvs), "-c", code], input=block.source(real),
                          capture_output=True, text=True, env=env, cwd=ROOT)


_FILL = """
import doctest, json, sys, traceback

class Recorder(doctest.DocTestRunner):  # runs examples exactly as doctest does, keeping what they print
    wants = []
    def report_success(self, out, test, example, got):
        self.wants.append(got)
    report_failure = report_success
    def report_unexpected_exception(self, out, test, example, exc_info):
        line = traceback.format_exception_only(*exc_info[:2])[-1]
        self.wants.append("Traceback (most recent call last):\\n    ...\\n" + line)

test = doctest.DocTestParser().get_doctest(sys.stdin.read(), {"__name__": "__main__"}, "block", None, 0)
for example in test.examples:  # forget the old outputs: every exception is then "unexpected"
    example.want, example.exc_msg = "", None
Recorder(optionflags=FLAGS).run(test, out=lambda text: None)
print(json.dumps(Recorder.wants))
""".replace("FLAGS", str(FLAGS))


def fill(block: Block, venvs: Path) -> str:
    """The block's text with each example's output replaced by what the real framework prints."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", GLOG_v="3")
    real = block.framework is not None
    done = subprocess.run([python_for(block, real, venvs), "-c", _FILL], input=block.source(real),
                          capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{block.name}: {done.stderr[-2000:]}")
    wants = iter(json.loads(done.stdout.strip().splitlines()[-1]))
    lines = []
    for part in doctest.DocTestParser().parse(block.text):
        if isinstance(part, doctest.Example):
            pad = " " * part.indent
            source = part.source.rstrip("\n").split("\n")
            lines.append(pad + ">>> " + source[0] + "\n")
            lines += [pad + "... " + line + "\n" for line in source[1:]]
            want = next(wants)
            if part.want and doctest.OutputChecker().check_output(part.want, want, FLAGS):
                want = part.want  # still right: keep it as written (an ellipsis, say)
            lines += [pad + (line if line.strip() else "<BLANKLINE>") + "\n" for line in want.rstrip("\n").split("\n")
                      ] if want else []
        else:
            lines.append(part)
    return "".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", type=Path)
    parser.add_argument("--fill", action="store_true", help="rewrite outputs with the real frameworks'")
    parser.add_argument("--check", action="store_true", help="run the blocks with the real frameworks")
    parser.add_argument("--venvs", type=Path, default=ROOT / ".venvs")
    args = parser.parse_args()
    pages = [page.resolve() for page in args.pages] or None
    failures = 0
    if args.fill:
        for page in pages or sorted(DOCS.glob("*.md")):
            text = page.read_text()
            for block in reversed(blocks([page])):
                text = text[: block.start] + fill(block, args.venvs) + text[block.start + len(block.text):]
            page.write_text(text)
            print(f"filled {page.relative_to(ROOT)}")
        return
    for block in blocks(pages):
        if args.check and block.framework is None:
            continue
        done = run(block, real=args.check, venvs=args.venvs)
        failures += bool(done.returncode)
        print(f"{'FAIL' if done.returncode else 'ok  '} {block.name} ({block.framework or 'gradcompat'})")
        if done.returncode:
            print(done.stdout[-3000:], done.stderr[-2000:])
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
