"""Drawing the weights of a ~100M-parameter model: gradcompat's torch stream vs real torch.

    .venv/bin/python benchmarks/rng_init.py            # gradcompat, and real torch side by side
Prints both times and their ratios (issue 16 asks for at most 2x), split by kind: Linear layers
(kaiming-uniform weights, uniform biases: torch's default init) and one Embedding (normal).
Each side runs ``--repeat`` times (alternating, fresh processes) and the fastest run counts, so
a busy machine's noise is smaller; ``cpu_ratio`` compares process CPU time, which load inflates
less than wall time.
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
    c0, t0 = time.process_time(), time.perf_counter()
    emb = nn.Embedding(32000, 512)  # 16.4M normal draws (torch's AVX2 Box-Muller)
    t1 = time.perf_counter()
    lin = [nn.Linear(2048, 2048) for _ in range(20)]  # 84M kaiming-uniform + uniform bias draws
    c2, t2 = time.process_time(), time.perf_counter()
n = sum(p.numel() for l in [emb] + lin for p in l.parameters())
print(t1 - t0, t2 - t1, n, c2 - c0)
'''


def run(python: str, module: str) -> tuple[float, float, int, float]:
    out = subprocess.run([python, "-c", CODE, module], capture_output=True, text=True, check=True).stdout.split()
    return float(out[0]), float(out[1]), int(out[2]), float(out[3])


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    torch_python = os.path.join(root, ".venvs", "torch", "bin", "python")
    ours, theirs = [], []
    for _ in range(repeat):  # alternate, so both sides see the same load
        ours.append(run(sys.executable, "gradcompat.torch"))
        theirs.append(run(torch_python, "torch"))
    emb, lin, n, cpu = min(ours, key=lambda r: r[0] + r[1])
    t_emb, t_lin, _, t_cpu = min(theirs, key=lambda r: r[0] + r[1])
    cpu, t_cpu = min(r[3] for r in ours), min(r[3] for r in theirs)
    print(json.dumps({"parameters": n, "cpu_s": {"gradcompat": round(cpu, 3), "torch": round(t_cpu, 3)},
                      "cpu_ratio": round(cpu / t_cpu, 2),
                      "gradcompat_s": {"embedding_normal": round(emb, 3), "linear_uniform": round(lin, 3),
                                       "total": round(emb + lin, 3)},
                      "torch_s": {"embedding_normal": round(t_emb, 3), "linear_uniform": round(t_lin, 3),
                                  "total": round(t_emb + t_lin, 3)},
                      "ratio": {"embedding_normal": round(emb / t_emb, 2), "linear_uniform": round(lin / t_lin, 2),
                                "total": round((emb + lin) / (t_emb + t_lin), 2)}}))

if __name__ == "__main__":
    main()
