"""Hidden checks for ex08_overfitting: a reproducible train/test split that keeps pairs, leak candidates, and
polynomial fits whose validation curve shows memorising."""

from __future__ import annotations

import math

import numpy as np
import pytest

from grader.checks.cases import either, like, rng
from grader.checks.reasons import EMPTY_INPUT, SHAPES_DIFFER
from grader.expect import Deferred, agrees, close, fail, mistake, raises, unchanged
from grader.show import show
from grader.student import Returned, StudentRaised, describe_type
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

    def add(train, test, en, zh, key=None):
        runs.append((key or en[:40], _split(X, y, train, test), Text(en=en, zh=zh)))

    rows = np.arange(n)
    for test, en, zh in ((rows[:n_test], "first", "前"), (rows[n - n_test:], "last", "后")):  # no permutation at all
        add(np.setdiff1d(rows, test), test,
            f"the rows were not shuffled: the test set is the {en} n_test rows as they come, so any order in the data "
            "(by date, by class, by source) lands on one side of the split; take the rows of "
            "perm = np.random.default_rng(seed).permutation(n)",
            f"数据没有打乱：测试集就是原样的{zh} n_test 行，数据中的任何顺序（按日期、按类别、按来源）都会整个落到划分的一边；"
            "请按 perm = np.random.default_rng(seed).permutation(n) 取行", key=f"no shuffle, test {en}")
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
    runs.append(("two permutations", (*x_parts, *y_parts),
                 Text(en="X and y were shuffled independently (two permutations): the labels no longer belong to "
                         "their rows, so they become noise and the test loss goes up (a pairing bug, not a leak); "
                         "index X and y with the same perm",
                      zh="X 和 y 被分别打乱了（两个排列）：标签不再对应原来的行，变成了噪声，测试损失会升高（这是配对错误，"
                         "不是泄露）；请用同一个 perm 索引 X 和 y")))
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


def _same_rows(value, run) -> bool:
    return value.shape == run.shape and np.array_equal(value, run)


def _four_arrays(value) -> bool:
    return isinstance(value, (tuple, list)) and len(value) == 4 and all(
        isinstance(part, np.ndarray) and part.dtype.kind in "iuf" for part in value)


def recipes_matching(got: Returned, X, y, test_size, seed) -> set[str] | None:
    """The keys of the wrong recipes that give exactly what the student returned (None when it is not 4 arrays)."""
    value = got.value
    if not _four_arrays(value):
        return None
    parts = [np.asarray(part, dtype=np.float64) for part in value]
    return {key for key, run, _ in wrong_splits(X, y, test_size, seed)
            if all(_same_rows(part, wrong) for part, wrong in zip(parts, run))}


def check_split(got: Returned, expected, X, y, test_size, seed, prefer: tuple[str, ...] = ()):
    """Every part exactly equal to the reference's, as float64; a known wrong recipe is named (those in `prefer`
    first: the recipes that explain every case of a check, so that a tiny case's coincidence does not mislead)."""
    parts = got.parts(4)
    wrong = []
    for index in (1, 0, 3, 2):  # X_test first: it shows the choice of rows most clearly
        want = np.asarray(expected[index], dtype=np.float64)
        value = _rows(parts[index])
        if value.shape == want.shape and np.array_equal(value, want):
            close(parts[index], want, rtol=0.0, atol=0.0)  # the right rows: now the dtype must be float64 too
            continue
        if not wrong:  # the recipes that explain every part first, then the preferred ones
            whole = recipes_matching(got, X, y, test_size, seed) or set()
            wrong.extend(sorted(wrong_splits(X, y, test_size, seed),
                                key=lambda item: (item[0] not in whole, item[0] not in prefer)))
        known = [mistake(run[index], text.en, text.zh) for _, run, text in wrong]
        if index >= 2:  # X_test and X_train came out right (they are checked first), y did not
            known.append(mistake(value, "X is split right but y is not: take the same rows of y as of X "
                                        "(y[perm[n_test:]], y[perm[:n_test]])",
                                 "X 划分正确，但 y 不对：y 要取与 X 相同的行（y[perm[n_test:]]、y[perm[:n_test]]）"))
        close(parts[index].with_value(value), want, rtol=0.0, atol=0.0, mistakes=known)
    return [np.asarray(part.value, dtype=np.float64) for part in parts]


def compare_splits(student, ref, cases):
    results = student.call_many(SPLIT, [((X, y), {"test_size": size, "seed": seed}) for X, y, size, seed in cases])
    expected = [ref.call(SPLIT, X, y, test_size=size, seed=seed) for X, y, size, seed in cases]
    explains: set[str] | None = None  # the wrong recipes that explain every case the student got wrong
    for got, want, (X, y, size, seed) in zip(results, expected, cases):
        if not _four_arrays(got.value) or all(_same_rows(np.asarray(part, dtype=np.float64),
                                                         np.asarray(w, dtype=np.float64))
                                              for part, w in zip(got.value, want)):
            continue  # nothing a recipe could explain, or right: the recipes are tried only on a wrong split
        matching = recipes_matching(got, X, y, size, seed)
        explains = matching if explains is None else explains & matching
    prefer = tuple(sorted(explains or ()))
    for got, want, (X, y, size, seed) in zip(results, expected, cases):
        check_split(got, want, X, y, size, seed, prefer=prefer)


def _distinct(generator, shape, high=1000):
    """Distinct whole numbers as float64 (every row its own, so that a row tells where it went)."""
    return generator.choice(high, int(np.prod(shape)), replace=False).reshape(shape).astype(np.float64)


@pytest.mark.held_out
def test_worked_example(student, ref):
    X, y, seed = either(180, (np.arange(20.0).reshape(10, 2), np.arange(10.0) * 10, 42), lambda g: (
        _distinct(g, (10, 2)), _distinct(g, 10), int(g.integers(1, 10**6))))
    compare_splits(student, ref, [(X, y, 0.25, 0), (X, y, 0.3, seed)])
    got = student.call(SPLIT, X, y)  # the defaults: test_size=0.25, seed=0
    check_split(got, ref.call(SPLIT, X, y), X, y, 0.25, 0)


def _rounding_cases(generator):
    """Four sizes where n * test_size is exactly a half (two rounding down to even, two up) and three that are not,
    each leaving at least one row on either side."""
    cases = []
    while len(cases) < 7:
        n = int(generator.integers(3, 41))
        if len(cases) < 4:
            m = int(generator.integers(1, n - 1))  # n * size = m + 0.5: round gives the even one of m, m + 1
            if (m % 2 == 0) != (len(cases) % 2 == 0) or not 1 <= m + m % 2 <= n - 1:
                continue
            size = (m + 0.5) / n
            if n * size != m + 0.5:
                continue
        else:
            size = float(generator.uniform(0.05, 0.95))
            if abs(n * size % 1 - 0.5) < 0.1 or not 1 <= round(n * size) <= n - 1:
                continue
        cases.append((n, size, round(n * size)))
    return [cases[i] for i in generator.permutation(len(cases))], int(generator.integers(0, 10**6))


@pytest.mark.held_out
def test_test_size_rounding(student, ref):
    cases, seed = either(181, ([(10, 0.25, 2), (10, 0.35, 4), (7, 0.3, 2), (5, 0.5, 2), (3, 0.5, 2), (9, 0.1, 1),
                                (4, 0.75, 3)], 3), _rounding_cases)
    for n, size, n_test in cases:  # one call each: a wrong n_test of 0 raises, and must not hide the others
        got = student.call(SPLIT, np.arange(float(n)), np.arange(float(n)), test_size=size, seed=seed)
        X_train, X_test, _, _ = got.parts(4)
        counts = [len(value) if value.ndim else 0 for value in (_rows(X_test), _rows(X_train))]
        if counts != [n_test, n - n_test]:
            raise fail(f"{got.call} gave {counts[0]} test rows and {counts[1]} training rows, expected {n_test} and "
                       f"{n - n_test}: n_test = round(n * test_size) = round({n * size:g}) with Python's round, "
                       "which sends halves to the even number (round(2.5) == 2)",
                       f"{got.call} 得到 {counts[0]} 个测试行和 {counts[1]} 个训练行，应为 {n_test} 和 {n - n_test}："
                       f"n_test = round(n * test_size) = round({n * size:g})，Python 的 round 在恰好一半时取偶数"
                       "（round(2.5) == 2）")
    compare_splits(student, ref, [(np.arange(float(n)), np.arange(float(n)), size, seed) for n, size, _ in cases])


