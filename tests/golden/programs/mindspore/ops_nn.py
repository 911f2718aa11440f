"""nn primitives: activations, BiasAdd, Conv2D, MaxPool and the cross-entropy primitives."""
import numpy as np
from mindspore import ops, Tensor
from mindspore import dtype as mstype
from mindspore_checks import check
from harness import emit, emit_text

rng = np.random.RandomState(1)
x = Tensor(rng.uniform(-2.0, 2.0, (2, 4)).astype(np.float32))
bias = Tensor(np.array([0.1, -0.2, 0.3, 0.5], np.float32))
img = Tensor(rng.uniform(-1.0, 1.0, (2, 3, 5, 5)).astype(np.float32))
kernel = Tensor(rng.uniform(-0.5, 0.5, (4, 3, 3, 3)).astype(np.float32))
labels = Tensor(np.array([[0.0, 1.0, 0.0, 0.0], [0.25, 0.25, 0.5, 0.0]], np.float32))
sparse = Tensor(np.array([1, 3], np.int32))
# activations in float64, on inputs whose log-probabilities are far from 0: MindSpore's CPU
# LogSoftmax carries about 2e-6 absolute error (even in float64), XLA's does not
x64 = Tensor(x.asnumpy().astype(np.float64) / 4)
weights = Tensor(np.array([[0.5, -1.0, 0.25, 1.0], [1.0, -0.5, 0.75, -1.0]], np.float64))
nll_weights = Tensor(np.array([[-1.0, 0.0, -1.0, 0.0], [0.0, -1.0, 0.0, -1.0]], np.float64))
first_grad = ops.GradOperation()


for name, prim in [("relu", ops.ReLU()), ("sigmoid", ops.Sigmoid()), ("tanh", ops.Tanh()),
                   ("softmax", ops.Softmax()), ("softmax_axis0", ops.Softmax(axis=0)),
                   ("log_softmax", ops.LogSoftmax()), ("log_softmax_axis0", ops.LogSoftmax(axis=0))]:
    check(name, lambda t, p=prim, w=(nll_weights if "log" in name else weights): p(t) * w, x64)
check("bias_add", lambda t, b: ops.BiasAdd()(t, b), x, bias)
check("bias_add_nchw", lambda t, b: ops.BiasAdd()(t, b), img, Tensor(np.array([1.0, 2.0, 3.0], np.float32)))
check("conv2d_valid", lambda t, k: ops.Conv2D(out_channel=4, kernel_size=3)(t, k), img, kernel)
check("conv2d_same", lambda t, k: ops.Conv2D(out_channel=4, kernel_size=3, pad_mode="same")(t, k), img, kernel)
check("conv2d_pad_stride", lambda t, k: ops.Conv2D(4, 3, pad_mode="pad", pad=1, stride=2)(t, k), img, kernel)
check("conv2d_dilation", lambda t, k: ops.Conv2D(4, 3, dilation=2)(t, k), img, kernel)
check("conv2d_pad4", lambda t, k: ops.Conv2D(4, 3, pad_mode="pad", pad=(1, 0, 2, 1))(t, k), img, kernel)
check("maxpool", lambda t: ops.MaxPool(kernel_size=2, strides=2)(t), img)
check("maxpool_same", lambda t: ops.MaxPool(kernel_size=3, strides=2, pad_mode="SAME")(t), img)
check("maxpool_valid_s1", lambda t: ops.MaxPool(kernel_size=(2, 3), strides=1, pad_mode="valid")(t), img)
check("softmax_xent", lambda t, y: ops.SoftmaxCrossEntropyWithLogits()(t, y), x, labels)
check("softmax_xent_loss", lambda t, y: ops.SoftmaxCrossEntropyWithLogits()(t, y)[0], x, labels)
check("sparse_xent", lambda t, y: ops.SparseSoftmaxCrossEntropyWithLogits()(t, y), x, sparse, grad=first_grad)
emit("sparse_xent_training", ops.SparseSoftmaxCrossEntropyWithLogits(is_grad=True)(x, sparse))
emit("relu_f64", ops.ReLU()(Tensor(np.array([-1.0, 2.0]))))
emit("sigmoid_f16", ops.Sigmoid()(Tensor(np.array([-1.0, 2.0], np.float16))))
