"""Exercise 8: overfitting, an honest train/test split and leak detection. 练习 8：过拟合、诚实的训练/测试划分与泄漏检测。"""

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
        - Shuffle X and y with the SAME permutation: shuffling them separately breaks the pairs.
          X 和 y 必须使用同一个排列，分别打乱会破坏样本与标签的对应关系。
        - Every row goes to exactly one side: no overlap, nothing lost.  每一行恰好属于一边：不重叠、不丢失。
        - Do not shuffle the inputs in place (rng.shuffle(X) would reorder the caller's data).
          不要原地打乱输入。
    """
    raise NotImplementedError("ex08_overfitting.train_test_split: not implemented yet, see the docstring above")


def find_leaks(X_train, X_test):
    """Indices of the test rows that also appear in the training set. 找出测试集中与训练集完全相同的行。

    A test row equal to a training row is a leak: the model may simply remember its answer, so the test
    loss looks better than it will be on truly new data.
    测试集中若有与训练集相同的行，就是数据泄漏：模型可能只是记住了答案，测试损失会显得过于乐观。

    Args:
        X_train: array-like of shape (m, d).
        X_test: array-like of shape (k, d), the same number of columns d.

    Returns:
        A sorted 1-D integer array of the indices i into X_TEST (not into X_train) such that X_test[i]
        equals some row of X_train exactly (every column equal). Each index appears once; an empty
        integer array when there is no leak.
        返回 X_test 中（不是 X_train）泄漏行的下标，升序、不重复、整数类型；没有泄漏时返回空的整数数组。

    Raises:
        ValueError: if the rows have different lengths, or an input is empty.

    Traps 陷阱:
        - Compare whole rows, not just the first column.  比较整行，而不只是第一列。
        - Exact equality: a row that differs by 1e-7 is a different row.  要求完全相等。
        - Return integers (np.array([], dtype=int) when empty), not floats.  返回整数数组。
    """
    raise NotImplementedError("ex08_overfitting.find_leaks: not implemented yet, see the docstring above")
