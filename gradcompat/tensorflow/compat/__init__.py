"""``tf.compat``: ``tf.compat.v1`` (the TF1 API) and ``tf.compat.v2`` (the TF2 top level)."""
from . import v1  # noqa: F401


def __getattr__(name):
    if name == "v2":
        import gradcompat.tensorflow as v2
        return v2
    raise AttributeError(name)
