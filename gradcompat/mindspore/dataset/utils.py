"""``mindspore.dataset.utils``: ``Inter`` lives in ``vision``; re-exported where 1.x programs look."""
from .vision.transforms import Inter  # noqa: F401