@pytest.mark.held_out
def test_random_splits(student, ref):
    generator = rng(8)
    cases = []
    for seed, (n, d) in enumerate([(2, 1), (5, 2), (12, 3), (30, 4)], start=1):
        cases.append((generator.normal(0, 1, (n, d)), generator.normal(0, 1, n), 0.5 if n == 2 else 0.3, seed))
    cases.append((generator.normal(0, 1, 9), generator.normal(0, 1, 9), 0.2, 123))  # 1-D X: rows are numbers
    cases.append(either(200, ([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]], [0, 1, 0, 1, 1], 0.4, 7), lambda g: (
        _distinct(g, (5, 2), 100).astype(np.int64).tolist(), g.integers(0, 2, 5).tolist(), 0.4,
        int(g.integers(0, 10**6)))))  # lists of ints
    cases.append(either(201, (np.arange(24, dtype=np.int32).reshape(8, 3), np.arange(8, dtype=np.int64), 0.25, 2024),
                        lambda g: (_distinct(g, (8, 3), 1000).astype(np.int32), _distinct(g, 8, 1000).astype(np.int64),
                                   0.25, int(g.integers(0, 10**6)))))
    # small and unsigned integer dtypes, bool features and labels, float32: the parts come back as float64
    cases.append((generator.integers(0, 256, (6, 2)).astype(np.uint8), generator.integers(0, 2, 6).astype(bool), 0.5, 9))
    cases.append((generator.integers(-128, 128, (7, 2)).astype(np.int8), generator.integers(-999, 999, 7).astype(np.int16),
                  0.3, 10))
    cases.append((generator.integers(0, 2, (6, 3)).astype(bool), generator.normal(0, 1, 6).astype(np.float32), 0.5, 11))
    # 300 rows: lengths past 256 are distinct int objects, so a 'len(X) is not len(y)' test refuses them
    cases.append((generator.normal(0, 1, (300, 2)), generator.normal(0, 1, 300), 0.1, 12))
    compare_splits(student, ref, cases)


def _target(X):
    """A target that is a known function of the row: each row's own label."""
    return np.asarray(X, dtype=np.float64) @ np.array([1.0, 1000.0, 1e6])


@pytest.mark.held_out
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


@pytest.mark.held_out
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


def _empty_sides(generator):
    """n rows, and test sizes that round n_test to 0 or to n without being 0 and 1 (n * size within 0.45 of it)."""
    n, d = int(generator.integers(5, 31)), int(generator.integers(1, 4))
    small, large = generator.uniform(0.05, 0.45, 2) / n
    return (generator.normal(0.0, 1.0, (n, d)), generator.normal(0.0, 1.0, n), (0.0, 1.0, float(small), 1.0 - float(large)),
            (generator.normal(0.0, 1.0, (1, d)), generator.normal(0.0, 1.0, 1)), d,
            generator.normal(0.0, 1.0, (int(generator.integers(1, 5)), d)))


@pytest.mark.held_out
def test_invalid_test_size_raises(student, ref):
    X, y, sizes, (row, label), d, rows = either(182, (
        np.arange(20.0).reshape(10, 2), np.arange(10.0), (0.0, 1.0, 0.04, 0.96), (np.array([[1.0, 2.0]]), np.array([3.0])),
        2, np.ones((3, 2))), _empty_sides)
    why = Text(en="n_test = round(n * test_size) must be between 1 and n - 1: an empty test set measures nothing "
                  "and an empty training set learns nothing",
               zh="n_test = round(n * test_size) 必须在 1 到 n - 1 之间：空的测试集无法衡量，空的训练集无法学习")
    for size in sizes:
        raises(student, "ValueError", SPLIT, X, y, test_size=size, seed=0, why=why)
    raises(student, "ValueError", SPLIT, row, label, test_size=0.5, seed=0, why=why)
    raises(student, "ValueError", SPLIT, np.zeros((0, d)), np.zeros(0), test_size=0.25, seed=0,
           why=Text(en="an empty dataset cannot be split", zh="空数据集无法划分"))
    empty = Text(en="find_leaks with an empty training or test set has nothing to compare: raise ValueError "
                    "(an empty result would say 'no leak' about data that was never there)",
                 zh="find_leaks 的训练集或测试集为空时无从比较：请抛出 ValueError（返回空结果等于对不存在的数据说“没有泄露”）")
    raises(student, "ValueError", LEAKS, np.zeros((0, d)), rows, why=empty)
    raises(student, "ValueError", LEAKS, rows, np.zeros((0, d)), why=empty)


def _mismatched(generator):
    """Row counts one or more apart, and tables whose rows have other lengths (one column against several)."""
    n, k, wide = int(generator.integers(4, 12)), int(generator.integers(1, 3)), int(generator.integers(2, 5))
    m, r = int(generator.integers(1, 5)), int(generator.integers(1, 5))

    def small(rows, columns):  # ones and zeros in public: a broadcast comparison finds equal elements in them
        return generator.integers(0, 2, (rows, columns)).astype(np.float64)

    return (generator.normal(0.0, 1.0, (n, 2)), generator.normal(0.0, 1.0, n + k), generator.normal(0.0, 1.0, n - k),
            (small(m, wide), small(r, wide + 1)), (small(m, 1), small(r, wide)), (small(m, wide), small(r, 1)))


@pytest.mark.held_out
def test_shape_mismatch_raises(student, ref):
    why = Text(en="X and y must have the same number of rows: each row of X is paired with one target",
               zh="X 和 y 的行数必须相同：X 的每一行对应一个目标值")
    X, longer, shorter, different, narrow, wide = either(183, (
        np.arange(10.0).reshape(5, 2), np.arange(6.0), np.arange(4.0), (np.zeros((3, 2)), np.zeros((2, 3))),
        (np.ones((3, 1)), np.ones((2, 3))), (np.ones((3, 3)), np.ones((2, 1)))), _mismatched)
    raises(student, "ValueError", SPLIT, X, longer, test_size=0.4, seed=0, why=why)
    raises(student, "ValueError", SPLIT, X, shorter, test_size=0.4, seed=0, why=why)
    why_leaks = Text(en="rows of different lengths can never be equal: raise ValueError",
                     zh="长度不同的行不可能相等：请抛出 ValueError")
    raises(student, "ValueError", LEAKS, *different, why=why_leaks)
    # one column against three broadcasts silently instead of failing: compare the row lengths first
    raises(student, "ValueError", LEAKS, *narrow, why=why_leaks)
    raises(student, "ValueError", LEAKS, *wide, why=why_leaks)


def _not_a_split(got: Returned, X, y, n_test) -> Text | None:
    """Why the result is no split of these rows into n_test test rows and the rest, each with its own label; None
    when it is one. Which rows go where is checked elsewhere: a split that was not shuffled is a split, and
    blaming it on the inputs would name a mistake that never happened."""
    parts = [_rows(part) for part in got.parts(4)]
    X_train, X_test, y_train, y_test = parts
    label = {tuple(row): value for row, value in zip(np.asarray(X).tolist(), np.asarray(y).tolist())}
    rows = [tuple(row) for row in np.concatenate([X_train, X_test]).tolist()] if X_train.ndim == X_test.ndim == 2 else []
    if len(X_test) != n_test or sorted(rows) != sorted(label):
        return Text(en=f"{got.call} does not return the rows of X split into {n_test} test rows and "
                       f"{len(X) - n_test} training rows, each row once",
                    zh=f"{got.call} 没有把 X 的行划分成 {n_test} 个测试行和 {len(X) - n_test} 个训练行（每行恰好一次）")
    labels = np.concatenate([y_train, y_test]) if y_train.ndim == y_test.ndim == 1 else None
    if labels is None or labels.tolist() != [label[row] for row in rows]:
        return Text(en=f"{got.call}: y_train and y_test are not the labels of the rows in X_train and X_test",
                    zh=f"{got.call}：y_train 和 y_test 不是 X_train 和 X_test 中各行的标签")
    return None


def _one_shared_row(generator):
    """Two tables of two rows sharing one row (the shared row last in one, first in the other)."""
    rows = _distinct(generator, (3, 2), 20)
    return rows[:2], rows[1:]


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    X, y = rng(2).normal(0, 1, (8, 2)), rng(3).normal(0, 1, 8)
    got = student.call(SPLIT, X, y, test_size=0.25, seed=5)
    unchanged(got)
    why = _not_a_split(got, X, y, n_test=2)
    if why is not None:  # the inputs are intact: say so, and what is wrong instead
        raise fail(f"the inputs were left unchanged, but {why.en}", f"输入没有被修改，但{why.zh}")
    X_train, X_test = either(184, (np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([[3.0, 4.0], [5.0, 6.0]])),
                             _one_shared_row)
    got = student.call(LEAKS, X_train, X_test)
    unchanged(got)
    check_leaks(got, X_train, X_test)


