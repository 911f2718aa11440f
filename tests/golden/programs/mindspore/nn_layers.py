"""nn layers from explicit weights: forward values and gradients (inputs and weights) of
Dense, Conv2d, activations, Flatten, Dropout, BatchNorm1d/2d (train and eval, moving
statistics), LayerNorm, Embedding, MaxPool2d; their Parameter names and reprs."""
import numpy as np
import mindspore
import mindspore.nn as nn
from mindspore import Tensor, ParameterTuple, ops
from harness import emit, emit_text

rng = np.random.default_rng(3)


def t(*shape):
    return Tensor(rng.normal(size=shape).astype(np.float32))


def grads(net, *inputs):
    """Gradients of the sum of the output wrt every input and every trainable weight."""
    weights = ParameterTuple(net.trainable_params())
    return ops.GradOperation(get_all=True, get_by_list=True)(net, weights)(*inputs)


def weighted_grads(net, x):
    """Gradients of a random weighting of the output (sums of normalized outputs are 0)."""
    weights = ParameterTuple(net.trainable_params())
    sens = Tensor(rng.normal(size=net(x).shape).astype(np.float32))
    return ops.GradOperation(get_all=True, get_by_list=True, sens_param=True)(net, weights)(x, sens)


dense = nn.Dense(3, 2, weight_init=t(2, 3), bias_init=t(2), activation='sigmoid')
x = t(4, 3)
emit("dense", dense(x))
emit("dense_grads", grads(dense, x))
emit_text("dense_names", [n for n, _ in dense.parameters_and_names()])
emit_text("dense_repr", repr(dense))
emit("dense_3d", nn.Dense(3, 2, weight_init=t(2, 3), bias_init='zeros', has_bias=False)(t(2, 4, 3)))

conv = nn.Conv2d(2, 3, 3, weight_init=t(3, 2, 3, 3))
img = t(2, 2, 5, 5)
emit("conv_same", conv(img))
emit("conv_grads", grads(conv, img))
conv_valid = nn.Conv2d(2, 3, (2, 3), stride=2, pad_mode='valid', has_bias=True, weight_init=t(3, 2, 2, 3),
                       bias_init=t(3))
emit("conv_valid", conv_valid(img))
emit("conv_valid_grads", grads(conv_valid, img))
conv_pad = nn.Conv2d(2, 2, 3, pad_mode='pad', padding=1, weight_init=t(2, 2, 3, 3))
emit("conv_pad", conv_pad(img))
emit_text("conv_names", [n for n, _ in conv_valid.parameters_and_names()])

pool = nn.MaxPool2d(kernel_size=2, stride=2)
emit("maxpool", pool(img))
emit("maxpool_grads", grads(pool, img))
emit_text("maxpool_repr", repr(pool))
emit("maxpool_same", nn.MaxPool2d(3, 2, 'same')(img))

a = Tensor(np.array([[-1.0, 0.0, 2.0], [0.5, -0.5, 1.2]], np.float32))
for name, cell in (("relu", nn.ReLU()), ("sigmoid", nn.Sigmoid()), ("tanh", nn.Tanh()),
                   ("softmax", nn.Softmax()), ("softmax0", nn.Softmax(axis=0))):
    emit(name, cell(a))
    emit(name + "_grad", ops.GradOperation()(cell)(a))
emit_text("activation_reprs", [repr(c) for c in (nn.ReLU(), nn.Sigmoid(), nn.Tanh(), nn.Softmax())])

emit("flatten", nn.Flatten()(img))
emit("flatten_grad", ops.GradOperation()(nn.Flatten())(img))

drop = nn.Dropout(p=0.5)
emit("dropout_eval", drop(a))
drop.set_train()
emit("dropout_train_p0", nn.Dropout(p=0.0).set_train()(a))
emit_text("dropout_reprs", [repr(nn.Dropout(p=0.3)), repr(nn.Dropout(keep_prob=0.8)), repr(nn.Dropout())])

bn = nn.BatchNorm1d(3, momentum=0.8, gamma_init=t(3), beta_init=t(3))
feats = t(5, 3)
bn.set_train()
emit("bn1d_train", bn(feats))
emit("bn1d_moving", [bn.moving_mean, bn.moving_variance])
emit("bn1d_train_grads", weighted_grads(bn, feats))
bn.set_train(False)
emit("bn1d_eval", bn(feats))
emit("bn1d_eval_grads", grads(bn, feats))
emit_text("bn_names", [n for n, _ in bn.parameters_and_names()])
emit_text("bn_trainable", [p.name for p in bn.trainable_params()])

bn2 = nn.BatchNorm2d(2)
bn2.set_train()
out = bn2(img)
emit("bn2d_train", out)
emit("bn2d_moving", [bn2.moving_mean, bn2.moving_variance])
emit("bn2d_train_grads", weighted_grads(bn2, img))
bn2.set_train(False)
emit("bn2d_eval", bn2(img))

ln = nn.LayerNorm((3,), gamma_init=t(3), beta_init=t(3))
emit("layernorm", ln(feats))
emit("layernorm_grads", weighted_grads(ln, feats))
ln2 = nn.LayerNorm((5, 5), begin_norm_axis=2, begin_params_axis=2)
emit("layernorm_2d", ln2(img))
emit("layernorm_2d_grads", weighted_grads(ln2, img))

emb = nn.Embedding(6, 3, embedding_table=t(6, 3))
ids = Tensor(np.array([[0, 2, 2], [5, 1, 0]], np.int32))
emit("embedding", emb(ids))
emit("embedding_grad", ops.GradOperation(get_by_list=True)(emb, ParameterTuple(emb.trainable_params()))(ids))
emit_text("embedding_names", [n for n, _ in emb.parameters_and_names()])
emb_pad = nn.Embedding(4, 2, embedding_table=t(4, 2), padding_idx=1)
emit("embedding_padding_table", emb_pad.embedding_table)
