"""Hidden checks for ex09_language_model: a character vocabulary, a bigram model trained by gradient descent."""

from __future__ import annotations

import numpy as np
import pytest

from grader.checks.cases import either, rng
from grader.expect import Deferred, agrees, close, fail, finite, mistake, raises, unchanged
from grader.show import show
from grader.student import CheckFailed, Returned, describe_type
from grader.text import Text

# Correct implementations differ in summation order; over 100 epochs that drifts by ~1e-14.
RTOL, ATOL = 1e-8, 1e-10


def _log_softmax_along(axis, logits):
    """log-softmax along `axis`: the mistakes below vary the axis and the dtype it is computed in."""
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def _ids(tokens):
    return np.asarray(tokens, dtype=np.int64)


# ---------------------------------------------------------------- vocabulary and encoding

LOWER, UPPER, HAN = "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "你好世界我们学习语言模型字符"


def _text_over(generator, characters, length):
    """A text of `length` that uses every one of `characters` (length >= their number), in random order."""
    extra = generator.choice(list(characters), length - len(characters)).tolist()
    return "".join(generator.permutation(list(characters) + extra).tolist())


def _chosen(generator, pool, count, *, keep=""):
    """`count` distinct characters of `pool`, `keep` among them."""
    others = [char for char in pool if char not in keep]
    return keep + "".join(generator.choice(others, count - len(keep), replace=False).tolist())


def _vocab_texts(generator):
    """Texts like the fixed ones: their lengths and number of distinct characters, of the same kinds (lower
    case, mixed case with a space and punctuation, a newline, one character, Chinese with a full-width comma)."""
    kinds = [(LOWER, "", 5, 4), (LOWER, "", 6, 3), (LOWER + UPPER + ",!", " ", 13, 10), (LOWER, "\n", 5, 3),
             (LOWER, "", 1, 1), (HAN, "，", 7, 5)]
    return [_text_over(generator, _chosen(generator, pool, count, keep=keep), length)
            for pool, keep, length, count in kinds]


@pytest.mark.held_out
def test_build_vocab_examples(student, ref):
    for text in either(90, ("hello", "banana", "Hello, World!", "ba\nab", "a", "你好，你好世界"), _vocab_texts):
        got = student.call("build_vocab", text)
        value = got.strings()
        expected = ref.call("build_vocab", text)
        if value == expected:
            continue
        why = Text(en="the distinct characters of the text, each once, in sorted order: sorted(set(text))",
                   zh="文本中不同的字符，每个只出现一次，并排序：sorted(set(text))")
        if value == list(dict.fromkeys(text)):
            why = Text(en="in order of first appearance: sort them (sorted(set(text))), so the ids do not depend on "
                          "where a character first appears",
                       zh="按首次出现的顺序排列了：请排序（sorted(set(text))），这样编号不依赖字符首次出现的位置")
        elif value == sorted(text) or value == list(text):
            why = Text(en="characters repeat: a vocabulary lists each distinct character once (set(text))",
                       zh="字符有重复：词表中每个不同的字符只列一次（set(text)）")
        raise fail(f"{got.call} returned {show(value)}, expected {show(expected)}: {why.en}",
                   f"{got.call} 返回 {show(value)}，应为 {show(expected)}：{why.zh}")


def _encode_cases(generator):
    """Like the fixed cases: sorted vocabularies the text uses in full, one character, an unsorted vocabulary with
    a space, and texts that use part of their vocabulary."""
    def sorted_vocab(count):
        return sorted(_chosen(generator, LOWER, count))

    cases = [(_text_over(generator, vocab, length), vocab) for vocab, length in
             ((sorted_vocab(4), 5), (sorted_vocab(5), 11), (sorted_vocab(1), 1))]
    unsorted = list(_chosen(generator, LOWER, 3, keep=" "))
    while unsorted == sorted(unsorted):
        unsorted = generator.permutation(unsorted).tolist()
    cases.append((_text_over(generator, unsorted, 5), unsorted))
    for count, used, length in ((4, 3, 4), (4, 2, 2)):
        vocab = sorted_vocab(count)
        cases.append((_text_over(generator, generator.choice(vocab, used, replace=False).tolist(), length), vocab))
    return cases


