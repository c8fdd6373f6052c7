"""Hidden checks for ex08_overfitting: a reproducible train/test split that keeps pairs, and leak detection."""

from __future__ import annotations

import math

import numpy as np

from grader.checks.cases import rng
from grader.expect import close, fail, raises, unchanged
from grader.show import show
from grader.student import Returned, describe_type
from grader.text import Text

SPLIT, LEAKS = "train_test_split", "find_leaks"


# ---------------------------------------------------------------- train_test_split

def _split(X, y, train, test):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return X[train], X[test], y[train], y[test]


def wrong_splits(X, y, test_size, seed):
    """What the usual wrong recipes return on these inputs, each with the misconception it reveals."""
    n = len(X)
    n_test = round(n * test_size)
    perm = np.random.default_rng(seed).permutation(n)
    runs = []

    def add(train, test, en, zh):
        runs.append((_split(X, y, train, test), Text(en=en, zh=zh)))

    add(perm[:n - n_test], perm[n - n_test:],
        "looks like the test rows were taken from the end of the permutation: they are perm[:n_test], "
        "the training rows perm[n_test:]",
        "看起来测试行取自排列的末尾：测试行应是 perm[:n_test]，训练行是 perm[n_test:]")
    add(np.sort(perm[n_test:]), np.sort(perm[:n_test]),
        "the right rows, in their original order: keep the order of the permutation, X[perm[n_test:]] "
        "(a boolean mask keeps the original order)",
        "行选对了，但保持了原来的顺序：应按排列的顺序取行 X[perm[n_test:]]（布尔掩码会保留原顺序）")
    hows: dict[int, list[str]] = {}
    for wrong, how in ((math.floor(n * test_size), "int()/floor"), (math.ceil(n * test_size), "ceil"),
                       (math.floor(n * test_size + 0.5), "round-half-up")):
        hows.setdefault(wrong, []).append(how)
    for wrong, names in hows.items():
        how = " or ".join(names)
        if wrong != n_test and 0 < wrong < n:
            add(perm[wrong:], perm[:wrong],
                f"looks like n_test = {wrong} ({how}): n_test must be Python's round(n * test_size) = {n_test} "
                "(halves go to the even number: round(2.5) == 2)",
                f"看起来 n_test = {wrong}（{how}）：n_test 应为 Python 的 round(n * test_size) = {n_test}"
                "（恰好一半时取偶数：round(2.5) == 2）")
    if seed != 0:
        other = np.random.default_rng(0).permutation(n)
        add(other[n_test:], other[:n_test],
            "looks like the seed argument is ignored (the split of seed 0): use np.random.default_rng(seed)",
            "看起来忽略了 seed 参数（得到的是 seed 0 的划分）：请用 np.random.default_rng(seed)")
    generator = np.random.default_rng(seed)
    first, second = generator.permutation(n), generator.permutation(n)
    x_parts = _split(X, y, first[n_test:], first[:n_test])[:2]
    y_parts = _split(X, y, second[n_test:], second[:n_test])[2:]
    runs.append(((*x_parts, *y_parts),
                 Text(en="X and y were shuffled independently (two permutations): the labels no longer belong to "
                         "their rows; index X and y with the same perm",
                      zh="X 和 y 被分别打乱了（两个排列）：标签不再对应原来的行；请用同一个 perm 索引 X 和 y")))
    legacy = np.random.RandomState(seed).permutation(n)
    add(legacy[n_test:], legacy[:n_test],
        "looks like the legacy np.random.seed / np.random.permutation: use np.random.default_rng(seed).permutation(n)",
        "看起来用的是旧接口 np.random.seed / np.random.permutation：请用 np.random.default_rng(seed).permutation(n)")
    return runs


def _rows(returned: Returned) -> np.ndarray:
    """A returned part as float64: any real numeric ndarray (its shape is checked by the caller)."""
    value = returned.value
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "iuf":
        raise fail(f"{returned.call} returned {describe_type(value)}, expected a numpy array of numbers",
                   f"{returned.call} 返回了 {describe_type(value)}，应为数值类型的 numpy 数组")
    return value.astype(np.float64)


