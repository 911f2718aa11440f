"""``tf.random``: seeding and draws, TF's numbers bit for bit (see ``random_ops``)."""
from .random_generator import Generator, create_rng_state, get_global_generator, set_global_generator  # noqa: F401
from .random_ops import (categorical, get_seed, normal, set_seed, shuffle, stateless_categorical,  # noqa: F401
                         stateless_normal, stateless_truncated_normal, stateless_uniform, truncated_normal,
                         uniform)