@pytest.mark.held_out
def test_encode_examples(student, ref):
    cases = either(91, [("hello", ["e", "h", "l", "o"]), ("abracadabra", ["a", "b", "c", "d", "r"]),
                        ("x", ["x"]), ("yx yx", ["y", " ", "x"]),  # this vocabulary is not sorted: use its order
                        ("hell", ["e", "h", "l", "o"]), ("ab", ["a", "b", "c", "d"])],  # text using part of the vocabulary
                   _encode_cases)
    for text, vocab in cases:
        got = student.call("encode", text, vocab)
        expected = ref.call("encode", text, vocab)
        ids = got.array(kind="i")
        if ids.shape == expected.shape and np.array_equal(ids, expected):
            continue
        why = Text(en="ids[i] is the position of text[i] in the given vocab (vocab.index(char), or a dict "
                      "{char: i for i, char in enumerate(vocab)})",
                   zh="ids[i] 是 text[i] 在给定词表中的位置（vocab.index(char)，或字典 {char: i ...}）")
        if ids.shape == expected.shape and np.array_equal(ids, expected + 1):
            why = Text(en="ids start at 1: Python positions start at 0, vocab[0] has id 0",
                       zh="编号从 1 开始了：Python 的位置从 0 开始，vocab[0] 的编号是 0")
        elif ids.shape == expected.shape and np.array_equal(ids, ref.call("encode", text, sorted(vocab))):
            why = Text(en="looks like a vocabulary of your own (sorted) instead of the vocab argument: use the "
                          "order of the list you are given",
                       zh="看起来用了自己重新排序的词表，而不是参数 vocab：请按传入列表的顺序编号")
        raise fail(f"{got.call} returned {show(ids)}, expected {show(expected)}: {why.en}",
                   f"{got.call} 返回 {show(ids)}，应为 {show(expected)}：{why.zh}")


# ---------------------------------------------------------------- training

DEVIATIONS = ("after", "no_shift", "reverse", "no_onehot", "column_softmax", "buffered", "pairs")


def descend(deviation, tokens, V, lr, epochs, pairs=None):
    """Bigram training with one deliberate deviation (one of DEVIATIONS), to recognise what a student did."""
    if deviation not in DEVIATIONS:
        raise ValueError(f"descend simulates a mistake, one of {DEVIATIONS}")
    after, no_shift, reverse, no_onehot, column_softmax, buffered = (
        deviation == name for name in ("after", "no_shift", "reverse", "no_onehot", "column_softmax", "buffered"))
    tokens = _ids(tokens)
    prev, nxt = (tokens[:-1], tokens[1:]) if pairs is None else pairs
    if no_shift:
        prev, nxt = tokens, tokens
    if reverse:
        prev, nxt = tokens[1:], tokens[:-1]
    n = len(prev)
    inputs, targets = np.eye(V)[prev], np.eye(V)[nxt]
    W, losses = np.zeros((V, V)), []

    def step(W):
        log_p = _log_softmax_along(0 if column_softmax else -1, W[prev])
        loss = float(-np.mean(log_p[np.arange(n), nxt]))
        residual = np.exp(log_p) if no_onehot else np.exp(log_p) - targets
        if buffered:  # W[prev] -= ...: for a repeated row only the last assignment survives
            grad = np.zeros((V, V))
            grad[prev] = residual / n
            return loss, grad
        return loss, inputs.T @ (residual / n)

    with np.errstate(all="ignore"):
        for _ in range(epochs):
            loss, grad = step(W)
            if not after:
                losses.append(loss)
            W = W - lr * grad
            if after:
                losses.append(step(W)[0])
    return W, np.array(losses)


def wrapped_pairs(tokens, V):
    """The (previous, next) pairs read back from prev * V + next computed in the tokens' own small integer dtype
    (uint8: 26 * 27 + 26 = 728 wraps to 216), or None when nothing wraps or the index goes negative."""
    raw = np.asarray(tokens)
    if raw.dtype.kind not in "iu" or raw.dtype.itemsize >= 8:
        return None
    try:
        with np.errstate(over="ignore"):
            flat = (raw[:-1] * V + raw[1:]).astype(np.int64)
    except OverflowError:  # V itself does not fit in the dtype: numpy refuses before any wrap-around
        return None
    exact = raw[:-1].astype(np.int64) * V + raw[1:].astype(np.int64)
    if np.array_equal(flat, exact) or flat.min() < 0:
        return None
    return flat // V, flat % V


