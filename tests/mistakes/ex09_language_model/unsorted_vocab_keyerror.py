"""Vocabulary in order of first appearance; KeyError for unknown characters; no range checks."""
import numpy as np

EXPECTED_FAILURES = {
    "build_vocab_examples": "order of first appearance",
    "invalid_tokens_raise": "expected ValueError",
    "empty_input_raises": "expected it to raise ValueError",
}




def build_vocab(text):
    return list(dict.fromkeys(text))


def encode(text, vocab):
    index = {c: i for i, c in enumerate(vocab)}
    return np.array([index[c] for c in text], dtype=int)


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _check(tokens, V):
    return np.asarray(tokens)


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    tokens = _check(tokens, vocab_size)
    prev, nxt = tokens[:-1], tokens[1:]
    n = len(prev)
    W = np.zeros((vocab_size, vocab_size))
    losses = []
    for _ in range(epochs):
        log_p = _log_softmax(W[prev])
        losses.append(float(-np.mean(log_p[np.arange(n), nxt])))
        grad = np.zeros_like(W)
        np.add.at(grad, prev, (np.exp(log_p) - np.eye(vocab_size)[nxt]) / n)
        W = W - lr * grad
    return W, losses


def perplexity(W, tokens):
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError("W must be square")
    tokens = _check(tokens, len(W))
    prev, nxt = tokens[:-1], tokens[1:]
    return float(np.exp(-np.mean(_log_softmax(W[prev])[np.arange(len(prev)), nxt])))
