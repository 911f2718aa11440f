"""``tf.compat.v1.nn``: TF2's ``tf.nn`` with the v1 softmax cross-entropy functions."""
from ...nn import *  # noqa: F401,F403
from ...v1_ops import softmax_cross_entropy_with_logits, softmax_cross_entropy_with_logits_v2  # noqa: F401
from ...basic_ops import dropout_v1 as dropout, embedding_lookup_v1 as embedding_lookup  # noqa: F401,E402