def wrong_trainings(ref, tokens, V, lr, epochs):
    """(W, losses, misconception) for the usual mistakes, on these inputs."""
    n = len(tokens) - 1
    W, losses = ref.call("train_bigram", tokens, V, lr=lr, epochs=epochs)
    losses = np.asarray(losses, dtype=np.float64)
    def run(deviation):
        return descend(deviation, tokens, V, lr, epochs)

    def right(lr, epochs):  # the reference's training at another lr or number of epochs
        trained, curve = ref.call("train_bigram", tokens, V, lr=lr, epochs=epochs)
        return trained, np.asarray(curve, dtype=np.float64)
    runs = [
        (W.T, losses, Text(
            en="W looks transposed: W[prev, next] is the logit of next after prev, so the row is the previous "
               "token and softmax runs along the row",
            zh="W 看起来是转置的：W[prev, next] 是 prev 之后出现 next 的 logit，行是前一个字符，softmax 沿行计算")),
        (*run("no_shift"), Text(
            en="looks like the inputs and targets are not shifted (predicting each token from itself): inputs "
               "tokens[:-1], targets tokens[1:]",
            zh="看起来输入和目标没有错开（用每个字符预测它自己）：输入是 tokens[:-1]，目标是 tokens[1:]")),
        (*run("reverse"), Text(
            en="looks like the shift goes the wrong way (predicting the previous token from the next): inputs "
               "tokens[:-1], targets tokens[1:]",
            zh="看起来错位的方向反了（用后一个字符预测前一个）：输入是 tokens[:-1]，目标是 tokens[1:]")),
        (*run("after"), Text(
            en="looks like each loss was recorded after its update: losses[k] is the loss before update k, and "
               "losses[0] == log(V)",
            zh="看起来每个损失都是在更新之后记录的：losses[k] 是第 k 次更新之前的损失，losses[0] == log(V)")),
        (*right(-lr, epochs), Text(
            en="looks like gradient ascent: step against the gradient, W <- W - lr * grad",
            zh="看起来是梯度上升：应沿梯度的反方向走，W <- W - lr * grad")),
        (*run("no_onehot"), Text(
            en="looks like the one-hot target is missing from the gradient: d(CE)/d(logits) = softmax - onehot(next)",
            zh="看起来梯度中少了 one-hot 目标：d(CE)/d(logits) = softmax - onehot(next)")),
        (*run("column_softmax"), Text(
            en="looks like softmax over the wrong axis: normalise each row of logits W[prev_i] over the V next "
               "tokens (axis=-1), not over the N pairs",
            zh="看起来 softmax 的轴不对：应对每行 logits W[prev_i] 在 V 个候选字符上归一化（axis=-1），而不是在 N 个样本上")),
        (*run("buffered"), Text(
            en="looks like W[prev] -= ... (or +=) with repeated previous tokens: numpy applies only one update per "
               "repeated row; accumulate them with np.add.at(grad, prev, G) or onehot(prev).T @ G",
            zh="看起来用了 W[prev] -= ...（或 +=），而 prev 中有重复：numpy 对重复的行只执行一次更新；"
               "请用 np.add.at(grad, prev, G) 或 onehot(prev).T @ G 累加")),
        (W, losses * n, Text(en="the losses look like sums over the pairs, not means",
                             zh="损失看起来是对样本对求和，而不是求平均")),
    ]
    if n > 1:
        runs.append((*right(lr * n, epochs), Text(
            en="looks like the gradient is a sum over the pairs, not a mean: divide by N = len(tokens) - 1",
            zh="看起来梯度是对样本对求和而不是求平均：需要除以 N = len(tokens) - 1")))
    if lr != 1.0:
        runs.append((*right(1.0, epochs), Text(en=f"looks like lr is ignored (the step of lr = 1.0, not lr = {lr:g}): "
                                           "W <- W - lr * grad", zh=f"看起来忽略了 lr（用的是 lr = 1.0 而不是 {lr:g}）："
                                                                   "W <- W - lr * grad")))
    if epochs != 100:
        runs.append((*right(lr, 100), Text(
            en=f"looks like epochs is ignored (100 updates, the default, instead of {epochs})",
            zh=f"看起来忽略了 epochs（做了默认的 100 次更新，而不是 {epochs} 次）")))
    pairs = wrapped_pairs(tokens, V)
    if pairs is not None:
        dtype = np.asarray(tokens).dtype.name
        runs.append((*descend("pairs", tokens, V, lr, epochs, pairs=pairs), Text(
            en=f"looks like a pair index prev * V + next computed in the tokens' dtype {dtype}, which wraps around "
               "(in uint8 26 * 27 + 26 = 728 becomes 216): convert the tokens with np.asarray(tokens, dtype=np.int64) "
               "first",
            zh=f"看起来在 token 的 dtype {dtype} 中计算了组合下标 prev * V + next，发生了回绕（uint8 中 26 * 27 + 26 = 728 "
               "变成 216）：请先用 np.asarray(tokens, dtype=np.int64) 转换 token")))
    return runs


def check_training(got: Returned, expected, ref, tokens, V, lr, epochs):
    """Compare a returned (W, losses) with the reference's, naming a known mistake when one matches."""
    W_ref, losses_ref = expected
    losses_ref = np.asarray(losses_ref, dtype=np.float64)
    W, losses = got.parts(2)
    wrong = []

    def named(part):
        if not wrong:
            wrong.extend(wrong_trainings(ref, tokens, V, lr, epochs))
        right = (W_ref, losses_ref)[part]  # a mistake that gives the right value here cannot explain a wrong one
        return [mistake(run[part], run[2].en, run[2].zh) for run in wrong
                if not agrees(run[part], right, RTOL, ATOL)]

    try:  # the known mistakes cost a dozen trainings: only when the value is wrong
        close(W, W_ref, rtol=RTOL, atol=ATOL)
    except CheckFailed:
        close(W, W_ref, rtol=RTOL, atol=ATOL, mistakes=named(0))
    values = losses.sequence()
    if len(values) != epochs:
        raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch, before its update)",
                   f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个，在更新之前记录）")
    returned = losses.with_value(values)
    try:
        close(returned, losses_ref, rtol=RTOL, atol=ATOL)
    except CheckFailed:
        close(returned, losses_ref, rtol=RTOL, atol=ATOL, mistakes=named(1))


