"""Forgets the minus sign in both forms: the loss comes out negative."""
import numpy as np

EXPECTED_FAILURES = {
    "worked_example": "minus sign is missing",
    "random_probabilities": "minus sign is missing",
    "clips_zero_and_one": "minus sign is missing",
    "custom_eps": "minus sign is missing",
    "logits_worked_example": "sign is flipped",
    "logits_random": "sign is flipped",
    "logits_stable_for_large_values": "sign is flipped",
    "array_likes_and_ints": "",
    "inputs_unchanged": "",
}


def _check(a, y):
    if a.shape != y.shape or a.size == 0 or np.any((y < 0) | (y > 1)):
        raise ValueError("bad input")


def binary_cross_entropy(p, y, eps=1e-12):
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    _check(p, y)
    if np.any((p < 0) | (p > 1)):
        raise ValueError("p outside [0, 1]")
    p = np.clip(p, eps, 1 - eps)
    return float(np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def binary_cross_entropy_with_logits(z, y):
    z, y = np.asarray(z, dtype=float), np.asarray(y, dtype=float)
    _check(z, y)
    return float(np.mean(y * z - np.logaddexp(0.0, z)))
