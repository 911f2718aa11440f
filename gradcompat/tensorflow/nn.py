"""``tf.nn``: activations, losses, convolution and pooling (see ``nn_ops``)."""
from .more_math_ops import l2_normalize, top_k  # noqa: F401
from .nn_ops import (avg_pool, avg_pool2d, bias_add, conv2d, dropout, elu, gelu, l2_loss, leaky_relu,  # noqa: F401
                     log_softmax, max_pool, max_pool2d, relu, relu6, selu, sigmoid, sigmoid_cross_entropy_with_logits,
                     silu, softmax, softmax_cross_entropy_with_logits, softplus,
                     sparse_softmax_cross_entropy_with_logits, swish, tanh)
from .basic_ops import embedding_lookup  # noqa: F401
from .distribute.nn import compute_average_loss, scale_regularization_loss  # noqa: F401
