"""Exercise 6: the gradients of the losses, and a numerical check of them. 练习 6：损失函数的梯度与数值检验。"""

import numpy as np


def mse_grad(y_pred, y_true):
    """Gradient of the mean squared error with respect to y_pred. MSE 对 y_pred 的梯度。

    Formula 公式:  d MSE / d y_pred_i = 2 * (y_pred_i - y_true_i) / n,  n = number of elements.

    Args:
        y_pred, y_true: array-likes of the same shape (any shape).

    Returns:
        A float64 array of y_pred's shape.

    Raises:
        ValueError: if the shapes differ or the input is empty.

    Reading it 怎么理解:
        - The gradient points uphill: each prediction should move against it, by an amount proportional
          to its error. A big error gives a big push; near the answer the push fades away.
          梯度指向损失增大的方向：预测应沿反方向移动，移动量与误差成正比；接近答案时推力自然变小。

    Traps 陷阱:
        - Keep the 2 from the derivative of e**2, and the 1/n from the mean. 不要丢掉平方求导得到的 2 和求平均带来的 1/n。
    """
    y_pred, y_true = _pair(y_pred, y_true)
    return 2.0 * (y_pred - y_true) / y_pred.size


def mae_grad(y_pred, y_true):
    """Gradient of the mean absolute error with respect to y_pred. MAE 对 y_pred 的梯度。

    Formula 公式:  d MAE / d y_pred_i = sign(y_pred_i - y_true_i) / n,  and 0 where the error is 0.

    Args:
        y_pred, y_true: array-likes of the same shape (any shape).

    Returns:
        A float64 array of y_pred's shape with entries -1/n, 0 or +1/n.

    Raises:
        ValueError: if the shapes differ or the input is empty.

    Reading it 怎么理解:
        - Every wrong prediction gets the same push, however close it already is: that is why MAE
          makes gradient descent overshoot and bounce near the optimum. |e| has no derivative at 0;
          by convention we use 0 there (np.sign(0) == 0).
          无论离答案多近，推力大小都一样：所以 MAE 容易在最优点附近来回震荡。|e| 在 0 处不可导，这里约定取 0。
    """
    y_pred, y_true = _pair(y_pred, y_true)
    return np.sign(y_pred - y_true) / y_pred.size


def huber_grad(y_pred, y_true, delta=1.0):
    """Gradient of the mean Huber loss with respect to y_pred. Huber 损失对 y_pred 的梯度。

    Formula 公式, with e = y_pred - y_true:
        d/dy_pred_i = e_i / n                   if |e_i| <= delta
                      delta * sign(e_i) / n     otherwise
    i.e. the error clipped to [-delta, delta], divided by n. 即把误差截断到 [-delta, delta] 再除以 n。

    Args:
        y_pred, y_true: array-likes of the same shape (any shape).
        delta: the threshold of the Huber loss; must be > 0.

    Returns:
        A float64 array of y_pred's shape.

    Raises:
        ValueError: if the shapes differ, the input is empty, or delta <= 0.
    """
    y_pred, y_true = _pair(y_pred, y_true)
    if not delta > 0:
        raise ValueError(f"delta must be > 0, got {delta}")
    return np.clip(y_pred - y_true, -delta, delta) / y_pred.size


def bce_with_logits_grad(z, y):
    """Gradient of the mean binary cross-entropy with logits with respect to z. 带 logits 的 BCE 对 z 的梯度。

    Formula 公式:  d/dz_i [log(1 + e^z_i) - y_i z_i] / n = (sigmoid(z_i) - y_i) / n.
    The prediction minus the label: the same form as the MSE's gradient, without its 2 (there is no square);
    and no p(1 - p) either, because the sigmoid's derivative p(1 - p) cancels the 1 / (p(1 - p)) that the
    derivative of the log brings.
    "预测概率减标签"：形式和 MSE 的梯度一样，只是没有系数 2（损失里没有平方）；也没有 p(1 - p)，因为 sigmoid 的导数
    p(1 - p) 与 log 的导数带来的 1 / (p(1 - p)) 正好约掉。

    Args:
        z: logits, array-like, any shape.
        y: labels in [0, 1], the same shape as z.

    Returns:
        A float64 array of z's shape, finite for any z (sigmoid computed without overflow).

    Raises:
        ValueError: if the shapes differ, the input is empty, or y is outside [0, 1].

    Traps 陷阱:
        - 1 / (1 + np.exp(-z)) overflows (with a warning) for z < -709; 0.5 * (1 + tanh(z / 2)) or
          np.exp(-np.logaddexp(0, -z)) does not. 对很小的 z，1 / (1 + np.exp(-z)) 会溢出并警告。
    """
    z, y = _pair(z, y)
    if np.any((y < 0) | (y > 1)):
        raise ValueError("labels y must lie in [0, 1]")
    sigmoid = 0.5 * (1.0 + np.tanh(0.5 * z))
    return (sigmoid - y) / z.size


