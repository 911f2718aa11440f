"""Keras ``fit`` / ``evaluate`` under a ``tf.distribute`` strategy, as Keras 3 runs them on
TensorFlow, with TF's numbers:

- a training batch that splits evenly, on a model without per-batch statistics
  (BatchNormalization), runs as one SPMD program: the global batch is sharded across the
  strategy's JAX devices and XLA all-reduces the gradients (real data parallelism). The mean
  of the replicas' mean losses is then the global mean, so the numbers are TF's up to float
  rounding; so are evaluation batches, whose metrics only accumulate;
- any other batch (a last batch of 3 over 2 replicas) runs the step once per replica
  (``strategy.run``: each loss scaled by 1 / replicas, the optimizer's merge sums the
  gradients, every replica updates the metrics), which is how TF computes it.

The logs are the metrics' results once every replica has run."""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ..distribute import sharding
from ..distribute.input_lib import distribute_batch, split_sizes
from ..distribute.values import map_leaves


def model_strategy(model):
    """The strategy ``model`` was compiled under, or None for the default / one-replica case."""
    strategy = model.distribute_strategy
    if strategy.num_replicas_in_sync == 1:
        return None
    return strategy


@contextlib.contextmanager
def strategy_scope(model) -> Iterator[None]:
    """The model's strategy's scope (nothing for the default strategy)."""
    strategy = model_strategy(model)
    if strategy is None:
        yield
        return
    from ..distribute.distribute_lib import get_strategy
    if get_strategy() is strategy:
        yield
        return
    with strategy.scope():
        yield


def _batch_rows(data: Any) -> int | None:
    rows: list = []
    map_leaves(lambda t: rows.append(getattr(t, "shape", None)), data)
    for shape in rows:
        if shape is not None and shape.rank:
            return None if shape[0] is None else int(shape[0])
    return None


def _per_batch_statistics(model) -> bool:
    layers = getattr(model, "_flatten_layers", None)
    found = list(layers()) if callable(layers) else list(getattr(model, "layers", []))
    return any("BatchNormalization" in type(layer).__name__ for layer in found)


def distributed_step(model, step: Callable, training: bool = True) -> Callable[[Any], Any]:
    """``step(data)``, or under a multi-replica strategy the data-parallel step described in
    the module docstring, returning the metrics' results."""
    strategy = model_strategy(model)
    if strategy is None:
        return lambda data: step(data)
    replicas = strategy.num_replicas_in_sync

    def run(data):
        rows = _batch_rows(data)
        even = rows is not None and len(set(split_sizes(rows, replicas))) == 1
        if not training or (even and not _per_batch_statistics(model)):
            with sharding.global_batch_step():
                step(sharding.shard_batch(strategy, data))
        else:
            strategy.run(step, args=(distribute_batch(data, replicas),))
        return model.get_metrics_result()
    return run
