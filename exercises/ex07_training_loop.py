"""Exercise 7: a training loop, gradient descent on a loss. 练习 7：训练循环，用梯度下降降低损失。"""

import numpy as np


def fit_linear_regression(X, y, lr=0.1, epochs=500):
    """Fit y ≈ X @ w + b by full-batch gradient descent on the MSE. 用全批量梯度下降最小化 MSE，拟合线性回归。

    Model 模型:   pred = X @ w + b,  error = pred - y
    Loss 损失:    MSE(w, b) = (1/n) * sum_i error_i ** 2
    Gradient 梯度 (of the MSE itself, factor 2 included 包含系数 2):
        dMSE/dw = (2/n) * X.T @ error        shape (d,)
        dMSE/db = (2/n) * sum_i error_i      a number 一个数
    One epoch 每一轮:  record the loss, then  w <- w - lr * dMSE/dw,  b <- b - lr * dMSE/db
    (both gradients from the SAME predictions 两个梯度都来自同一次预测).

    Args:
        X: inputs, array-like of shape (n, d) (list of lists, int or float array).
        y: targets, array-like of shape (n,).
        lr: the learning rate (step size) 学习率（步长）.
        epochs: how many updates to make 更新的次数.

    Returns:
        (w, b, losses): w a float64 array of shape (d,) (not (d, 1)), b a Python float, losses a list
        (or 1-D array) of epochs floats where losses[k] is the MSE BEFORE update k, so losses[0] is the
        loss of w = 0, b = 0, i.e. mean(y ** 2).
        w 形状为 (d,) 的 float64 数组；b 为 Python float；losses[k] 是第 k 次更新【之前】的损失。

    Raises:
        ValueError: if X is not 2-D, y is not of shape (n,) (an (n, 1) y would broadcast against the
        (n,) predictions into an (n, n) matrix), or the input is empty.

    Traps 陷阱:
        - Start from w = zeros(d) and b = 0.0.  从 w = 0、b = 0 开始。
        - Update the bias too: it has its own gradient.  偏置 b 也要更新，它有自己的梯度。
        - Keep the factor 2 and the 1/n; step AGAINST the gradient (minus sign).
          不要丢掉系数 2 和 1/n；沿梯度的【反】方向走（减号）。
        - Record the loss before the update, not after.  在更新之前记录损失。
        - Do not modify X or y.  不要修改 X 和 y。
    """
    raise NotImplementedError("ex07_training_loop.fit_linear_regression: not implemented yet, see the docstring above")


def fit_logistic_regression(X, y, lr=0.1, epochs=500):
    """Fit P(y=1) = sigmoid(X @ w + b) by gradient descent on the binary cross-entropy. 用梯度下降拟合逻辑回归。

    Model 模型:   z = X @ w + b  (the logits 对数几率),  p = sigmoid(z) = 1 / (1 + exp(-z))
    Loss 损失:    BCE = (1/n) * sum_i [ log(1 + exp(z_i)) - y_i * z_i ]
                      (= -(y log p + (1-y) log(1-p)), written with logits: stable 用 logits 写出，数值稳定)
    Gradient 梯度:
        dBCE/dw = (1/n) * X.T @ (sigmoid(z) - y)      shape (d,)
        dBCE/db = (1/n) * sum_i (sigmoid(z_i) - y_i)
    (no factor 2 here, because there is no square; and the sigmoid's derivative p(1 - p) cancels the
    1 / (p(1 - p)) from the derivative of the log, leaving p - y.
    这里没有系数 2，因为损失里没有平方；sigmoid 的导数 p(1 - p) 与 log 的导数带来的 1 / (p(1 - p)) 约掉，只剩 p - y。)
    One epoch 每一轮:  record the loss, then  w <- w - lr * dBCE/dw,  b <- b - lr * dBCE/db

    Args:
        X: inputs, array-like of shape (n, d).
        y: labels in [0, 1], array-like of shape (n,).
        lr: the learning rate 学习率.
        epochs: how many updates to make 更新的次数.

    Returns:
        (w, b, losses) as in fit_linear_regression: w float64 of shape (d,), b a Python float,
        losses[k] the BCE before update k (losses[0] = log 2 ≈ 0.693, since p = 0.5 everywhere at w = 0).
        与 fit_linear_regression 相同；losses[0] = log 2，因为 w = 0 时所有概率都是 0.5。

    Raises:
        ValueError: as in fit_linear_regression, and for labels outside [0, 1].

    Traps 陷阱:
        - log(1 + exp(z)) overflows for z around 710: use np.logaddexp(0, z) (or
          max(z, 0) + log1p(exp(-|z|))). The loss must stay finite for logits of ±1e4.
          z 约为 710 时 exp(z) 溢出：请用 np.logaddexp(0, z)；logits 为 ±1e4 时损失也要有限。
        - Do not clip probabilities to [eps, 1-eps] for the loss: a badly wrong logit of -1e4 costs 1e4, not 27.6.
          计算损失时不要把概率截断到 [eps, 1-eps]。
        - Update the bias; record the loss before the update; do not modify the inputs.
          更新偏置；在更新之前记录损失；不要修改输入。
    """
    raise NotImplementedError("ex07_training_loop.fit_logistic_regression: not implemented yet, see the docstring above")
