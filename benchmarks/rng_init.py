"""Drawing the weights of a ~100M-parameter model: gradcompat's torch stream vs real torch.

    .venv/bin/python benchmarks/rng_init.py            # gradcompat, and real torch side by side
Prints both times and their ratio (issue 16 asks for at most 2x). The model is Linear layers
(kaiming-uniform weights, uniform biases: torch's default init) plus one Embedding (normal).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

CODE = r'''
import time, sys
import importlib
torch = importlib.import_module(sys.argv[1])
nn = torch.nn
def build():
    layers = [nn.Embedding(32000, 512)]  # 16.4M normal draws
    for _ in range(10):
        layers += [nn.Linear(2048, 2048), nn.Linear(2048, 2048)]  # 84M uniform draws
    return layers
torch.manual_seed(0)
with torch.no_grad():
    t0 = time.perf_counter(); layers = build(); t = time.perf_counter() - t0
n = sum(p.numel() for l in layers for p in l.parameters())
print(t, n)
'''


def run(python: str, module: str) -> tuple[float, int]:
    out = subprocess.run([python, "-c", CODE, module], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    torch_python = os.path.join(root, ".venvs", "torch", "bin", "python")
    ours, n = run(sys.executable, "gradcompat.torch")
    theirs, _ = run(torch_python, "torch")
    print(json.dumps({"parameters": n, "gradcompat_s": round(ours, 3), "torch_s": round(theirs, 3),
                      "ratio": round(ours / theirs, 2)}))


if __name__ == "__main__":
    main()
