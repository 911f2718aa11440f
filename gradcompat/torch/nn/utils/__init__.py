"""``torch.nn.utils``: gradient clipping, parameter/vector conversion, and the submodules
``rnn`` (padding and packing sequences) and ``parametrizations`` where they exist."""
from .clip import *  # noqa: F401,F403
from .clip import __all__ as _clip_all
from . import rnn  # noqa: E402 - torch.nn.utils.rnn
from . import parametrizations, parametrize  # noqa: E402
from .spectral_norm import remove_spectral_norm, spectral_norm  # noqa: E402
from .weight_norm import remove_weight_norm, weight_norm  # noqa: E402

__all__ = list(_clip_all) + ["parametrizations", "parametrize", "remove_spectral_norm", "remove_weight_norm",
                             "spectral_norm", "weight_norm"]
