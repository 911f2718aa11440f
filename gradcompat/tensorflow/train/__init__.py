"""``tf.compat.v1.train``: TF1's graph-mode optimizers and the global step."""
from .global_step import create_global_step, get_global_step, get_or_create_global_step  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from .optimizers import AdamOptimizer, GradientDescentOptimizer, MomentumOptimizer  # noqa: F401
from .schedules import exponential_decay  # noqa: F401

__all__ = ["AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
           "create_global_step", "exponential_decay", "get_global_step", "get_or_create_global_step"]
