"""``gradcompat run [--tf1] SCRIPT [ARGS...]``: run an unmodified script on the dialects.

The script's imports of ``torch``, ``tensorflow``, ``mindspore`` and ``keras`` (and their
submodules) resolve to ``gradcompat.torch``, ``gradcompat.tensorflow``,
``gradcompat.mindspore`` and ``gradcompat.tensorflow.keras``. With ``--tf1``, top-level
``tensorflow`` behaves as TensorFlow 1.x did: the v1 API in graph mode. A failing script's traceback starts in the script.
"""
from __future__ import annotations

import argparse
import importlib
import importlib.abc
import importlib.util
import runpy
import sys
import traceback
from typing import Sequence

DIALECTS = {"torch": "gradcompat.torch", "tensorflow": "gradcompat.tensorflow",
            "mindspore": "gradcompat.mindspore", "keras": "gradcompat.tensorflow.keras"}


class DialectFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Resolves framework module names to the dialect modules (one shared module object)."""

    def __init__(self, tops: dict[str, str]):
        self.tops = tops

    def target(self, fullname: str) -> str | None:
        top, dot, rest = fullname.partition(".")
        if top not in DIALECTS:
            return None
        return self.tops[top] if not dot else f"{DIALECTS[top]}.{rest}"

    def find_spec(self, fullname, path=None, target=None):
        name = self.target(fullname)
        if name is None:
            return None
        try:
            importlib.util.find_spec(name)
        except ModuleNotFoundError:
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        module = importlib.import_module(self.target(spec.name))
        self._saved = (module, module.__spec__, getattr(module, "__loader__", None))
        return module

    def exec_module(self, module) -> None:
        # The import system stamped our spec on the shared module: give it its own back.
        saved_module, spec, loader = self._saved
        if saved_module is module:
            module.__spec__, module.__loader__ = spec, loader


def install(tf1: bool = False) -> None:
    """Map the frameworks' module names onto the dialects for the rest of this process."""
    tops = dict(DIALECTS)
    if tf1:
        tops["tensorflow"] = "gradcompat.tensorflow.compat.v1"
    for name in list(sys.modules):
        if name.partition(".")[0] in DIALECTS:
            del sys.modules[name]
    sys.meta_path.insert(0, DialectFinder(tops))
    if tf1:
        importlib.import_module("tensorflow").disable_v2_behavior()


def run_script(script: str, args: Sequence[str], tf1: bool = False) -> int:
    install(tf1)
    sys.argv = [script, *args]
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - report like python would, from the script on
        tb = exc.__traceback__
        while tb is not None and tb.tb_frame.f_code.co_filename != script:
            tb = tb.tb_next
        traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gradcompat", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run a torch / tensorflow / mindspore script on gradcompat")
    run.add_argument("--tf1", action="store_true", help="top-level tensorflow is TF 1.x (graph mode, v1 API)")
    run.add_argument("script")
    run.add_argument("args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    return run_script(options.script, options.args, tf1=options.tf1)


if __name__ == "__main__":
    sys.exit(main())