# ---------------------------------------------------------------- find_leaks

def _equal_rows(X_train, X_test):
    X_train, X_test = np.asarray(X_train, dtype=np.float64), np.asarray(X_test, dtype=np.float64)
    return (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)  # (k, m)


def _wrapped_distance(X_train: np.ndarray, X_test: np.ndarray):
    """A squared distance of 0 computed in a small integer dtype: the differences and squares wrap around."""
    if X_train.dtype != X_test.dtype or X_train.dtype.kind not in "iu" or X_train.dtype.itemsize >= 8:
        return []
    with np.errstate(over="ignore"):
        zero = ((X_test[:, None, :] - X_train[None, :, :]) ** 2).sum(axis=2) == 0
    name = X_train.dtype.name
    return [(np.flatnonzero(zero.any(axis=1)), Text(
        en=f"looks like a squared distance computed in the inputs' dtype {name}: differences and squares wrap around "
           f"there (in uint8 0 - 16 = 240 and 240 ** 2 = 57600 wraps to 0), so different rows look equal; convert "
           "the inputs with np.asarray(X, dtype=np.float64), or compare the rows with == directly",
        zh=f"看起来平方距离是在输入的 dtype {name} 中计算的：差和平方在这里会回绕（uint8 中 0 - 16 = 240，"
           "240 ** 2 = 57600 回绕成 0），于是不同的行看起来相等；请用 np.asarray(X, dtype=np.float64) 转换输入，"
           "或直接用 == 比较行"))]


def wrong_leaks(X_train, X_test):
    """What the usual wrong leak detectors return, each with the misconception it reveals."""
    raw_train, raw_test = np.asarray(X_train), np.asarray(X_test)
    X_train, X_test = np.asarray(X_train, dtype=np.float64), np.asarray(X_test, dtype=np.float64)
    equal = _equal_rows(X_train, X_test)
    in_order = [i for j in range(len(X_train)) for i in np.flatnonzero(equal[:, j])]
    close_rows = np.isclose(X_test[:, None, :], X_train[None, :, :]).all(axis=2)
    return _wrapped_distance(raw_train, raw_test) + [
        (np.flatnonzero(equal.any(axis=0)), Text(
            en="looks like indices into X_train: return the positions of the candidate rows in X_test",
            zh="看起来返回的是 X_train 中的下标：应返回候选行在 X_test 中的位置")),
        (np.array(in_order), Text(
            en="looks like one index per matching training row, in training order: return each test index once, "
               "sorted (np.unique or np.flatnonzero)",
            zh="看起来每个匹配的训练行都给出一个下标，并按训练集顺序排列：每个测试下标只应出现一次并排序（np.unique 或 np.flatnonzero）")),
        (np.array(list(dict.fromkeys(in_order))), Text(
            en="the right indices, but not sorted: return them in increasing order",
            zh="下标是对的，但没有排序：请按升序返回")),
        (np.flatnonzero(np.isin(X_test[:, 0], X_train[:, 0])), Text(
            en="looks like only the first column is compared: a leak candidate is a whole row equal to a training row",
            zh="看起来只比较了第一列：泄露候选是指整行都与某个训练行相等")),
        (np.flatnonzero(np.isin(X_test, X_train).all(axis=1)), Text(
            en="looks like np.isin on the elements: it asks whether each number occurs anywhere in X_train, not "
               "whether the whole row does",
            zh="看起来对元素用了 np.isin：它只检查每个数是否在 X_train 的任意位置出现过，而不是整行是否出现")),
        (np.flatnonzero(close_rows.any(axis=1)), Text(
            en="looks like rows were compared with a tolerance (np.isclose/np.allclose): this detector reports exact "
               "copies only, and a row that differs by 1e-7 is a different row here (near-duplicates can leak too, "
               "but finding them takes a similarity search, not a tolerance on ==)",
            zh="看起来用容差比较了行（np.isclose/np.allclose）：这个检测器只报告完全相同的副本，相差 1e-7 的行在这里是不同的行"
               "（近似重复也可能造成泄露，但要靠相似度搜索来找，而不是给 == 加容差）")),
    ]


def check_leaks(got: Returned, X_train, X_test):
    expected = np.flatnonzero(_equal_rows(X_train, X_test).any(axis=1))
    value = got.value
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size == 0 and expected.size == 0:
        raise fail(f"{got.call} returned an empty float array, expected an empty integer array: np.array([]) is "
                   "float64; write np.array([], dtype=int) (np.flatnonzero gives integers in every case)",
                   f"{got.call} 返回了空的浮点数组，应为空的整数数组：np.array([]) 是 float64；请写 "
                   "np.array([], dtype=int)（np.flatnonzero 总是返回整数）")
    close(got, expected, rtol=0.0, atol=0.0, kind="i",
          mistakes=Deferred(lambda: [mistake(wrong, text.en, text.zh) for wrong, text in wrong_leaks(X_train, X_test)]))


def _leaky_floats(generator):
    """Like the fixed float case: a repeated training row, copies (one twice), a copy off by 1e-7, a row sharing
    only its first number with a training row, and one made of training numbers in another arrangement."""
    while True:
        train = generator.integers(0, 10, (4, 2)).astype(np.float64)
        test = np.array([generator.integers(0, 10, 2), train[2], [train[0, 0], generator.integers(0, 10)], train[0],
                         train[1] + [0.0, 1e-7], train[2], [train[3, 0], train[0, 1]]], dtype=np.float64)
        X_train, X_test = np.concatenate([train, train[:1]])[generator.permutation(5)], test[generator.permutation(7)]
        leaks = _equal_rows(X_train, X_test).any(axis=1).sum()
        if len(np.unique(train, axis=0)) == 4 and leaks == 3:  # exactly the planted copies are leaks
            return X_train, X_test


def _rearranged(generator):
    """Rows that are arrangements of the same three numbers: two in training, three in test, two of them shared."""
    numbers = generator.choice(10, 3, replace=False)
    first, second, third = (numbers[generator.permutation(3)].tolist() for _ in range(3))
    while second == first:
        second = numbers[generator.permutation(3)].tolist()
    while third in (first, second):
        third = numbers[generator.permutation(3)].tolist()
    test = [second, third, first]
    return [first, second], [test[i] for i in generator.permutation(3)]


def _wrap_twin(row, dtype, generator):
    """The row with one number moved by a multiple of 16 (of 256 in int16): a different row whose squared
    difference wraps to 0 in the dtype."""
    info, step = np.iinfo(dtype), 256 if dtype == np.int16 else 16
    twin = row.astype(np.int64)
    column = generator.integers(0, len(row))
    twin[column] += step * generator.integers(1, step)  # step * step is the dtype's whole span: never a full turn
    span = int(info.max) - int(info.min) + 1
    twin[column] = (twin[column] - int(info.min)) % span + int(info.min)
    return twin.astype(dtype)


def _small_leaks(generator):
    """The small dtypes' cases with other rows: a wrap-around twin beside real copies; bool rows with a copy."""
    cases = []
    for dtype, (low, high) in ((np.uint8, (0, 255)), (np.int8, (-128, 127)), (np.int16, (-1000, 1000))):
        while True:
            train = generator.integers(low, high + 1, (3 if dtype == np.uint8 else 2, 2)).astype(dtype)
            test = np.array([_wrap_twin(train[0], dtype, generator), train[1], *(
                [_wrap_twin(train[2], dtype, generator), train[2]] if dtype == np.uint8 else [])], dtype=dtype)
            test = test[generator.permutation(len(test))]
            if len(np.unique(train, axis=0)) == len(train) and _equal_rows(train, test).any(axis=1).sum() == len(test) // 2:
                cases.append((train, test))
                break
    train = generator.random((2, 3)) < 0.5
    test = np.array([train[int(generator.integers(0, 2))], generator.random(3) < 0.5])
    cases.append((train, test[generator.permutation(2)]))
    return cases


