"""The sandbox codec: plain data survives the round trip, anything else is refused or described."""

from __future__ import annotations

import json

import numpy as np
import pytest

from grader.sandbox.wire import BadValue, Fn, ProtocolError, decode, encode


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "text", [1, 2.0, "a"], (1, (2, 3)),
    np.arange(6, dtype=np.int64).reshape(2, 3), np.linspace(0, 1, 5), np.zeros((0, 3)), np.float64(1.5), np.int32(7),
])
def test_plain_data_round_trips_exactly(value):
    back = decode(json.loads(json.dumps(encode(value))))
    if isinstance(value, np.ndarray):
        assert back.dtype == value.dtype and back.shape == value.shape and np.array_equal(back, value)
    else:
        assert back == value and type(back) is type(value)


def test_nan_round_trips():
    assert np.isnan(decode(json.loads(json.dumps(encode(float("nan"))))))


@pytest.mark.parametrize("value, description", [
    (np.array([object()], dtype=object), "object array"),
    (type("F", (float,), {})(1.0), "float subclass"),
    (np.ones(2).view(type("A", (np.ndarray,), {})), "ndarray subclass"),
    (np.array(["a"]), "dtype <U1"),
    ({1: 2}, "builtins.dict"),
])
def test_non_plain_values_become_descriptions(value, description):
    back = decode(encode(value))
    assert isinstance(back, BadValue) and description in back.description


@pytest.mark.parametrize("frame", [
    {"$nd": ["|O", [1], ""]},
    {"$nd": ["<f8", [2], "AAAAAAAAAAA="]},
    {"$nd": ["<f8", [-1], ""]},
    {"$np": ["<f8", "1"]},
    {"$what": 1},
    {"a": 1, "b": 2},
])
def test_malformed_frames_are_refused(frame):
    with pytest.raises(ProtocolError):
        decode(frame)


def test_functions_cross_as_names_and_bind_on_arrival():
    fn = decode(encode(Fn("student.ex01_mse.mse", (np.zeros(2),))))
    assert fn.name == "student.ex01_mse.mse" and np.array_equal(fn.args[0], np.zeros(2))
    bound = fn.bind(lambda name: (lambda x, y: float(np.sum(x - y))) if name == "ex01_mse.mse" else None)
    assert bound(np.ones(2)) == 2.0
    assert Fn("cubic").bind(lambda name: None)(np.array([2.0])) == 8.0