def cross_entropy_grad(logits, target):
    """Gradient of the mean cross-entropy with respect to the logits (N, C). 交叉熵对 logits 的梯度。

    Formula 公式:  d CE / d logits = (softmax(logits) - one_hot(target)) / N.
    Each row pushes the right class's score up and every other class's score down, in proportion
    to the probability it wrongly received. 每一行把正确类别的分数往上推，把其他类别按它们"错拿"的概率往下推。

    Args:
        logits: array-like of shape (N, C).
        target: array-like of N integer class ids in [0, C).

    Returns:
        A float64 array of shape (N, C); every row sums to 0.

    Raises:
        ValueError: as cross_entropy: logits not 2-D or empty, target not of shape (N,),
            class ids not integers in [0, C).

    Traps 陷阱:
        - Subtract the one-hot: softmax alone is not the gradient. 要减去 one-hot：单独的 softmax 不是梯度。
        - Divide by N (the mean over examples), not by N * C. 除以样本数 N，而不是 N * C。
    """
    logits = np.asarray(logits, dtype=np.float64)
    if logits.ndim != 2 or logits.size == 0:
        raise ValueError(f"logits must be a non-empty (N, C) array, got shape {logits.shape}")
    n, classes = logits.shape
    target = np.asarray(target)
    if target.shape != (n,):
        raise ValueError(f"target must have shape ({n},), got {target.shape}")
    if target.dtype.kind not in "iub" and not np.all(np.mod(target, 1) == 0):
        raise ValueError("class ids must be integers")
    if np.any(target < 0) or np.any(target >= classes):
        raise ValueError(f"class ids must lie in [0, {classes})")
    shifted = logits - logits.max(axis=1, keepdims=True)
    probabilities = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
    probabilities[np.arange(n), target.astype(np.int64)] -= 1.0
    return probabilities / n


def numerical_gradient(f, x, h=1e-5):
    """Central-difference estimate of the gradient of a scalar function f at x. 数值梯度（中心差分）。

    Formula 公式:  grad_i ≈ (f(x + h e_i) - f(x - h e_i)) / (2 h),  e_i the i-th unit vector,
    for every element i of x (any shape). 对 x 的每个元素分别加减 h。

    Args:
        f: a function taking an array shaped like x and returning a number.
        x: the point, array-like of any shape.
        h: the step.

    Returns:
        A float64 array of x's shape. x itself is left unchanged.

    Why central? 为什么用中心差分?
        - The forward difference (f(x + h) - f(x)) / h is off by about h * f''/2; the central one by
          about h**2 * f'''/6: with h = 1e-5 that is 1e-5 against 1e-10. This is how you check a
          hand-derived gradient (gradient checking). 前向差分误差约为 h，中心差分约为 h**2；这就是"梯度检验"。

    Traps 陷阱:
        - Work on a float64 copy, and restore each element after probing it; never perturb the caller's x.
          在 float64 副本上操作，每次探测后恢复该元素；不要修改调用者的 x。
    """
    point = np.array(x, dtype=np.float64)
    grad = np.zeros_like(point)
    flat, out = point.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        original = flat[i]
        flat[i] = original + h
        upper = float(f(point))
        flat[i] = original - h
        lower = float(f(point))
        flat[i] = original
        out[i] = (upper - lower) / (2.0 * h)
    return grad


def _pair(first, second):
    """Two float64 arrays of the same, non-empty shape."""
    first = np.asarray(first, dtype=np.float64)
    second = np.asarray(second, dtype=np.float64)
    if first.shape != second.shape:
        raise ValueError(f"shape mismatch: {first.shape} vs {second.shape}")
    if first.size == 0:
        raise ValueError("empty input")
    return first, second
