"""``tf.random``: seeding and draws, TF's numbers bit for bit (see ``random_ops``)."""
from .random_ops import (get_seed, normal, set_seed, stateless_normal, stateless_truncated_normal,  # noqa: F401
                         stateless_uniform, truncated_normal, uniform)
