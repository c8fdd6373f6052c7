"""Exercise 4: binary cross-entropy, from probabilities and from logits. 练习 4：二元交叉熵。"""

import numpy as np


def binary_cross_entropy(p, y, eps=1e-12):
    """Mean binary cross-entropy of predicted probabilities p against labels y. 二元交叉熵（输入为概率）。

    Formula 公式:  BCE = -(1/n) * sum_i [ y_i * log(p_i) + (1 - y_i) * log(1 - p_i) ],
    with log the natural log (np.log) and p first clipped to [eps, 1 - eps].
    log 是自然对数（np.log）；先把 p 截断到 [eps, 1 - eps]。

    Args:
        p: predicted probabilities of class 1, array-like with values in [0, 1], any shape.
        y: labels in [0, 1], the same shape as p (0/1, or soft labels such as 0.9).
        eps: the clipping margin that keeps log away from log(0) = -inf.

    Returns:
        A Python float (computed in float64).

    Raises:
        ValueError: if the shapes differ, if the input is empty, or if p or y is outside [0, 1].

    Why -log p? 为什么是 -log p?
        - -log p is the "surprise" of an outcome you gave probability p: -log 1 = 0 (no surprise),
          -log 0.5 ≈ 0.69, -log 0.0001 ≈ 9.21. Being confidently wrong costs a lot.
          -log p 是"惊讶程度"：你给了概率 p 的事发生了。-log 1 = 0，-log 0.0001 ≈ 9.21：自信地犯错代价很高。
        - For y = 1 only -log(p) counts, for y = 0 only -log(1 - p): the formula picks the probability
          the model gave to what really happened.  公式只取模型给"真实发生的那一类"的概率。

    Traps 陷阱:
        - Keep the minus sign: log p <= 0, so without it the loss is negative and "improves" by being wrong.
          不要丢掉负号：log p <= 0，没有负号损失就是负的。
        - Clip before the log: p = 0 or 1 gives log(0) = -inf and then nan (0 * -inf).
          取对数前先截断：p 为 0 或 1 时会得到 log(0) = -inf，再乘 0 就是 nan。
        - Clip a copy, not the caller's array (np.clip returns a new array; out=p would modify it).
          截断副本而不是调用者的数组。
    """
    raise NotImplementedError("ex04_binary_cross_entropy.binary_cross_entropy: not implemented yet, see the docstring above")


def binary_cross_entropy_with_logits(z, y):
    """Mean binary cross-entropy computed from logits z = log(p / (1 - p)). 二元交叉熵（输入为 logits）。

    Formula 公式:  with p = sigmoid(z) = 1 / (1 + exp(-z)), the loss of one element simplifies to
        -(y * log p + (1 - y) * log(1 - p)) = log(1 + exp(z)) - y * z      (natural log 自然对数)
    and log(1 + exp(z)) = np.logaddexp(0, z) never overflows. 用 np.logaddexp(0, z) 计算 log(1 + exp(z))，不会溢出。

    Args:
        z: logits (any real numbers), array-like, any shape.
        y: labels in [0, 1], the same shape as z.

    Returns:
        A Python float (computed in float64), finite for |z| up to 1e4 and beyond.

    Raises:
        ValueError: if the shapes differ, if the input is empty, or if y is outside [0, 1].

    Why logits? 为什么直接用 logits?
        - sigmoid(40) is exactly 1.0 in float64, so log(1 - sigmoid(40)) = log(0) = -inf; np.exp(1000)
          overflows to inf. Working with z directly avoids both, without clipping away information.
          float64 里 sigmoid(40) 恰好等于 1.0，log(1 - p) 就变成 -inf；np.exp(1000) 会溢出。
          直接用 z 计算可以避免这两个问题，也不需要截断。

    Traps 陷阱:
        - Do not compute sigmoid first and then take logs: that is exactly the unstable path.
          不要先算 sigmoid 再取对数：那正是不稳定的算法。
        - np.log(1 + np.exp(z)) overflows for z > ~709; np.logaddexp(0, z) does not.
          np.log(1 + np.exp(z)) 在 z 超过约 709 时溢出；np.logaddexp(0, z) 不会。
    """
    raise NotImplementedError("ex04_binary_cross_entropy.binary_cross_entropy_with_logits: not implemented yet, see the docstring above")
