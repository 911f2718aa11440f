"""MindSpore's names for the dialect's classes: ``type(x)`` is
``<class 'mindspore.common.tensor.Tensor'>``, ``mindspore.nn.layer.conv.Conv2d``,
``mindspore.nn.optim.adam.Adam`` ..., as programs print them and pickles record them.

``TABLE`` (read from real MindSpore 2.10: for each public namespace, the module that defines
each of its classes) is applied when ``gradcompat.mindspore`` is imported, by the dialect-free
``gradcompat.type_names.ClassNames``; under ``gradcompat run`` MindSpore's module paths
(``mindspore.nn.layer.conv``) are importable aliases. Known difference: MindSpore's
``type(parameter)`` is a per-instance class that prints as ``<class 'abc.Parameter'>``; here
it is ``mindspore.common.parameter.Parameter``.
"""
from __future__ import annotations

from ..type_names import ClassNames

# mindspore.train.metrics' classes, exported by both `mindspore` and `mindspore.nn`
_METRICS: dict[str, str] = {
    "mindspore.train.metrics.accuracy": ("Accuracy"),
    "mindspore.train.metrics.bleu_score": ("BleuScore"),
    "mindspore.train.metrics.confusion_matrix": ("ConfusionMatrix ConfusionMatrixMetric"),
    "mindspore.train.metrics.cosine_similarity": ("CosineSimilarity"),
    "mindspore.train.metrics.dice": ("Dice"),
    "mindspore.train.metrics.error": ("MAE MSE"),
    "mindspore.train.metrics.fbeta": ("F1 Fbeta"),
    "mindspore.train.metrics.hausdorff_distance": ("HausdorffDistance"),
    "mindspore.train.metrics.loss": ("Loss"),
    "mindspore.train.metrics.mean_surface_distance": ("MeanSurfaceDistance"),
    "mindspore.train.metrics.metric": ("Metric"),
    "mindspore.train.metrics.occlusion_sensitivity": ("OcclusionSensitivity"),
    "mindspore.train.metrics.perplexity": ("Perplexity"),
    "mindspore.train.metrics.precision": ("Precision"),
    "mindspore.train.metrics.recall": ("Recall"),
    "mindspore.train.metrics.roc": ("ROC"),
    "mindspore.train.metrics.root_mean_square_surface_distance": ("RootMeanSquareDistance"),
    "mindspore.train.metrics.topk": ("Top1CategoricalAccuracy Top5CategoricalAccuracy TopKCategoricalAccuracy"),
}

