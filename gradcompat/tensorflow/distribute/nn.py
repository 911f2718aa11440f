"""``tf.nn.compute_average_loss`` and ``tf.nn.scale_regularization_loss``: losses scaled for
the replicas of the strategy in effect, as TF's ``nn_impl_distribute``."""
from __future__ import annotations

from . import distribute_lib


def _in_replica_context(name: str) -> None:
    if distribute_lib.has_strategy() and distribute_lib.in_cross_replica_context():
        raise RuntimeError(f"You are calling `{name}` in cross replica context, while it was expected to be "
                           "called in replica context.")


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """Sum of ``per_example_loss`` (times ``sample_weight``) over the global batch size:
    ``global_batch_size`` when given, else this replica's batch times the replica count."""
    from .. import dtypes
    from ..math_ops import cast, multiply
    from ..math import divide_no_nan as div_no_nan
    from ..array_ops import shape
    from ..reduction_ops import reduce_sum
    from ..tensor import convert_to_tensor
    per_example_loss = convert_to_tensor(per_example_loss)
    if sample_weight is not None:
        per_example_loss = multiply(per_example_loss, cast(convert_to_tensor(sample_weight), per_example_loss.dtype))
    replicas = distribute_lib.get_strategy().num_replicas_in_sync
    if global_batch_size is None:
        _in_replica_context("compute_average_loss")
        batch = shape(per_example_loss, out_type=dtypes.int64)[0] if per_example_loss.shape.rank else 1
        global_batch_size = multiply(cast(batch, dtypes.int64), replicas)
    total = reduce_sum(per_example_loss)
    return div_no_nan(total, cast(global_batch_size, per_example_loss.dtype))


def scale_regularization_loss(regularization_loss):
    """The regularization loss divided by the replica count."""
    from ..math_ops import truediv
    from ..reduction_ops import reduce_sum
    _in_replica_context("scale_regularization_loss")
    replicas = distribute_lib.get_strategy().num_replicas_in_sync
    return truediv(reduce_sum(regularization_loss), replicas)
