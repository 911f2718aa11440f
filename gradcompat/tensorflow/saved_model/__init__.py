"""``tf.saved_model``: ``save`` / ``load`` in TensorFlow's SavedModel layout (see ``save`` and
``load`` for what is kept and the known differences)."""
from .load import load  # noqa: F401
from .save import save  # noqa: F401

SERVING = "serve"
TRAINING = "train"
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
SAVED_MODEL_FILENAME_PB = "saved_model.pb"


class SaveOptions:
    """``tf.saved_model.SaveOptions``: accepted; the options do not change what is written here."""

    def __init__(self, namespace_whitelist=None, save_debug_info=False, function_aliases=None,
                 experimental_io_device=None, experimental_variable_policy=None, **kwargs):
        self.function_aliases = function_aliases


class LoadOptions:
    """``tf.saved_model.LoadOptions``: accepted."""

    def __init__(self, allow_partial_checkpoint=False, experimental_io_device=None,
                 experimental_skip_checkpoint=False, experimental_variable_policy=None, **kwargs):
        pass


def contains_saved_model(export_dir) -> bool:
    """``tf.saved_model.contains_saved_model``."""
    import os
    return os.path.exists(os.path.join(os.fspath(export_dir), SAVED_MODEL_FILENAME_PB))