@pytest.mark.held_out
def test_find_leaks_example(student, ref):
    X_train, X_test = either(185, (
        np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0], [1.0, 2.0]]),
        np.array([[0.0, 0.0], [5.0, 6.0], [1.0, 9.0], [1.0, 2.0], [3.0, 4.0 + 1e-7], [5.0, 6.0], [7.0, 2.0]])),
        _leaky_floats)
    check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)
    X_train, X_test = either(186, ([[2, 0, 1], [0, 1, 2]], [[0, 1, 2], [1, 2, 0], [2, 0, 1]]), _rearranged)
    check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)
    # small integer and bool rows: [0, 0] is not [0, 16] although 0 - 16 wraps to 240 in uint8 and 240 ** 2 to 0
    small = either(187, [
        (np.array([[0, 16], [200, 7], [3, 3]], dtype=np.uint8), np.array([[0, 0], [200, 7], [19, 3], [3, 3]], dtype=np.uint8)),
        (np.array([[100, 1], [5, 5]], dtype=np.int8), np.array([[-28, 1], [100, 1]], dtype=np.int8)),
        (np.array([[300, -2], [7, 7]], dtype=np.int16), np.array([[7, 7], [44, -2]], dtype=np.int16)),
        (np.array([[True, False, True], [False, False, True]]), np.array([[False, False, True], [True, True, True]]))],
        _small_leaks)
    for X_train, X_test in small:
        check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)


@pytest.mark.held_out
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
    # 300 columns: lengths past 256 are distinct int objects, so a 'shape[1] is not shape[1]' test refuses them
    wide = rng(6).integers(0, 2, (4, 300)).astype(np.float64)
    cases.append((wide[:3], wide[[3, 0]]))
    for got, (X_train, X_test) in zip(student.call_many(LEAKS, [((a, b), {}) for a, b in cases]), cases):
        check_leaks(got, X_train, X_test)


def _no_leaks(generator):
    """Two training rows of distinct numbers; test rows that reverse them, or change one number of one."""
    X_train = _distinct(generator, (2, 2), 20) + 1.0  # no 0, whose sign flip would give the same row
    changed = X_train[0] + [0.0, 0.5]
    return X_train, (np.array([X_train[0, ::-1], X_train[1, ::-1], changed]), np.array([X_train[0] * [1.0, -1.0]]))


@pytest.mark.held_out
def test_find_leaks_none(student, ref):
    X_train, tests = either(188, (np.array([[1.0, 2.0], [3.0, 4.0]]), (
        np.array([[2.0, 1.0], [4.0, 3.0], [1.0, 2.5]]), np.array([[1.0, -2.0]]))), _no_leaks)
    for X_test in tests:
        check_leaks(student.call(LEAKS, X_train, X_test), X_train, X_test)
    X_train = rng(5).normal(0, 1, (6, 3))
    check_leaks(student.call(LEAKS, X_train, X_train[::-1]), X_train, X_train[::-1])  # every row leaks


# ---------------------------------------------------------------- polynomial features, fit, validation curve

FEATURES, FIT, CURVE = "polynomial_features", "fit_polynomial", "validation_curve"
# Predictions and MSEs, not raw coefficients: on [-1, 1] up to degree 12 the condition number of X reaches
# ~1e5, so equally good least-squares methods (lstsq, pinv, SVD, even the normal equations when X has full
# column rank) agree on X @ w between the data points to ~1e-9 but not on every digit of w. Coefficients are
# compared only where they are unique and well conditioned: the worked examples and the minimum-norm cases.
PREDICTION_TOL = 1e-7
MSE_RTOL = 1e-6
NORMAL_EQUATIONS = Text(
    en="looks like the normal equations (np.linalg.solve(X.T @ X, X.T @ y) or np.linalg.inv): with more coefficients "
       "than points (degree + 1 > n) X.T @ X is singular, so they fail or return an arbitrary fit; "
       "np.linalg.lstsq(X, y, rcond=None) returns the minimum-norm solution",
    zh="看起来用的是正规方程（np.linalg.solve(X.T @ X, X.T @ y) 或 np.linalg.inv）：系数比数据点多时（degree + 1 > n），"
       "X.T @ X 是奇异矩阵，正规方程会失败或给出任意一个解；np.linalg.lstsq(X, y, rcond=None) 给出范数最小的解")
POLYFIT_ORDER = Text(
    en="the coefficients are in the reverse order, highest power first, as np.polyfit returns them: here w[j] "
       "multiplies x**j (w[0] is the intercept)",
    zh="系数顺序反了，高次在前（np.polyfit 的顺序）：这里 w[j] 乘的是 x**j（w[0] 是截距）")
NOT_MINIMUM_NORM = Text(
    en="the normal equations (np.linalg.solve or np.linalg.inv on the singular X.T @ X) or np.polyfit give one of "
       "these solutions, more or less at random; np.linalg.lstsq(X, y, rcond=None) or np.linalg.pinv(X) @ y gives "
       "the minimum-norm one",
    zh="正规方程（对奇异的 X.T @ X 用 np.linalg.solve 或 np.linalg.inv）或 np.polyfit 会给出其中某一个解，几乎是随机的；"
       "np.linalg.lstsq(X, y, rcond=None) 或 np.linalg.pinv(X) @ y 给出范数最小的那个")
NO_CONSTANT = Text(
    en="the constant column x**0 is missing: without an intercept the polynomial is forced through 0 at x = 0; "
       "column 0 of the features is all ones",
    zh="缺少常数列 x**0：没有截距，多项式在 x = 0 处被迫为 0；特征的第 0 列应全为 1")


def _vander(x, columns):
    """x**0 .. x**(columns - 1), lowest power first (the trusted side's own features)."""
    return np.asarray(x, dtype=np.float64)[:, None] ** np.arange(columns)


def _lstsq(X, y):
    return np.linalg.lstsq(X, np.asarray(y, dtype=np.float64), rcond=None)[0]


def _powers_in_dtype(x: np.ndarray, degree):
    """x ** j in the input's own small dtype (x ** j with a Python int j keeps it), converted afterwards: integer
    powers wrap around, float32 ones are rounded."""
    if x.dtype.kind in "iu" and x.dtype.itemsize < 8:
        en = (f"the powers were computed in the input's dtype {x.dtype.name} and wrapped around (in uint8 200 ** 2 = "
              "40000 wraps to 64): convert x with np.asarray(x, dtype=np.float64) before raising it to any power")
        zh = (f"幂是在输入的 dtype {x.dtype.name} 中计算的，发生了回绕（uint8 中 200 ** 2 = 40000 回绕成 64）："
              "请先用 np.asarray(x, dtype=np.float64) 转换 x，再求幂")
    elif x.dtype.kind == "f" and x.dtype.itemsize < 8:
        en = (f"the powers were computed in {x.dtype.name} and converted afterwards: they carry its rounding "
              "(about 1e-7); convert x with np.asarray(x, dtype=np.float64) first")
        zh = f"幂是在 {x.dtype.name} 中计算后才转换的，带着它的舍入误差（约 1e-7）：请先用 np.asarray(x, dtype=np.float64) 转换 x"
    else:
        return []
    with np.errstate(over="ignore"):
        return [mistake(np.column_stack([x ** j for j in range(degree + 1)]).astype(np.float64), en, zh)]


def feature_mistakes(x, degree):
    raw = np.asarray(x)
    x = np.asarray(x, dtype=np.float64)
    powers = np.arange(degree + 1)
    return _powers_in_dtype(raw, degree) + [
        mistake(x[:, None] ** powers[::-1],
                "the columns are in the wrong order, highest power first (np.vander's default, np.polyfit's order): "
                "column j must be x**j, lowest power first (np.vander(x, degree + 1, increasing=True))",
                "列的顺序反了，高次在前（np.vander 的默认顺序，也是 np.polyfit 的顺序）：第 j 列应为 x**j，低次在前"
                "（np.vander(x, degree + 1, increasing=True)）"),
        mistake(x[:, None] ** powers[1:], NO_CONSTANT.en, NO_CONSTANT.zh),
        mistake(x[:, None] ** (powers + 1),
                "the powers start at 1: column j must be x**j, so column 0 is x**0 = 1 (np.arange(degree + 1))",
                "幂次从 1 开始了：第 j 列应为 x**j，所以第 0 列是 x**0 = 1（np.arange(degree + 1)）"),
    ]


def check_features(got: Returned, expected, x, degree):
    close(got, expected, rtol=1e-12, atol=1e-300, mistakes=Deferred(lambda: feature_mistakes(x, degree)))


