"""Time Keras GlorotNormal / GlorotUniform / normal draws: run with real TF or gradcompat."""
import sys, time
if sys.argv[1] == "gc":
    import gradcompat.tensorflow as tf
    from gradcompat.tensorflow import keras
else:
    import tensorflow as tf, keras
shape = (4000, 1000)
for name, fn in [("GlorotNormal", lambda: keras.initializers.GlorotNormal(seed=1)(shape)),
                 ("GlorotUniform", lambda: keras.initializers.GlorotUniform(seed=1)(shape)),
                 ("tf.random.normal", lambda: tf.random.normal(shape, seed=1)),
                 ("tf.random.truncated_normal", lambda: tf.random.truncated_normal(shape, seed=1))]:
    fn(); best = 1e9
    for _ in range(3):
        t = time.perf_counter(); x = fn(); float(x[0, 0]); best = min(best, time.perf_counter() - t)
    print(f"{name:28s} {best:.4f}")
