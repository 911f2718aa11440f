"""The new Keras layers survive ``model.save`` / ``load_model`` (configs and weights), and a
TimeDistributed inner layer's weights are shared across steps."""
import numpy as np

from gradcompat.tensorflow import keras


def test_save_load_round_trip(tmp_path):
    layers = keras.layers
    model = keras.Sequential([keras.Input((4, 5, 3)), layers.TimeDistributed(layers.Dense(2)),
                              layers.Conv2DTranspose(2, 2, strides=2), layers.ZeroPadding2D(((1, 0), (0, 1))),
                              layers.SeparableConv2D(2, 3), layers.Cropping2D(1), layers.UpSampling2D(2),
                              layers.Masking(0.5)])
    x = np.random.default_rng(0).normal(size=(2, 4, 5, 3)).astype("float32")
    path = str(tmp_path / "m.keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    assert [type(layer).__name__ for layer in loaded.layers] == [type(layer).__name__ for layer in model.layers]
    np.testing.assert_allclose(loaded(x).numpy(), model(x).numpy(), rtol=1e-6)
    assert loaded.layers[2].padding == ((1, 0), (0, 1))
    assert loaded.layers[-1].mask_value == 0.5


def test_time_distributed_shares_weights():
    td = keras.layers.TimeDistributed(keras.layers.Dense(3))
    x = np.random.default_rng(1).normal(size=(2, 4, 5)).astype("float32")
    y = td(x).numpy()
    kernel, bias = td.get_weights()
    np.testing.assert_allclose(y, x @ kernel + bias, rtol=1e-5, atol=1e-6)
    assert len(td.weights) == 2
