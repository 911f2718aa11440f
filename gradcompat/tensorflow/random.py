"""``tf.random``: seeding and draws (see ``random_ops``: TF's seeding contract, not TF's numbers)."""
from .random_ops import normal, set_seed, truncated_normal, uniform  # noqa: F401
