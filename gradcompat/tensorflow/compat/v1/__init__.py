"""``tf.compat.v1``: the TF1 API (graph mode, ``Session``, ``get_variable``, ``gradients``).

The ops are the TF2 top level's, shared (not copied); this module adds the TF1 names.
"""
import importlib as _importlib

from ..._common import *  # noqa: F401,F403
from ...v1_ops import (arg_max, arg_min, argmax, argmin, div, random_normal, random_uniform,  # noqa: F401
                       reduce_all, reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                       reduce_sum, set_random_seed, to_double, to_float, to_int32, to_int64, truncated_normal)
from ...v1_ops import get_seed, multinomial, random_shuffle  # noqa: F401
from ...autodiff import gradients, hessians  # noqa: F401
from ...control_flow_ops import cond_v1 as cond, while_loop_v1 as while_loop  # noqa: F401
from ...graph import (GraphKeys, disable_eager_execution, disable_resource_variables,  # noqa: F401
                      disable_v2_behavior, enable_eager_execution, enable_v2_behavior,
                      get_default_graph, reset_default_graph)
from ...initializers import (glorot_uniform_initializer, random_normal_initializer,  # noqa: F401
                            random_uniform_initializer, truncated_normal_initializer)
from ...placeholders import placeholder, placeholder_with_default  # noqa: F401
from ... import train  # noqa: F401
from ...session_config import ConfigProto, GPUOptions, RunMetadata, RunOptions  # noqa: F401
from . import logging  # noqa: F401
from ...scopes import AUTO_REUSE, VariableScope, get_variable_scope, name_scope, variable_scope  # noqa: F401
from ...operations import (Operation, control_dependencies, global_variables_initializer,  # noqa: F401
                           local_variables_initializer, no_op, variables_initializer)
from ...session import IndexedSlicesValue, InteractiveSession, Session, get_default_session  # noqa: F401
from ...variables import (assign, assign_add, assign_sub, get_variable, global_variables,  # noqa: F401
                         local_variables, trainable_variables)


# v1's tf.nn (its softmax cross-entropy differs); `from . import nn` would keep TF2's nn, bound above
nn = _importlib.import_module(f"{__name__}.nn")


def get_collection(key: str, scope=None) -> list:
    """``tf.compat.v1.get_collection`` from the default graph."""
    return get_default_graph().get_collection(key, scope)


def add_to_collection(name: str, value) -> None:
    """``tf.compat.v1.add_to_collection`` on the default graph."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value) -> None:
    """``tf.compat.v1.add_to_collections``: one value into several collections."""
    for name in [names] if isinstance(names, str) else names:
        add_to_collection(name, value)


def initialize_all_variables():
    return global_variables_initializer()


def __getattr__(name):
    if name == "compat":
        from ... import compat
        return compat
    raise AttributeError(f"module 'tensorflow.compat.v1' has no attribute '{name}'")