def call_fit(student, function, *args, **kwargs) -> Returned:
    """A call that fits polynomials: a LinAlgError (a singular X.T @ X) names the normal equations."""
    try:
        return student.call(function, *args, **kwargs)
    except StudentRaised as raised:
        if "LinAlgError" in raised.mro:
            raise fail(f"{raised.call} raised {raised.type} ({raised.detail}): {NORMAL_EQUATIONS.en}",
                       f"{raised.call} 抛出了 {raised.type}（{raised.detail}）：{NORMAL_EQUATIONS.zh}") from None
        raise


def _coefficients(got: Returned, degree) -> np.ndarray:
    value = got.value
    if isinstance(value, np.ndarray) and value.dtype == np.float64 and value.shape == (degree,):
        raise fail(f"{got.call} returned {degree} coefficients, expected degree + 1 = {degree + 1}: {NO_CONSTANT.en}",
                   f"{got.call} 返回了 {degree} 个系数，应为 degree + 1 = {degree + 1} 个：{NO_CONSTANT.zh}")
    return got.array(shape=(degree + 1,), kind="f")


def check_fit_predictions(got: Returned, expected_w, x, y, degree):
    """The student's polynomial predicts what the least-squares one does, at the data and between them.

    Not beyond them: there a polynomial of degree 12 amplifies the rounding of w (the normal equations, which
    square the condition number, still give the right fit when X has full column rank: only degree >= n fails).
    """
    w = _coefficients(got, degree)
    x = np.asarray(x, dtype=np.float64)
    points = np.concatenate([x, np.linspace(x.min(), x.max(), 41)])
    want = _vander(points, degree + 1) @ np.asarray(expected_w, dtype=np.float64)
    tolerance = PREDICTION_TOL * max(1.0, float(np.max(np.abs(np.asarray(y, dtype=np.float64)))))
    predicted = _vander(points, degree + 1) @ w
    if np.all(np.abs(predicted - want) <= tolerance):
        return
    i = int(np.argmax(np.abs(predicted - want)))
    if degree > 0 and np.all(np.abs(_vander(points, degree + 1) @ w[::-1] - want) <= tolerance):
        why = POLYFIT_ORDER
    else:
        why = Text(en="w must minimise mean((X @ w - y) ** 2) with X = polynomial_features(x, degree): "
                      "np.linalg.lstsq(X, y, rcond=None)[0]",
                   zh="w 要使 mean((X @ w - y) ** 2) 最小，其中 X = polynomial_features(x, degree)："
                      "np.linalg.lstsq(X, y, rcond=None)[0]")
    raise fail(f"{got.call} returned w = {show(w)}, whose polynomial predicts {show(predicted[i])} at x = "
               f"{show(points[i])}, where the least-squares polynomial predicts {show(want[i])}: {why.en}",
               f"{got.call} 返回 w = {show(w)}，它的多项式在 x = {show(points[i])} 处预测 {show(predicted[i])}，"
               f"而最小二乘多项式预测 {show(want[i])}：{why.zh}")


def _quarters(generator, size, low=-2.0, high=2.0):
    """Multiples of 0.25 (their small powers are exact), as a list."""
    return (generator.integers(int(low * 4), int(high * 4) + 1, size) / 4).tolist()


def _feature_examples(generator):
    """x holding 0 (0 ** 0 is 1) and other quarters, at the fixed cases' sizes and degrees."""
    x = generator.permutation([0.0, *_quarters(generator, 3)]).tolist()
    return ((x, 3), (x, 0), (_quarters(generator, 1, -3.0, 3.0), 1), (_quarters(generator, 2), 2))


@pytest.mark.held_out
def test_features_worked_example(student, ref):
    # x = [-1, 0, 0.5, 2], degree 3: rows [1, -1, 1, -1], [1, 0, 0, 0], [1, 0.5, 0.25, 0.125], [1, 2, 4, 8]
    for x, degree in either(189, (([-1.0, 0.0, 0.5, 2.0], 3), ([-1.0, 0.0, 0.5, 2.0], 0), ([3.0], 1), ([0.5, -2.0], 2)),
                            _feature_examples):
        check_features(student.call(FEATURES, x, degree), ref.call(FEATURES, x, degree), x, degree)


@pytest.mark.held_out
def test_features_random(student, ref):
    generator = rng(81)
    cases = [(generator.uniform(-1, 1, n), degree) for n in (1, 7, 30) for degree in range(13)]
    for got, (x, degree) in zip(student.call_many(FEATURES, [((x, d), {}) for x, d in cases]), cases):
        check_features(got, ref.call(FEATURES, x, degree), x, degree)


@pytest.mark.held_out
def test_features_invalid_x_raises(student, ref):
    not_1d = Text(en="x must be a 1-D array of numbers: a table (n, 1) or a single number is not a list of points",
                  zh="x 必须是一维的数字数组：(n, 1) 的表或单个数都不是一组点")
    column, table, single = either(190, (np.array([[0.5], [1.0], [-0.5]]), np.array([[1.0, 2.0], [3.0, 4.0]]),
                                         np.array(0.5)), lambda g: (
        g.uniform(-1.0, 1.0, (int(g.integers(1, 6)), 1)), g.uniform(-4.0, 4.0, (2, int(g.integers(2, 4)))),
        np.array(g.uniform(-1.0, 1.0))))
    raises(student, "ValueError", FEATURES, column, 2, why=not_1d)
    raises(student, "ValueError", FEATURES, table, 1, why=not_1d)
    raises(student, "ValueError", FEATURES, single, 2, why=not_1d)
    raises(student, "ValueError", FEATURES, np.zeros(0), 2,
           why=Text(en="no points, no features: an empty x is an error", zh="没有点就没有特征：x 为空是错误"))


@pytest.mark.held_out
def test_features_invalid_degree_raises(student, ref):
    x, negative, floats = either(191, (np.array([0.5, -1.0, 0.25]), -1, (2.5, 2.0, np.float64(1.0))), lambda g: (
        g.uniform(-1.0, 1.0, int(g.integers(1, 6))), -int(g.integers(1, 4)),
        (float(g.integers(0, 5)) + 0.5, float(g.integers(0, 5)), np.float64(g.integers(0, 5)))))
    raises(student, "ValueError", FEATURES, x, negative,
           why=Text(en="a degree counts powers: it cannot be negative", zh="次数是幂的个数，不能为负"))
    for degree in floats:
        raises(student, "ValueError", FEATURES, x, degree,
               why=Text(en="the degree must be an integer: 2.0 is a float (np.arange(2.0 + 1) would quietly give "
                           "float powers)",
                        zh="次数必须是整数：2.0 是浮点数（np.arange(2.0 + 1) 会悄悄给出浮点数幂次）"))
    for degree in (True, False):
        raises(student, "ValueError", FEATURES, x, degree,
               why=Text(en="a bool is not a degree, though isinstance(True, int) is True: rule bool out explicitly",
                        zh="bool 不是次数，尽管 isinstance(True, int) 为 True：请单独排除 bool"))


def _exact_fits(generator):
    """A line and a parabola through whole-numbered points, a mean, and a least-squares line: distinct whole x in
    [-3, 3], whole coefficients (the fit is unique and well conditioned, so coefficients can be compared)."""
    def points(n):
        return np.sort(generator.choice(np.arange(-3, 4), n, replace=False)).astype(np.float64)

    def through(x, degree):
        return (_vander(x, degree + 1) @ generator.integers(-3, 4, degree + 1)).tolist()

    line, parabola, mean, scatter = points(3), points(3), points(4), points(4)
    return [(line.tolist(), through(line, 1), 1), (mean.tolist(), generator.integers(-5, 6, 4).astype(float).tolist(), 0),
            (parabola.tolist(), through(parabola, 2), 2),
            (scatter.tolist(), generator.integers(-5, 6, 4).astype(float).tolist(), 1)]


@pytest.mark.held_out
def test_fit_worked_example(student, ref):
    # a line through 3 points: w = [1, 2]; degree 0: the mean 2.5; a parabola through 3 points: w = [1, 0, 1];
    # the least-squares line through (0, 1), (1, 3), (2, 2), (3, 4): slope 4 / 5 = 0.8, intercept 2.5 - 0.8 * 1.5 = 1.3
    cases = either(192, [([0.0, 1.0, 2.0], [1.0, 3.0, 5.0], 1), ([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 2.0, 5.0], 0),
                         ([-1.0, 0.0, 1.0], [2.0, 1.0, 2.0], 2), ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 2.0, 4.0], 1)],
                   _exact_fits)
    for x, y, degree in cases:
        got = call_fit(student, FIT, x, y, degree)
        w = ref.call(FIT, x, y, degree)
        _coefficients(got, degree)
        columns = _vander(x, degree + 1)
        close(got, w, rtol=1e-9, atol=1e-12, mistakes=[
            mistake(np.asarray(w)[::-1], POLYFIT_ORDER.en, POLYFIT_ORDER.zh),
            mistake(np.concatenate([[0.0], _lstsq(columns[:, 1:], y)]), NO_CONSTANT.en, NO_CONSTANT.zh)])


