"""Correct, written differently: encode with vocab.index, training on the (V, V) table of bigram counts (np.bincount
of the pair index prev * V + next, computed in int64 whatever the tokens' dtype), the gradient as
(row counts * softmax(W) - counts) / N, and the perplexity in base 2 (log2 with 2 **, the same number)."""
import numpy as np


def build_vocab(text):
    if not text:
        raise ValueError("empty text")
    return sorted(set(text))


def encode(text, vocab):
    if not text:
        raise ValueError("empty text")
    try:
        return np.array([vocab.index(char) for char in text], dtype=np.int64)
    except ValueError:
        raise ValueError("a character is not in the vocabulary") from None


def _ids(tokens, V):
    tokens = np.asarray(tokens)
    if tokens.ndim != 1 or tokens.dtype.kind not in "iu" or len(tokens) < 2:
        raise ValueError("need a 1-D sequence of at least 2 integer ids")
    tokens = tokens.astype(np.int64)
    if tokens.min() < 0 or tokens.max() >= V:
        raise ValueError("id outside [0, V)")
    return tokens


def _log_softmax_rows(W):
    shifted = W - W.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    V = vocab_size
    tokens = _ids(tokens, V)
    n = len(tokens) - 1
    counts = np.bincount(tokens[:-1] * V + tokens[1:], minlength=V * V).reshape(V, V).astype(np.float64)
    row_counts = counts.sum(axis=1, keepdims=True)
    W = np.zeros((V, V))
    losses = np.empty(epochs)
    for epoch in range(epochs):
        log_p = _log_softmax_rows(W)
        losses[epoch] = -np.sum(counts * log_p) / n
        W = W - lr * (row_counts * np.exp(log_p) - counts) / n
    return W, losses


def perplexity(W, tokens):
    W = np.array(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError("W must be square")
    tokens = _ids(tokens, W.shape[0])
    log2_p = _log_softmax_rows(W)[tokens[:-1], tokens[1:]] / np.log(2.0)
    return float(2.0 ** -np.mean(log2_p))
