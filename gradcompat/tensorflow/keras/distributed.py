"""Keras ``fit`` / ``evaluate`` under a ``tf.distribute`` strategy, as Keras 3 runs them on
TensorFlow: each global batch is split across the replicas (TF's rebatching), the step runs once
per replica (``strategy.run``: losses scaled by 1 / replicas, gradients summed by the optimizer's
merge, metrics accumulated by every replica), and the logs are the metrics' results after all
replicas. Uneven splits (a last batch of 3 over 2 replicas) give TF's numbers, not those of one
global batch."""
from __future__ import annotations

import contextlib
from typing import Any, Callable, Iterator

from ..distribute.input_lib import distribute_batch


def model_strategy(model):
    """The strategy ``model`` was compiled under, or None for the default / one-replica case."""
    strategy = getattr(model, "_distribute_strategy", None)
    if strategy is None or strategy.num_replicas_in_sync == 1:
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


def distributed_step(model, step: Callable) -> Callable[[Any], Any]:
    """``step(data)``, or under a multi-replica strategy: ``step`` run per replica on the parts
    of ``data``, returning the metrics' results."""
    strategy = model_strategy(model)
    if strategy is None:
        return lambda data: step(data)

    def run(data):
        strategy.run(step, args=(distribute_batch(data, strategy.num_replicas_in_sync),))
        return model.get_metrics_result()
    return run