def compare_trainings(student, ref, cases):
    results = student.call_many("train_bigram", [((tokens, V), {"lr": lr, "epochs": epochs})
                                                 for tokens, V, lr, epochs in cases])
    for got, (tokens, V, lr, epochs) in zip(results, cases):
        check_training(got, ref.call("train_bigram", tokens, V, lr=lr, epochs=epochs), ref, tokens, V, lr, epochs)


ABRACADABRA = np.array([0, 1, 4, 0, 2, 0, 3, 0, 1, 4, 0])  # encode("abracadabra", ['a', 'b', 'c', 'd', 'r'])


def _token_cases(generator, cases):
    """Random token sequences of the fixed cases' lengths and dtypes over vocabularies of their sizes V (the ids
    below `top`, when given: the fixed sequence leaves the ids from there to V unused)."""
    return [(generator.integers(0, V if top is None else top, len(tokens)).astype(np.asarray(tokens).dtype), V)
            for tokens, V, top in cases]


@pytest.mark.held_out
def test_first_loss_is_log_v(student, ref):
    fixed = [(ABRACADABRA, 5, None), (np.array([1, 0, 1, 1]), 2, None), (np.arange(30) % 27, 27, None)]
    cases = either(92, [case[:2] for case in fixed], lambda g: _token_cases(g, fixed))
    for tokens, V in cases:
        for epochs in (1, 3):
            _, losses = student.call("train_bigram", tokens, V, lr=1.0, epochs=epochs).parts(2)
            values = losses.sequence()
            if len(values) != epochs:
                raise fail(f"{losses.call} holds {len(values)} losses, expected {epochs} (one per epoch)",
                           f"{losses.call} 有 {len(values)} 个损失，应为 {epochs} 个（每轮一个）")
            n = len(tokens) - 1
            _, after = descend("after", tokens, V, 1.0, 1)
            close(losses.with_value(values[:1], "[:1]"), np.array([np.log(V)]), rtol=1e-12, mistakes=[
                mistake(after[:1], "looks like the first loss was recorded after the first update: W starts at zeros, "
                        "so the first prediction is uniform (1/V each) and losses[0] = log(V), before any update",
                        "看起来第一个损失是在第一次更新之后记录的：W 从全零开始，第一个预测是均匀分布（每个 1/V），"
                        "losses[0] = log(V)，在任何更新之前"),
                mistake([n * np.log(V)], "looks like the sum of the cross-entropies over the N pairs: take the mean",
                        "看起来是 N 个样本对交叉熵的总和：应取平均"),
                mistake([float(np.float32(np.log(V)))], "looks like float32 rounding: compute in float64",
                        "看起来是 float32 的舍入误差：请用 float64 计算"),
                mistake([np.log2(V)], "looks like log base 2: the cross-entropy here uses the natural log (np.log)",
                        "看起来用了以 2 为底的对数：这里的交叉熵使用自然对数（np.log）"),
                mistake([-np.log(V)], "the cross-entropy is MINUS the log-probability: it is positive",
                        "交叉熵是对数概率的【相反数】：它是正数"),
                mistake([np.log(n)], "looks like softmax over the N pairs (axis=0) instead of over the V next tokens: "
                        "normalise each row of logits W[prev_i] (axis=-1)",
                        "看起来 softmax 是在 N 个样本对上（axis=0）而不是在 V 个候选字符上计算的：请对每行 logits W[prev_i] 归一化（axis=-1）"),
            ])


@pytest.mark.held_out
def test_train_worked_example(student, ref):
    # held out: a random text of abracadabra's length over 5 ids; 8 ids of which only 0, 1, 2 occur, V = 4
    tokens, short = either(93, (ABRACADABRA, np.array([0, 1, 1, 0, 2, 2, 2, 1])), lambda g: [
        case[0] for case in _token_cases(g, [(ABRACADABRA, 5, None), (np.zeros(8, dtype=np.int64), 4, 3)])])
    compare_trainings(student, ref, [(tokens, 5, 1.0, 2), (tokens, 5, 1.0, 60), (short, 4, 0.5, 40)])
    got = student.call("train_bigram", tokens, 5)  # the defaults: lr=1.0, epochs=100
    check_training(got, ref.call("train_bigram", tokens, 5), ref, tokens, 5, 1.0, 100)


def _typed_texts(generator):
    """A list of 7 ids over 3, int32 ids over 5 of which 4 never occurs, 40 uint8 ids over 27."""
    listed, unused, alphabet = (case[0] for case in _token_cases(generator, [
        (np.zeros(7, np.int64), 3, None), (np.zeros(8, np.int32), 5, 4), (np.zeros(40, np.uint8), 27, None)]))
    return listed.tolist(), unused, alphabet


