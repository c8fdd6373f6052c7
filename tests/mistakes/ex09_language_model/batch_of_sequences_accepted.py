"""Never checks that the tokens are 1-D: a 2-D batch of sequences goes through."""
import numpy as np

EXPECTED_FAILURES = {'invalid_tokens_raise': '1-D sequence of ids'}


def build_vocab(text):
    if len(text) == 0:
        raise ValueError("empty text")
    return sorted(set(text))


def encode(text, vocab):
    if len(text) == 0:
        raise ValueError("empty text")
    index = {char: i for i, char in enumerate(vocab)}
    unknown = sorted(set(text) - set(index))
    if unknown:
        raise ValueError(f"characters not in the vocabulary: {unknown}")
    return np.array([index[char] for char in text], dtype=np.int64)


def _pairs(tokens, vocab_size):
    tokens = np.asarray(tokens)
    if tokens.ndim < 1 or tokens.dtype.kind not in "iu":
        raise ValueError("tokens must be a 1-D sequence of integer ids")
    if len(tokens) < 2:
        raise ValueError("need at least 2 tokens to form a (previous, next) pair")
    if tokens.min() < 0 or tokens.max() >= vocab_size:
        raise ValueError(f"token ids must lie in [0, {vocab_size})")
    return tokens[:-1], tokens[1:]


def _log_softmax(logits):
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


def train_bigram(tokens, vocab_size, lr=1.0, epochs=100):
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
    W = np.asarray(W, dtype=np.float64)
    if W.ndim != 2 or W.shape[0] != W.shape[1]:
        raise ValueError(f"W must be a square (V, V) array, got shape {W.shape}")
    prev, nxt = _pairs(tokens, W.shape[0])
    log_p = _log_softmax(W[prev])
    return float(np.exp(-np.mean(log_p[np.arange(len(prev)), nxt])))