def _noisy(seed, n, noise=0.1):
    generator = rng(seed)
    x = generator.uniform(-1, 1, n)
    return x, np.sin(3 * x) + generator.normal(0, noise, n)


@pytest.mark.held_out
def test_fit_least_squares(student, ref):
    x, y = _noisy(82, 30)
    cases = [(x, y, degree) for degree in range(13)]
    x, y = _noisy(83, 20, noise=1.0)
    cases += [(x, 5 * y + 10, degree) for degree in (1, 4, 8)]
    for got, (x, y, degree) in zip(student.call_many(FIT, [((x, y, d), {}) for x, y, d in cases]), cases):
        check_fit_predictions(got, ref.call(FIT, x, y, degree), x, y, degree)


@pytest.mark.held_out
def test_fit_minimum_norm(student, ref):
    generator = rng(84)
    cases = either(193, [(np.array([-0.5, 0.5]), np.array([1.0, 2.0]), 3), (np.array([0.3]), np.array([2.0]), 2)],
                   lambda g: [(np.array([-1.0, 1.0]) * g.uniform(0.2, 1.0), g.uniform(-3.0, 3.0, 2), 3),
                              (g.uniform(-1.0, 1.0, 1), g.uniform(-3.0, 3.0, 1), 2)])
    for n, degree in ((5, 12), (8, 9), (3, 4)):
        cases.append((generator.uniform(-1, 1, n), generator.normal(0, 1, n), degree))
    for x, y, degree in cases:
        got = call_fit(student, FIT, x, y, degree)
        want = np.asarray(ref.call(FIT, x, y, degree), dtype=np.float64)
        w = _coefficients(got, degree)
        if np.all(np.abs(w - want) <= 1e-7 * max(1.0, float(np.max(np.abs(want))))):
            continue
        X = _vander(x, degree + 1)
        fits = 1e-6 * max(1.0, float(np.max(np.abs(y))))
        if np.all(np.abs(X @ w - y) <= fits):
            why = NOT_MINIMUM_NORM
            raise fail(f"{got.call} returned w = {show(w)} (norm {np.linalg.norm(w):.4g}): it passes through every "
                       f"point, but so do infinitely many others when there are more coefficients ({degree + 1}) "
                       f"than points ({len(x)}); the one asked for has the minimum norm, {np.linalg.norm(want):.4g} "
                       f"(w = {show(want)}): {why.en}",
                       f"{got.call} 返回 w = {show(w)}（范数 {np.linalg.norm(w):.4g}）：它穿过每个点，但系数（{degree + 1} 个）"
                       f"比数据点（{len(x)} 个）多时，这样的 w 有无穷多个；要求的是范数最小的那个，范数为 "
                       f"{np.linalg.norm(want):.4g}（w = {show(want)}）：{why.zh}")
        if np.all(np.abs(X @ w[::-1] - y) <= fits):
            raise fail(f"{got.call} returned w = {show(w)}, expected {show(want)}: {POLYFIT_ORDER.en}",
                       f"{got.call} 返回 w = {show(w)}，应为 {show(want)}：{POLYFIT_ORDER.zh}")
        close(got.with_value(w), want, rtol=1e-7, atol=1e-7, mistakes=[
            mistake(np.concatenate([[0.0], _lstsq(X[:, 1:], y)]), NO_CONSTANT.en, NO_CONSTANT.zh)])


def _bad_fits(generator):
    """x and y of other sizes and values, each pair still wrong the way its fixed case is."""
    n = int(generator.integers(3, 7))
    x, y = np.sort(generator.uniform(-1.0, 1.0, n)), generator.uniform(-3.0, 3.0, n)
    return (x, y[:-1], y[:, None], generator.uniform(-1.0, 1.0, (2, 2)), generator.uniform(-3.0, 3.0, (2, 2)), y,
            (-int(generator.integers(1, 4)), float(generator.integers(0, 4)) + 0.5, True))


@pytest.mark.held_out
def test_fit_invalid_raises(student, ref):
    x, shorter, column, table, table_y, y, degrees = either(194, (
        np.array([0.0, 0.5, 1.0]), np.array([1.0, 2.0]), np.array([[1.0], [2.0], [3.0]]), np.array([[0.0, 0.5], [1.0, 1.5]]),
        np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 2.0, 0.0]), (-1, 1.5, True)), _bad_fits)
    same_shape = Text(en="x and y must have the same shape: each x is paired with one y",
                      zh="x 和 y 的形状必须相同：每个 x 对应一个 y")
    raises(student, "ValueError", FIT, x, shorter, 1, why=same_shape)
    raises(student, "ValueError", FIT, x, column, 1,
           why=Text(en=f"x and y must have the same shape: {SHAPES_DIFFER.en}", zh=f"x 和 y 的形状必须相同：{SHAPES_DIFFER.zh}"))
    raises(student, "ValueError", FIT, np.zeros(0), np.zeros(0), 1,
           why=Text(en="no points, nothing to fit: an empty x is an error", zh="没有点就无从拟合：x 为空是错误"))
    raises(student, "ValueError", FIT, table, table_y, 1,
           why=Text(en="x must be a 1-D array of points", zh="x 必须是一维的点数组"))
    for degree in degrees:
        raises(student, "ValueError", FIT, x, y, degree,
               why=Text(en="the degree must be a non-negative integer (not a bool or a float)",
                        zh="次数必须是非负整数（不能是 bool 或浮点数）"))


# ---------------------------------------------------------------- validation_curve

def _curve_of(fit_on, measure_on, degrees, columns=lambda d: np.arange(d + 1), order=1):
    """The MSE on each of `measure_on` of the least-squares polynomial fitted on `fit_on`, for each degree."""
    results = [[] for _ in measure_on]
    for degree in degrees:
        powers = columns(int(degree))
        w = _lstsq(np.asarray(fit_on[0], dtype=np.float64)[:, None] ** powers, fit_on[1])[::order]
        for result, (x, y) in zip(results, measure_on):
            x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
            result.append(float(np.mean((x[:, None] ** powers @ w - y) ** 2)))
    return [np.array(result) for result in results]


def curve_mistakes(x_train, y_train, x_val, y_val, degrees):
    """What the usual wrong validation curves return: (mistakes for train_mse, mistakes for val_mse)."""
    train, val = (x_train, y_train), (x_val, y_val)
    good_train, good_val = _curve_of(train, [train, val], degrees)
    refit_train, refit_val = _curve_of(val, [train, val], degrees)
    count_train, count_val = _curve_of(train, [train, val], range(len(degrees)))
    bare_train, bare_val = _curve_of(train, [train, val], degrees, columns=lambda d: np.arange(1, d + 1))
    flipped = _curve_of(train, [train, val], degrees, order=-1)
    n_train, n_val = len(np.asarray(x_train)), len(np.asarray(x_val))
    on_train = ("val_mse was measured on the training points again: the validation MSE is the loss on (x_val, y_val), "
                "points the fit never saw", "val_mse 又是在训练点上算的：验证 MSE 是在拟合从未见过的 (x_val, y_val) 上的损失")
    swapped = ("the two curves are swapped: return (train_mse, val_mse) in this order",
               "两条曲线的顺序反了：请按 (train_mse, val_mse) 的顺序返回")
    refit = ("looks like the polynomial was fitted on the validation points: fit on (x_train, y_train) only, and "
             "measure on both", "看起来多项式是在验证点上拟合的：只能在 (x_train, y_train) 上拟合，再在两组点上测量")
    root = ("looks like the root of the MSE (RMSE): return the mean squared error itself",
            "看起来返回的是 MSE 的平方根（RMSE）：请直接返回均方误差")
    total = ("looks like the sum of squared errors, not their mean: divide by the number of points",
             "看起来是误差平方和而不是平均值：请除以点的个数")
    counted = ("looks like the degrees 0, 1, ..., len(degrees) - 1 were fitted, not the values in degrees",
               "看起来拟合的是 0, 1, ..., len(degrees) - 1 次，而不是 degrees 中的值")
    return (
        [mistake(good_val, *swapped), mistake(refit_train, *refit), mistake(np.sqrt(good_train), *root),
         mistake(good_train * n_train, *total), mistake(count_train, *counted),
         mistake(bare_train, NO_CONSTANT.en, NO_CONSTANT.zh), mistake(flipped[0], POLYFIT_ORDER.en, POLYFIT_ORDER.zh)],
        [mistake(good_train, *on_train), mistake(refit_val, *refit), mistake(np.sqrt(good_val), *root),
         mistake(good_val * n_val, *total), mistake(count_val, *counted),
         mistake(bare_val, NO_CONSTANT.en, NO_CONSTANT.zh), mistake(flipped[1], POLYFIT_ORDER.en, POLYFIT_ORDER.zh)],
    )


