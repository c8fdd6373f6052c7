"""What the course teaches: wrong or misleading phrasings stay out, every seed point is asked twice, hints never
give the answer away, Chinese pages show Chinese figures."""

from __future__ import annotations

import re
import sys

import pytest

from grader.quiz.bank import load_bank
from grader.quiz.models import ChoiceQuestion, MultipleChoice, Numeric, ShortText, SingleChoice
from grader.quiz.normalise import normalise_text, round_numeric

from conftest import EXERCISES, PROJECT, SOLUTIONS

NOTES = PROJECT / "site" / "docs" / "notes"
BANK = {quiz.id: quiz for quiz in load_bank()}


def course_texts() -> dict[str, str]:
    """Every text a student or an instructor reads: notes, quizzes, catalog, solutions, stubs, checks, README."""
    paths = [*NOTES.glob("*.md"), *(PROJECT / "grader" / "quizzes").glob("*.yaml"),
             *(PROJECT / "grader" / "catalog").glob("*.yaml"), *SOLUTIONS.glob("*.py"), *EXERCISES.glob("*.py"),
             *(PROJECT / "grader" / "checks").glob("*.py"), PROJECT / "README.md"]
    return {str(path.relative_to(PROJECT)): path.read_text(encoding="utf-8") for path in paths}


TEXTS = course_texts()

# Each wrong or misleading phrasing the course once had (issue 12), as a pattern that must not come back, with why.
WRONG = {
    # a zero training loss from train/test mixing: mixing raises no training score, it flatters the test loss
    r"[Dd]ata leakage\W+training and test data got mixed": "leakage is no cause of a zero training loss",
    r"数据泄露[^。\n]{0,8}训练集和测试集混": "数据泄露不会让训练损失为 0",
    r"seen the answers during the exam|看了答案（数据泄露）": "leakage is no cause of a zero training loss",
    # shuffling X and y separately is a pairing bug (labels become noise, the test loss goes up), not a leak
    r"X and y shuffled separately so that the pairs no longer match": "separate shuffles are not a leak",
    r"把 X 和 y 分别打乱导致配对错乱": "分别打乱 X 和 y 不是泄露",
    # perplexity does not depend on the base: the rule is one base for the log and the power
    r"not log2|not 2 ?\*\*|不是 log2|不要用 log2|而不是 2 ?\*\*": "the perplexity's base: the same for log and power",
    # CE = logsumexp(z) - z_t: the log-sum-exp is added to -z_t
    r"subtract(ing)? the log-sum-exp|减去(这一行的|每行的)?\s*log-sum-exp": "CE = logsumexp(z) - z[target]",
    # a plain difference is differentiable; its defects are the sign and no lower bound
    r"poor properties for gradients|没有好的求导性质|must also be easy to differentiate|还要便于求导|如不可导、正负抵消":
        "subtraction is differentiable: it is unbounded below",
    # a language model gives every token a probability; picking one is decoding
    r"picks the most probable next|选择概率最大的下一个|选概率大的词": "an LLM gives every token a probability",
    r"为下一个词元选择概率": "为每个可能的下一个词元给出一个概率",
    r"the sigmoid and the log cancel": "no 2 because no square; p(1-p) cancels",
    r"usually not good news|通常不是好消息": "a zero training loss: the warning is the gap",
    r"[Tt]he only way to tell|唯一办法": "validation set or cross-validation for choices, the test set once",
    r"[Ff]ill-in-the-blank|填空题": "classification is multiple choice",
    r"every row is positive": "softmax entries are non-negative",
    r"(weighs|treats) every error alike|一视同仁": "each unit of error costs the same",
    r"tens of thousands of tokens|几万个词|100 000 or more": "one vocabulary size: 32k to 200k",
    r"对第一个参数的梯度|with respect to (the|their) first argument": "say the prediction or the logit",
    r"像 MSE 一样平滑|误差小时像 MSE|behaves like the MSE for small|acts like the MSE for small": "Huber is half the square",
    r"320 \(thousand\)|320（万元）": "the same unit in both languages",
    # one term each
    r"泄漏": "数据泄露",
    r"二分类交叉熵": "二元交叉熵（二分类是任务，二元交叉熵是损失）",
    r"二元语言模型": "二元语法模型",
    r"切分": "训练/测试划分（与练习 8 的文档一致）",
    # a polynomial's degree is its 次数 (阶 is the order of a derivative), one word everywhere
    r"阶数|\d\s*阶(?!导)|[高低]阶多项式|\$\s*阶时": "多项式的次数，不是阶数",
    # a classifier outputs logits; the softmax turns them into probabilities
    r"[Aa] classifier outputs probabilities|classification outputs (a|class) probabilit|分类输出(各类别的)?概率":
        "a classifier outputs logits, a softmax makes them probabilities",
    # accuracy is piecewise constant: its gradient is 0 almost everywhere, it is not just "not differentiable"
    r"准确率是评估指标，不可导|Accuracy is an evaluation metric; it is not differentiable":
        "accuracy: gradient 0 almost everywhere",
}


