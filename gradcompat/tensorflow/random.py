"""``tf.random``: seeding and draws, TF's numbers bit for bit (see ``random_ops``)."""
from .random_ops import (categorical, get_seed, normal, set_seed, shuffle, stateless_categorical,  # noqa: F401
                         stateless_normal, stateless_truncated_normal, stateless_uniform, truncated_normal,
                         uniform)