@pytest.mark.held_out
def test_train_random(student, ref):
    cases = []
    for seed, (V, length) in enumerate([(2, 2), (3, 12), (6, 40), (4, 25)]):
        cases.append((rng(50 + seed).integers(0, V, length), V, [1.0, 2.0, 0.5, 1.5][seed], 30))
    listed, unused, alphabet = either(62, (
        [2, 0, 1, 2, 2, 0, 1], np.array([3, 1, 0, 3, 3, 2, 1, 0], dtype=np.int32), (np.arange(40) * 7 % 27).astype(np.uint8)),
        _typed_texts)
    cases.append((listed, 3, 1.0, 30))  # a list
    cases.append((unused, 5, 1.0, 30))  # int32, one token unused
    # small integer dtypes: uint8 ids of a 27-letter alphabet (26 * 27 + 26 = 728 does not fit in uint8), int8, int16
    cases.append((alphabet, 27, 1.0, 20))
    cases.append((rng(60).integers(0, 6, 30).astype(np.int8), 6, 2.0, 20))
    cases.append((rng(61).integers(0, 150, 60).astype(np.int16), 150, 5.0, 10))
    compare_trainings(student, ref, cases)


# ---------------------------------------------------------------- perplexity

def _shifted_in_dtype(raw, prev, nxt):
    """The perplexity when the logits stay in a small integer dtype: W - W.max() wraps around (uint8: 0 - 3 = 253)."""
    if raw.dtype.kind not in "iu" or raw.dtype.itemsize >= 8:
        return []
    with np.errstate(all="ignore"):
        value = float(np.exp(-np.mean(_log_softmax_along(-1, raw[prev])[np.arange(len(prev)), nxt])))
    return [mistake(value, f"looks like the logits were shifted in W's own dtype {raw.dtype.name}: W - max wraps around "
                           "there (in uint8 0 - 3 = 253), and np.exp of a small integer array gives float16; convert W "
                           "with np.asarray(W, dtype=np.float64) first",
                    f"看起来在 W 自己的 dtype {raw.dtype.name} 中做了平移：W - max 会回绕（uint8 中 0 - 3 = 253），"
                    "而且 np.exp 作用于小整数数组得到的是 float16；请先用 np.asarray(W, dtype=np.float64) 转换 W")]


def wrong_perplexities(W, tokens):
    """What the usual wrong perplexity formulas give, each with the misconception it reveals."""
    raw, W, tokens = np.asarray(W), np.asarray(W, dtype=np.float64), _ids(tokens)
    prev, nxt = tokens[:-1], tokens[1:]
    pick = np.arange(len(prev))
    nll = -_log_softmax_along(-1, W[prev])[pick, nxt]
    ce = float(np.mean(nll))
    Wt = W.T
    with np.errstate(all="ignore"):
        return _shifted_in_dtype(raw, prev, nxt) + [
            mistake(float(np.exp(-np.mean(_log_softmax_along(-1, W.astype(np.float32)[prev])[pick, nxt]))),
                    "looks like float32 rounding: compute in float64 (np.asarray(W, dtype=np.float64))",
                    "看起来是 float32 的舍入误差：请用 float64 计算（np.asarray(W, dtype=np.float64)）"),
            mistake(ce, "looks like the mean cross-entropy itself: the perplexity is exp(mean cross-entropy)",
                    "看起来是平均交叉熵本身：困惑度是 exp(平均交叉熵)"),
            mistake(np.exp(np.sum(nll)), "looks like exp of the SUM of the cross-entropies: take the mean first",
                    "看起来是交叉熵【总和】的 exp：应先取平均"),
            mistake(2.0**ce, "looks like 2 ** cross-entropy with a natural-log cross-entropy: use np.exp (or log2 "
                    "with 2 **, consistently)", "看起来对自然对数的交叉熵用了 2 **：请用 np.exp（或统一使用 log2 与 2 **）"),
            mistake(np.mean(np.exp(nll)), "looks like the mean of exp(per-pair cross-entropy): exponentiate the mean, "
                    "not the other way round", "看起来是每个样本对 exp 之后再平均：应先平均再取 exp"),
            mistake(np.exp(np.mean(-_log_softmax_along(-1, W[tokens])[np.arange(len(tokens)), tokens])),
                    "looks like no shift (each token scored as its own successor): prev = tokens[:-1], "
                    "next = tokens[1:]", "看起来没有错开（把每个字符当作它自己的后继）：prev = tokens[:-1]，next = tokens[1:]"),
            mistake(np.exp(np.mean(-_log_softmax_along(-1, Wt[prev])[pick, nxt])),
                    "looks like W[next, prev]: the row is the previous token, W[prev] holds the logits of the next one",
                    "看起来用的是 W[next, prev]：行是前一个字符，W[prev] 才是下一个字符的 logits"),
            mistake(np.exp(np.mean(-W[prev, nxt])), "looks like the raw logits were used as log-probabilities: apply "
                    "log-softmax to W[prev] first", "看起来把原始 logits 当成了对数概率：请先对 W[prev] 做 log-softmax"),
        ]


