"""``keras.layers`` (Keras 3 on TensorFlow): the ``Layer`` base and the built-in layers, each
translating Keras's arguments, weight names and errors onto the dialect-free kernels of
``gradcompat.layers``. One module per family, as Keras groups them."""
from .base import Input, InputLayer, InputSpec, KerasTensor, Layer, is_keras_tensor  # noqa: F401
from .convolutional import (  # noqa: F401
    AveragePooling1D, AveragePooling2D, AvgPool1D, AvgPool2D, Conv1D, Conv2D, Convolution1D, Convolution2D,
    GlobalAveragePooling1D, GlobalAveragePooling2D, GlobalAvgPool1D, GlobalAvgPool2D, GlobalMaxPool1D,
    GlobalMaxPool2D, GlobalMaxPooling1D, GlobalMaxPooling2D, MaxPool1D, MaxPool2D, MaxPooling1D, MaxPooling2D)
from .core import (Activation, Dense, Dropout, Embedding, Flatten, Identity, Lambda, ReLU, Reshape,  # noqa: F401
                   Softmax)
from .merging import (Add, Average, Concatenate, Maximum, Minimum, Multiply, Subtract, add,  # noqa: F401
                      average, concatenate, multiply, subtract)
from .normalization import BatchNormalization, LayerNormalization  # noqa: F401
from .rnn import GRU, LSTM, RNN, Bidirectional, GRUCell, LSTMCell, SimpleRNN, SimpleRNNCell  # noqa: F401
from .attention import MultiHeadAttention  # noqa: F401
from .convolutional_transpose import (Conv1DTranspose, Conv2DTranspose, Convolution1DTranspose,  # noqa: F401
                                      Convolution2DTranspose)
from .convolutional_depthwise import (DepthwiseConv1D, DepthwiseConv2D, SeparableConv1D,  # noqa: F401
                                      SeparableConv2D, SeparableConvolution1D, SeparableConvolution2D)
from .masking import Masking  # noqa: F401
from .reshaping import (Cropping1D, Cropping2D, Permute, RepeatVector, TimeDistributed, UpSampling1D,  # noqa: F401
                        UpSampling2D, ZeroPadding1D, ZeroPadding2D)