@pytest.mark.parametrize("pattern", WRONG, ids=list(WRONG.values()))
def test_wrong_phrasings_stay_out(pattern):
    found = [f"{name}: {match.group(0)!r}" for name, text in TEXTS.items() for match in re.finditer(pattern, text)]
    assert not found, f"{WRONG[pattern]}: {found}"


def _choice_texts(question) -> dict[str, str]:
    return {choice.id: choice.text.zh + " " + choice.text.en for choice in question.choices}


SEPARATE_SHUFFLE = re.compile(r"X and y separately|X 和 y 分别打乱|shuffl\w* X and y separately", re.I)


def test_no_right_answer_calls_separate_shuffles_a_leak_or_contamination_a_zero_training_loss():
    for quiz in BANK.values():
        for question in quiz.questions:
            if not isinstance(question, ChoiceQuestion):
                continue
            right = set(question.answer if isinstance(question, MultipleChoice) else [question.answer])
            for choice_id, text in _choice_texts(question).items():
                if SEPARATE_SHUFFLE.search(text):
                    assert choice_id not in right, (quiz.id, question.id, choice_id)
    readings = next(q for q in BANK["loss_zero"].questions if q.id == "three_readings")
    texts = _choice_texts(readings)
    assert not any(re.search(r"test|测试", texts[choice]) for choice in readings.answer), \
        "a reading of a zero TRAINING loss that involves the test set"


