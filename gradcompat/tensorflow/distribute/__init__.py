"""``tf.distribute``: strategies (``MirroredStrategy`` over this process's JAX devices,
``OneDeviceStrategy``, the default one), replica contexts, distributed values and input.

Keras ``fit`` / ``evaluate`` of a model made under ``strategy.scope()`` train data-parallel with
TF's numbers (see ``gradcompat.tensorflow.keras.distributed``).

Known differences: ``run`` inside ``tf.function`` traces every replica into one XLA program on
one device (eager ``run`` places each replica on its device; Keras ``fit`` shards the batch over
all of them); a MirroredVariable has one storage (copies only where TF's drift apart); strategy
objects print as gradcompat's classes; no MultiWorkerMirroredStrategy / TPUStrategy /
ParameterServerStrategy yet."""
from types import SimpleNamespace as _Namespace

from .distribute_lib import (CrossDeviceOps, HierarchicalCopyAllReduce, MirroredStrategy,  # noqa: F401
                             NcclAllReduce, OneDeviceStrategy, ReduceOp, ReductionToOneDevice, ReplicaContext,
                             Strategy, StrategyExtended, get_cross_replica_context, get_replica_context,
                             get_strategy, has_strategy, in_cross_replica_context)
from .input_lib import DistributedDataset, DistributedIterator, InputContext, InputOptions  # noqa: F401
from .input_lib import ValueContext as _ValueContext
from .values import DistributedValues, Mirrored, MirroredVariable, PerReplica  # noqa: F401
from .values import _install_variable_hook

_install_variable_hook()  # tf.Variable(...) under a MirroredStrategy's scope makes a MirroredVariable
experimental = _Namespace(ValueContext=_ValueContext)

__all__ = ["CrossDeviceOps", "HierarchicalCopyAllReduce", "NcclAllReduce", "ReductionToOneDevice",
           "MirroredStrategy", "OneDeviceStrategy", "ReduceOp", "ReplicaContext", "Strategy", "StrategyExtended",
           "get_cross_replica_context", "get_replica_context", "get_strategy", "has_strategy",
           "in_cross_replica_context", "DistributedDataset", "DistributedIterator", "InputContext", "InputOptions",
           "DistributedValues", "Mirrored", "MirroredVariable", "PerReplica", "experimental"]