def check_split(got: Returned, expected, X, y, test_size, seed, hint: Text | None = None):
    """Every part exactly equal to the reference's; a known wrong recipe is named."""
    parts = got.parts(4)
    wrong = []
    for index in (1, 0, 3, 2):  # X_test first: it shows the choice of rows most clearly
        want = np.asarray(expected[index], dtype=np.float64)
        value = _rows(parts[index])
        if value.shape == want.shape and np.array_equal(value, want):
            continue
        if not wrong:
            wrong.extend(wrong_splits(X, y, test_size, seed))
        why = next((text for run, text in wrong
                    if run[index].shape == value.shape and np.array_equal(run[index], value)), None)
        if why is None and index >= 2:  # X came out right, y did not
            why = Text(en="X is split right but y is not: take the same rows of y as of X (y[perm[n_test:]], "
                          "y[perm[:n_test]])",
                       zh="X 划分正确，但 y 不对：y 要取与 X 相同的行（y[perm[n_test:]]、y[perm[:n_test]]）")
        why = why or hint
        if value.shape == want.shape:
            close(Returned(value, parts[index].call), want, rtol=0.0, atol=0.0, hint=why)
        tail_en, tail_zh = (f": {why.en}", f"：{why.zh}") if why else ("", "")
        raise fail(f"{parts[index].call} returned an array of shape {value.shape}, expected shape {want.shape}"
                   f"{tail_en}",
                   f"{parts[index].call} 返回的数组形状是 {value.shape}，应为 {want.shape}{tail_zh}")
    return [np.asarray(part.value, dtype=np.float64) for part in parts]


def compare_splits(student, ref, cases, hint=None):
    results = student.call_many(SPLIT, [((X, y), {"test_size": size, "seed": seed}) for X, y, size, seed in cases])
    for got, (X, y, size, seed) in zip(results, cases):
        check_split(got, ref.call(SPLIT, X, y, test_size=size, seed=seed), X, y, size, seed, hint=hint)


def test_worked_example(student, ref):
    X = np.arange(20.0).reshape(10, 2)
    y = np.arange(10.0) * 10
    compare_splits(student, ref, [(X, y, 0.25, 0), (X, y, 0.3, 42)])


def test_test_size_rounding(student, ref):
    cases = [(10, 0.25, 2), (10, 0.35, 4), (7, 0.3, 2), (5, 0.5, 2), (3, 0.5, 2), (9, 0.1, 1), (4, 0.75, 3)]
    for n, size, n_test in cases:  # one call each: a wrong n_test of 0 raises, and must not hide the others
        got = student.call(SPLIT, np.arange(float(n)), np.arange(float(n)), test_size=size, seed=3)
        X_train, X_test, _, _ = got.parts(4)
        counts = [len(value) if value.ndim else 0 for value in (_rows(X_test), _rows(X_train))]
        if counts != [n_test, n - n_test]:
            raise fail(f"{got.call} gave {counts[0]} test rows and {counts[1]} training rows, expected {n_test} and "
                       f"{n - n_test}: n_test = round(n * test_size) = round({n * size:g}) with Python's round, "
                       "which sends halves to the even number (round(2.5) == 2)",
                       f"{got.call} 得到 {counts[0]} 个测试行和 {counts[1]} 个训练行，应为 {n_test} 和 {n - n_test}："
                       f"n_test = round(n * test_size) = round({n * size:g})，Python 的 round 在恰好一半时取偶数"
                       "（round(2.5) == 2）")
    compare_splits(student, ref, [(np.arange(float(n)), np.arange(float(n)), size, 3) for n, size, _ in cases])


def test_random_splits(student, ref):
    generator = rng(8)
    cases = []
    for seed, (n, d) in enumerate([(2, 1), (5, 2), (12, 3), (30, 4)], start=1):
        cases.append((generator.normal(0, 1, (n, d)), generator.normal(0, 1, n), 0.5 if n == 2 else 0.3, seed))
    cases.append((generator.normal(0, 1, 9), generator.normal(0, 1, 9), 0.2, 123))  # 1-D X: rows are numbers
    cases.append(([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], [0, 1, 0, 1, 1], 0.4, 7))  # lists of ints
    cases.append((np.arange(24, dtype=np.int32).reshape(8, 3), np.arange(8, dtype=np.int64), 0.25, 2024))
    compare_splits(student, ref, cases, hint=Text(
        en="use perm = np.random.default_rng(seed).permutation(n); test rows perm[:n_test], training rows "
           "perm[n_test:]",
        zh="请用 perm = np.random.default_rng(seed).permutation(n)；测试行 perm[:n_test]，训练行 perm[n_test:]"))


