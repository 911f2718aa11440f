"""A dialect-free input pipeline: index orders (sequential, permutations, weighted draws,
subsets, distributed shards), batching of indices and stacking of batches, a buffered shuffle
of streams, worker processes that run fetches, prefetching, and image kernels (OpenCV's
resizes). ``torch.utils.data``, ``tf.data`` and ``mindspore.dataset`` translate onto it.
Nothing here imports a dialect: samples are whatever the dialect's callables return."""
from . import batching, images, orders, prefetch, streams, structure  # noqa: F401
from .remote_errors import RemoteError
from .worker_info import WorkerInfo, get_worker_info
from .workers import WorkerPool, WorkerSpec

__all__ = ["RemoteError", "WorkerInfo", "WorkerPool", "WorkerSpec", "batching", "get_worker_info", "images",
           "orders", "prefetch", "streams", "structure"]
