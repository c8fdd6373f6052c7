"""The comparison helpers: a failing value is reported with the call, what came back and what was expected."""

from __future__ import annotations

import numpy as np
import pytest

from grader.expect import NO_KNOWN_MISTAKE, close, mistake
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
