"""Exercise 9: a tiny language model, next-character prediction with cross-entropy. 练习 9：一个微型语言模型，用交叉熵预测下一个字符。"""

import numpy as np


def build_vocab(text):
    """The vocabulary of a text: its distinct characters, sorted. 文本的词表：去重并排序后的字符。

    Example 例子:  build_vocab("hello") == ['e', 'h', 'l', 'o']

    Args:
        text: a str.

    Returns:
        A list[str] of single characters, each once, in sorted order (sorted() of str compares code
        points: ' ' < 'A' < 'a'). Token id i stands for vocab[i].
        由单个字符组成的 list[str]，每个字符只出现一次，按 sorted() 的顺序排列；第 i 个字符的编号就是 i。

    Raises:
        ValueError: if the text is empty (a model needs at least one character).  文本为空时抛出 ValueError。
    """
    if len(text) == 0:
        raise ValueError("empty text")
    return sorted(set(text))


def encode(text, vocab):
    """Turn a text into token ids: the position of each character in vocab. 把文本编码成编号序列。

    Example 例子:  encode("hello", ['e', 'h', 'l', 'o']) -> np.array([1, 0, 2, 2, 3])

    Args:
        text: a str.
        vocab: a list of characters (for example from build_vocab); use THIS list's order.
               字符列表（例如 build_vocab 的结果）；请按这个列表的顺序编号。

    Returns:
        A 1-D numpy integer array of len(text) ids, with text[i] == vocab[ids[i]].

    Raises:
        ValueError: if the text is empty, or contains a character that is not in vocab (a plain dict
        lookup raises KeyError: turn it into a ValueError). 文本为空或含有词表外的字符时抛出 ValueError（不是 KeyError）。
    """
    if len(text) == 0:
        raise ValueError("empty text")
    index = {char: i for i, char in enumerate(vocab)}
    unknown = sorted(set(text) - set(index))
    if unknown:
        raise ValueError(f"characters not in the vocabulary: {unknown}")
    return np.array([index[char] for char in text], dtype=np.int64)


def _pairs(tokens, vocab_size):
    """(previous, next) id arrays of every bigram in tokens, or ValueError."""
    tokens = np.asarray(tokens)
    if tokens.ndim != 1 or tokens.dtype.kind not in "iu":
        raise ValueError("tokens must be a 1-D sequence of integer ids")
    if len(tokens) < 2:
        raise ValueError("need at least 2 tokens to form a (previous, next) pair")
    if tokens.min() < 0 or tokens.max() >= vocab_size:
        raise ValueError(f"token ids must lie in [0, {vocab_size})")
    return tokens[:-1], tokens[1:]


def _log_softmax(logits):
    """log softmax over the last axis, stable for huge logits (shift by the row maximum)."""
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    """Train a bigram model, a (V, V) table of next-token logits, by gradient descent. 用梯度下降训练一个二元语法模型。

    The model 模型: W[prev, next] is the logit of token `next` coming right after token `prev`
    (row = the previous token, column = the next one 行是前一个字符，列是下一个字符). For the previous
    token a, the predicted distribution of the next token is softmax(W[a]).

    Data 数据: inputs are tokens[:-1], targets are tokens[1:] (shifted by one: predict the NEXT token).
    With N = len(tokens) - 1 pairs (prev_i, next_i):
        loss(W) = (1/N) * sum_i -log softmax(W[prev_i])[next_i]           (mean cross-entropy 平均交叉熵)
        dloss/dW[a] = (1/N) * sum_{i: prev_i = a} (softmax(W[a]) - onehot(next_i))
    One epoch 每一轮: record the loss, then W <- W - lr * dloss/dW.

    Args:
        tokens: 1-D integer ids (list or int array), each in [0, vocab_size), at least 2 of them.
        vocab_size: V, the number of distinct tokens.
        lr: the learning rate 学习率.
        epochs: how many updates 更新次数.

    Returns:
        (W, losses): W a float64 array of shape (V, V), starting from zeros; losses a list (or 1-D
        array) of epochs floats, losses[k] the loss BEFORE update k. Since W starts at zeros, every
        prediction starts uniform and losses[0] == log(V).
        W 从全零开始，所以一开始的预测是均匀分布，losses[0] == log(V)。

    Raises:
        ValueError: fewer than 2 tokens, or an id outside [0, vocab_size) (a negative id would
        silently index from the end). 少于 2 个 token，或编号不在 [0, V) 内时抛出 ValueError。

    Traps 陷阱:
        - Shift! Predicting tokens from themselves learns nothing about language.  要错开一位！
        - Average over the N pairs; compute log-softmax stably (subtract the row maximum).
          对 N 个样本对求平均；稳定地计算 log-softmax（先减去每行最大值）。
        - Several pairs can share a previous token: their gradients ADD UP in that row
          (X.T @ G with a one-hot X, or np.add.at; W[prev] -= ... with repeated prev loses updates).
          多个样本对可能有相同的前一个字符：它们的梯度要累加到同一行。
    """
    prev, nxt = _pairs(tokens, vocab_size)
    n = len(prev)
    inputs = np.eye(vocab_size)[prev]   # (N, V) one-hot of the previous token
    targets = np.eye(vocab_size)[nxt]   # (N, V) one-hot of the next token
    W = np.zeros((vocab_size, vocab_size))
    losses = []
    for _ in range(epochs):
        log_p = _log_softmax(W[prev])   # (N, V)
        losses.append(float(-np.mean(log_p[np.arange(n), nxt])))
        grad = inputs.T @ ((np.exp(log_p) - targets) / n)
        W = W - lr * grad
    return W, losses


def perplexity(W, tokens):
    """Perplexity of a bigram table on a token sequence: exp of the mean cross-entropy. 困惑度：平均交叉熵的指数。

    perplexity = exp( (1/N) * sum_i -log softmax(W[prev_i])[next_i] ),  prev = tokens[:-1], next = tokens[1:]

    Reading it 如何理解: "the model hesitates as if choosing uniformly among this many tokens".
    A uniform model (W = 0) has perplexity exactly V; a perfect one has perplexity 1.
    困惑度可以理解为"模型像是在这么多个字符中均匀地犹豫"：均匀模型（W = 0）的困惑度正好是 V，完美模型是 1。

    Args:
        W: a (V, V) array of logits, W[prev, next] as in train_bigram.
        tokens: 1-D integer ids in [0, V), at least 2.

    Returns:
        A Python float >= 1.

    Raises:
        ValueError: if W is not square, fewer than 2 tokens, or an id outside [0, V).

    Traps 陷阱:
        - The same base for the log and the power: np.log with np.exp (or log2 with 2 **, the same perplexity);
          2 ** a natural-log cross-entropy is wrong. And exponentiate the MEAN cross-entropy, not the sum.
          对数和幂用同一个底：np.log 配 np.exp（或 log2 配 2 **，困惑度相同）；对自然对数的交叉熵取 2 ** 是错的。
          对【平均】交叉熵取指数，而不是总和。
        - Logits of ±1e4 must give a finite answer: subtract each row's maximum before exp, and do not
          modify W while doing it.  logits 为 ±1e4 时结果也要有限；减去每行最大值，但不要原地修改 W。
    """
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square (V, V) array, got shape {W.shape}")
    prev, nxt = _pairs(tokens, W.shape[0])
    log_p = _log_softmax(W[prev])
    return float(np.exp(-np.mean(log_p[np.arange(len(prev)), nxt])))
