"""Correct, written differently: plain Python loops over the pairs, list.index (which raises ValueError
by itself), math.log/math.exp per row, and the losses returned as a numpy array."""
import math

import numpy as np


def build_vocab(text):
    if text == "":
        raise ValueError("empty text")
    vocab = []
    for char in text:
        if char not in vocab:
            vocab.append(char)
    vocab.sort()
    return vocab


def encode(text, vocab):
    if not text:
        raise ValueError("empty text")
    return np.array([vocab.index(char) for char in text], dtype=np.int32)  # ValueError if missing


def _row_log_probs(row):
    top = max(row)
    log_total = top + math.log(sum(math.exp(value - top) for value in row))
    return [value - log_total for value in row]


def _checked(tokens, size):
    if np.ndim(tokens) != 1 or any(t != int(t) for t in tokens):
        raise ValueError("tokens must be a 1-D sequence of integer ids")
    tokens = [int(t) for t in tokens]
    if len(tokens) < 2 or any(t < 0 or t >= size for t in tokens):
        raise ValueError("need >= 2 tokens in [0, V)")
    return tokens


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
    tokens = _checked(tokens, vocab_size)
    pairs = list(zip(tokens[:-1], tokens[1:]))
    W = np.zeros((vocab_size, vocab_size))
    losses = np.empty(epochs)
    for epoch in range(epochs):
        grad = np.zeros_like(W)
        total = 0.0
        for a, b in pairs:
            log_p = _row_log_probs(W[a].tolist())
            total -= log_p[b]
            for c in range(vocab_size):
                grad[a, c] += math.exp(log_p[c]) - (1.0 if c == b else 0.0)
        losses[epoch] = total / len(pairs)
        W -= lr * grad / len(pairs)
    return W, losses


def perplexity(W, tokens):
    W = np.array(W, dtype=float)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError("W must be square")
    tokens = _checked(tokens, len(W))
    nll = [-_row_log_probs(W[a].tolist())[b] for a, b in zip(tokens[:-1], tokens[1:])]
    return math.exp(sum(nll) / len(nll))
