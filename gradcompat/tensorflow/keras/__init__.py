"""``tf.keras`` (Keras 3 on TensorFlow): the pieces a GradientTape training loop uses.

Layers (``Dense``, ``Embedding``, ``Flatten``), models (``Sequential``, subclassed ``Model``),
losses (``MeanSquaredError``, ``SparseCategoricalCrossentropy``), optimizers (``SGD``, ``Adam``),
metrics (``Mean``, ``SparseCategoricalAccuracy``) and initializers, computing with the
TensorFlow dialect's ops.
"""
from . import activations, backend, initializers, layers, losses, metrics, optimizers  # noqa: F401
from . import callbacks, random, saving, utils  # noqa: F401,E402
from .layers import Input, InputSpec, KerasTensor, Layer  # noqa: F401
from .models import Model, Sequential  # noqa: F401
from . import functional  # noqa: F401,E402  (keras.Model(inputs, outputs) builds a functional.Functional)
from .variables import Variable  # noqa: F401

__version__ = "3.15.1"
