# mindspore.train metrics: values of Accuracy / MAE / MSE / Loss / Precision / Recall / top-k,
# one-hot labels, set_indexes, the name table, nn.* aliases and the errors for bad input.
import numpy as np
import mindspore as ms
from mindspore import Tensor, nn
from mindspore.train import (MAE, MSE, Accuracy, Loss, Metric, Precision, Recall, Top1CategoricalAccuracy,
                             TopKCategoricalAccuracy, get_metric_fn, names)
from harness import emit, emit_text, expect_error

y_pred = np.array([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6], [0.3, 0.4, 0.3]], np.float32)
y = np.array([1, 0, 1, 1], np.int32)

acc = Accuracy()
acc.update(Tensor(y_pred), Tensor(y))
emit("accuracy", acc.eval())
acc.update(y_pred[:2], np.eye(3)[[2, 0]])  # one-hot labels
emit("accuracy_onehot", acc.eval())
emit_text("accuracy_repr", repr(acc.eval()))
acc.clear()
expect_error("accuracy_empty", acc.eval, "the number of samples is 0")
emit("accuracy_call", Accuracy()(y_pred, y))
ml = Accuracy("multilabel")
emit("accuracy_multilabel", ml(np.array([[1, 0, 1], [0, 1, 1]]), np.array([[1, 0, 1], [1, 1, 1]])))

emit("mae", MAE()(Tensor(y_pred), Tensor(np.zeros((4, 3), np.float32))))
emit("mse", MSE()(y_pred, np.ones((4, 3), np.float32)))
loss = Loss()
loss.update(Tensor(np.float32(0.5)))
loss.update(Tensor(np.array([1.0, 2.0], np.float32)))
emit("loss", loss.eval())
emit_text("loss_repr", repr(loss.eval()))
expect_error("loss_rank", lambda: Loss().update(np.ones((2, 2))), "must be 1")

precision = Precision()
precision.update(y_pred, y)
emit("precision", precision.eval())
emit("precision_average", precision.eval(average=True))
recall = Recall()
recall.update(y_pred, y)
emit("recall", recall.eval())
emit("recall_average", recall.eval(True))
expect_error("precision_average_type", lambda: precision.eval(1), "should be 'bool'")
expect_error("recall_classes", lambda: Recall().update(y_pred, np.array([0, 1, 5, 1])), "same classes number")
emit("top2", TopKCategoricalAccuracy(2)(y_pred, y))
emit("top1", Top1CategoricalAccuracy()(y_pred, y))

picked = Accuracy().set_indexes([1, 2])
picked.update(Tensor(np.float32(9.0)), y_pred, y)
emit("set_indexes", picked.eval())

emit("names", [n in names() for n in ["acc", "accuracy", "loss", "mae", "mse", "precision", "recall", "topk",
                                     "top_1_accuracy", "top_5_accuracy"]])
emit_text("get_metric_fn", type(get_metric_fn("acc")).__name__ + " " + type(get_metric_fn("mse")).__name__)
emit("aliases", [nn.Accuracy is Accuracy, ms.Accuracy is Accuracy, nn.Metric is Metric, ms.train.MAE is MAE])


class Counter(Metric):
    def __init__(self):
        super().__init__()
        self.clear()

    def clear(self):
        self.n = 0

    def update(self, *inputs):
        self.n += len(inputs)

    def eval(self):
        return self.n


emit("custom_metric", Counter()(1, 2, 3))

expect_error("accuracy_eval_type", lambda: Accuracy("x"), "must be in")
expect_error("accuracy_inputs", lambda: Accuracy().update([[1, 2]], [1], [3]), "it needs 2 inputs")
expect_error("accuracy_dims", lambda: Accuracy().update([[1, 2]], [[1, 2]]), "add 1")
expect_error("accuracy_classes", lambda: (lambda a: (a.update(y_pred, y), a.update(y_pred[:, :2], y)))(Accuracy()),
             "class number not match")
expect_error("metric_data_type", lambda: Accuracy().update((1, 2), [1]), "must be tensor, list or numpy.ndarray")
expect_error("set_indexes_bad", lambda: Accuracy().set_indexes([0.5]), "must be a list")
expect_error("topk_k", lambda: TopKCategoricalAccuracy(0), "at least 1")
expect_error("topk_type", lambda: TopKCategoricalAccuracy(1.5), "should be int")
expect_error("mae_inputs", lambda: MAE().update(y_pred), "it needs 2 inputs")
expect_error("mse_empty", lambda: MSE().eval(), "the number of samples is 0")
expect_error("metric_fn_unknown", lambda: get_metric_fn("foo"), "unsupported metric foo")