# Every point of the seed notes (/work/shared/seed-notes.md, the course's origin), asked by at least two questions.
SEED_POINTS = {
    "损失函数是衡量预测与真实答案差距的计算器": [("what_is_loss", "what_loss_measures"), ("what_is_loss", "loss_properties"),
                                    ("beyond_subtraction", "distance_word")],
    "模型本是白纸，靠损失知道错得多离谱": [("what_is_loss", "blank_slate"), ("what_is_loss", "how_model_learns")],
    "训练的目标：找参数让 loss 尽可能小": [("what_is_loss", "training_goal"), ("training_loop", "update_by_hand")],
    "Loss = 0 不能直接当好消息": [("loss_zero", "zero_means_perfect"), ("loss_zero", "big_networks_zero_loss"),
                          ("loss_zero", "noisy_labels_floor")],
    "解读一：任务没有噪声（神级模型）": [("loss_zero", "three_readings"), ("loss_zero", "tell_them_apart")],
    "解读二：过拟合，死记硬背": [("loss_zero", "overfitting_symptom"), ("loss_zero", "overfitting_name"),
                     ("loss_zero", "three_readings")],
    "解读三：数据泄露（更正：目标泄露；污染体现在测试损失上）": [("loss_zero", "leakage_symptom"),
                                          ("loss_zero", "contamination_training_loss"), ("loss_zero", "real_leaks")],
    "损失就是做减法：对，也不对": [("beyond_subtraction", "right_and_wrong"), ("beyond_subtraction", "distance_word")],
    "直接相减：正负抵消、没有下界（更正：并非不可导）": [("beyond_subtraction", "signed_mean_by_hand"),
                                      ("beyond_subtraction", "subtraction_problems"),
                                      ("beyond_subtraction", "subtraction_differentiable")],
    "不同问题用不同损失": [("beyond_subtraction", "one_loss_for_all"), ("choosing_a_loss", "summary_pairs")],
    "回归：预测一个数值": [("why_square", "regression_tasks"), ("choosing_a_loss", "house_price_loss")],
    "回归的核心函数 MSE": [("why_square", "mse_formula"), ("why_square", "mse_by_hand")],
    "平方惩罚极端错误（0.1 → 0.01，10 → 100）": [("why_square", "small_error_squared"), ("why_square", "large_error_squared"),
                                       ("why_square", "outlier_share")],
    "平方消除正负抵消": [("why_square", "why_square_reasons"), ("beyond_subtraction", "squared_mean_by_hand")],
    "MAE 也能消除正负抵消": [("why_not_mae", "mae_fixes_sign"), ("why_not_mae", "mae_signs_by_hand")],
    "|x| 在 0 处尖锐、不可导": [("why_not_mae", "kink_at_zero"), ("why_not_mae", "mae_gradient_size")],
    "接近目标时梯度无法平滑收敛": [("why_not_mae", "mae_gradient_size"), ("why_not_mae", "parabola_settles")],
    "平方是光滑的抛物线，利于梯度下降": [("why_not_mae", "parabola_settles"), ("why_square", "why_square_reasons"),
                            ("why_not_mae", "square_gradient_by_hand")],
    "分类：输出属于某类的概率": [("choosing_a_loss", "cat_dog_loss"), ("choosing_a_loss", "classifier_output")],
    "分类的核心函数：交叉熵": [("choosing_a_loss", "cat_dog_loss"), ("choosing_a_loss", "llm_loss_name")],
    "LLM 的本质是多分类": [("choosing_a_loss", "llm_is_classifier"), ("choosing_a_loss", "token_id_regression")],
    "LLM 训练的核心是交叉熵": [("choosing_a_loss", "llm_loss_name"), ("choosing_a_loss", "uniform_guess_loss")],
    "越不可能的事发生，信息量越大": [("surprise_and_log", "surprise_principle"), ("surprise_and_log", "most_punished")],
    "p = 1 时 -log p = 0": [("surprise_and_log", "certain_loss"), ("surprise_and_log", "zero_only_when_certain")],
    "p 极小时 -log p 巨大": [("surprise_and_log", "tiny_p_loss"), ("surprise_and_log", "unbounded_penalty"),
                       ("surprise_and_log", "how_many_times")],
    "错得越离谱惩罚越重（按数量级增长）": [("surprise_and_log", "tenfold_step"), ("surprise_and_log", "most_punished")],
    "负号让 loss 不为负": [("surprise_and_log", "why_minus"), ("binary_cross_entropy", "minus_sign_matters")],
    "二元交叉熵公式": [("binary_cross_entropy", "bce_formula"), ("binary_cross_entropy", "term_for_positive"),
                 ("binary_cross_entropy", "bce_mean_by_hand")],
    "y 是真实标签，p 是预测概率": [("binary_cross_entropy", "symbols"), ("binary_cross_entropy", "term_for_positive")],
    "损失是地图/导航，优化器是司机": [("training_loop", "map_and_driver"), ("training_loop", "loss_alone_updates")],
    "反向传播：loss 对参数求导": [("training_loop", "backprop_computes"), ("training_loop", "bias_gradient_by_hand")],
    "梯度告诉参数变大还是变小": [("training_loop", "gradient_sign"), ("training_loop", "update_by_hand")],
    "总结：损失是训练的指挥棒": [("training_loop", "baton_word"), ("training_loop", "summary_goal")],
    "总结：分类用交叉熵，回归用 MSE": [("choosing_a_loss", "summary_pairs"), ("choosing_a_loss", "house_price_loss")],
    "总结：目标不是归零": [("loss_zero", "goal_is_not_zero"), ("training_loop", "summary_goal")],
    "标题：损失函数是深度学习的指南针": [("what_is_loss", "compass_word"), ("training_loop", "map_and_driver")],
}


