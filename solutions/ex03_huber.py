"""Exercise 3: the Huber loss, quadratic near zero and linear far out. 练习 3：Huber 损失。"""

import numpy as np


def huber(y_pred, y_true, delta=1.0):
    """Mean Huber loss between predictions and targets. 预测值与真实值之间的平均 Huber 损失。

    Formula 公式, with e = y_pred - y_true, for each element:
        0.5 * e**2                      if |e| <= delta
        delta * (|e| - 0.5 * delta)     otherwise
    then the mean over all n elements. 对每个元素按上式计算，再对所有元素求平均。

    Args:
        y_pred: predictions, any array-like of numbers, any shape.
        y_true: targets, the same shape as y_pred.
        delta: where the quadratic part hands over to the linear part; must be > 0.

    Returns:
        A Python float (computed in float64).

    Raises:
        ValueError: if the shapes differ, if the input is empty, or if delta <= 0.

    Why Huber? 为什么用 Huber?
        - Small errors cost half the squared error, 0.5 * e**2: smooth, with a gradient that shrinks near the answer.
          小误差时是平方误差的一半 0.5 * e**2：平滑，越接近答案梯度越小。
        - Large errors behave like the MAE: an outlier adds delta * (|e| - 0.5 * delta), growing like |e|, not e**2,
          so it cannot dominate.
          大误差时像 MAE：离群点只线性增长，不会主导整个损失。
        - The two pieces meet at |e| = delta with the same value (0.5 * delta**2) and the same slope, so the
          first derivative is continuous (the second jumps from 1 to 0 there).
          两段在 |e| = delta 处数值（0.5 * delta**2）和斜率都相同：一阶导数连续（二阶导数在那里从 1 跳到 0）。

    Traps 陷阱:
        - The linear part is delta * (|e| - 0.5 * delta), not delta * |e|: without the shift the two
          pieces do not meet.  线性部分要减去 0.5 * delta，否则两段接不上。
        - The boundary |e| == delta belongs to the quadratic part (both give the same value anyway).
          边界 |e| == delta 属于二次部分（两段在这里数值相同）。
        - Use |e|, not e, in the test and in the linear part: negative errors count too.
          判断和线性部分都要用 |e|：负误差也是误差。
    """
    y_pred = np.asarray(y_pred, dtype=np.float64)
    y_true = np.asarray(y_true, dtype=np.float64)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"shape mismatch: y_pred {y_pred.shape} vs y_true {y_true.shape}")
    if y_pred.size == 0:
        raise ValueError("empty input")
    if not delta > 0:
        raise ValueError(f"delta must be > 0, got {delta}")
    error = np.abs(y_pred - y_true)
    quadratic = 0.5 * error**2
    linear = delta * (error - 0.5 * delta)
    return float(np.mean(np.where(error <= delta, quadratic, linear)))
