"""Exercise 8: overfitting: an honest train/test split, leak candidates and a validation curve. 练习 8：过拟合：诚实的训练/测试划分、泄露候选与验证曲线。"""

import numpy as np


def train_test_split(X, y, test_size=0.25, seed=0):
    """Split the rows of X and y into a training and a test set, at random but reproducibly. 随机但可复现地划分训练集和测试集。

    Recipe 做法:
        n = len(X)
        n_test = round(n * test_size)                        # Python's round: round(2.5) == 2
        perm = np.random.default_rng(seed).permutation(n)    # ONE permutation for X and y 同一个排列
        test rows 测试行 = perm[:n_test],  training rows 训练行 = perm[n_test:]

    Args:
        X: samples along axis 0: array-like of shape (n, d) (or (n,)); lists and int arrays are fine.
        y: targets, array-like with the same number of rows n.
        test_size: the fraction of the rows that goes to the test set 测试集所占比例.
        seed: the seed of np.random.default_rng 随机种子.

    Returns:
        (X_train, X_test, y_train, y_test), float64 arrays, new arrays (never views of the inputs):
        X_train = X[perm[n_test:]], X_test = X[perm[:n_test]], and the same rows of y.

    Raises:
        ValueError: if len(y) != len(X), or n_test is not between 1 and n - 1 (an empty test set
        measures nothing; an empty training set learns nothing). 测试集或训练集为空时抛出 ValueError。

    Why 为什么: the training loss only tells how well the model memorised the data it saw. Only rows it
    never saw show whether it generalises. 训练损失只说明模型记住了见过的数据；只有没见过的数据才能检验泛化。

    Traps 陷阱:
        - Shuffle X and y with the SAME permutation: shuffling them separately breaks the pairs. That is a
          pairing bug, not a leak: the labels become noise and the test loss goes UP.
          X 和 y 必须使用同一个排列，分别打乱会破坏样本与标签的对应关系。这是配对错误而不是泄露：标签变成了噪声，测试损失会【升高】。
        - Do shuffle: taking the first (or last) rows as they come puts any order in the data (by date, by
          class) on one side of the split.  一定要打乱：直接取前（或后）几行，会把数据中的顺序（按日期、按类别）整个带到一边。
        - Every row goes to exactly one side: no overlap, nothing lost.  每一行恰好属于一边：不重叠、不丢失。
        - Do not shuffle the inputs in place (rng.shuffle(X) would reorder the caller's data).
          不要原地打乱输入。
    """
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of rows, got shapes {X.shape} and {y.shape}")
    n = len(X)
    n_test = round(n * test_size)
    if not 1 <= n_test <= n - 1:
        raise ValueError(f"test_size={test_size} gives {n_test} test rows out of {n}; need between 1 and {n - 1}")
    perm = np.random.default_rng(seed).permutation(n)
    test, train = perm[:n_test], perm[n_test:]
    return X[train], X[test], y[train], y[test]


def find_leaks(X_train, X_test):
    """Leak candidates: indices of the test rows that also appear in the training set. 泄露候选：测试集中与训练集完全相同的行。

    A test row equal to a training row is a leak CANDIDATE: if it is the same example twice (a duplicated
    record), the model may simply remember its answer and the test loss looks better than it will be on
    truly new data. It is not always a leak: with few, low-cardinality features (say, age group and sex),
    different examples share identical rows as a matter of course; look at the candidates before removing
    them. Exact matching also misses most leaks: near-duplicates (a rounded or re-encoded copy),
    preprocessing fitted before the split (a scaler or vocabulary that saw the test rows), target leakage (a
    feature that encodes the label), time leakage (training on the future) and group leakage (the same
    patient or user on both sides).
    测试行与某个训练行完全相同，只是泄露【候选】：如果它是同一个样本的重复记录，模型可能只是记住了答案，测试损失会显得过于乐观。
    但它不一定是泄露：特征少、取值少时（例如年龄段和性别），不同样本的行本来就会相同；删除之前先看看这些候选。
    完全匹配还会漏掉大多数泄露：近似重复（四舍五入或重新编码后的副本）、在划分之前拟合的预处理（见过测试行的标准化或词表）、
    目标泄露（编码了标签的特征）、时间泄露（用未来训练）和分组泄露（同一个病人或用户出现在两边）。

    Args:
        X_train: array-like of shape (m, d).
        X_test: array-like of shape (k, d), the same number of columns d.

    Returns:
        A sorted 1-D integer array of the indices i into X_TEST (not into X_train) such that X_test[i]
        equals some row of X_train exactly (every column equal). Each index appears once; an empty
        integer array when there is no candidate.
        返回 X_test 中（不是 X_train）候选行的下标，升序、不重复、整数类型；没有候选时返回空的整数数组。

    Raises:
        ValueError: if the rows have different lengths, or an input is empty.

    Traps 陷阱:
        - Compare whole rows, not just the first column.  比较整行，而不只是第一列。
        - Exact equality: a row that differs by 1e-7 is a different row.  要求完全相等。
        - Return integers (np.array([], dtype=int) when empty), not floats.  返回整数数组。
    """
    X_train = np.asarray(X_train, dtype=np.float64)
    X_test = np.asarray(X_test, dtype=np.float64)
    if X_train.ndim == 1:
        X_train = X_train[:, None]
    if X_test.ndim == 1:
        X_test = X_test[:, None]
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"rows of different shapes: {X_train.shape} vs {X_test.shape}")
    if X_train.size == 0 or X_test.size == 0:
        raise ValueError("empty input")
    equal = (X_test[:, None, :] == X_train[None, :, :]).all(axis=2)  # (k, m): test row i == train row j
    return np.flatnonzero(equal.any(axis=1))


