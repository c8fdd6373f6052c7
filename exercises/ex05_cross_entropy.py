"""Exercise 5: softmax and the multi-class cross-entropy, computed stably. 练习 5：softmax 与多分类交叉熵。"""

import numpy as np


def softmax(z):
    """Softmax over the last axis: turns scores (logits) into probabilities. 沿最后一个轴的 softmax。

    Formula 公式:  softmax(z)_k = exp(z_k) / sum_j exp(z_j),  for each row (the last axis).

    Args:
        z: logits, array-like of shape (..., C), at least 1-D; any real numbers.

    Returns:
        A float64 array of the same shape; every entry is non-negative (a tiny probability may underflow
        to 0) and every row sums to 1. 每个元素都非负（极小的概率可能下溢为 0），每行之和为 1。

    Raises:
        ValueError: if z is 0-D or empty.

    Stability 数值稳定:
        - exp(1000) overflows to inf, and inf / inf is nan. Subtracting the row's maximum first changes
          nothing mathematically (the factor exp(-max) cancels) but keeps every exponent <= 0.
          exp(1000) 会溢出成 inf，inf / inf 得到 nan。先减去每行的最大值：数学上结果不变，但指数都 <= 0。

    Traps 陷阱:
        - Normalise over the last axis (axis=-1, keepdims=True), not over the whole array or axis 0.
          沿最后一个轴归一化（axis=-1, keepdims=True），不是整个数组，也不是 axis 0。
    """
    raise NotImplementedError("ex05_cross_entropy.softmax: not implemented yet, see the docstring above")


def log_softmax(z):
    """The logarithm of the softmax over the last axis, without computing the softmax. 对数 softmax。

    Formula 公式:  log_softmax(z)_k = z_k - log(sum_j exp(z_j)) = z_k - logsumexp(z),  natural log 自然对数,
    with logsumexp(z) = m + log(sum_j exp(z_j - m)) and m = max_j z_j (the log-sum-exp trick: stable only with
    the shift by m, since every exp(z_j - m) <= 1 and the sum is >= 1). 只有减去最大值 m 才稳定。

    Args:
        z: logits, array-like of shape (..., C), at least 1-D.

    Returns:
        A float64 array of the same shape, every entry <= 0 and finite for logits up to ±1e4.

    Raises:
        ValueError: if z is 0-D or empty.

    Why not np.log(softmax(z))? 为什么不直接 np.log(softmax(z))?
        - A probability like exp(-2000) underflows to 0.0, and log(0) = -inf. The log-sum-exp form
          keeps the answer, -2000, exactly. 像 exp(-2000) 这样的概率会下溢成 0，log(0) = -inf；
          log-sum-exp 的写法可以精确地保留 -2000。
    """
    raise NotImplementedError("ex05_cross_entropy.log_softmax: not implemented yet, see the docstring above")


def cross_entropy(logits, target):
    """Mean cross-entropy of logits (N, C) against integer class ids (N,). 多分类交叉熵。

    Formula 公式:  CE = -(1/N) * sum_i log_softmax(logits)[i, target_i]      (natural log 自然对数)
    = the mean "surprise" -log p of the probability the model gave the right class.
    模型给正确类别的概率 p 的"惊讶程度" -log p，对 N 个样本求平均。

    Args:
        logits: array-like of shape (N, C): one row of C scores per example.
        target: array-like of N integer class ids, each in [0, C).

    Returns:
        A Python float (computed in float64), finite for logits up to ±1e4.

    Raises:
        ValueError: if logits is not 2-D or is empty, if target does not have shape (N,),
            or if a class id is not an integer in [0, C) (a ValueError, not an IndexError).

    An LLM is a classifier 大语言模型也是分类器:
        - Predicting the next token is a classification over the whole vocabulary (C = 32 000 to 200 000
          tokens): the model gives every token a probability, and its training loss is exactly this
          cross-entropy. 预测下一个词元就是在整个词表（3.2 万到 20 万个词元）上做分类：模型为每个词元给出一个概率，
          训练损失正是这个交叉熵。

    Traps 陷阱:
        - Pick one entry per row: log_probs[np.arange(N), target], not log_probs[:, target] (an N x N
          matrix). 每行只取一个元素：log_probs[np.arange(N), target]，而不是 log_probs[:, target]。
        - Keep the minus sign, and average over N (not sum). 不要丢掉负号，并对 N 求平均。
        - Use log_softmax, not np.log(softmax(...)): a logit gap of 1e4 underflows the probability to 0.
          用 log_softmax，不要用 np.log(softmax(...))。
    """
    raise NotImplementedError("ex05_cross_entropy.cross_entropy: not implemented yet, see the docstring above")
