"""``tf.random``: seeding and draws, TF's numbers bit for bit (see ``random_ops``)."""
from .random_generator import Generator, create_rng_state, get_global_generator, set_global_generator  # noqa: F401
from .random_ops import (categorical, fold_in, get_seed, normal, set_seed, shuffle, split,  # noqa: F401
                         stateless_categorical,
                         stateless_normal, stateless_truncated_normal, stateless_uniform, truncated_normal,
                         uniform)
