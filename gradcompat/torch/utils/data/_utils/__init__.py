"""``torch.utils.data._utils``: collation and worker helpers (torch's module layout)."""
from . import collate, worker  # noqa: F401
