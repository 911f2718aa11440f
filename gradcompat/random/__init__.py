"""Dialect-free random streams that reproduce the frameworks' own generators bit for bit.

- ``mt19937``: the Mersenne Twister with PyTorch's seeding and state bookkeeping.
- ``torch_stream``: PyTorch's CPU generator state (its 5056-byte serialized layout) and its
  CPU distribution kernels (uniform, normal in both size regimes, random_, randperm,
  bernoulli, exponential, ...), vectorized in numpy.
- ``cephes_avx`` / ``fma``: the float32 arithmetic of torch's AVX2 Box-Muller kernel.

Philox (TensorFlow, MindSpore) belongs here too when those streams are added.
"""
