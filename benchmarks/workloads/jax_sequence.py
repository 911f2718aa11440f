"""Hand-written JAX references of the sequence workloads (torch_gpt.py, torch_lstm.py ...):
the same GPT and LSTM language models on the same weights (PyTorch names and layouts), one
``jax.jit`` of ``jax.value_and_grad`` plus SGD with momentum. Modes: ``gpt``, ``lstm``."""
import jax
import jax.numpy as jnp

from data import GPT, LSTM, gpt_weights, lstm_weights, tokens
from jax_training import cross_entropy, momentum_training


def _linear(p, name, x):
    y = x @ p[name + ".weight"].T
    return y + p[name + ".bias"] if name + ".bias" in p else y


def _layer_norm(p, name, x, eps=1e-5):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / jnp.sqrt(var + eps) * p[name + ".weight"] + p[name + ".bias"]


def gpt_loss(p, ids, targets, spec=GPT):
    B, T = ids.shape
    C, H = spec["width"], spec["heads"]
    x = p["tok.weight"][ids] + p["pos.weight"][jnp.arange(T)]
    mask = jnp.tril(jnp.ones((T, T), bool))
    for i in range(spec["layers"]):
        b = f"blocks.{i}."
        q, k, v = jnp.split(_linear(p, b + "qkv", _layer_norm(p, b + "ln1", x)), 3, axis=-1)
        q, k, v = (t.reshape(B, T, H, C // H).transpose(0, 2, 1, 3) for t in (q, k, v))
        scores = jnp.where(mask, q @ k.transpose(0, 1, 3, 2) / jnp.sqrt(C // H), -jnp.inf)
        y = (jax.nn.softmax(scores, axis=-1) @ v).transpose(0, 2, 1, 3).reshape(B, T, C)
        x = x + _linear(p, b + "proj", y)
        x = x + _linear(p, b + "out", jax.nn.gelu(_linear(p, b + "fc", _layer_norm(p, b + "ln2", x)), approximate=False))
    return cross_entropy(_linear(p, "head", _layer_norm(p, "ln_f", x)).reshape(-1, spec["vocab"]), targets)


def lstm_loss(p, ids, targets, spec=LSTM):
    x = p["embed.weight"][ids].transpose(1, 0, 2)  # time-major for the scan
    for layer in range(spec["layers"]):
        w_ih, w_hh = p[f"lstm.weight_ih_l{layer}"], p[f"lstm.weight_hh_l{layer}"]
        bias = p[f"lstm.bias_ih_l{layer}"] + p[f"lstm.bias_hh_l{layer}"]
        gates_in = x @ w_ih.T + bias  # the input projection for every step at once

        def cell(carry, g_in):
            h, c = carry
            i, f, g, o = jnp.split(g_in + h @ w_hh.T, 4, axis=-1)
            c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
            h = jax.nn.sigmoid(o) * jnp.tanh(c)
            return (h, c), h

        zeros = jnp.zeros((x.shape[1], spec["hidden"]), x.dtype)
        _, x = jax.lax.scan(cell, (zeros, zeros), gates_in)
    logits = _linear(p, "head", x.transpose(1, 0, 2))
    return cross_entropy(logits.reshape(-1, spec["vocab"]), targets)


def build(mode: str):
    if mode == "gpt":
        spec, weights, loss = GPT, gpt_weights(), gpt_loss
    elif mode == "lstm":
        spec, weights, loss = LSTM, lstm_weights(), lstm_loss
    else:
        raise ValueError(f"unknown mode {mode!r}")
    ids, targets = (jnp.asarray(a) for a in tokens(spec))
    return momentum_training(loss, {k: jnp.asarray(v) for k, v in weights.items()}, ids, targets)
