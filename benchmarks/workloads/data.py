"""Deterministic inputs and initial weights shared by every contender of a workload.

Every contender (hand-written JAX, gradcompat, the real framework) starts from the same
numpy arrays, so after the same number of steps they report the same loss: the timing
compares the same work. Only numpy is needed (it runs in every framework's environment).
"""
from __future__ import annotations

import numpy as np

MLP_SIZES = (784, 256, 256, 10)
BATCH = 128
CLASSES = 10


def batch(features: int | tuple = 784, size: int = BATCH, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """One fixed batch: float32 inputs and int labels in [0, CLASSES)."""
    rng = np.random.default_rng(seed)
    shape = (size, features) if isinstance(features, int) else (size, *features)
    return rng.normal(size=shape).astype(np.float32), rng.integers(0, CLASSES, size=size)


def mlp_weights(sizes=MLP_SIZES, seed: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weight, bias) per layer, weight as (fan_in, fan_out), scaled like a uniform init."""
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        bound = 1.0 / np.sqrt(fan_in)
        layers.append((rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
                       rng.uniform(-bound, bound, (fan_out,)).astype(np.float32)))
    return layers


CNN_CHANNELS = (1, 8, 16)
CNN_KERNEL = 3


def cnn_weights(seed: int = 2) -> dict[str, np.ndarray]:
    """Two 3x3 convolutions (OIHW) with 2x2 max-pooling after each, then a dense layer."""
    rng = np.random.default_rng(seed)
    (c0, c1, c2), k = CNN_CHANNELS, CNN_KERNEL
    flat = c2 * 7 * 7

    def uniform(shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return rng.uniform(-bound, bound, shape).astype(np.float32)

    return {"conv1_w": uniform((c1, c0, k, k), c0 * k * k), "conv1_b": uniform((c1,), c0 * k * k),
            "conv2_w": uniform((c2, c1, k, k), c1 * k * k), "conv2_b": uniform((c2,), c1 * k * k),
            "fc_w": uniform((flat, CLASSES), flat), "fc_b": uniform((CLASSES,), flat)}


def chain_input(size: int = 64, seed: int = 3) -> np.ndarray:
    """The input of the 50-op scalar function of the gradient-API micro benchmarks."""
    return np.random.default_rng(seed).uniform(0.1, 0.9, size).astype(np.float32)


def operands(size: int = 64, seed: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Two square float32 matrices for the per-op overhead micro benchmarks."""
    rng = np.random.default_rng(seed)
    return (rng.normal(size=(size, size)).astype(np.float32),
            rng.normal(size=(size, size)).astype(np.float32))


# ----- sequence models (issue 17's bigger workloads) -------------------------------------------

GPT = {"vocab": 512, "width": 384, "layers": 6, "heads": 6, "seq": 256, "batch": 8}
LSTM = {"vocab": 512, "embed": 128, "hidden": 256, "layers": 2, "seq": 64, "batch": 32}


def tokens(spec: dict, seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """A batch of token ids (batch, seq) and the next-token targets, flattened (batch * seq,)."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, spec["vocab"], size=(spec["batch"], spec["seq"] + 1))
    return ids[:, :-1].copy(), ids[:, 1:].reshape(-1).copy()


def _uniform(rng, shape, fan_in):
    bound = 1.0 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, shape).astype(np.float32)


def gpt_weights(spec: dict = GPT, seed: int = 6) -> dict[str, np.ndarray]:
    """A GPT's parameters by their PyTorch names (Linear weights as (out, in))."""
    rng = np.random.default_rng(seed)
    d, v = spec["width"], spec["vocab"]
    w = {"tok.weight": rng.normal(0, 0.02, (v, d)).astype(np.float32),
         "pos.weight": rng.normal(0, 0.02, (spec["seq"], d)).astype(np.float32),
         "ln_f.weight": np.ones(d, np.float32), "ln_f.bias": np.zeros(d, np.float32),
         "head.weight": _uniform(rng, (v, d), d)}
    for i in range(spec["layers"]):
        p = f"blocks.{i}."
        for name, (out, fan_in) in {"qkv": (3 * d, d), "proj": (d, d), "fc": (4 * d, d), "out": (d, 4 * d)}.items():
            w[p + name + ".weight"] = _uniform(rng, (out, fan_in), fan_in)
            w[p + name + ".bias"] = _uniform(rng, (out,), fan_in)
        for name in ("ln1", "ln2"):
            w[p + name + ".weight"] = np.ones(d, np.float32)
            w[p + name + ".bias"] = np.zeros(d, np.float32)
    return w


def lstm_weights(spec: dict = LSTM, seed: int = 7) -> dict[str, np.ndarray]:
    """An LSTM language model's parameters by their PyTorch names (gates i, f, g, o)."""
    rng = np.random.default_rng(seed)
    e, h, v = spec["embed"], spec["hidden"], spec["vocab"]
    w = {"embed.weight": rng.normal(0, 1.0, (v, e)).astype(np.float32),
         "head.weight": _uniform(rng, (v, h), h), "head.bias": _uniform(rng, (v,), h)}
    for layer in range(spec["layers"]):
        fan_in = e if layer == 0 else h
        w[f"lstm.weight_ih_l{layer}"] = _uniform(rng, (4 * h, fan_in), h)
        w[f"lstm.weight_hh_l{layer}"] = _uniform(rng, (4 * h, h), h)
        w[f"lstm.bias_ih_l{layer}"] = _uniform(rng, (4 * h,), h)
        w[f"lstm.bias_hh_l{layer}"] = _uniform(rng, (4 * h,), h)
    return w
