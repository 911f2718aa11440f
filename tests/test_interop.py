"""Conversions between dialect tensors and JAX arrays, and dialect tensors as JAX pytrees."""
from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import gradcompat

DIALECT_TYPES = {
    "torch": lambda: __import__("gradcompat.torch", fromlist=["Tensor"]).Tensor,
    "tensorflow": lambda: __import__("gradcompat.tensorflow", fromlist=["Tensor"]).Tensor,
    "mindspore": lambda: __import__("gradcompat.mindspore", fromlist=["Tensor"]).Tensor,
}


@pytest.mark.parametrize("dialect", gradcompat.DIALECTS)
def test_from_jax_and_back(dialect):
    array = jnp.arange(6, dtype=jnp.float32).reshape(2, 3)
    tensor = gradcompat.from_jax(array, dialect=dialect)
    assert isinstance(tensor, DIALECT_TYPES[dialect]())
    back = gradcompat.to_jax(tensor)
    assert back.dtype == jnp.float32 and back.shape == (2, 3)
    np.testing.assert_array_equal(np.asarray(tensor), np.asarray(array))


@pytest.mark.parametrize("dialect", gradcompat.DIALECTS)
def test_dialect_tensors_go_through_jax_jit(dialect):
    tensor = gradcompat.from_jax(jnp.array([1.0, 2.0], jnp.float32), dialect=dialect)
    doubled = jax.jit(lambda t: jax.tree_util.tree_map(lambda a: a * 2, t))(tensor)
    assert isinstance(doubled, DIALECT_TYPES[dialect]())
    np.testing.assert_array_equal(gradcompat.to_jax(doubled), [2.0, 4.0])


def test_unknown_dialect_is_refused():
    with pytest.raises(ValueError, match="unknown dialect"):
        gradcompat.from_jax(jnp.zeros(2), dialect="paddle")


def test_cache_info_is_exposed_at_top_level():
    info = gradcompat.cache_info()
    assert {"hits", "misses", "compiles", "compile_seconds"} <= set(vars(info))
