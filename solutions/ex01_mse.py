"""Exercise 1: the mean squared error (MSE), the loss of regression. 练习 1：均方误差。"""

import numpy as np


def mse(y_pred, y_true):
    """Mean squared error between predictions and targets. 预测值与真实值之间的均方误差。

    Formula 公式:  MSE = (1/n) * sum_i (y_pred_i - y_true_i) ** 2,  over all n elements.
    No factor 1/2: this course follows PyTorch's nn.MSELoss; some textbooks (d2l, CS229) write
    (1/2) * (y_pred - y_true) ** 2, which has the same minimum but half the loss and half the gradient.
    没有系数 1/2：本课程与 PyTorch 的 nn.MSELoss 一致；有些教材（d2l、CS229）写成 (1/2)(y_pred - y_true)**2，
    最小值在同一处，但损失和梯度都只有一半。

    Args:
        y_pred: predictions, any array-like of numbers (list, tuple, int or float array), any shape.
        y_true: targets, the same shape as y_pred.

    Returns:
        A Python float (computed in float64).

    Raises:
        ValueError: if the shapes differ, or if the input is empty.

    Why square? 为什么要平方?
        - Large errors count far more than small ones: 0.1 -> 0.01 but 10 -> 100.
          大误差被放大：0.1 平方后是 0.01，10 平方后是 100，模型会优先纠正最离谱的预测。
        - Signs cannot cancel: errors of +5 and -5 do not add up to "perfect".
          正负误差不会相互抵消：+5 和 -5 不会被当成"完美预测"。

    Traps 陷阱:
        - Divide by n (the mean), do not just sum.  要求平均，而不是求和。
        - Never let numpy broadcast (n, 1) against (n,): that silently builds an (n, n) matrix.
          形状 (n, 1) 和 (n,) 会被 numpy 静默广播成 (n, n)：请先检查形状是否一致。
        - Do not modify the inputs.  不要修改输入。
    """
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"shape mismatch: y_pred {y_pred.shape} vs y_true {y_true.shape}")
    if y_pred.size == 0:
        raise ValueError("empty input")
    return float(np.mean((y_pred - y_true) ** 2))
