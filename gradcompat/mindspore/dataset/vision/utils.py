"""``mindspore.dataset.vision.utils``: the enums of the vision ops."""
from .transforms import Border, Inter  # noqa: F401