def check_curve(got: Returned, expected, x_train, y_train, x_val, y_val, degrees):
    parts = got.parts(2)
    worked_out: list = []  # both curves' known mistakes, worked out once, when a value first fails

    def known_for(curve: int) -> Deferred:
        def compute() -> list:
            if not worked_out:
                worked_out.append(curve_mistakes(x_train, y_train, x_val, y_val, degrees))
            return worked_out[0][curve]
        return Deferred(compute)

    mistakes = (known_for(0), known_for(1))
    scale = max(1.0, float(np.mean(np.asarray(y_train, dtype=np.float64) ** 2)))
    beyond = np.asarray([int(degree) >= len(np.asarray(x_train)) for degree in degrees])
    for part, want, known in zip(parts, expected, mistakes):
        if isinstance(part.value, list):
            raise fail(f"{part.call} returned a list, expected a float64 numpy array: np.array(values, dtype=float)",
                       f"{part.call} 返回了列表，应为 float64 的 numpy 数组：np.array(values, dtype=float)")
        want = np.asarray(want, dtype=np.float64)
        value = part.value
        if isinstance(value, np.ndarray) and value.shape == want.shape and value.dtype == np.float64:
            wrong = ~np.isclose(value, want, rtol=MSE_RTOL, atol=1e-10 * scale)
            if (wrong.any() and not (wrong & ~beyond).any()  # wrong only where degree >= n_train: the symptom
                    and not any(agrees(value, item.value, 1e-6, 1e-9) for item in known)):
                k = int(np.flatnonzero(wrong)[0])
                raise fail(f"{part.call} returned {show(value)}, expected {show(want)}: wrong only at the degrees >= "
                           f"n_train = {len(x_train)} (first at degree {degrees[k]}: {show(value[k])} vs "
                           f"{show(want[k])}), where the fit must be the minimum-norm one: {NOT_MINIMUM_NORM.en}",
                           f"{part.call} 返回 {show(value)}，应为 {show(want)}：只在次数 >= n_train = {len(x_train)} 处不对"
                           f"（第一个在 {degrees[k]} 次：{show(value[k])}，应为 {show(want[k])}），那里的拟合必须是范数最小的解："
                           f"{NOT_MINIMUM_NORM.zh}")
        close(part, want, rtol=MSE_RTOL, atol=1e-10 * scale, mistakes=known)
    return [np.asarray(part.value, dtype=np.float64) for part in parts]


def _small_curves(generator):
    """Four whole-numbered training points, validation points just beyond them (two, then one), the fixed degrees."""
    x_train = np.sort(generator.choice(np.arange(-3, 4), 4, replace=False)).astype(np.float64).tolist()
    y_train, y_val = (generator.integers(-5, 6, n).astype(np.float64).tolist() for n in (4, 2))
    x_val = (x_train[-1] + generator.choice([1.0, 2.0], 2, replace=False)).tolist()
    return [(x_train, y_train, x_val, y_val, [0, 1, 3]), (x_train, y_train, x_val[:1], y_val[:1], [1])]


@pytest.mark.held_out
def test_curve_worked_example(student, ref):
    # fit on (0, 1), (1, 3), (2, 2), (3, 4); validate on (4, 4), (5, 2)
    # degree 0: w = [2.5], train MSE (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, val MSE (2.25 + 0.25) / 2 = 1.25
    # degree 1: w = [1.3, 0.8], train MSE (0.09 + 0.81 + 0.81 + 0.09) / 4 = 0.45, val MSE (0.25 + 10.89) / 2 = 5.57
    # degree 3: the cubic through the 4 training points, train MSE 0
    # then a single validation point is a validation set too: degree 1 predicts 1.3 + 0.8 * 4 = 4.5 at x = 4, MSE 0.25
    for args in either(195, [([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 2.0, 4.0], [4.0, 5.0], [4.0, 2.0], [0, 1, 3]),
                             ([0.0, 1.0, 2.0, 3.0], [1.0, 3.0, 2.0, 4.0], [4.0], [4.0], [1])], _small_curves):
        check_curve(call_fit(student, CURVE, *args), ref.call(CURVE, *args), *args)


@pytest.mark.held_out
def test_curve_random(student, ref):
    (x_train, y_train), (x_val, y_val) = _noisy(85, 30, noise=0.2), _noisy(86, 20, noise=0.2)
    for degrees in (list(range(13)), [5, 1, 9, 0, 5]):
        args = (x_train, y_train, x_val, y_val, degrees)
        check_curve(call_fit(student, CURVE, *args), ref.call(CURVE, *args), *args)


def _memorising_data(generator, degrees):
    """8 noisy training points and 50 validation points between them (no extrapolation), drawn again until the
    interpolating polynomial's validation MSE is over 50 times the best one's (about 1 draw in 7 is not: the
    fixed draw's is 4000 times), so that the check's factor of 5 holds for every correct implementation."""
    while True:
        x_train = generator.uniform(-1, 1, 8)
        y_train = np.sin(3 * x_train) + generator.normal(0, 0.3, 8)
        x_val = generator.uniform(x_train.min(), x_train.max(), 50)
        y_val = np.sin(3 * x_val) + generator.normal(0, 0.3, 50)
        _, val = _curve_of((x_train, y_train), [(x_train, y_train), (x_val, y_val)], degrees)
        if val[degrees.index(len(x_train) - 1)] > 50 * val.min():
            return x_train, y_train, x_val, y_val


@pytest.mark.held_out
def test_curve_memorises(student, ref):
    degrees = [0, 1, 2, 3, 5, 7, 10]
    args = (*_memorising_data(rng(87), degrees), degrees)
    x_train, y_train = args[:2]
    got = call_fit(student, CURVE, *args)
    expected = ref.call(CURVE, *args)
    parts = got.parts(2)
    train, val = (part.array(shape=(len(degrees),), kind="f") for part in parts)
    below = np.array(degrees) < len(x_train)  # a known mistake is named from the degrees where the fit is unique
    named = [next(((f"; {item.text.en}", f"；{item.text.zh}") for item in mistakes
                   if agrees(value[below], item.value[below], 1e-6, 1e-9)), ("", ""))
             for value, mistakes in zip((train, val), curve_mistakes(*args))]
    memorised = degrees.index(len(x_train) - 1)
    scale = float(np.mean(y_train ** 2))
    if not train[memorised] <= 1e-10 * scale:
        raise fail(f"{parts[0].call}[{memorised}] = {show(train[memorised])}, expected about 0: a polynomial of degree "
                   f"n_train - 1 = {len(x_train) - 1} has {len(x_train)} coefficients, enough to pass through all "
                   f"{len(x_train)} training points; its training MSE is 0 up to rounding{named[0][0]}",
                   f"{parts[0].call}[{memorised}] = {show(train[memorised])}，应约为 0：n_train - 1 = {len(x_train) - 1} "
                   f"次多项式有 {len(x_train)} 个系数，足以穿过全部 {len(x_train)} 个训练点，训练 MSE 在舍入误差内为 0"
                   f"{named[0][1]}")
    best = int(np.argmin(val))
    if not val[memorised] > 5 * val[best]:
        raise fail(f"{parts[1].call}[{memorised}] = {show(val[memorised])} at degree {len(x_train) - 1}, not much "
                   f"larger than {show(val[best])} at degree {degrees[best]}: the polynomial through every noisy training "
                   "point swings between them, and new points pay for it; is val_mse measured on (x_val, y_val)?"
                   f"{named[1][0]}",
                   f"{parts[1].call}[{memorised}] = {show(val[memorised])}（{len(x_train) - 1} 次）并不比 {degrees[best]} 次的 "
                   f"{show(val[best])} 大多少：穿过每个带噪声训练点的多项式在点与点之间剧烈摆动，新数据为此付出代价；"
                   f"val_mse 是在 (x_val, y_val) 上算的吗？{named[1][1]}")
    check_curve(got, expected, *args)


