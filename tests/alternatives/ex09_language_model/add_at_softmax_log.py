"""Correct, written differently: np.add.at to accumulate rows, log-sum-exp through np.logaddexp.reduce
in training, and a stable softmax followed by np.log (with a tiny clip) for the perplexity."""
import numpy as np


def build_vocab(text):
    chars = sorted({*text})
    if not chars:
        raise ValueError("no characters")
    return chars


def encode(text, vocab):
    lookup = dict(zip(vocab, range(len(vocab))))
    try:
        ids = [lookup[c] for c in text]
    except KeyError as missing:
        raise ValueError(f"unknown character {missing}") from None
    if not ids:
        raise ValueError("empty")
    return np.asarray(ids)


def _bigrams(tokens, V):
    raw = np.asarray(tokens)
    if raw.ndim != 1 or raw.dtype.kind not in "iuf" or np.any(raw != np.round(raw)):  # 2.0 is an id, 1.5 is not
        raise ValueError("tokens must be a 1-D sequence of whole numbers")
    t = raw.astype(np.int64)
    if t.size < 2 or np.any((t < 0) | (t >= V)):
        raise ValueError("bad tokens")
    return t[:-1], t[1:]


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    prev, nxt = _bigrams(tokens, vocab_size)
    N = prev.size
    W = np.zeros((vocab_size, vocab_size))
    losses = []
    for _ in range(epochs):
        logits = W[prev]
        log_p = logits - np.logaddexp.reduce(logits, axis=1, keepdims=True)
        losses.append(-log_p[np.arange(N), nxt].sum() / N)
        G = np.exp(log_p)
        G[np.arange(N), nxt] -= 1.0
        dW = np.zeros_like(W)
        np.add.at(dW, prev, G / N)
        W -= lr * dW
    return W, losses


def perplexity(W, tokens):
    W = np.asarray(W, dtype=np.float64)
    if W.shape != (len(W), len(W)):
        raise ValueError("W must be (V, V)")
    prev, nxt = _bigrams(tokens, len(W))
    z = np.exp(W[prev] - W[prev].max(axis=1, keepdims=True))
    p = z / z.sum(axis=1, keepdims=True)
    return float(np.exp(-np.log(np.clip(p[np.arange(prev.size), nxt], 1e-300, None)).mean()))