def _target(X):
    """A target that is a known function of the row: each row's own label."""
    return np.asarray(X, dtype=np.float64) @ np.array([1.0, 1000.0, 1e6])


def test_rows_stay_paired(student, ref):
    for seed, n in ((0, 8), (5, 20), (11, 3)):
        X = rng(seed).integers(0, 1000, (n, 3)).astype(np.float64)
        got = student.call(SPLIT, X, _target(X), test_size=0.34, seed=seed)
        X_train, X_test, y_train, y_test = got.parts(4)
        for rows, labels in ((X_train, y_train), (X_test, y_test)):
            x_value, y_value = _rows(rows), _rows(labels)
            if x_value.ndim != 2 or x_value.shape[1:] != (3,) or y_value.shape != x_value.shape[:1]:
                raise fail(f"{rows.call} and {labels.call} have shapes {x_value.shape} and {y_value.shape}, "
                           "expected (k, 3) and (k,)",
                           f"{rows.call} 和 {labels.call} 的形状是 {x_value.shape} 和 {y_value.shape}，应为 (k, 3) 和 (k,)")
            bad = np.flatnonzero(_target(x_value) != y_value)
            if bad.size:
                i = int(bad[0])
                x_name, y_name = ("X_train", "y_train") if rows is X_train else ("X_test", "y_test")
                raise fail(f"{got.call}: {y_name}[{i}] = {show(y_value[i])} is not the label of {x_name}[{i}] = "
                           f"{show(x_value[i])} (its label is {show(_target(x_value[i]))}): X and y were shuffled "
                           "independently; index both with the same permutation",
                           f"{got.call}：{y_name}[{i}] = {show(y_value[i])} 不是 {x_name}[{i}] = {show(x_value[i])} "
                           f"的标签（应为 {show(_target(x_value[i]))}）：X 和 y 被分别打乱了；请用同一个排列索引两者")


def test_no_overlap_full_coverage(student, ref):
    for seed, n, size in ((1, 10, 0.3), (4, 25, 0.2), (9, 4, 0.5)):
        ids = np.arange(n, dtype=np.float64) * 7 + 3
        X = np.column_stack([ids, rng(seed).normal(0, 1, n)])
        got = student.call(SPLIT, X, ids, test_size=size, seed=seed)
        X_train, X_test, _, _ = got.parts(4)
        train, test = _rows(X_train), _rows(X_test)
        if train.ndim != 2 or test.ndim != 2 or train.shape[1:] != (2,) or test.shape[1:] != (2,):
            raise fail(f"{got.call} returned X_train of shape {train.shape} and X_test of shape {test.shape}, "
                       "expected 2-D arrays of rows (k, 2)",
                       f"{got.call} 返回的 X_train 形状为 {train.shape}，X_test 形状为 {test.shape}，应为 (k, 2) 的二维行数组")
        train_ids, test_ids = train[:, 0], test[:, 0]
        shared = sorted(set(train_ids.tolist()) & set(test_ids.tolist()))
        if shared:
            rows = [int(np.flatnonzero(ids == value)[0]) for value in shared[:5]]
            raise fail(f"{got.call}: rows {rows} of X are in both X_train and X_test: a test row the model trained "
                       "on measures memory, not generalisation; split ONE permutation into two disjoint parts",
                       f"{got.call}：X 的第 {rows} 行同时出现在 X_train 和 X_test 中：训练过的测试行只能衡量记忆，"
                       "不能衡量泛化；请把同一个排列切成两个不相交的部分")
        both = np.concatenate([train_ids, test_ids])
        repeated = sorted({int(np.flatnonzero(ids == value)[0]) for value in both.tolist()
                           if np.count_nonzero(both == value) > 1})
        missing = [int(i) for i in np.flatnonzero(~np.isin(ids, both))]
        if repeated or missing or len(both) != n:
            raise fail(f"{got.call}: every row of X must land in exactly one of X_train and X_test; rows repeated: "
                       f"{repeated[:5]}, rows missing: {missing[:5]}",
                       f"{got.call}：X 的每一行都必须恰好落在 X_train 或 X_test 中的一个里；重复的行：{repeated[:5]}，"
                       f"缺失的行：{missing[:5]}")


