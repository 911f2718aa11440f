"""``gradcompat.transfer``: move weights between a PyTorch module, a MindSpore Cell and a Keras
model written in gradcompat's dialects, layer by layer.

Each model is read as its sequence of layers with weights, in definition order, and each
layer's weights are put in one canonical form (PyTorch's names and layouts: ``weight`` (out,
in) for dense layers, (out, in, kh, kw) for convolutions, ``weight``/``bias``/
``running_mean``/``running_var`` for batch norm). The adapters translate each framework's
names and layouts to and from that form: MindSpore's ``gamma``/``beta``/``moving_mean``/
``moving_variance`` and ``embedding_table``, Keras' ``kernel`` (in, out) and HWIO conv
kernels. Every pair of layers is checked (kind, which weights, shapes) before anything is
written, so a mismatch never leaves a partial copy.

Only weights move. Settings that differ between the frameworks' layers stay as each model
has them: LayerNorm's epsilon (1e-5 in PyTorch, 1e-3 in Keras, 1e-7 in MindSpore), batch
norm momentum conventions, padding modes and MindSpore's Conv2d ``has_bias=False`` default.
"""
from .compare import Comparison, compare
from .core import TransferError, TransferReport, transfer
from .layers import LayerWeights

__all__ = ["Comparison", "LayerWeights", "TransferError", "TransferReport", "compare", "transfer"]
