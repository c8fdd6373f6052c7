"""Properties of the reference losses on arbitrary inputs (hypothesis): the maths the checks rely on."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import SOLUTIONS


def load(name):
    spec = importlib.util.spec_from_file_location(f"reference_{name}", SOLUTIONS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MSE, MAE, HUBER, BCE = (load(name) for name in ("ex01_mse", "ex02_mae", "ex03_huber", "ex04_binary_cross_entropy"))

# No magnitudes below 1e-100: their squares underflow to 0, which is float64's limit, not the formula's.
finite = st.one_of(st.just(0.0), st.floats(1e-100, 1e6), st.floats(-1e6, -1e-100))
shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=6)


@st.composite
def pairs(draw, elements=finite):
    shape = draw(shapes)
    return (draw(hnp.arrays(np.float64, shape, elements=elements)),
            draw(hnp.arrays(np.float64, shape, elements=elements)))


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_regression_losses_are_nonnegative_zero_only_at_equality_and_symmetric(pair):
    y_pred, y_true = pair
    for loss in (MSE.mse, MAE.mae, HUBER.huber):
        value = loss(y_pred, y_true)
        assert type(value) is float and value >= 0.0
        assert value == loss(y_true, y_pred)
        assert (value == 0.0) == bool(np.all(y_pred == y_true))


@settings(max_examples=200, deadline=None)
@given(pairs(), st.floats(1e-3, 1e3))
def test_huber_lies_between_its_two_limits(pair, delta):
    y_pred, y_true = pair
    value = HUBER.huber(y_pred, y_true, delta)
    # quadratic everywhere is an upper bound, delta * (MAE - delta/2) a lower one
    assert value <= 0.5 * MSE.mse(y_pred, y_true) * (1 + 1e-12) + 1e-300
    assert value >= delta * (MAE.mae(y_pred, y_true) - 0.5 * delta) - 1e-9 * max(1.0, value)


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_mae_never_exceeds_root_mse(pair):
    y_pred, y_true = pair
    assert MAE.mae(y_pred, y_true) <= np.sqrt(MSE.mse(y_pred, y_true)) * (1 + 1e-12)


# beyond |z| ~ 15, 1 - sigmoid(z) itself has lost digits: the probability form is the inaccurate one
logits = st.floats(-15, 15, allow_nan=False)
labels = st.floats(0, 1)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_logits_form_agrees_with_probability_form(data):
    shape = data.draw(shapes)
    z = data.draw(hnp.arrays(np.float64, shape, elements=logits))
    y = data.draw(hnp.arrays(np.float64, shape, elements=labels))
    p = 1.0 / (1.0 + np.exp(-z))
    from_logits = BCE.binary_cross_entropy_with_logits(z, y)
    assert from_logits >= 0.0
    assert from_logits == pytest.approx(BCE.binary_cross_entropy(p, y, eps=1e-300), rel=1e-7, abs=1e-12)


@settings(max_examples=100, deadline=None)
@given(st.floats(-1e4, 1e4), st.sampled_from([0.0, 1.0]))
def test_logits_form_is_finite_and_matches_softplus_limits(z, y):
    value = BCE.binary_cross_entropy_with_logits([z], [y])
    assert np.isfinite(value) and value >= 0.0
    wrong_side = z if y == 0.0 else -z  # how far the logit points to the wrong class
    if wrong_side > 40:
        assert value == pytest.approx(wrong_side, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(pairs(st.floats(0, 1)))
def test_bce_clips_so_every_probability_gives_a_finite_loss(pair):
    p, y = pair
    value = BCE.binary_cross_entropy(p, y)
    assert np.isfinite(value) and value >= -1e-12
    # 1 - eps is rounded in float64, so the clipped side of p = 1 reaches -log(1 - (1 - eps)), a little
    # past -log(eps) (hypothesis found p = 1, y = 0: 27.631043 against 27.631021)
    worst = max(-np.log(1e-12), -np.log(1 - (1 - 1e-12)))
    assert value <= worst * (1 + 1e-9)