def test_invalid_test_size_raises(student, ref):
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10.0)
    why = Text(en="n_test = round(n * test_size) must be between 1 and n - 1: an empty test set measures nothing "
                  "and an empty training set learns nothing",
               zh="n_test = round(n * test_size) 必须在 1 到 n - 1 之间：空的测试集无法衡量，空的训练集无法学习")
    for size in (0.0, 1.0, 0.04, 0.96):
        raises(student, "ValueError", SPLIT, X, y, test_size=size, seed=0, why=why)
    raises(student, "ValueError", SPLIT, np.array([[1.0, 2.0]]), np.array([3.0]), test_size=0.5, seed=0, why=why)
    raises(student, "ValueError", SPLIT, np.zeros((0, 2)), np.zeros(0), test_size=0.25, seed=0,
           why=Text(en="an empty dataset cannot be split", zh="空数据集无法划分"))


def test_shape_mismatch_raises(student, ref):
    why = Text(en="X and y must have the same number of rows: each row of X is paired with one target",
               zh="X 和 y 的行数必须相同：X 的每一行对应一个目标值")
    X = np.arange(10.0).reshape(5, 2)
    raises(student, "ValueError", SPLIT, X, np.arange(6.0), test_size=0.4, seed=0, why=why)
    raises(student, "ValueError", SPLIT, X, np.arange(4.0), test_size=0.4, seed=0, why=why)
    why_leaks = Text(en="rows of different lengths can never be equal: raise ValueError",
                     zh="长度不同的行不可能相等：请抛出 ValueError")
    raises(student, "ValueError", LEAKS, np.zeros((3, 2)), np.zeros((2, 3)), why=why_leaks)


def test_inputs_unchanged(student, ref):
    X, y = rng(2).normal(0, 1, (8, 2)), rng(3).normal(0, 1, 8)
    got = student.call(SPLIT, X, y, test_size=0.25, seed=5)
    unchanged(got)
    check_split(got, ref.call(SPLIT, X, y, test_size=0.25, seed=5), X, y, 0.25, 5)
    X_train, X_test = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[3.0, 4.0], [5.0, 6.0]])
    got = student.call(LEAKS, X_train, X_test)
    unchanged(got)
    check_leaks(got, X_train, X_test)


# ---------------------------------------------------------------- find_leaks

def _equal_rows(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=np.float64), np.asarray(X_test, dtype=np.float64)
    return (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)  # (k, m)


def wrong_leaks(X_train, X_test):
    """What the usual wrong leak detectors return, each with the misconception it reveals."""
    X_train, X_test = np.asarray(X_train, dtype=np.float64), np.asarray(X_test, dtype=np.float64)
    equal = _equal_rows(X_train, X_test)
    in_order = [i for j in range(len(X_train)) for i in np.flatnonzero(equal[:, j])]
    close_rows = np.isclose(X_test[:, None, :], X_train[None, :, :]).all(axis=2)
    return [
        (np.flatnonzero(equal.any(axis=0)), Text(
            en="looks like indices into X_train: return the positions of the leaked rows in X_test",
            zh="看起来返回的是 X_train 中的下标：应返回泄漏行在 X_test 中的位置")),
        (np.array(in_order), Text(
            en="looks like one index per matching training row, in training order: return each test index once, "
               "sorted (np.unique or np.flatnonzero)",
            zh="看起来每个匹配的训练行都给出一个下标，并按训练集顺序排列：每个测试下标只应出现一次并排序（np.unique 或 np.flatnonzero）")),
        (np.array(list(dict.fromkeys(in_order))), Text(
            en="the right indices, but not sorted: return them in increasing order",
            zh="下标是对的，但没有排序：请按升序返回")),
        (np.flatnonzero(np.isin(X_test[:, 0], X_train[:, 0])), Text(
            en="looks like only the first column is compared: a leak is a whole row equal to a training row",
            zh="看起来只比较了第一列：泄漏是指整行都与某个训练行相等")),
        (np.flatnonzero(np.isin(X_test, X_train).all(axis=1)), Text(
            en="looks like np.isin on the elements: it asks whether each number occurs anywhere in X_train, not "
               "whether the whole row does",
            zh="看起来对元素用了 np.isin：它只检查每个数是否在 X_train 的任意位置出现过，而不是整行是否出现")),
        (np.flatnonzero(close_rows.any(axis=1)), Text(
            en="looks like rows were compared with a tolerance (np.isclose/np.allclose): a leak is an exact copy",
            zh="看起来用容差比较了行（np.isclose/np.allclose）：泄漏指的是完全相同的副本")),
    ]


