"""``nn.Upsample``, ``nn.PixelShuffle``, ``nn.PixelUnshuffle``, ``nn.Fold``, ``nn.Unfold``."""
from __future__ import annotations

__all__: list = []
