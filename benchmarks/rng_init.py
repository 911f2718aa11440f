"""Drawing the weights of a ~100M-parameter model: gradcompat's torch stream vs real torch.

    .venv/bin/python benchmarks/rng_init.py            # gradcompat, and real torch side by side
Prints both times and their ratios (issue 16 asks for at most 2x), split by kind: Linear layers
(kaiming-uniform weights, uniform biases: torch's default init) and one Embedding (normal).
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
nn.Linear(8, 8), nn.Embedding(8, 8)  # warm up imports and the runtime
torch.manual_seed(0)
with torch.no_grad():
    t0 = time.perf_counter()
    emb = nn.Embedding(32000, 512)  # 16.4M normal draws (torch's AVX2 Box-Muller)
    t1 = time.perf_counter()
    lin = [nn.Linear(2048, 2048) for _ in range(20)]  # 84M kaiming-uniform + uniform bias draws
    t2 = time.perf_counter()
n = sum(p.numel() for l in [emb] + lin for p in l.parameters())
print(t1 - t0, t2 - t1, n)
'''


def run(python: str, module: str) -> tuple[float, float, int]:
    out = subprocess.run([python, "-c", CODE, module], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> None:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    torch_python = os.path.join(root, ".venvs", "torch", "bin", "python")
    emb, lin, n = run(sys.executable, "gradcompat.torch")
    t_emb, t_lin, _ = run(torch_python, "torch")
    print(json.dumps({"parameters": n,
                      "gradcompat_s": {"embedding_normal": round(emb, 3), "linear_uniform": round(lin, 3),
                                       "total": round(emb + lin, 3)},
                      "torch_s": {"embedding_normal": round(t_emb, 3), "linear_uniform": round(t_lin, 3),
                                  "total": round(t_emb + t_lin, 3)},
                      "ratio": {"embedding_normal": round(emb / t_emb, 2), "linear_uniform": round(lin / t_lin, 2),
                                "total": round((emb + lin) / (t_emb + t_lin), 2)}}))

if __name__ == "__main__":
    main()