def _degree(degree):
    """The degree as an int; ValueError unless it is a non-negative integer (bool is not one here)."""
    if isinstance(degree, (bool, np.bool_)) or not isinstance(degree, (int, np.integer)) or degree < 0:
        raise ValueError(f"degree must be a non-negative integer, got {degree!r}")
    return int(degree)


def polynomial_features(x, degree):
    """The polynomial features of the numbers x: column j is x**j. 多项式特征：第 j 列是 x 的 j 次方。

    A polynomial w_0 + w_1 x + ... + w_d x^d is a LINEAR model of these features: fitting it is a linear
    least-squares problem, and the degree is the model's capacity (d + 1 coefficients).
    多项式 w_0 + w_1 x + ... + w_d x^d 是这些特征的【线性】模型：拟合它就是线性最小二乘；次数 d 决定了模型的容量（d + 1 个系数）。

    Args:
        x: 1-D array-like of n numbers (a list, a tuple, an int or float array). 一维的 n 个数。
        degree: a non-negative integer d: a Python int or a numpy integer (np.int64 ...), but not a bool
            (True is not a degree) and not a float (2.0 is rejected too).
            非负整数 d：Python int 或 numpy 整数（np.int64 等）均可；bool 和浮点数（包括 2.0）都不行。

    Returns:
        A new float64 array of shape (n, d + 1) with X[i, j] = x[i] ** j, lowest power first: column 0 is all
        ones (x**0, the intercept), column 1 is x itself, ..., column d is x**d.
        形状为 (n, d + 1) 的 float64 新数组，X[i, j] = x[i] ** j，低次在前：第 0 列全为 1（截距），第 1 列是 x 本身。

    Raises:
        ValueError: if x is not 1-D or is empty, or degree is not a non-negative integer.
        x 不是一维或为空、degree 不是非负整数时抛出 ValueError。

    Traps 陷阱:
        - Lowest power first. np.vander(x, d + 1) (and np.polyfit) put the HIGHEST power first; here column j
          is x**j (np.vander(x, d + 1, increasing=True)).  低次在前；np.vander 默认（以及 np.polyfit）是高次在前。
        - Keep the constant column x**0: without it the polynomial is forced through 0 at x = 0.
          不要漏掉常数列 x**0，否则多项式在 x = 0 处被迫为 0。
        - Integer inputs must still give float64 (an int array ** j stays int).  整数输入也要返回 float64。
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x must be a non-empty 1-D array, got shape {x.shape}")
    return x[:, None] ** np.arange(_degree(degree) + 1)


def fit_polynomial(x, y, degree):
    """The least-squares polynomial of a given degree through the points (x, y). 给定次数的最小二乘多项式拟合。

    Returns the coefficients w that minimise mean((polynomial_features(x, degree) @ w - y) ** 2).
    When there are more coefficients than points (degree + 1 > n), infinitely many w reach the same smallest MSE
    (with distinct x, every one of them passes through every point); return the one of minimum norm ||w||,
    which is what np.linalg.lstsq(X, y, rcond=None) (or the pseudo-inverse) gives.
    返回使 mean((polynomial_features(x, degree) @ w - y) ** 2) 最小的系数 w。系数比数据点多时（degree + 1 > n），
    有无穷多个 w 达到同样最小的 MSE（x 各不相同时，它们都穿过每个点）；此时返回范数 ||w|| 最小的那个，也就是 np.linalg.lstsq(X, y, rcond=None)（或伪逆）给出的解。

    Args:
        x: 1-D array-like of n numbers.  一维的 n 个数。
        y: 1-D array-like of n targets, the same shape as x.  与 x 形状相同的 n 个目标值。
        degree: a non-negative integer (as in polynomial_features).  非负整数（规则同 polynomial_features）。

    Returns:
        A float64 array w of shape (degree + 1,), lowest power first: the prediction at a point t is
        w[0] + w[1] t + ... + w[degree] t**degree.  形状 (degree + 1,) 的 float64 数组，低次在前。

    Raises:
        ValueError: if x and y differ in shape, are empty (or not 1-D), or degree is invalid.
        x 与 y 形状不同、为空（或不是一维）、degree 不合法时抛出 ValueError。

    Why 为什么: with degree = n - 1 (and distinct x) the polynomial passes through every training point: a training
    MSE of (almost) 0 that says nothing about new points. 次数为 n - 1（x 各不相同）时多项式穿过每个训练点：训练 MSE 几乎为 0，却说明不了新数据上的表现。

    Traps 陷阱:
        - The normal equations np.linalg.solve(X.T @ X, X.T @ y) (or np.linalg.inv) fail when degree >= n:
          X.T @ X is then singular. They also square the condition number. Use np.linalg.lstsq(X, y, rcond=None).
          正规方程 solve(X.T @ X, X.T @ y)（或 inv）在 degree >= n 时失效：X.T @ X 是奇异矩阵，而且条件数被平方。请用 lstsq。
        - np.polyfit returns the HIGHEST power first: the reverse of the order asked for here.
          np.polyfit 返回的系数是高次在前，与这里要求的顺序相反。
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    X = polynomial_features(x, degree)
    w, *_ = np.linalg.lstsq(X, y, rcond=None)
    return w


