"""``tf.distribute``: strategies (``MirroredStrategy`` over this process's JAX devices,
``OneDeviceStrategy``, the default one), replica contexts, distributed values and input.

Keras ``fit`` / ``evaluate`` on a model compiled under ``strategy.scope()`` run each step per
replica with TF's semantics (see ``gradcompat.tensorflow.keras.training``)."""
from .distribute_lib import (MirroredStrategy, OneDeviceStrategy, ReduceOp, ReplicaContext, Strategy,  # noqa: F401
                             StrategyExtended, get_cross_replica_context, get_replica_context, get_strategy,
                             has_strategy, in_cross_replica_context)
from .input_lib import DistributedDataset, InputContext  # noqa: F401
from .values import DistributedValues, Mirrored, MirroredVariable, PerReplica  # noqa: F401
from types import SimpleNamespace as _Namespace
from .input_lib import ValueContext as _ValueContext

from .values import _install_variable_hook

_install_variable_hook()
experimental = _Namespace(ValueContext=_ValueContext)

__all__ = ["MirroredStrategy", "OneDeviceStrategy", "ReduceOp", "ReplicaContext", "Strategy", "StrategyExtended",
           "get_cross_replica_context", "get_replica_context", "get_strategy", "has_strategy",
           "in_cross_replica_context", "DistributedDataset", "InputContext", "DistributedValues", "Mirrored",
           "MirroredVariable", "PerReplica", "experimental"]
