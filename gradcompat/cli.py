"""``gradcompat run [--tf1] (SCRIPT | -m MODULE | -c CODE) [ARGS...]``: run an unmodified program
on the dialects, as ``python`` would run it (``sys.argv``, ``sys.path[0]``, tracebacks).

The script's imports of ``torch``, ``tensorflow``, ``mindspore`` and ``keras`` (and their
submodules) resolve to ``gradcompat.torch``, ``gradcompat.tensorflow``,
``gradcompat.mindspore`` and ``gradcompat.tensorflow.keras``. With ``--tf1``, top-level
``tensorflow`` behaves as TensorFlow 1.x did: the v1 API in graph mode. A failing script's traceback starts in the script.
"""
from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import os
import runpy
import sys
import traceback
from typing import Callable, Sequence

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
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            found = None
        if found is None:
            # the framework's own module paths that the dialect's classes name
            # (torch.nn.modules.linear, mindspore.nn.layer.conv): pickles and programs import them
            top = fullname.partition(".")[0]
            return importlib.import_module(f"gradcompat.{top}.type_names").alias_spec(fullname) \
                if top in ("torch", "mindspore") else None
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


def _report_from(exc: BaseException, user_file: str) -> int:
    """Print a failing program's traceback as python would, from the user's first frame on."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != user_file:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb or exc.__traceback__)
    return 1


def _run(target: Callable[[], object], user_file: str) -> int:
    from .distributed import launch  # a worker of `--nproc-per-node` joins its job first
    launch.start_worker_runtime()
    try:
        target()
    except SystemExit as exc:
        launch.worker_exit(exc.code)
        raise
    except BaseException as exc:  # noqa: BLE001 - report like python would, from the user's code on
        return launch.worker_exit(_report_from(exc, user_file))
    return 0


def run_script(script: str, args: Sequence[str], tf1: bool = False) -> int:
    """``python SCRIPT ARGS``: the script's folder first on ``sys.path``, ``sys.argv`` as python sets it."""
    install(tf1)
    sys.argv = [script, *args]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    return _run(lambda: runpy.run_path(script, run_name="__main__"), script)


def run_module(module: str, args: Sequence[str], tf1: bool = False) -> int:
    """``python -m MODULE ARGS`` (``gradcompat run -m pytest`` runs a torch test suite on gradcompat)."""
    install(tf1)
    sys.path[0] = os.getcwd()
    # a framework module run as a program (``-m torch.distributed.run``): run the dialect's own
    finder = next((f for f in sys.meta_path if isinstance(f, DialectFinder)), None)
    module = (finder.target(module) if finder is not None and "." in module else None) or module
    spec = importlib.util.find_spec(module)
    if spec is None:
        print(f"{sys.executable}: No module named {module}", file=sys.stderr)
        return 1
    origin = spec.origin if not spec.submodule_search_locations else \
        getattr(importlib.util.find_spec(f"{module}.__main__"), "origin", spec.origin)
    sys.argv = [origin or module, *args]
    return _run(lambda: runpy.run_module(module, run_name="__main__", alter_sys=True), origin or "")


def run_code(code: str, args: Sequence[str], tf1: bool = False) -> int:
    """``python -c CODE ARGS``: ``sys.argv[0]`` is ``-c`` and the current folder is first on ``sys.path``."""
    install(tf1)
    sys.argv = ["-c", *args]
    sys.path[0] = ""
    compiled = compile(code, "<string>", "exec")
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    return _run(lambda: exec(compiled, namespace), "<string>")


USAGE = """usage: gradcompat run [--nproc-per-node N [--nnodes N --node-rank R --master-addr A --master-port P]]
                      [--tf1] (SCRIPT | -m MODULE | -c CODE) [ARGS ...]

Runs a program as python would, with `torch`, `tensorflow`, `keras` and `mindspore` resolving to
gradcompat's dialects. --tf1: top-level tensorflow is TF 1.x (graph mode, v1 API).
--nproc-per-node N: start N processes as torchrun does (its flags and environment), on JAX's
distributed runtime; a failing rank stops the others."""


def main(argv: Sequence[str] | None = None) -> int:
    """The ``gradcompat`` command: ``gradcompat run [--tf1] (SCRIPT | -m MODULE | -c CODE) [ARGS...]``.

    Options end at the program, as with ``python``: everything after SCRIPT, ``-m MODULE`` or
    ``-c CODE`` is the program's own ``sys.argv``.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    if argv[0] != "run":
        print(f"{USAGE}\ngradcompat: error: unknown command {argv[0]!r}", file=sys.stderr)
        return 2
    from .distributed.launch import main as launcher  # --nproc-per-node and torchrun's other flags
    launched = launcher(argv[1:])
    if launched is not None:
        return launched
    rest, tf1 = argv[1:], False
    while rest and rest[0].startswith("-"):
        option = rest.pop(0)
        if option == "--tf1":
            tf1 = True
        elif option in ("-h", "--help"):
            print(USAGE)
            return 0
        elif option in ("-m", "-c") and rest:
            target = rest.pop(0)
            return (run_module if option == "-m" else run_code)(target, rest, tf1=tf1)
        else:
            print(f"{USAGE}\ngradcompat: error: unknown option {option!r}", file=sys.stderr)
            return 2
    if not rest:
        print(f"{USAGE}\ngradcompat: error: a script, -m MODULE or -c CODE is needed", file=sys.stderr)
        return 2
    return run_script(rest[0], rest[1:], tf1=tf1)


if __name__ == "__main__":
    sys.exit(main())
