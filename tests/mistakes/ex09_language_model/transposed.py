"""Uses W[next, prev] (columns for the previous token) in training and in the perplexity."""
import numpy as np

EXPECTED_FAILURES = {
    "train_worked_example": "W looks transposed",
    "train_random": "W looks transposed",
    "perplexity_examples": "W[next, prev]",
    "perplexity_large_logits": "expected",
    "inputs_unchanged": "W looks transposed",
}


def build_vocab(text):
    if not text:
        raise ValueError("empty")
    return sorted(set(text))


def encode(text, vocab):
    if not text or any(c not in vocab for c in text):
        raise ValueError("bad text")
    return np.array([vocab.index(c) for c in text])


def _check(tokens, V):
    tokens = np.asarray(tokens)
    if len(tokens) < 2 or tokens.min() < 0 or tokens.max() >= V:
        raise ValueError("bad tokens")
    return tokens


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    tokens = _check(tokens, vocab_size)
    prev, nxt = tokens[:-1], tokens[1:]
    n = len(prev)
    W = np.zeros((vocab_size, vocab_size))
    losses = []
    for _ in range(epochs):
        log_p = _log_softmax(W[:, prev].T)
        losses.append(float(-np.mean(log_p[np.arange(n), nxt])))
        grad = np.zeros_like(W)
        np.add.at(grad.T, prev, (np.exp(log_p) - np.eye(vocab_size)[nxt]) / n)
        W = W - lr * grad
    return W, losses


def perplexity(W, tokens):
    W = np.asarray(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError("W must be square")
    tokens = _check(tokens, len(W))
    prev, nxt = tokens[:-1], tokens[1:]
    return float(np.exp(-np.mean(_log_softmax(W[:, prev].T)[np.arange(len(prev)), nxt])))
