"""``tf.compat.v1.train``: TF1's graph-mode optimizers and the global step."""
from .global_step import create_global_step, get_global_step, get_or_create_global_step  # noqa: F401
from .optimizer import Optimizer  # noqa: F401
from .optimizers import (AdadeltaOptimizer, AdagradOptimizer, AdamOptimizer, FtrlOptimizer,  # noqa: F401
                         GradientDescentOptimizer, MomentumOptimizer, RMSPropOptimizer)
from .schedules import exponential_decay  # noqa: F401
from ..checkpoint.object_checkpoint import Checkpoint, CheckpointManager  # noqa: F401
from ..checkpoint.reader import list_variables, load_checkpoint, load_variable  # noqa: F401
from ..checkpoint.saver import Saver  # noqa: F401
from ..checkpoint.state import latest_checkpoint  # noqa: F401

__all__ = ["Checkpoint", "CheckpointManager", "Saver", "latest_checkpoint", "list_variables", "load_checkpoint",
           "load_variable", "AdadeltaOptimizer", "AdagradOptimizer", "FtrlOptimizer", "RMSPropOptimizer", "AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer",
           "create_global_step", "exponential_decay", "get_global_step", "get_or_create_global_step"]
