"""Drawing a model's initial weights: gradcompat's bit-exact random streams vs the real frameworks.

    .venv/bin/python benchmarks/rng_init.py                       # torch (issue 16: at most 2x)
    .venv/bin/python benchmarks/rng_init.py --framework all --repeat 5

Each framework's script runs in fresh processes, alternating gradcompat and the real framework
(``.venvs/<framework>``) ``--repeat`` times so both see the same machine load; per part, the
fastest run counts (wall time, and process CPU time, which load inflates less). Printed: one
JSON line per framework with both sides' seconds and the ratios gradcompat / real.

- torch: ``nn.Embedding(32000, 512)`` (16.4M normals: the AVX2 Box-Muller) and 20
  ``nn.Linear(2048, 2048)`` (84M kaiming-uniform weights and uniform biases): 100M parameters.
- tensorflow: a Keras model's default init under ``keras.utils.set_random_seed`` (an
  ``Embedding(20000, 512)``: RandomUniform, and two ``Dense(2048)`` on 2048 inputs:
  GlorotUniform; 18.6M parameters), then ``tf.random.truncated_normal`` and ``normal`` of
  4M values each with an op seed.
- mindspore: ``nn.Embedding(20000, 512)`` (Normal), two ``nn.Dense(2048, 2048)`` (HeUniform
  weights, uniform biases) and ``initializer(TruncatedNormal(0.02), [2048, 2048])``.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

PRELUDE = r'''
import time, sys, importlib
parts, marks = [], []
def mark(name):
    marks.append((name, time.process_time(), time.perf_counter()))
def report():
    out = {}
    for (name, c1, t1), (_, c0, t0) in zip(marks[1:], marks[:-1]):
        out[name] = (t1 - t0, c1 - c0)
    print("RESULT", repr(out))
'''

TORCH = PRELUDE + r'''
torch = importlib.import_module(sys.argv[1])
nn = torch.nn
nn.Linear(8, 8), nn.Embedding(8, 8)  # warm up imports and the runtime
torch.manual_seed(0)
with torch.no_grad():
    mark("start")
    emb = nn.Embedding(32000, 512)
    mark("embedding_normal")
    lin = [nn.Linear(2048, 2048) for _ in range(20)]
    mark("linear_uniform")
report()
'''

TENSORFLOW = PRELUDE + r'''
if sys.argv[1] == "gradcompat":
    import gradcompat.tensorflow as tf
    from gradcompat.tensorflow import keras
else:
    import tensorflow as tf, keras
keras.layers.Dense(4).build((None, 4)); tf.random.normal([4], seed=1).numpy()  # warm up
keras.utils.set_random_seed(0)
mark("start")
emb = keras.layers.Embedding(20000, 512); emb.build((None,))
dense = [keras.layers.Dense(2048) for _ in range(2)]
for d in dense:
    d.build((None, 2048))
[w.numpy() for l in [emb] + dense for w in l.weights]
mark("keras_init")
tf.random.truncated_normal([4000, 1000], seed=1).numpy()
mark("truncated_normal")
tf.random.normal([4000, 1000], seed=2).numpy()
mark("normal")
report()
'''

MINDSPORE = PRELUDE + r'''
if sys.argv[1] == "gradcompat":
    import gradcompat.mindspore as ms
else:
    import mindspore as ms
from importlib import import_module
nn = ms.nn
init = import_module(ms.__name__ + ".common.initializer")
nn.Dense(4, 4), nn.Embedding(4, 4)  # warm up
ms.set_seed(0)
mark("start")
emb = nn.Embedding(20000, 512)
dense = [nn.Dense(2048, 2048) for _ in range(2)]
[p.asnumpy() for c in [emb] + dense for p in c.get_parameters()]
mark("layers_init")
init.initializer(init.TruncatedNormal(0.02), [2048, 2048], ms.float32).init_data().asnumpy()
mark("truncated_normal")
report()
'''

SCRIPTS = {"torch": (TORCH, "gradcompat.torch", "torch"), "tensorflow": (TENSORFLOW, "gradcompat", "real"),
           "mindspore": (MINDSPORE, "gradcompat", "real")}


def run(python: str, code: str, arg: str) -> dict[str, tuple[float, float]]:
    out = subprocess.run([python, "-c", code, arg], capture_output=True, text=True, check=True).stdout
    line = [l for l in out.splitlines() if l.startswith("RESULT ")][-1]
    return eval(line[len("RESULT "):])  # noqa: S307 (our own child's repr of a dict of floats)


def best(runs: list[dict]) -> dict:
    """Per part, the fastest wall and CPU time over the runs; 'total' is the fastest run's sum."""
    parts = list(runs[0])
    out = {p: {"wall": min(r[p][0] for r in runs), "cpu": min(r[p][1] for r in runs)} for p in parts}
    out["total"] = {"wall": min(sum(r[p][0] for p in parts) for r in runs),
                    "cpu": min(sum(r[p][1] for p in parts) for r in runs)}
    return out


def compare(framework: str, repeat: int, root: str) -> dict:
    code, ours_arg, theirs_arg = SCRIPTS[framework]
    real = os.path.join(root, ".venvs", framework, "bin", "python")
    ours, theirs = [], []
    for _ in range(repeat):  # alternate, so both sides see the same load
        ours.append(run(sys.executable, code, ours_arg))
        theirs.append(run(real, code, theirs_arg))
    a, b = best(ours), best(theirs)
    r3 = lambda v: round(v, 3)  # noqa: E731
    return {"framework": framework, "repeat": repeat,
            "gradcompat_s": {p: {k: r3(v) for k, v in a[p].items()} for p in a},
            "real_s": {p: {k: r3(v) for k, v in b[p].items()} for p in b},
            "ratio_wall": {p: round(a[p]["wall"] / b[p]["wall"], 2) for p in a},
            "ratio_cpu": {p: round(a[p]["cpu"] / b[p]["cpu"], 2) for p in a}}


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--framework", default="torch", choices=["torch", "tensorflow", "mindspore", "all"])
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for fw in (["torch", "tensorflow", "mindspore"] if args.framework == "all" else [args.framework]):
        print(json.dumps(compare(fw, args.repeat, root)), flush=True)


if __name__ == "__main__":
    main()
