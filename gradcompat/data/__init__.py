"""A dialect-free input pipeline: sources, sampling orders, batching, shuffling, mapping,
prefetching and worker processes. ``torch.utils.data`` (and later ``tf.data`` and
``mindspore.dataset``) translate onto it."""