# MindSpore namespace -> {defining module: "Class names"}
TABLE: dict[str, dict[str, str]] = {
    "mindspore": {
        "mindspore.common.device": ("DeviceCtx"),
        "mindspore.common.dtype": ("QuantDtype"),
        "mindspore.common.generator": ("Generator"),
        "mindspore.common.parameter": ("Parameter ParameterTuple"),
        "mindspore.common.sparse_tensor": ("COOTensor CSRTensor RowTensor SparseTensor"),
        "mindspore.common.storage": ("UntypedStorage"),
        "mindspore.common.tensor": ("Tensor"),
        "mindspore.context": ("ParallelMode"),
        "mindspore.graph.api": ("saved_tensors_hooks"),
        "mindspore.graph.jit_config": ("JitConfig"),
        "mindspore.graph.symbol": ("Symbol"),
        "mindspore.mindrecord.filereader": ("FileReader"),
        "mindspore.mindrecord.filewriter": ("FileWriter"),
        "mindspore.mindrecord.mindpage": ("MindPage"),
        "mindspore.mindrecord.tools.cifar100_to_mr": ("Cifar100ToMR"),
        "mindspore.mindrecord.tools.cifar10_to_mr": ("Cifar10ToMR"),
        "mindspore.mindrecord.tools.csv_to_mr": ("CsvToMR"),
        "mindspore.mindrecord.tools.imagenet_to_mr": ("ImageNetToMR"),
        "mindspore.mindrecord.tools.mnist_to_mr": ("MnistToMR"),
        "mindspore.mindrecord.tools.tfrecord_to_mr": ("TFRecordToMR"),
        "mindspore.parallel.shard": ("Layout"),
        "mindspore.profiler.envprofiler": ("EnvProfiler"),
        "mindspore.profiler.profiler": ("Profiler"),
        "mindspore.rewrite.api.node": ("Node"),
        "mindspore.rewrite.api.node_type": ("NodeType"),
        "mindspore.rewrite.api.scoped_value": ("ScopedValue"),
        "mindspore.rewrite.api.symbol_tree": ("SymbolTree"),
        "mindspore.runtime.event": ("Event"),
        "mindspore.runtime.memory": ("MemPool PluggableAllocator"),
        "mindspore.runtime.stream": ("Stream StreamCtx"),
        "mindspore.runtime.stream_limit": ("StreamLimitCtx"),
        "mindspore.train.callback._backup_and_restore": ("BackupAndRestore"),
        "mindspore.train.callback._callback": ("Callback RunContext"),
        "mindspore.train.callback._checkpoint": ("CheckpointConfig ModelCheckpoint"),
        "mindspore.train.callback._early_stop": ("EarlyStopping"),
        "mindspore.train.callback._flops_collector": ("FlopsUtilizationCollector"),
        "mindspore.train.callback._history": ("History"),
        "mindspore.train.callback._lambda_callback": ("LambdaCallback"),
        "mindspore.train.callback._landscape": ("SummaryLandscape"),
        "mindspore.train.callback._loss_monitor": ("LossMonitor"),
        "mindspore.train.callback._lr_scheduler_callback": ("LearningRateScheduler"),
        "mindspore.train.callback._on_request_exit": ("OnRequestExit"),
        "mindspore.train.callback._reduce_lr_on_plateau": ("ReduceLROnPlateau"),
        "mindspore.train.callback._summary_collector": ("SummaryCollector"),
        "mindspore.train.callback._time_monitor": ("TimeMonitor"),
        "mindspore.train.callback._train_fault_tolerance": ("TrainFaultTolerance"),
        "mindspore.train.dataset_helper": ("DatasetHelper"),
        "mindspore.train.loss_scale_manager": ("DynamicLossScaleManager FixedLossScaleManager LossScaleManager"),
        **_METRICS,
        "mindspore.train.model": ("Model"),
        "mindspore.train.summary.summary_record": ("SummaryRecord"),
        "mindspore.train.train_thor.convert_utils": ("ConvertModelUtils ConvertNetUtils"),
        "mindspore.utils.ms_dispatch": ("MsDispatchMode"),
        "mindspore.utils.utils": ("ExitByRequest RSCPluginHandle TFTCommValue"),
    },
    "mindspore.nn": {
        "mindspore.nn.cell": ("Cell GraphCell"),
        "mindspore.nn.grad.cell_grad": ("Jvp Vjp"),
        "mindspore.nn.layer.activation": ("CELU ELU FastGelu GELU GLU HShrink HSigmoid HSwish Hardtanh LRN LeakyReLU LogSigmoid "
            "LogSoftmax LogSoftmaxExt Mish PReLU PReLUExt RReLU ReLU ReLU6 SeLU SiLU Sigmoid SoftShrink "
            "Softmax Softmax2d Softmin Softsign Tanh Tanhshrink Threshold"),
        "mindspore.nn.layer.basic": ("ClipByNorm Dense Dropout Dropout1d Dropout2d Dropout2dExt Dropout3d DropoutExt Flatten "
            "Identity L1Regularizer Linear MatrixDiag MatrixDiagPart MatrixSetDiag Norm OneHot Pad Roll "
            "Tril Triu Unflatten Unfold Upsample"),
        "mindspore.nn.layer.channel_shuffle": ("ChannelShuffle"),
        "mindspore.nn.layer.combined": ("Conv2dBnAct DenseBnAct"),
        "mindspore.nn.layer.container": ("CellDict CellList SequentialCell"),
        "mindspore.nn.layer.conv": ("Conv1d Conv1dTranspose Conv2d Conv2dTranspose Conv3d Conv3dTranspose"),
        "mindspore.nn.layer.dense": ("BiDense"),
        "mindspore.nn.layer.embedding": ("Embedding EmbeddingExt EmbeddingLookup MultiFieldEmbeddingLookup"),
        "mindspore.nn.layer.image": ("CentralCrop ImageGradients MSSSIM PSNR PixelShuffle PixelUnshuffle SSIM"),
        "mindspore.nn.layer.math": ("DiGamma IGamma LBeta LGamma MatDet MatInverse MatMul Moments Range ReduceLogSumExp"),
        "mindspore.nn.layer.normalization": ("BatchNorm1d BatchNorm2d BatchNorm3d GroupNorm InstanceNorm1d InstanceNorm2d InstanceNorm3d "
            "LayerNorm LayerNormExt SyncBatchNorm"),
        "mindspore.nn.layer.padding": ("ConstantPad1d ConstantPad2d ConstantPad3d ReflectionPad1d ReflectionPad2d ReflectionPad3d "
            "ReplicationPad1d ReplicationPad2d ReplicationPad3d ZeroPad2d"),
        "mindspore.nn.layer.pooling": ("AdaptiveAvgPool1d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool1d AdaptiveMaxPool2d "
            "AdaptiveMaxPool3d AvgPool1d AvgPool1dExt AvgPool2d AvgPool2dExt AvgPool3d AvgPool3dExt "
            "FractionalMaxPool2d FractionalMaxPool3d LPPool1d LPPool2d MaxPool1d MaxPool2d MaxPool2dExt "
            "MaxPool3d MaxUnpool1d MaxUnpool2d MaxUnpool3d"),
        "mindspore.nn.layer.rnn_cells": ("GRUCell LSTMCell RNNCell"),
        "mindspore.nn.layer.rnns": ("GRU LSTM RNN"),
        "mindspore.nn.layer.thor_layer": ("Conv2dThor DenseThor EmbeddingLookupThor EmbeddingThor"),
        "mindspore.nn.layer.timedistributed": ("TimeDistributed"),
        "mindspore.nn.layer.transformer": ("MultiheadAttention Transformer TransformerDecoder TransformerDecoderLayer "
            "TransformerEncoder TransformerEncoderLayer"),
        "mindspore.nn.learning_rate_schedule": ("CosineDecayLR ExponentialDecayLR InverseDecayLR NaturalExpDecayLR PolynomialDecayLR "
            "WarmUpLR"),
        "mindspore.nn.loss.loss": ("BCELoss BCEWithLogitsLoss CTCLoss CosineEmbeddingLoss CrossEntropyLoss DiceLoss FocalLoss "
            "GaussianNLLLoss HingeEmbeddingLoss HuberLoss KLDivLoss L1Loss L1LossExt LossBase MAELoss "
            "MSELoss MarginRankingLoss MultiClassDiceLoss MultiLabelSoftMarginLoss MultiMarginLoss "
            "MultilabelMarginLoss NLLLoss PoissonNLLLoss RMSELoss SampledSoftmaxLoss SmoothL1Loss "
            "SoftMarginLoss SoftmaxCrossEntropyWithLogits TripletMarginLoss "
            "TripletMarginWithDistanceLoss"),
        "mindspore.nn.optim.ada_grad": ("Adagrad"),
        "mindspore.nn.optim.adadelta": ("Adadelta"),
        "mindspore.nn.optim.adafactor": ("AdaFactor"),
        "mindspore.nn.optim.adam": ("Adam AdamOffload AdamWeightDecay"),
        "mindspore.nn.optim.adamax": ("AdaMax"),
        "mindspore.nn.optim.adasum": ("AdaSumByDeltaWeightWrapCell AdaSumByGradWrapCell"),
        "mindspore.nn.optim.asgd": ("ASGD"),
        "mindspore.nn.optim.ftrl": ("FTRL"),
        "mindspore.nn.optim.lamb": ("Lamb"),
        "mindspore.nn.optim.lars": ("LARS"),
        "mindspore.nn.optim.lazyadam": ("LazyAdam"),
        "mindspore.nn.optim.momentum": ("Momentum"),
        "mindspore.nn.optim.optimizer": ("Optimizer"),
        "mindspore.nn.optim.proximal_ada_grad": ("ProximalAdagrad"),
        "mindspore.nn.optim.rmsprop": ("RMSProp"),
        "mindspore.nn.optim.rprop": ("Rprop"),
        "mindspore.nn.optim.sgd": ("SGD"),
        "mindspore.nn.optim.tft_wrapper": ("OptTFTWrapper"),
        "mindspore.nn.sparse.sparse": ("SparseTensorDenseMatmul SparseToDense"),
        "mindspore.nn.wrap.cell_wrapper": ("ForwardValueAndGrad GetNextSingleOp GradAccumulationCell MicroBatchInterleaved "
            "ParameterUpdate PipelineCell TrainOneStepCell VirtualDatasetCellTriple WithEvalCell "
            "WithGradCell WithLossCell"),
        "mindspore.nn.wrap.grad_reducer": ("DistributedGradReducer PipelineGradReducer"),
        "mindspore.nn.wrap.loss_scale": ("DynamicLossScaleUpdateCell FixedLossScaleUpdateCell TrainOneStepWithLossScaleCell"),
        **_METRICS,
    },
    "mindspore.ops": {
        "mindspore.common.tensor": ("Tensor"),
        "mindspore.ops._utils.arg_dtype_cast": ("DtypeToEnum"),
        "mindspore.ops.auto_generate.gen_ops_prim": ("ACos Abs Acosh AdamWeightDecay AdaptiveMaxPool2D Add Addcdiv Addcmul Angle "
            "ApplyRotaryPosEmb ArgMaxWithValue ArgMinWithValue Argmax Argmin Asin Asinh Assign "
            "AssignAdd AssignSub Atan Atan2 Atanh AvgPool BCEWithLogitsLoss BatchMatMul Betainc BiasAdd "
            "BinaryCrossEntropy BroadcastTo Cdist CeLU Ceil Cholesky CholeskyInverse Complex Concat "
            "Conj Cos Cosh Cross CumProd CumSum Cummax Cummin Dense Diag Div Dropout Eig Elu Equal Erf "
            "Erfc Erfinv Exp ExpandDims Expm1 ExtractImagePatches Eye FFTWithSize FastGeLU Flatten "
            "Floor FloorDiv FloorMod GLU Gather GatherD GatherNd Gcd GeLU Geqrf Greater GreaterEqual "
            "GridSampler2D GridSampler3D GroupTopk HShrink HSigmoid HSwish Identity IsClose IsFinite "
            "IsInf LayerNorm LeftShift Lerp LerpScalar Less LessEqual LinSpace Log Log1p "
            "LogMatrixDeterminant LogSoftmax LogSoftmaxExt LogicalAnd LogicalNot LogicalOr LogicalXor "
            "Logit MaskedFill MaskedScatter MaskedSelect MatMul MatrixDeterminant MatrixExp Maximum "
            "Meshgrid Minimum Mul NLLLoss NanToNum Neg NextAfter NonZero NotEqual OneHot Ones OnesLike "
            "PReLU PagedAttention PagedAttentionMask Polar Pow Qr RandpermV2 Range ReLU ReLU6 Real "
            "RealDiv Reciprocal ReduceAll ReduceAny ReduceMax ReduceMean ReduceMin ReduceProd ReduceStd "
            "ReduceSum Reshape ReshapeAndCache ResizeBicubic ResizeBilinearV2 ResizeLinear1D "
            "ResizeNearestNeighbor ResizeNearestNeighborV2 ReverseV2 RightShift RmsNorm Roll Round "
            "Rsqrt ScatterNd SearchSorted Select Sigmoid Sign Sin Sinc Sinh Slice SmoothL1Loss "
            "SoftMarginLoss SoftShrink Softmax Split Sqrt Square Squeeze StridedSlice Svd Tanh "
            "TensorScatterAdd TensorShape Trace Transpose TransposeExtView TransposeView Triu Trunc "
            "UniqueConsecutive UnsortedSegmentSum UpsampleNearest3D UpsampleTrilinear3D Xlogy Zeros "
            "ZerosLike"),
        "mindspore.ops.composite.base": ("GradOperation HyperMap Map MultitypeFuncGraph"),
        "mindspore.ops.deprecated": ("BatchToSpaceND DropoutDoMask DropoutGenMask DynamicShape FastGelu GatherV2 Gelu "
            "InplaceUpdate MaxPoolWithArgmax Pack ScalarToArray ScatterNonAliasingAdd TensorAdd Unpack"),
        "mindspore.ops.function.comm_func": ("P2POp TCPStore"),
        "mindspore.ops.op_info_register": ("AiCPURegOp AkgAscendRegOp AkgGpuRegOp CpuRegOp CustomRegOp DataType TBERegOp"),
        "mindspore.ops.operations._embedding_cache_ops": ("MapCacheIdx MapUniform SubAndFilter"),
        "mindspore.ops.operations._inner_ops": ("CopyWithSlice SelectView"),
        "mindspore.ops.operations._sequence_ops": ("TensorToTuple"),
        "mindspore.ops.operations.array_ops": ("AffineGrid BatchToSpace BatchToSpaceNDV2 Bincount CheckNumerics Coalesce Col2Im "
            "ConjugateTranspose CountNonZero DType DepthToSpace DiagPart EditDistance EmbeddingLookup "
            "Expand ExtractVolumePatches Fill FillDiagonal FillV2 Fills HammingWindow IdentityN Im2Col "
            "IndexFill IndexPut InvertPermutation ListDiff LogSpace LowerBound Lstsq MatrixBandPart "
            "MatrixDiagPartV3 MatrixDiagV3 MatrixSetDiagV3 Mvlgamma Padding ParallelConcat "
            "PopulationCount ReverseSequence Rint ScatterAdd ScatterAddWithAxis ScatterDiv ScatterMax "
            "ScatterMin ScatterMul ScatterNdAdd ScatterNdDiv ScatterNdMax ScatterNdMin ScatterNdMul "
            "ScatterNdSub ScatterNdUpdate ScatterSub ScatterUpdate SegmentMax SegmentMean SegmentMin "
            "SegmentProd SegmentSum Size Sort SpaceToBatch SpaceToBatchND SpaceToDepth SparseGatherV2 "
            "SplitV Stack TensorScatterDiv TensorScatterElements TensorScatterMax TensorScatterMin "
            "TensorScatterMul TensorScatterSub TensorScatterUpdate TopK Tril TupleToArray Unique "
            "UniqueWithPad UnravelIndex UnsortedSegmentMax UnsortedSegmentMin UnsortedSegmentProd "
            "Unstack UpperBound"),
        "mindspore.ops.operations.comm_ops": ("AllGather AllGatherV AllReduce AlltoAll AlltoAllV AlltoAllVC Barrier BatchISendIRecv "
            "Broadcast CollectiveGather CollectiveScatter NeighborExchange NeighborExchangeV2 Receive "
            "Reduce ReduceOp ReduceScatter ReduceScatterV Send"),
        "mindspore.ops.operations.control_ops": ("GeSwitch Merge"),
        "mindspore.ops.operations.custom_ops": ("Custom CustomOpBuilder"),
        "mindspore.ops.operations.debug_ops": ("Assert DumpGradient HistogramSummary HookBackward ImageSummary InsertGradientOf Morph "
            "Print ScalarSummary TensorDump TensorSummary"),
        "mindspore.ops.operations.image_ops": ("AdjustHue AdjustSaturation CombinedNonMaxSuppression CropAndResize ExtractGlimpse HSVToRGB "
            "NonMaxSuppressionV3 NonMaxSuppressionWithOverlaps RGBToHSV ResizeArea ScaleAndTranslate"),
        "mindspore.ops.operations.inner_ops": ("FusedAdaFactor FusedAdaFactorWithGlobalNorm FusedCastAdamWeightDecay "
            "FusedWeightScaleApplyMomentum NoRepeatNGram Randperm"),
        "mindspore.ops.operations.manually_defined._inner": ("ScalarCast"),
        "mindspore.ops.operations.manually_defined.ops_def": ("BatchNorm Cast ForiLoop Rank ScalarToTensor Scan Shape Tile WhileLoop"),
        "mindspore.ops.operations.math_ops": ("AccumulateNV2 AddN ApproximateEqual Bernoulli BesselI0 BesselI0e BesselI1 BesselI1e "
            "BesselJ0 BesselJ1 BesselK0 BesselK0e BesselK1 BesselK1e BesselY0 BesselY1 BitwiseAnd "
            "BitwiseOr BitwiseXor Bucketize Cauchy CholeskySolve CompareAndBitpack ComplexAbs "
            "CumulativeLogsumexp Digamma DivNoNan Einsum Eps EqualCount EuclideanNorm FloatStatus Fmax "
            "Fmin Ger Heaviside Histogram HistogramFixedWidth Hypot Igamma Igammac Imag IndexAdd "
            "InplaceAdd InplaceIndexAdd InplaceSub InplaceUpdateV2 Inv Invert IsNan Lcm Lgamma LpNorm "
            "LuSolve LuUnpack MatrixInverse MatrixLogarithm MatrixPower MatrixSolve MatrixSolveLs "
            "MatrixTriangularSolve Median Mod MulNoNan NMSWithMask NPUAllocFloatStatus "
            "NPUClearFloatStatus NPUGetFloatStatus Orgqr Ormqr Polygamma Quantile RaggedRange Renorm "
            "STFT SquareSumAll SquaredDifference Sub Tan TridiagonalMatMul TrilIndices TriuIndices "
            "TruncateDiv TruncateMod Xdivy Zeta"),
        "mindspore.ops.operations.nn_ops": ("Adam AdamNoUpdateParam AdaptiveAvgPool2D AdaptiveAvgPool3D AdaptiveMaxPool3D ApplyAdaMax "
            "ApplyAdadelta ApplyAdagrad ApplyAdagradDA ApplyAdagradV2 ApplyAdamWithAmsgrad "
            "ApplyAdamWithAmsgradV2 ApplyAddSign ApplyCenteredRMSProp ApplyFtrl ApplyGradientDescent "
            "ApplyKerasMomentum ApplyMomentum ApplyPowerSign ApplyProximalAdagrad "
            "ApplyProximalGradientDescent ApplyRMSProp AvgPool3D BasicLSTMCell CTCGreedyDecoder CTCLoss "
            "CTCLossV2 ChannelShuffle ComputeAccidentalHits Conv2D Conv2DBackpropInput Conv2DTranspose "
            "Conv3D Conv3DTranspose DataFormatDimMap DataFormatVecPermute DeformableOffsets "
            "DepthwiseConv2dNative Dilation2D Dropout2D Dropout3D DynamicGRUV2 DynamicRNN "
            "FractionalAvgPool FractionalMaxPool FractionalMaxPool3DWithFixedKsize "
            "FractionalMaxPoolWithFixedKsize FusedSparseAdam FusedSparseFtrl FusedSparseLazyAdam "
            "FusedSparseProximalAdagrad GetNext InTopK KLDivLoss L2Loss L2Normalize LARSUpdate LRN LSTM "
            "MaxPool MaxPool3D MaxPool3DWithArgmax MaxPoolWithArgmaxV2 MaxUnpool2D MaxUnpool3D "
            "MirrorPad Mish MultiMarginLoss MultilabelMarginLoss NthElement NuclearNorm Pad PadV3 Pdist "
            "RNNTLoss ROIAlign SGD SeLU SigmoidCrossEntropyWithLogits SoftmaxCrossEntropyWithLogits "
            "Softplus Softsign SparseApplyAdadelta SparseApplyAdagrad SparseApplyAdagradV2 "
            "SparseApplyFtrl SparseApplyFtrlV2 SparseApplyProximalAdagrad SparseApplyRMSProp "
            "SparseSoftmaxCrossEntropyWithLogits TripletMarginLoss"),
        "mindspore.ops.operations.other_ops": ("BoundingBoxDecode BoundingBoxEncode CheckValid ConfusionMatrix Depend IOU MoveTo Partial "
            "Pull Push PyExecute PyFunc Reusing SampleDistortedBoundingBoxV2 StopGradient UpdateState"),
        "mindspore.ops.operations.random_ops": ("Gamma LogNormalReverse LogUniformCandidateSampler Multinomial MultinomialWithReplacement "
            "NonDeterministicInts ParameterizedTruncatedNormal Poisson RandomCategorical "
            "RandomChoiceWithMask RandomGamma RandomPoisson RandomShuffle StandardLaplace "
            "StandardNormal TruncatedNormal UniformCandidateSampler UniformInt UniformReal"),
        "mindspore.ops.operations.reshard_ops": ("Reshard"),
        "mindspore.ops.operations.sparse_ops": ("SparseSlice SparseTensorDenseAdd SparseTensorDenseMatmul SparseToDense"),
        "mindspore.ops.operations.spectral_ops": ("BartlettWindow BlackmanWindow"),
        "mindspore.ops.primitive": ("Primitive PrimitiveWithCheck PrimitiveWithInfer"),
    },
    "mindspore.common.initializer": {
        "mindspore.common.initializer": ("Constant Dirac HeNormal HeUniform Identity Initializer Normal One Orthogonal Sparse "
            "TruncatedNormal Uniform VarianceScaling XavierNormal XavierUniform Zero"),
        "mindspore.common.tensor": ("Tensor"),
    },
    "mindspore.nn.learning_rate_schedule": {
        "mindspore.nn.cell": ("Cell"),
        "mindspore.nn.learning_rate_schedule": ("CosineDecayLR ExponentialDecayLR InverseDecayLR LearningRateSchedule NaturalExpDecayLR "
            "PolynomialDecayLR WarmUpLR"),
    },
    "mindspore.experimental.optim": {
        "mindspore.experimental.optim.adadelta": ("Adadelta"),
        "mindspore.experimental.optim.adagrad": ("Adagrad"),
        "mindspore.experimental.optim.adam": ("Adam"),
        "mindspore.experimental.optim.adamax": ("Adamax"),
        "mindspore.experimental.optim.adamw": ("AdamW"),
        "mindspore.experimental.optim.asgd": ("ASGD"),
        "mindspore.experimental.optim.nadam": ("NAdam"),
        "mindspore.experimental.optim.optimizer": ("Optimizer"),
        "mindspore.experimental.optim.radam": ("RAdam"),
        "mindspore.experimental.optim.rmsprop": ("RMSprop"),
        "mindspore.experimental.optim.rprop": ("Rprop"),
        "mindspore.experimental.optim.sgd": ("SGD"),
    },
    "mindspore.experimental.optim.lr_scheduler": {
        "mindspore.common.parameter": ("Parameter"),
        "mindspore.common.tensor": ("Tensor"),
        "mindspore.experimental.optim.lr_scheduler": ("ConstantLR CosineAnnealingLR CosineAnnealingWarmRestarts CyclicLR ExponentialLR "
            "LRScheduler LambdaLR LinearLR MultiStepLR MultiplicativeLR PolynomialLR ReduceLROnPlateau "
            "SequentialLR StepLR"),
        "mindspore.experimental.optim.optimizer": ("Optimizer"),
    },
}

# dialect namespaces imported eagerly so their classes are named before a program sees them
_NAMESPACES = ("mindspore", "mindspore.nn", "mindspore.ops", "mindspore.common.initializer",
               "mindspore.nn.learning_rate_schedule", "mindspore.experimental.optim",
               "mindspore.experimental.optim.lr_scheduler")

NAMES = ClassNames("mindspore", TABLE, _NAMESPACES)
apply = NAMES.apply  # give every dialect class that MindSpore also has MindSpore's ``__module__``
alias_spec = NAMES.alias_spec  # a spec for a MindSpore module path the renamed classes name, or None