@pytest.mark.held_out
def test_curve_invalid_raises(student, ref):
    x_train, y_train, x_val, y_val = either(196, (
        np.array([-0.5, 0.0, 0.5, 1.0]), np.array([1.0, 0.0, 1.0, 2.0]), np.array([-1.0, 0.25]), np.array([2.0, 0.5])),
        lambda g: (np.sort(g.uniform(-1.0, 1.0, 4)), g.uniform(-2.0, 2.0, 4), g.uniform(-1.0, 1.0, 2),
                   g.uniform(-2.0, 2.0, 2)))
    same_shape = Text(en="x_val and y_val must have the same shape: each x is paired with one y",
                      zh="x_val 和 y_val 的形状必须相同：每个 x 对应一个 y")
    raises(student, "ValueError", CURVE, x_train, y_train, x_val, np.append(y_val, y_train[0]), [1], why=same_shape)
    raises(student, "ValueError", CURVE, x_train, y_train, x_val, y_val[:1], [1], why=Text(
        en="x_val and y_val must have the same shape: one y against two x broadcasts silently",
        zh="x_val 和 y_val 的形状必须相同：一个 y 对两个 x 会被静默广播"))
    raises(student, "ValueError", CURVE, x_train, y_train, x_val, y_val[:, None], [1],
           why=Text(en=f"x_val and y_val must have the same shape: {SHAPES_DIFFER.en}",
                    zh=f"x_val 和 y_val 的形状必须相同：{SHAPES_DIFFER.zh}"))
    raises(student, "ValueError", CURVE, x_train, y_train, np.zeros(0), np.zeros(0), [1],
           why=Text(en=f"no validation points, nothing to measure: {EMPTY_INPUT.en}", zh=f"没有验证点就无从测量：{EMPTY_INPUT.zh}"))
    raises(student, "ValueError", CURVE, x_train, y_train[:3], x_val, y_val, [1],
           why=Text(en="x_train and y_train must have the same shape", zh="x_train 和 y_train 的形状必须相同"))
    raises(student, "ValueError", CURVE, np.zeros(0), np.zeros(0), x_val, y_val, [1],
           why=Text(en="no training points, nothing to fit: an empty x_train is an error",
                    zh="没有训练点就无从拟合：x_train 为空是错误"))
    raises(student, "ValueError", CURVE, x_train, y_train, x_val, y_val, [],
           why=Text(en="no degrees, no curve: an empty degrees is an error", zh="没有次数就没有曲线：degrees 为空是错误"))
    raises(student, "ValueError", CURVE, x_train, y_train, x_val, y_val, [1, -2],
           why=Text(en="every degree must be a non-negative integer", zh="每个次数都必须是非负整数"))


# ---------------------------------------------------------------- the contract of all three

NUMPY_INTEGER = Text(en="a numpy integer such as np.int64(3) is a valid degree, though isinstance(np.int64(3), int) is "
                        "False: accept (int, np.integer), and rule out bool",
                     zh="np.int64(3) 这样的 numpy 整数也是合法的次数，尽管 isinstance(np.int64(3), int) 为 False："
                        "请接受 (int, np.integer)，并排除 bool")


def call_numpy_degree(student, function, *args) -> Returned:
    try:
        return call_fit(student, function, *args)
    except StudentRaised as raised:
        if "ValueError" in raised.mro or "TypeError" in raised.mro:
            raise fail(f"{raised.call} raised {raised.type} ({raised.detail}): {NUMPY_INTEGER.en}",
                       f"{raised.call} 抛出了 {raised.type}（{raised.detail}）：{NUMPY_INTEGER.zh}") from None
        raise


FEATURE_ARRAY_LIKES = (([1, 2, 3], 2), ((0.5, -1.0), 3), (np.array([2, -1, 0], dtype=np.int32), 2),
                       (np.array([200, 3, 17], dtype=np.uint8), 3), (np.array([-100, 5, 7], dtype=np.int8), 2),
                       (np.array([300, -2], dtype=np.int16), 3), (np.array([1.5, -0.1], dtype=np.float32), 2))


# For each small integer dtype: the magnitudes whose square no longer fits (16 ** 2 = 256 in uint8, 182 ** 2 = 33124
# in int16), and the span of the other numbers.
WRAPPING = {np.dtype(np.uint8): ((16, 255), (0, 255)), np.dtype(np.int8): ((16, 127), (-127, 127)),
            np.dtype(np.int16): ((182, 400), (-400, 400))}


def _feature_kinds(generator):
    """The fixed inputs' containers and dtypes with other numbers; in each small integer dtype one number large
    enough that its powers wrap around (as 200 ** 2 does in uint8)."""
    drawn = []
    for x, degree in FEATURE_ARRAY_LIKES:
        kind = np.asarray(x).dtype
        if kind in WRAPPING:
            (big, bigger), span = WRAPPING[kind]
            value = like(x, generator, *span)
            value[0] = generator.integers(big, bigger + 1) * (1 if kind.kind == "u" else generator.choice([-1, 1]))
        else:
            value = like(x, generator, -3, 3)
        drawn.append((value, degree))
    return drawn


def _whole_points(generator, n):
    """n distinct whole x in [-3, 5] in increasing order, and whole y."""
    return (np.sort(generator.choice(np.arange(-3, 6), n, replace=False)),
            generator.integers(-5, 6, n))


def _fit_kinds(generator):
    (x4, y4), (x5, y5), (x_val, y_val) = _whole_points(generator, 4), _whole_points(generator, 5), _whole_points(generator, 2)
    return {"numpy degree features": ((like([0.5, -0.25], generator, -2, 2), np.int64(3)),
                                      (like(np.array([1, 2]), generator, -4, 4), np.int32(1))),
            "fits": ((x4.tolist(), tuple(y4.tolist()), 1), (x5, y5, 2)), "numpy degree fit": (x4.tolist(), y4.tolist()),
            "curve": (x4.tolist(), tuple(y4.tolist()), tuple(x_val.tolist()), y_val.tolist())}


PUBLIC_FIT_KINDS = {"numpy degree features": (([0.5, -0.25], np.int64(3)), (np.array([1, 2]), np.int32(1))),
                    "fits": (([0, 1, 2, 3], (1, 3, 2, 4), 1), (np.arange(5), np.array([1, 0, 2, 1, 3]), 2)),
                    "numpy degree fit": ([0, 1, 2, 3], [1, 3, 2, 4]),
                    "curve": ([0, 1, 2, 3], (1, 3, 2, 4), (4, 5), [4, 2])}


@pytest.mark.held_out
def test_polynomial_array_likes(student, ref):
    for x, degree in either(197, FEATURE_ARRAY_LIKES, _feature_kinds):
        check_features(student.call(FEATURES, x, degree), ref.call(FEATURES, x, degree), x, degree)
    kinds = either(198, PUBLIC_FIT_KINDS, _fit_kinds)
    for x, degree in kinds["numpy degree features"]:
        check_features(call_numpy_degree(student, FEATURES, x, degree), ref.call(FEATURES, x, degree), x, degree)
    for x, y, degree in kinds["fits"]:
        check_fit_predictions(call_fit(student, FIT, x, y, degree), ref.call(FIT, x, y, degree), x, y, degree)
    x, y = kinds["numpy degree fit"]
    check_fit_predictions(call_numpy_degree(student, FIT, x, y, np.int64(1)), ref.call(FIT, x, y, np.int64(1)),
                          x, y, 1)
    for degrees in ((0, 1, 3), np.array([0, 2], dtype=np.int64), [np.int64(1)], np.array([2, 1], dtype=np.int32)):
        args = (*kinds["curve"], degrees)
        check_curve(call_numpy_degree(student, CURVE, *args), ref.call(CURVE, *args), *args)


@pytest.mark.held_out
def test_polynomial_inputs_unchanged(student, ref):
    (x, y), (x_val, y_val) = _noisy(89, 10), _noisy(90, 6)
    got = student.call(FEATURES, x, 3)
    unchanged(got)
    check_features(got, ref.call(FEATURES, x, 3), x, 3)
    got = call_fit(student, FIT, x, y, 4)
    unchanged(got)
    check_fit_predictions(got, ref.call(FIT, x, y, 4), x, y, 4)
    degrees = [2, 0, 1]
    got = call_fit(student, CURVE, x, y, x_val, y_val, degrees)
    unchanged(got)
    check_curve(got, ref.call(CURVE, x, y, x_val, y_val, degrees), x, y, x_val, y_val, degrees)
