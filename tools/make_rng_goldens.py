"""Record real torch's CPU random draws, bit for bit, for tests/torch/test_rng_bits.py.

    .venvs/torch/bin/python tools/make_rng_goldens.py      # writes tests/torch/data/rng_bits.npz

``CASES`` is shared with the test, which runs the same calls with ``gradcompat.torch`` and
compares the raw bytes. The arrays are small (a few hundred KB compressed).
"""
from __future__ import annotations

import os
import sys

import numpy as np

SEEDS = (0, 1, 42, 123456789, 2**32 + 5, 2**63 + 11)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "torch", "data", "rng_bits.npz")


def cases(torch):
    """(name, thunk) pairs; each thunk draws from the default generator right after the seed."""
    f64 = torch.float64
    out = [
        ("rand", lambda: torch.rand(500)),
        ("rand64", lambda: torch.rand(300, dtype=f64)),
        ("uniform", lambda: torch.empty(500).uniform_(-0.37, 1.91)),
        ("uniform64", lambda: torch.empty(100, dtype=f64).uniform_(-3.0, 5.0)),
        ("normal_", lambda: torch.empty(400).normal_(0.3, 1.7)),
        ("normal_small", lambda: torch.empty(7).normal_(-1.0, 0.5)),
        ("randint", lambda: torch.randint(-100, 10**6, (300,))),
        ("randint_wide", lambda: torch.randint(0, 2**40, (50,))),
        ("randint_i32", lambda: torch.randint(0, 77, (60,), dtype=torch.int32)),
        ("randperm", lambda: torch.randperm(257)),
        ("random_", lambda: torch.empty(40, dtype=torch.int64).random_()),
        ("random_f32", lambda: torch.empty(40).random_()),
        ("random_i16", lambda: torch.empty(40, dtype=torch.int16).random_()),
        ("bernoulli_", lambda: torch.empty(200).bernoulli_(0.37)),
        ("bernoulli_t", lambda: torch.bernoulli(torch.linspace(0, 1, 150))),
        ("bernoulli_t64", lambda: torch.bernoulli(torch.linspace(0, 1, 50, dtype=f64))),
        ("exponential", lambda: torch.empty(200).exponential_(0.7)),
        ("exponential64", lambda: torch.empty(50, dtype=f64).exponential_(2.0)),
        ("geometric", lambda: torch.empty(50).geometric_(0.3)),
        ("cauchy", lambda: torch.empty(50, dtype=f64).cauchy_(1.0, 2.0)),
        ("log_normal", lambda: torch.empty(30, dtype=f64).log_normal_(0.0, 0.5)),
        ("multinomial_r", lambda: torch.multinomial(torch.tensor([[1.0, 2.0, 3.0, 4.0], [0.5, 0.0, 0.5, 2.0]]), 40, True)),
        ("multinomial", lambda: torch.multinomial(torch.rand(3, 30) + 0.01, 10)),
        ("dropout", lambda: torch.nn.functional.dropout(torch.ones(300), 0.25)),
        ("rand_f16", lambda: torch.rand(50, dtype=torch.float16)),
        ("randn_f16", lambda: torch.randn(40, dtype=torch.float16)),
        ("randn_bf16", lambda: torch.randn(37, dtype=torch.bfloat16).float()),
        ("uniform_f16", lambda: torch.empty(30, dtype=torch.float16).uniform_(-1, 2)),
        ("randint_u8", lambda: torch.randint(0, 10, (20,), dtype=torch.uint8)),
        ("randint_2p28", lambda: torch.randint(0, 2**28, (10,))),
        ("randint_below_2p28", lambda: torch.randint(0, 2**28 - 1, (10,))),
        ("random_i32_from", lambda: torch.empty(10, dtype=torch.int32).random_(-5, None)),
        ("random_full", lambda: torch.empty(10, dtype=torch.int64).random_(-2**63, None)),
        ("random_bool", lambda: torch.empty(20, dtype=torch.bool).random_()),
        ("state", lambda: torch.get_rng_state()),
    ]
    for n in (1, 2, 15, 16, 17, 31, 100, 1000, 4099):
        out.append((f"randn_{n}", lambda n=n: torch.randn(n)))
        out.append((f"randn64_{n}", lambda n=n: torch.randn(n, dtype=f64)))
    return out


def record(torch) -> dict[str, np.ndarray]:
    data = {}
    for seed in SEEDS:
        torch.manual_seed(seed)
        for name, thunk in cases(torch):
            data[f"{seed}/{name}"] = np.array(thunk().numpy())
    return data


if __name__ == "__main__":
    import torch
    data = record(torch)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    np.savez_compressed(OUT, **data)
    print(f"{len(data)} arrays -> {os.path.relpath(OUT)}", file=sys.stderr)
