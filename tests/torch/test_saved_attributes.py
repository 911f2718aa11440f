"""grad_fn saved attributes (autograd/node.py's table): every attribute ``dir()`` lists can be
read, also once the op's output tensor object is gone (only its grad_fn is held), and reads of
a name the node lacks raise torch's AttributeError, never an internal error."""
import gc

import pytest

import gradcompat.torch as torch
import gradcompat.torch.nn.functional as F
from gradcompat.torch.autograd.node import _SAVED_ATTRS, torch_attrs

torch.manual_seed(0)
A = torch.randn(2, 3).requires_grad_()
B = torch.randn(2, 3).requires_grad_()

MAKERS = {
    "mul": lambda: A * B, "rmul": lambda: 2 * A, "pow": lambda: A.abs() ** B, "mm": lambda: A @ B.t(),
    "linear": lambda: F.linear(A, B, torch.zeros(2, requires_grad=True)), "relu": lambda: A.relu(),
    "max_dim": lambda: A.max(1)[0], "layer_norm": lambda: F.layer_norm(A, (3,)),
    "cross_entropy": lambda: F.cross_entropy(A, torch.tensor([0, 2])), "slice": lambda: A[:, 1:],
    "index": lambda: A[torch.tensor([1, 0])], "dropout": lambda: F.dropout(A, 0.5, training=True),
    "batch_norm": lambda: torch.nn.BatchNorm1d(3)(A), "max_pool": lambda: F.max_pool2d(A[None, None], 2),
    "topk": lambda: A.topk(2)[0], "normalize": lambda: F.normalize(A),
}


@pytest.mark.parametrize("case", sorted(MAKERS))
def test_every_listed_attribute_reads_after_the_output_is_gone(case):
    fn = MAKERS[case]().grad_fn  # the output tensor object dies here
    gc.collect()
    names = [n for n in dir(fn) if n.startswith("_saved_") or n.startswith("_raw_saved_")]
    assert names and set(names) >= {f"_saved_{k}" for k in torch_attrs(fn._op)}
    for name in names:
        value = getattr(fn, name)
        if name.startswith("_raw_saved_"):
            items = value if isinstance(value, tuple) else (value,)
            assert all(type(v).__name__ == "SavedTensor" for v in items)


def test_missing_attribute_is_torchs_attribute_error():
    with pytest.raises(AttributeError, match="'AddBackward0' object has no attribute '_saved_self'"):
        (A + B).grad_fn._saved_self
    with pytest.raises(AttributeError, match="_raw_saved_dim"):
        A.softmax(1).grad_fn._raw_saved_dim


def test_table_names_tensor_inputs_torchs_way():
    # every node of the table whose tensors are named by position has its names in _SAVED_NAMES
    assert {"MmBackward0", "AddmmBackward0", "ConvolutionBackward0", "NllLossBackward0"} <= set(_SAVED_ATTRS)
    assert (A @ B.t()).grad_fn._saved_self is A


def test_every_tensor_attribute_of_the_table_has_a_position():
    # a tensor attribute read from the op's inputs needs its position's name in _SAVED_NAMES
    from gradcompat.torch.autograd import node
    tables = [(name, None, attrs) for name, attrs in node._SAVED_ATTRS.items()]
    tables += [(name, kernel, attrs) for (name, kernel), attrs in node._KERNEL_ATTRS.items()]
    for name, kernel, attrs in tables:
        names = node._SAVED_NAMES.get((name, kernel)) or node._SAVED_NAMES.get(name, ("self", "other"))
        for attr, spec in attrs.items():
            if spec is node._IN or spec is node._OPT:
                assert attr == "result" or attr in names, (name, attr)