def check_leaks(got: Returned, X_train, X_test, hint: Text | None = None):
    expected = np.flatnonzero(_equal_rows(X_train, X_test).any(axis=1))
    value = got.value
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size == 0 and expected.size == 0:
        raise fail(f"{got.call} returned an empty float array, expected an empty integer array: np.array([]) is "
                   "float64; write np.array([], dtype=int) (np.flatnonzero gives integers in every case)",
                   f"{got.call} 返回了空的浮点数组，应为空的整数数组：np.array([]) 是 float64；请写 "
                   "np.array([], dtype=int)（np.flatnonzero 总是返回整数）")
    indices = got.array(kind="i")
    if indices.shape == expected.shape and np.array_equal(indices, expected):
        return
    why = next((text for wrong, text in wrong_leaks(X_train, X_test)
                if wrong.shape == indices.shape and np.array_equal(wrong, indices)), hint)
    tail_en, tail_zh = (f": {why.en}", f"：{why.zh}") if why else ("", "")
    raise fail(f"{got.call} returned {show(indices)}, expected {show(expected)}{tail_en}",
               f"{got.call} 返回 {show(indices)}，应为 {show(expected)}{tail_zh}")


def test_find_leaks_example(student, ref):
    X_train = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [1.0, 2.0]])
    X_test = np.array([[0.0, 0.0], [5.0, 6.0], [1.0, 9.0], [1.0, 2.0], [3.0, 4.0 + 1e-7], [5.0, 6.0], [7.0, 2.0]])
    check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)
    X_train, X_test = [[2, 0, 1], [0, 1, 2]], [[0, 1, 2], [1, 2, 0], [2, 0, 1]]
    check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)


def test_find_leaks_random(student, ref):
    cases = []
    for seed, (m, k, d) in enumerate([(15, 10, 3), (6, 12, 1), (30, 8, 4), (1, 3, 2)]):
        generator = rng(100 + seed)
        X_train = generator.integers(0, 3, (m, d)).astype(np.float64)
        X_test = generator.integers(0, 3, (k, d)).astype(np.float64)
        X_test[generator.integers(0, k, 2)] = X_train[generator.integers(0, m, 2)]  # plant copies
        cases.append((X_train, X_test))
    # the real-world case: duplicated rows in a dataset leak across an honest split
    generator = rng(7)
    data = generator.normal(0, 1, (12, 2))
    data = np.concatenate([data, data[[0, 3, 5, 5]]])
    X_train, X_test, _, _ = ref.call(SPLIT, data, np.zeros(len(data)), test_size=0.4, seed=1)
    cases.append((X_train, X_test))
    for got, (X_train, X_test) in zip(student.call_many(LEAKS, [((a, b), {}) for a, b in cases]), cases):
        check_leaks(got, X_train, X_test)


def test_find_leaks_none(student, ref):
    X_train = np.array([[1.0, 2.0], [3.0, 4.0]])
    for X_test in (np.array([[2.0, 1.0], [4.0, 3.0], [1.0, 2.5]]), np.array([[1.0, -2.0]])):
        check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)
    X_train = rng(5).normal(0, 1, (6, 3))
    check_leaks(student.call(LEAKS, X_train, X_train[::-1]), X_train, X_train[::-1])  # every row leaks
