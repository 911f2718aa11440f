"""Backward over very deep eager graphs (issue 12, Speed): a 20,000-step chain
``y = y + y * 1e-6`` (torch's test_free_deep_graph, shorter) and an RNN cell unrolled in Python
over 2,000 steps.

Modes: ``chain`` / ``rnn`` time ``backward()`` alone, over a graph built before the step (a pool is
built by ``build``); ``chain_step`` / ``rnn_step`` time forward and backward together.
"""
import numpy as np
import torch

CHAIN_DEPTH = 20000
RNN_STEPS = 2000
RNN_BATCH, RNN_IN, RNN_HIDDEN = 4, 8, 16
POOL = 12  # graphs built ahead for the backward-only modes (first steps + steady steps)


def _chain():
    x = torch.tensor(np.array([0.5], np.float32), requires_grad=True)
    y = x.clone()
    for _ in range(CHAIN_DEPTH):
        y = y + y * 1e-6
    return x, y


def _rnn_inputs():
    rng = np.random.default_rng(11)
    w = torch.tensor((rng.normal(size=(RNN_IN, RNN_HIDDEN)) * 0.3).astype(np.float32), requires_grad=True)
    u = torch.tensor((rng.normal(size=(RNN_HIDDEN, RNN_HIDDEN)) * 0.3).astype(np.float32), requires_grad=True)
    b = torch.tensor(np.zeros(RNN_HIDDEN, np.float32), requires_grad=True)
    xs = torch.tensor(rng.normal(size=(RNN_STEPS, RNN_BATCH, RNN_IN)).astype(np.float32))
    return w, u, b, xs


def _rnn(params):
    w, u, b, xs = params
    h = torch.zeros(RNN_BATCH, RNN_HIDDEN)
    for t in range(RNN_STEPS):
        h = torch.tanh(xs[t] @ w + h @ u + b)
    return w, h.sum()


def build(mode: str):
    if mode not in ("chain", "rnn", "chain_step", "rnn_step"):
        raise ValueError(f"unknown mode {mode!r}")
    params = _rnn_inputs()
    make = _chain if mode.startswith("chain") else (lambda: _rnn(params))

    def run(graph):
        leaf, out = graph
        out.backward()
        grad = leaf.grad[0] if leaf.grad.dim() == 1 else leaf.grad[0, 0]
        leaf.grad = None
        return grad.item()

    if mode.endswith("_step"):
        return lambda: run(make())
    pool = [make() for _ in range(POOL)]

    def step():
        return run(pool.pop() if pool else make())  # an empty pool times the forward too
    return step
