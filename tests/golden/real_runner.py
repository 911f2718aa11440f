"""Runs a golden program or an example with a real framework (used by tools/make_goldens.py).

``--tf1`` makes top-level ``tensorflow`` behave as TensorFlow 1.x did (graph mode, the v1
API), the same mapping that ``gradcompat run --tf1`` makes for gradcompat.
"""
import runpy
import sys


def main() -> None:
    args = sys.argv[1:]
    if args and args[0] == "--tf1":
        args = args[1:]
        import tensorflow.compat.v1 as tf1
        tf1.disable_v2_behavior()
        sys.modules["tensorflow"] = tf1
    sys.argv = args
    runpy.run_path(args[0], run_name="__main__")


if __name__ == "__main__":
    main()
