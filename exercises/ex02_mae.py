"""Exercise 2: the mean absolute error (MAE), the robust loss of regression. 练习 2：平均绝对误差。"""

import numpy as np


def mae(y_pred, y_true):
    """Mean absolute error between predictions and targets. 预测值与真实值之间的平均绝对误差。

    Formula 公式:  MAE = (1/n) * sum_i |y_pred_i - y_true_i|,  over all n elements.

    Args:
        y_pred: predictions, any array-like of numbers (list, tuple, int or float array), any shape.
        y_true: targets, the same shape as y_pred.

    Returns:
        A Python float (computed in float64).

    Raises:
        ValueError: if the shapes differ, or if the input is empty.

    MAE or MSE? 为什么回归通常用 MSE 而不是 MAE?
        - MAE grows linearly, each unit of error costing the same: an outlier with error 10 adds 10, not 100,
          so MAE is robust to outliers.
          MAE 线性增长，每一单位误差的代价相同：误差为 10 的离群点只贡献 10 而不是 100，所以它对离群点更稳健。
        - But the slope of |e| is +-1 everywhere (and undefined at 0), so the gradient, sign(e) / n, never gets
          smaller near the answer and gradient descent keeps overshooting. MSE's gradient shrinks as the error shrinks.
          但 |e| 的斜率处处是 ±1（在 0 处不可导），梯度 sign(e) / n 接近答案时也不会变小，梯度下降容易来回震荡；
          MSE 的梯度会随误差一起变小。

    Traps 陷阱:
        - Take the absolute value of each error before averaging: +5 and -5 must not cancel.
          先对每个误差取绝对值再求平均：+5 和 -5 不能相互抵消。
        - Divide by n (the mean), do not just sum.  要求平均，而不是求和。
        - Compare the shapes first: (n, 1) against (n,) broadcasts silently to (n, n).
          先比较形状：(n, 1) 与 (n,) 会被静默广播成 (n, n)。
    """
    raise NotImplementedError("ex02_mae.mae: not implemented yet, see the docstring above")