def python_float(got: Returned) -> Returned:
    """The perplexity must be a Python float (np.float64 is one); a 0-d array or a float32 is not."""
    if not isinstance(got.value, float):
        raise fail(f"{got.call} returned {describe_type(got.value)}, expected a Python float: return float(...) of "
                   "the float64 result",
                   f"{got.call} 返回了 {describe_type(got.value)}，应为 Python float：请返回 float64 结果的 float(...)")
    return got


def _perplexity_inputs(generator):
    """Like the fixed inputs: token sequences of their lengths and sizes V, a table of probabilities (each at least
    0.05) with a text over it, and the small integer tables' dtypes with other numbers (int8 rows still spanning
    more than 127, so that W - max wraps around)."""
    uniform = [(V, generator.integers(0, V, length)) for V, length in ((5, 11), (2, 2), (27, 30), (300, 310))]
    P = generator.dirichlet(np.ones(3), 3) * 0.85 + 0.05
    wide = generator.integers(64, 128, 2) * np.array([-1, 1])
    return {"uniform": uniform, "P": P, "P tokens": generator.integers(0, 3, 7), "drawn tokens": generator.integers(0, 4, 7),
            "trained on": generator.integers(0, 5, 11),
            "integers": [(generator.integers(0, 6, (3, 3)).astype(np.uint8), generator.integers(0, 3, 6).astype(np.uint8)),
                         (np.array([generator.permutation(wide), generator.integers(-5, 6, 2)], dtype=np.int8),
                          generator.integers(0, 2, 5).astype(np.int16)),
                         (generator.integers(-4, 5, (2, 2)), generator.integers(0, 2, 4).tolist())]}


PUBLIC_PERPLEXITY_INPUTS = {
    "uniform": [(5, ABRACADABRA), (2, np.array([0, 1])), (27, np.arange(30) % 27), (300, np.arange(310) % 300)],
    "P": np.array([[0.1, 0.6, 0.3], [0.5, 0.25, 0.25], [0.8, 0.1, 0.1]]), "P tokens": np.array([0, 1, 0, 2, 0, 1, 2]),
    "drawn tokens": np.array([3, 0, 0, 2, 1, 3, 3]), "trained on": ABRACADABRA,
    "integers": [(np.array([[0, 3, 1], [2, 0, 0], [5, 1, 0]], dtype=np.uint8), np.array([0, 1, 0, 2, 2, 1], dtype=np.uint8)),
                 (np.array([[-100, 100], [3, -4]], dtype=np.int8), np.array([0, 1, 1, 0, 0], dtype=np.int16)),
                 (np.array([[2, -1], [0, 4]], dtype=np.int64), [1, 1, 0, 1])]}


@pytest.mark.held_out
def test_perplexity_examples(student, ref):
    inputs = either(98, PUBLIC_PERPLEXITY_INPUTS, _perplexity_inputs)
    # V = 300: shape numbers past 256 are distinct int objects, so a 'W.shape[0] is not W.shape[1]' test rejects it
    for V, tokens in inputs["uniform"]:
        got = python_float(student.call("perplexity", np.zeros((V, V)), tokens))
        close(got, float(V), rtol=1e-12, mistakes=Deferred(lambda: wrong_perplexities(np.zeros((V, V)), tokens)))
    P, tokens = inputs["P"], inputs["P tokens"]
    # public: the probabilities of the pairs are 0.6, 0.5, 0.3, 0.8, 0.6, 0.25
    by_hand = float(np.exp(-np.mean(np.log(P[tokens[:-1], tokens[1:]]))))
    cases = [(np.log(P), tokens, by_hand), (np.log(P) + 3.0, tokens, by_hand),
             (rng(9).normal(0, 2, (4, 4)), inputs["drawn tokens"], None)]
    W_trained, _ = ref.call("train_bigram", inputs["trained on"], 5, lr=1.0, epochs=50)
    cases.append((W_trained, inputs["trained on"], None))
    # integer logits (the README promises int arrays), small dtypes where W - max wraps around, small int ids
    cases.extend((W, ids, None) for W, ids in inputs["integers"])
    cases.append((np.log(P).astype(np.float32), tokens.astype(np.int32), None))
    for W, tokens, expected in cases:
        got = python_float(student.call("perplexity", W, tokens))
        close(got, ref.call("perplexity", W, tokens) if expected is None else expected, rtol=1e-9,
              mistakes=Deferred(lambda: wrong_perplexities(W, tokens)))


