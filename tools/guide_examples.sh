#!/usr/bin/env bash
# Runs the MindSpore migration guide's three examples, verbatim, on gradcompat.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== MindSpore: GradOperation on GradNetWrtX   (gradcompat run migration_examples/mindspore/grad_net_wrt_x.py)"
gradcompat run migration_examples/mindspore/grad_net_wrt_x.py
echo "== PyTorch: backward and autograd.grad       (gradcompat run migration_examples/torch/z_x_x_y.py)"
gradcompat run migration_examples/torch/z_x_x_y.py
echo "== TensorFlow 1.x: tf.gradients with grad_ys (gradcompat run --tf1 migration_examples/tensorflow/gradients_grad_ys.py)"
gradcompat run --tf1 migration_examples/tensorflow/gradients_grad_ys.py