def validation_curve(x_train, y_train, x_val, y_val, degrees):
    """The training and validation MSE of a polynomial fit, for each degree. 每个次数下多项式拟合的训练与验证 MSE。

    For each d in degrees: w = fit_polynomial(x_train, y_train, d), then the MSE of its predictions
    polynomial_features(., d) @ w on the training points and on the validation points.
    对 degrees 中的每个 d：w = fit_polynomial(x_train, y_train, d)，再分别计算它在训练点和验证点上预测的 MSE。

    Args:
        x_train, y_train: the training points, 1-D array-likes of the same shape (fit on these only).
            训练点：形状相同的一维数组（只用它们拟合）。
        x_val, y_val: the validation points, 1-D array-likes of the same shape (never fitted on).
            验证点：形状相同的一维数组（从不参与拟合）。
        degrees: a non-empty list, tuple or 1-D int array of non-negative integers.
            非空的列表、元组或一维整数数组，元素为非负整数。

    Returns:
        (train_mse, val_mse): two float64 arrays of shape (len(degrees),), in the order of degrees:
        train_mse[k] = mean((polynomial_features(x_train, d) @ w - y_train) ** 2) and val_mse[k] the same on
        (x_val, y_val), with d = degrees[k].
        两个形状为 (len(degrees),) 的 float64 数组，顺序与 degrees 一致：先训练 MSE，后验证 MSE。

    Raises:
        ValueError: if the training or the validation x and y differ in shape or are empty, degrees is empty,
        or a degree is invalid.  训练或验证数据形状不一致或为空、degrees 为空、某个次数不合法时抛出 ValueError。

    Why 为什么: the training MSE never rises as the degree grows (a bigger model fits its own data at least as
    well); the validation MSE falls, then rises again once the model starts memorising the noise. Choose the
    degree on the validation set, and keep the test set for one final measurement.
    训练 MSE 随次数增加不会上升（更大的模型在自己的数据上至少拟合得一样好）；验证 MSE 先降后升，因为模型开始记住噪声。用验证集选择次数，测试集只在最后测一次。

    Traps 陷阱:
        - Measure val_mse on (x_val, y_val), not on the training points again.  验证 MSE 要在验证点上算。
        - Return (train_mse, val_mse) in this order, as float64 arrays (not lists).  按此顺序返回 float64 数组。
        - Fit on the training points only: a model fitted on the validation points cannot judge itself.
          只用训练点拟合。
    """
    x_train = np.asarray(x_train, dtype=np.float64)
    y_train = np.asarray(y_train, dtype=np.float64)
    x_val = np.asarray(x_val, dtype=np.float64)
    y_val = np.asarray(y_val, dtype=np.float64)
    if x_val.shape != y_val.shape or x_val.ndim != 1 or x_val.size == 0:
        raise ValueError(f"x_val and y_val must be non-empty 1-D arrays of one shape, got {x_val.shape} and {y_val.shape}")
    if np.ndim(degrees) != 1 or len(degrees) == 0:
        raise ValueError("degrees must be a non-empty 1-D sequence of degrees")
    train_mse, val_mse = np.empty(len(degrees)), np.empty(len(degrees))
    for k, degree in enumerate(degrees):
        w = fit_polynomial(x_train, y_train, degree)
        train_mse[k] = np.mean((polynomial_features(x_train, degree) @ w - y_train) ** 2)
        val_mse[k] = np.mean((polynomial_features(x_val, degree) @ w - y_val) ** 2)
    return train_mse, val_mse
