# tf.image basics: resize (bilinear / nearest, aspect ratio, batches, gradients), flips, crops and
# pads, dtype conversion, standardization, grayscale, brightness / contrast, random ops by
# properties, TF's errors.
import numpy as np
import tensorflow as tf
from harness import emit, emit_text, expect_error

rng = np.random.default_rng(0)
img = rng.uniform(size=(5, 7, 3)).astype(np.float32)
batch = rng.uniform(size=(2, 4, 6, 3)).astype(np.float32)
u8 = (rng.uniform(size=(4, 6, 3)) * 255).astype(np.uint8)

emit("bilinear_up", tf.image.resize(img, [8, 10]))
emit("bilinear_down", tf.image.resize(batch, [3, 4], method="bilinear"))
emit("nearest", tf.image.resize(img, [3, 10], method="nearest"))
emit("nearest_enum", tf.image.resize(u8, [6, 4], method=tf.image.ResizeMethod.NEAREST_NEIGHBOR))
emit("uint8_bilinear", tf.image.resize(u8, [3, 4]))
emit("aspect", tf.image.resize(img, [3, 4], preserve_aspect_ratio=True))
emit("float64", tf.image.resize(img.astype(np.float64), [3, 4]))
x = tf.constant(img)
with tf.GradientTape() as tape:
    tape.watch(x)
    y = tf.reduce_sum(tf.image.resize(x, [8, 9]) * tf.range(3.0))
emit("resize_grad", tape.gradient(y, x))

emit("flips", [tf.image.flip_left_right(img), tf.image.flip_up_down(batch)])
emit("central_crop", [tf.image.central_crop(img, 0.5), tf.image.central_crop(batch, 0.7),
                      tf.image.central_crop(img, 1.0)])
emit("crop_box", tf.image.crop_to_bounding_box(img, 1, 2, 3, 4))
emit("pad_box", tf.image.pad_to_bounding_box(batch, 1, 2, 7, 9))
emit("with_pad", [tf.image.resize_with_pad(img, 4, 4), tf.image.resize_with_pad(batch, 6, 5, method="nearest")])
emit("crop_or_pad", [tf.image.resize_with_crop_or_pad(img, 4, 9), tf.image.resize_with_crop_or_pad(batch, 6, 3)])

emit("to_float", tf.image.convert_image_dtype(u8, tf.float32))
emit("to_uint8", [tf.image.convert_image_dtype(img, tf.uint8),
                  tf.image.convert_image_dtype(img * 2.0, tf.uint8, saturate=True)])
emit("int_widths", [tf.image.convert_image_dtype(u8, tf.int32)[0, 0], tf.image.convert_image_dtype(
    tf.constant([[[70000, 5, 2 ** 31 - 1]]], tf.int32), tf.uint8)])
emit("standardize", [tf.image.per_image_standardization(u8), tf.image.per_image_standardization(batch)])
emit("gray", [tf.image.rgb_to_grayscale(u8), tf.image.rgb_to_grayscale(img)])
emit("gray_to_rgb", tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(img)))
emit("brightness", [tf.image.adjust_brightness(u8, 0.1), tf.image.adjust_brightness(img, -0.2)])
emit("contrast", [tf.image.adjust_contrast(u8, 2.0), tf.image.adjust_contrast(batch, 0.5)])

# random ops: by their properties
flipped = tf.image.random_flip_left_right(batch)
emit("random_flip_each", [bool(np.allclose(f, b) or np.allclose(f, b[:, ::-1])) for f, b in zip(flipped.numpy(), batch)])
single = tf.image.random_flip_up_down(img).numpy()
emit("random_flip_single", bool(np.allclose(single, img) or np.allclose(single, img[::-1])))
crop = tf.image.random_crop(img, [2, 3, 3]).numpy()
emit("random_crop_shape", crop.shape)
found = any(np.allclose(crop, img[i:i + 2, j:j + 3]) for i in range(4) for j in range(5))
emit("random_crop_is_window", found)

expect_error("rank", lambda: tf.image.resize(img[0], [3, 4]), "must have either 3 or 4 dimensions")
expect_error("crop_too_big", lambda: tf.image.crop_to_bounding_box(img, 4, 2, 3, 4), "height must be >= target + offset")
expect_error("pad_too_small", lambda: tf.image.pad_to_bounding_box(img, 0, 5, 5, 8), "width must be <= target - offset")
expect_error("fraction", lambda: tf.image.central_crop(img, 1.5), "central_fraction must be within (0, 1]")
expect_error("random_crop_big", lambda: tf.image.random_crop(img, [6, 3, 3]), "Need value.shape >= size")