@pytest.mark.parametrize("point", SEED_POINTS)
def test_every_seed_point_is_asked_at_least_twice(point):
    asked = SEED_POINTS[point]
    assert len(set(asked)) >= 2, point
    for quiz_id, question_id in asked:
        assert quiz_id in BANK and question_id in {q.id for q in BANK[quiz_id].questions}, (point, quiz_id, question_id)


SEED_QUIZZES = ["what_is_loss", "loss_zero", "beyond_subtraction", "why_square", "why_not_mae", "choosing_a_loss",
                "surprise_and_log", "binary_cross_entropy", "training_loop"]


@pytest.mark.parametrize("quiz_id", list(BANK))
def test_every_question_has_a_hint_that_keeps_the_answer(quiz_id):
    """The site shows a hint after a first wrong try: it must exist and must not give the answer away."""
    for question in BANK[quiz_id].questions:
        assert question.hint is not None, (quiz_id, question.id)
        for lang in ("zh", "en"):
            hint, prompt = question.hint(lang), question.prompt(lang)
            assert hint.strip() and question.explanation(lang)[:25] not in hint, (quiz_id, question.id, lang)
            if isinstance(question, Numeric) and question.answer is not None:  # a drawn one: test_quiz_variants
                answer = round_numeric(question.answer, question.precision)
                assert not re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d])", hint), (quiz_id, question.id, lang)
            if isinstance(question, ShortText):
                for accepted in question.accepted:
                    word = normalise_text(accepted)
                    if len(word) > 1 and word not in normalise_text(prompt):
                        assert word not in normalise_text(hint), (quiz_id, question.id, lang, accepted)
            if isinstance(question, (SingleChoice, MultipleChoice)):
                letters = question.answer if isinstance(question, MultipleChoice) else [question.answer]
                assert not re.search(rf"(选|choice|option)\s*\(?({'|'.join(letters)})\b", hint), (quiz_id, question.id)


CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"


def test_chinese_paragraphs_do_not_break_between_chinese_characters():
    """A line break inside a paragraph renders as a space: in Chinese that is a stray space mid-sentence."""
    block = re.compile(r"^(\$\$|\||#|!|[-*+] |\d+\. |>|```|\*\*)")
    broken = []
    for page in [*NOTES.glob("*.md"), NOTES.parent / "index.md"]:
        if page.name.endswith(".en.md"):
            continue
        lines = page.read_text(encoding="utf-8").split("\n")
        for number, (line, following) in enumerate(zip(lines, lines[1:]), start=1):
            line, following = line.strip(), following.strip()
            if (line and following and not block.match(following) and not line.startswith(("$$", "|", "#", "!"))
                    and (re.search(CJK + "$", line) or re.match(CJK, following))):
                broken.append(f"{page.name}:{number}")
    assert not broken, broken


def test_chinese_pages_show_figures_with_chinese_labels(tmp_path):
    sys.path.insert(0, str(PROJECT / "site" / "hooks"))
    from figures import write_figures  # noqa: E402  (the site's own hook)

    for page in NOTES.glob("*.md"):
        lang = "en" if page.name.endswith(".en.md") else "zh"
        for figure in re.findall(r"\.\./assets/figures/([\w-]+\.svg)", page.read_text(encoding="utf-8")):
            assert figure.endswith(f"-{lang}.svg"), (page.name, figure)
    write_figures(tmp_path)
    for svg in tmp_path.glob("*-zh.svg"):
        labels = re.findall(r"<!-- (.*?) -->", svg.read_text(encoding="utf-8"))
        assert any(re.search(r"[\u4e00-\u9fff]", label) for label in labels), f"{svg.name} has no Chinese label"
