"""TF1's global step: an int64 scalar variable ``global_step`` in the GLOBAL_STEP collection."""
from __future__ import annotations

from ..dtypes import int64
from ..graph import GraphKeys, get_default_graph
from ..initializers import Zeros
from ..variables import Variable, get_variable


def get_global_step(graph=None) -> Variable | None:
    """``tf.compat.v1.train.get_global_step``: the graph's global step variable, or None."""
    found = (graph or get_default_graph()).get_collection(GraphKeys.GLOBAL_STEP)
    return found[0] if found else None


def create_global_step(graph=None) -> Variable:
    """``tf.compat.v1.train.create_global_step``: a new global step (TF's error if one exists)."""
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        step = get_variable("global_step", shape=[], dtype=int64, initializer=Zeros(), trainable=False)
    graph.add_to_collection(GraphKeys.GLOBAL_STEP, step)
    return step


def get_or_create_global_step(graph=None) -> Variable:
    """``tf.compat.v1.train.get_or_create_global_step``."""
    step = get_global_step(graph)
    return create_global_step(graph) if step is None else step
