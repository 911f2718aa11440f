"""Dialect-free random streams that reproduce the frameworks' own generators bit for bit.

- ``mt19937``: the Mersenne Twister with PyTorch's seeding and state bookkeeping.
- ``torch_stream``: PyTorch's CPU generator state (its 5056-byte serialized layout) and its
  CPU distribution kernels (uniform, normal in both size regimes, random_, randperm,
  bernoulli, exponential, ...), vectorized in numpy.
- ``cephes_avx`` / ``fma``: the float32 arithmetic of torch's AVX2 Box-Muller kernel.
- ``xla_kernels``: that Box-Muller as one XLA kernel for large draws (same bits, ~20x faster).
- ``xla_cache``: the compiled Box-Muller kernels (torch's and TF's) kept on disk, so a process
  loads them instead of tracing them (checked against the numpy reference on load).
- ``buffers``: large draws written into page-aligned, pre-populated buffers that JAX adopts
  without a copy (a model's weights reach their parameters in one pass over memory).
- ``mindspore_stream``: MindSpore's CPU streams: the initializers' Philox4x32-10, the op-seed
  mixing (``GetSeed``), UniformReal/UniformInt (``std::mt19937``), StandardNormal, Dropout and
  RandomShuffle (``minstd_rand0``, libstdc++'s distributions and ``std::shuffle``), the dataset's
  RandomSampler orders.
- ``philox``: Philox4x32-10 with TensorFlow's word order (shared by the TF and MindSpore streams).
- ``glibc_f32``: glibc's ``logf`` / ``sincosf`` (the C library's Box-Muller arithmetic TF calls),
  bit for bit, with an exact double FMA emulation for the FMA builds.
- ``tf_stream``: TensorFlow's CPU random kernels (stateful and stateless uniform / int /
  normal / truncated normal, shuffle, multinomial with the CPU kernel's per-thread shards)
  and its stateless key/counter derivation.
- ``xla_tf``: TF's float32 Box-Muller (glibc ``logf`` / ``sincosf``) as one XLA kernel for
  large normal / truncated normal draws (same bits as the numpy path, checked).
- ``tf_seeds``: TensorFlow's global/op seed rules, graph op counters and eager kernel cache.
"""
