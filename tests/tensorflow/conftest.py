"""Fixtures shared by the TensorFlow dialect's unit tests."""
from __future__ import annotations

import pytest

from gradcompat.tensorflow import compat

v1 = compat.v1


@pytest.fixture
def graph_mode():
    """TF1 graph mode on a fresh default graph, back to TF2 behaviour afterwards."""
    v1.reset_default_graph()
    v1.disable_eager_execution()
    yield
    v1.enable_v2_behavior()
    v1.reset_default_graph()
