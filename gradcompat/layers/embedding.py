"""Embedding-bag kernels: rows of a table gathered and reduced per bag (sum, mean, max), bags
given by start offsets; an optional padding row is left out of every bag."""
from __future__ import annotations

import jax
import jax.numpy as jnp

from ..core.eager import compiled_kernel as kernel


@kernel
def embedding_bag(weight, idx, offsets, *psw, mode: str, num_bags: int, padding_idx, drop_tail: bool):
    """Reduce ``weight[idx]`` over the bags that ``offsets`` start (1-D ``idx``). Empty bags give
    zeros; ``psw`` (per-sample weights) scale the rows in 'sum' mode; ``drop_tail``: indices at or
    after the last offset belong to no bag (torch's include_last_offset)."""
    n = idx.shape[0]
    pos = jnp.arange(n)
    # the bag of each index; with include_last_offset, indices past the last offset fall in the
    # last bag for max and for mean's count, but not for the sums (torch's CPU kernel does so)
    bag = jnp.minimum(jnp.searchsorted(offsets, pos, side="right") - 1, num_bags - 1)
    keep = jnp.ones((n,), bool) if padding_idx is None else idx != padding_idx
    summed = keep & (pos < offsets[-1]) if drop_tail else keep
    rows = jnp.take(weight, idx, axis=0)
    if psw:
        rows = rows * psw[0][:, None].astype(rows.dtype)
    # an extra segment collects what no bag takes
    if mode == "max":
        out = jax.ops.segment_max(rows, jnp.where(keep, bag, num_bags), num_segments=num_bags + 1)[:num_bags]
        count = jax.ops.segment_sum(keep.astype(rows.dtype), bag, num_segments=num_bags)
        return jnp.where(count[:, None] > 0, out, jnp.zeros((), rows.dtype))
    out = jax.ops.segment_sum(rows, jnp.where(summed, bag, num_bags), num_segments=num_bags + 1)[:num_bags]
    if mode == "mean":
        count = jax.ops.segment_sum(keep.astype(rows.dtype), bag, num_segments=num_bags)
        out = out / jnp.maximum(count, 1)[:, None]
    return out


@kernel
def grad_scaled_rows(weight, idx):
    """``weight`` itself, whose gradient reaches row r divided by how often ``idx`` holds r
    (torch's scale_grad_by_freq, applied before the lookup)."""
    counts = jnp.zeros((weight.shape[0],), weight.dtype).at[jnp.ravel(idx)].add(1)
    scale = 1 / jnp.maximum(counts, 1)
    frozen = jax.lax.stop_gradient(weight)
    return frozen + (weight - frozen) * scale[:, None]
