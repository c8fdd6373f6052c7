"""The comparison helpers: a failing value is reported with the call, what came back and what was expected."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.expect import NO_KNOWN_MISTAKE, agrees, close, mistake
from grader.student import CheckFailed, Returned


def test_equal_values_in_a_wrong_dtype_name_the_mistake_without_a_first_difference():
    got = Returned(np.array([1, 2], dtype=np.int64), "f([1, 2])")
    with pytest.raises(CheckFailed) as failed:
        close(got, np.array([1.0, 2.0]), mistakes=[mistake(np.array([1.0, 2.0]), "kept the ints", "保留了整数")])
    message = failed.value.message.en
    assert message.startswith("f([1, 2]) returned") and "kept the ints" in message and "first difference" not in message


def test_a_wrong_value_that_no_known_mistake_explains_says_so():
    got = Returned(np.array([1.0, 5.0]), "f(x)")
    with pytest.raises(CheckFailed) as failed:
        close(got, np.array([1.0, 2.0]), mistakes=[mistake(np.array([2.0, 4.0]), "doubled", "翻倍")])
    message = failed.value.message.en
    assert "first difference at index (1,): 5.0 vs 2.0" in message and NO_KNOWN_MISTAKE.en in message
    assert "doubled" not in message


EDGES = [0.0, -0.0, 1.0, 1 + 1e-10, 1 + 1e-8, -1.0, 1e-13, 5e-13, 2e-12, 1e-300, 1e308, -1e308,
         np.inf, -np.inf, np.nan]
TOLERANCES = [(1e-9, 1e-12), (1e-6, 1e-9), (0.0, 1e-12), (0.0, 0.0)]


@pytest.mark.parametrize("rtol, atol", TOLERANCES)
def test_agrees_is_numpys_isclose_on_every_pair_of_edge_values(rtol, atol):
    """agrees writes np.isclose's test out for speed: it must give isclose's answer, infinities and NaN included."""
    for a in EDGES:
        for b in EDGES:
            want = bool(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
            assert agrees(a, b, rtol, atol) is want, (a, b)
            assert agrees(np.array([a, 2.0]), np.array([b, 2.0]), rtol, atol) is want, (a, b)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=6), st.data())
def test_agrees_is_numpys_isclose_on_arrays(values, data):
    got = np.array(values)
    with np.errstate(over="ignore"):
        nudged = np.nextafter(got, np.inf)  # one step up: the largest float becomes inf
    expected = data.draw(st.one_of(
        st.just(got.copy()),
        st.just(nudged),
        st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=len(values), max_size=len(values)).map(np.array)))
    with np.errstate(all="ignore"):
        want = bool(np.all(np.isclose(got, expected, rtol=1e-9, atol=1e-12, equal_nan=True)))
    assert agrees(got, expected, 1e-9, 1e-12) is want
    assert agrees(got, expected[:-1], 1e-9, 1e-12) is False  # another shape never agrees