def _cycle(generator):
    """A text of 7 tokens that cycles through 0, 1, 2 in some order from some start, each token's successor in it,
    a logit of about 1e4 and a gap of 1 to 3 between two huge logits."""
    order = generator.permutation(3)
    successor = np.empty(3, dtype=np.int64)
    successor[order] = np.roll(order, -1)
    text = [int(generator.integers(0, 3))]
    while len(text) < 7:
        text.append(int(successor[text[-1]]))
    return np.array(text), successor.tolist(), float(generator.uniform(5e3, 1e4)), float(generator.uniform(1.0, 3.0))


@pytest.mark.held_out
def test_perplexity_large_logits(student, ref):
    why = Text(en="exp(1e4) overflows: subtract each row's maximum before exp (log-sum-exp), or use log-softmax",
               zh="exp(1e4) 会溢出：在 exp 之前减去每行的最大值（log-sum-exp），或使用 log-softmax")
    cyclic, successor, top, gap = either(99, (np.array([0, 1, 2, 0, 1, 2, 0]), [1, 2, 0], 1e4, 2.0), _cycle)
    W = np.full((3, 3), -top)
    W[[0, 1, 2], successor] = top                       # a confident, correct model: perplexity 1
    W_offset = 1e4 + rng(4).normal(0, 1, (3, 3))        # huge but close logits: a moderate perplexity
    W_pair = np.array([[top, top - gap], [-top, top]])  # logits of 1e4 and 1e4 - 2 on the same row
    for matrix in (W, W_offset, W_pair):
        tokens = cyclic if len(matrix) == 3 else np.array([0, 0, 1, 1])
        got = student.call("perplexity", matrix, tokens)
        finite(got, got.scalar(), why)
        close(got, ref.call("perplexity", matrix, tokens), rtol=1e-9, mistakes=Deferred(lambda: wrong_perplexities(matrix, tokens)))


# ---------------------------------------------------------------- errors and inputs

def _bad_tokens(generator):
    """Vocabularies and sizes V of other sizes; each bad sequence keeps its one bad id (V or more, negative,
    fractional) or its bad shape (a batch of two sequences) among valid ids."""
    vocab = sorted(_chosen(generator, LOWER, int(generator.integers(2, 6))))
    stranger = str(generator.choice([char for char in LOWER if char not in vocab]))
    V, W_size = int(generator.integers(3, 7)), int(generator.integers(2, 6))

    def with_bad(size, bad):  # `size` valid ids below the vocabulary size, one of them replaced by `bad`
        tokens = generator.integers(0, size, 4).astype(np.float64 if bad % 1 else np.int64)
        tokens[generator.integers(1, 4)] = bad
        return tokens

    return {"text": _text_over(generator, vocab, len(vocab)) + stranger, "vocab": vocab, "V": V, "W": W_size,
            "train": (with_bad(V, V + int(generator.integers(0, 3))), with_bad(V, -int(generator.integers(1, 3)))),
            "perplexity": (with_bad(W_size, W_size + int(generator.integers(0, 3))),
                           with_bad(W_size, -int(generator.integers(1, 3)))),
            "fractions": (with_bad(V, int(generator.integers(0, V - 1)) + 0.5),
                          with_bad(W_size, int(generator.integers(0, W_size - 1)) + 0.5)),
            "batches": (generator.integers(0, V, (2, 3)), V, generator.integers(0, W_size, (2, 3)))}


PUBLIC_BAD_TOKENS = {"text": "hex", "vocab": ["e", "h", "l", "o"], "V": 4, "W": 3,
                     "train": (np.array([0, 1, 5, 2]), np.array([0, -1, 2, 1])),
                     "perplexity": (np.array([0, 3, 1]), np.array([2, -1, 1])),
                     "fractions": (np.array([0, 1.5, 2, 1]), np.array([0, 1.5, 2])),
                     "batches": (np.array([[0, 1, 2], [2, 1, 0]]), 3, np.array([[0, 1, 2], [2, 1, 0]]))}


@pytest.mark.held_out
def test_invalid_tokens_raise(student, ref):
    bad = either(94, PUBLIC_BAD_TOKENS, _bad_tokens)
    V, W = bad["V"], np.zeros((bad["W"], bad["W"]))
    raises(student, "ValueError", "encode", bad["text"], bad["vocab"],
           why=Text(en="'x' is not in the vocabulary: raise ValueError (a dict lookup raises KeyError: catch it or "
                       "check first)",
                    zh="'x' 不在词表中：请抛出 ValueError（字典查找会抛出 KeyError：请捕获它或事先检查）"))
    why = Text(en="token ids must lie in [0, V): W[5] does not exist, and W[-1] would silently read the last row",
               zh="token 编号必须在 [0, V) 内：W[5] 不存在，而 W[-1] 会静默地读取最后一行")
    for tokens in bad["train"]:
        raises(student, "ValueError", "train_bigram", tokens, V, lr=1.0, epochs=2, why=why)
    for tokens in bad["perplexity"]:
        raises(student, "ValueError", "perplexity", W, tokens, why=why)
    not_an_id = Text(en="1.5 is not a token id: an id is an integer in [0, V) (astype(int) would quietly truncate it "
                        "to 1), so raise ValueError",
                     zh="1.5 不是 token 编号：编号是 [0, V) 内的整数（astype(int) 会悄悄把它截断成 1），请抛出 ValueError")
    fraction_train, fraction_perplexity = bad["fractions"]
    raises(student, "ValueError", "train_bigram", fraction_train, V, lr=1.0, epochs=2, why=not_an_id)
    raises(student, "ValueError", "perplexity", W, fraction_perplexity, why=not_an_id)
    not_1d = Text(en="tokens is one 1-D sequence of ids: a 2-D array (a batch of sequences) has no single "
                     "(previous, next) order",
                  zh="tokens 是一个一维的编号序列：二维数组（一批序列）没有唯一的（前一个，下一个）顺序")
    batch_train, batch_V, batch_perplexity = bad["batches"]
    raises(student, "ValueError", "train_bigram", batch_train, batch_V, lr=1.0, epochs=2, why=not_1d)
    raises(student, "ValueError", "perplexity", W, batch_perplexity, why=not_1d)


def _tables_of_any_shape(generator):
    """A vocabulary size, valid tokens for it, and tables of random numbers (zeros in public) of a given shape."""
    V = int(generator.integers(2, 6))
    return V, generator.integers(0, V, int(generator.integers(2, 8))), lambda shape: generator.normal(0.0, 1.0, shape)


@pytest.mark.held_out
def test_non_square_w_raises(student, ref):
    why = Text(en="W must be a square (V, V) table: one row and one column per token; W[prev] of a (V, V + 1) table "
                  "would score a token that does not exist",
               zh="W 必须是 (V, V) 的方阵：每个字符一行一列；(V, V + 1) 表的 W[prev] 会给一个不存在的字符打分")
    V, tokens, values = either(95, (3, np.array([0, 1, 2, 1]), np.zeros), _tables_of_any_shape)
    for shape in ((V, V + 1), (V + 1, V), (V,), (V, V, V)):
        raises(student, "ValueError", "perplexity", values(shape), tokens, why=why)


def _single_tokens(generator):
    """A vocabulary, a size V, and two ids below it (each a sequence of one token)."""
    V = int(generator.integers(2, 7))
    return sorted(_chosen(generator, LOWER, int(generator.integers(1, 5)))), V, tuple(generator.integers(0, V, 2).tolist())


@pytest.mark.held_out
def test_empty_input_raises(student, ref):
    raises(student, "ValueError", "build_vocab", "",
           why=Text(en="an empty text has no vocabulary", zh="空文本没有词表"))
    vocab, V, one_id = either(96, (["a", "b"], 3, (1, 2)), _single_tokens)
    raises(student, "ValueError", "encode", "", vocab,
           why=Text(en="there is nothing to encode in an empty text", zh="空文本没有可编码的内容"))
    why = Text(en="a single token forms no (previous, next) pair: there is no loss to average",
               zh="只有一个 token 无法组成（前一个，下一个）对：没有可平均的损失")
    raises(student, "ValueError", "train_bigram", np.array([one_id[0]]), V, lr=1.0, epochs=2, why=why)
    raises(student, "ValueError", "perplexity", np.zeros((V, V)), np.array([one_id[1]]), why=why)
    one = Text(en="a single id (a 0-d array) is fewer than 2 tokens: raise ValueError, not the TypeError of len()",
               zh="单个编号（0 维数组）少于 2 个 token：请抛出 ValueError，而不是 len() 的 TypeError")
    raises(student, "ValueError", "train_bigram", np.array(one_id[0]), V, lr=1.0, epochs=2, why=one)
    raises(student, "ValueError", "perplexity", np.zeros((V, V)), np.array(one_id[1]), why=one)


def _unsorted_text(generator):
    """Six ids over 3 tokens, and a text of 5 over an unsorted vocabulary of 3 characters."""
    vocab = list(_chosen(generator, LOWER, 3))
    return generator.integers(0, 3, 6), _text_over(generator, vocab, 5), vocab


@pytest.mark.held_out
def test_inputs_unchanged(student, ref):
    tokens, text, vocab = either(97, (np.array([0, 2, 1, 2, 0, 1]), "abcab", ["c", "a", "b"]), _unsorted_text)
    got = student.call("train_bigram", tokens, 3, lr=1.0, epochs=5)
    unchanged(got)
    check_training(got, ref.call("train_bigram", tokens, 3, lr=1.0, epochs=5), ref, tokens, 3, 1.0, 5)
    W = rng(12).normal(0, 3, (3, 3))
    got = student.call("perplexity", W, tokens)
    unchanged(got)
    close(got, ref.call("perplexity", W, tokens), rtol=1e-9, mistakes=Deferred(lambda: wrong_perplexities(W, tokens)))
    got = student.call("encode", text, vocab)
    unchanged(got)
