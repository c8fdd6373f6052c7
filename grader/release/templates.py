"""The text files of a student release and a Gradescope bundle: README, CI workflow, pyproject, scripts."""

from __future__ import annotations

STUDENT_README = """\
# Loss Compass · 损失函数指南针

[中文](#中文) · [English](#english)

## 中文

这是《损失函数指南针》的练习包：在 `exercises/` 中补全 numpy 函数，回答小测验，本地即可自动评分。

**安装**（Python 3.10+）：

```bash
python3 -m venv .venv && .venv/bin/pip install -e ".[watch]"
source .venv/bin/activate
```

**学习循环**：

```bash
grader list          # 所有练习、分值和完成情况
grader check         # 检查下一个未完成的练习：调用、期望值、实际返回值、可能的误解
grader check ex03    # 检查某一个练习
grader hint ex03     # 逐步提示
grader watch         # 保存文件时自动重新检查
grader quiz          # 在终端里做小测验（答案保存在 exercises/answers.yaml）
grader grade         # 全部练习和测验的总分
```

**在 Jupyter 中**：`notebooks/` 里每个练习有一个笔记本（讲义、公式、待补全的函数、检查单元格）。
运行 `.venv/bin/pip install jupyterlab ipykernel && .venv/bin/jupyter lab notebooks/`；在笔记本里
`check("ex01_mse")` 会像 `grader check` 一样在沙箱中检查你在笔记本中定义的函数。

课程网站：{site}

**关于本地评分**：这个副本不包含参考答案。练习的期望值是在发布时预先计算好的，测验答案只以加盐哈希的形式保存，
所以本地检查和教师的评分一致，但你无法从文件里读到答案。测验的解析会在你答对之后显示。

**提交**：每次 `git push`，GitHub Actions（`.github/workflows/classroom.yml`）会用教师固定版本的评分器
（而不是本仓库里的 `grader/` 副本）重新评分，并在任务摘要里给出分数。修改工作流或评分器副本不会改变你的成绩：
最终成绩由教师用自己的评分器统一评定。

## English

This is the exercise pack of *Loss Compass*: fill in the numpy functions in `exercises/`, answer the quizzes,
and get graded on your own machine.

**Install** (Python 3.10+):

```bash
python3 -m venv .venv && .venv/bin/pip install -e ".[watch]"
source .venv/bin/activate
```

**The loop**:

```bash
grader list          # every exercise, its points and status
grader check         # the next unfinished exercise: the call, what was expected, what came back, the misconception
grader check ex03    # one exercise
grader hint ex03     # progressive hints
grader watch         # re-check whenever you save a file
grader quiz          # the quizzes, in the terminal (answers saved to exercises/answers.yaml)
grader grade         # the grade of every exercise and quiz
```

**In Jupyter**: `notebooks/` holds a notebook per exercise (the notes, the formula, the function to fill in, a
check cell). Run `.venv/bin/pip install jupyterlab ipykernel && .venv/bin/jupyter lab notebooks/`; in a notebook,
`check("ex01_mse")` checks the function you defined there in the sandbox, as `grader check` does.

The course site: {site}

**About local grading**: this copy holds no reference solutions. The exercises' expected values were computed when
the course was released, and the quiz answers are stored only as salted hashes, so your local grade matches the
instructor's, but the answers cannot be read from the files. A quiz explanation is shown once your answer is right.

**Handing in**: on every `git push`, GitHub Actions (`.github/workflows/classroom.yml`) grades `exercises/` again
with the instructor's pinned grader (not the `grader/` copy in this repository) and shows the points in the job
summary. Editing the workflow or the grader copy does not change your grade: the instructor grades every
submission with their own grader.
"""

# Actions are pinned by commit (the tag in the comment): a moved tag cannot change what runs here.
CHECKOUT = "actions/checkout@11d5960a326750d5838078e36cf38b85af677262  # v4.4.0"
SETUP_PYTHON = "actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065  # v5.6.0"
CLASSROOM_REPORTER = "classroom-resources/autograding-grading-reporter@d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca  # v1"

# GitHub Classroom's own template: the name "Autograding Tests", the job run-autograding-tests, push and
# repository_dispatch (Classroom sends it to grade again), no run for its bot, and the reporter's
# <RUNNER>_RESULTS variable. The reporter prints a failing test's name only, so the Grade step prints
# each failing test's message itself.
WORKFLOW = """\
# Grades exercises/ on every push with the instructor's pinned grader, never with files of this repository.
name: Autograding Tests
"on":
  push:
  repository_dispatch:
  workflow_dispatch:
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 15
    steps:
      - name: Checkout code
        uses: {checkout}
      - uses: {setup_python}
        with:
          python-version: "{python}"
      - name: Install the instructor's grader (pinned, with the versions it was tested with)
        working-directory: ${{{{ runner.temp }}}}
        run: |
          python -m pip install --quiet --constraint "$GITHUB_WORKSPACE/constraints.txt" {source}
      # Held-out cases (optional, see the course README): they need the solutions and the secret. Store
      # LOSS_COMPASS_SECRET and COURSE_TOKEN (read-only, your private course repository) as organisation
      # secrets and uncomment these two steps and the env: of Grade. A student who edits this file can
      # print both: grade summatively where students cannot edit the job.
      # - uses: {checkout}
      #   with:
      #     repository: OWNER/COURSE
      #     token: ${{{{ secrets.COURSE_TOKEN }}}}
      #     path: instructor-course
      # - name: Keep the solutions outside the student's repository (the grader refuses them inside it)
      #   run: mv instructor-course "$RUNNER_TEMP/instructor-course"
      - name: Grade
        id: grader
        # Outside the checkout, so that its grader/ folder is never imported.
        working-directory: ${{{{ runner.temp }}}}
        # env:
        #   LOSS_COMPASS_SECRET: ${{{{ secrets.LOSS_COMPASS_SECRET }}}}
        #   LOSS_COMPASS_SOLUTIONS: ${{{{ runner.temp }}}}/instructor-course/solutions
        run: |
          grader grade "$GITHUB_WORKSPACE/exercises" --format markdown --output summary.md
          cat summary.md >> "$GITHUB_STEP_SUMMARY"
          grader grade "$GITHUB_WORKSPACE/exercises" --format json --output report.json
          python - <<'PY'
{reporter}
          PY
      - name: Autograding Reporter
        uses: {reporter_action}
        env:
          GRADER_RESULTS: "${{{{ steps.grader.outputs.result }}}}"
        with:
          runners: grader
"""

# The Grade step's Python (indented into the workflow): one test per exercise and per quiz for the reporter,
# each failing one with its message (the exercise's reason or its failing checks; the quiz's wrong questions).
CLASSROOM_RESULTS = """\
import base64, json, os
report = json.load(open("report.json", encoding="utf-8"))

def message(item):
    if item["score"] >= item["max_score"]:
        return ""
    failing = [f"{check['name']}: {check['message'].splitlines()[0] if check['message'] else 'failed'}"
               for check in item.get("checks", []) if not check["passed"]]
    wrong = [f"{question['id']}: {question['message'] or 'wrong answer'}"
             for question in item.get("questions", []) if not question["passed"]]
    found = [text for text in [item.get("reason") or item.get("error") or ""] + failing + wrong if text]
    return "; ".join(found)[:1000] or f"{item['score']:g} of {item['max_score']:g} points"

tests = []
commands = [(item, f"grader check {item['id']}") for item in report["exercises"]]
for item, command in commands + [(item, "grader quiz") for item in report["quizzes"]]:
    passed = item["score"] >= item["max_score"]
    tests.append({"name": item["id"], "status": "pass" if passed else "fail", "message": message(item),
                  "score": item["score"], "max_score": item["max_score"], "test_code": command,
                  "filename": "", "line_no": 0, "execution_time": "0s"})
    if not passed:
        print(f"✗ {item['id']} ({item['score']:g}/{item['max_score']:g}): {tests[-1]['message']}")
result = {"version": 1, "status": "pass" if report["score"] >= report["max_score"] else "fail",
          "max_score": report["max_score"], "tests": tests}
with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as output:
    output.write("result=" + base64.b64encode(json.dumps(result).encode()).decode() + "\\n")
print(f"Points {report['score']:g}/{report['max_score']:g}")
"""


def classroom_workflow(source: str, python: str) -> str:
    """The release's .github/workflows/classroom.yml, installing the grader from `source` under `python`."""
    reporter = "\n".join(("          " + line).rstrip() for line in CLASSROOM_RESULTS.splitlines())
    return WORKFLOW.format(checkout=CHECKOUT, setup_python=SETUP_PYTHON, reporter_action=CLASSROOM_REPORTER,
                           python=python, source=source, reporter=reporter)


PYPROJECT = """\
[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "loss-compass"
version = "{version}"
description = "Loss Compass, the student release: exercises and quizzes on loss functions, graded locally."
readme = "README.md"
requires-python = ">=3.10"
dependencies = [{dependencies}]

[project.optional-dependencies]
watch = [{watch}]

[project.scripts]
grader = "grader.cli:main"

[tool.setuptools.packages.find]
include = ["grader*"]

[tool.setuptools.package-data]
grader = ["catalog/*.yaml", "quizzes/*.yaml", "sandbox/*.py", "*.json.gz"]
"""

GITIGNORE = """\
.venv/
__pycache__/
*.egg-info/
"""

SETUP_SH = """\
#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image: install the grader's Python dependencies.
set -euo pipefail
if [ -n "${{GRADER_SKIP_SETUP:-}}" ]; then exit 0; fi
if ! command -v python3 >/dev/null || ! python3 -c 'import sys; assert sys.version_info >= (3, 10)' 2>/dev/null; then
    apt-get update && apt-get install -y python3 python3-pip python3-venv
fi
python3 -m pip install --quiet --break-system-packages -r "$(dirname "$0")/requirements.txt" \\
    || python3 -m pip install --quiet -r "$(dirname "$0")/requirements.txt"
"""

RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this for each submission: grade a fresh copy of it into results/results.json.
# AUTOGRADER_ROOT (default /autograder) lets a test run it in a simulated layout.
set -uo pipefail
root="${{AUTOGRADER_ROOT:-/autograder}}"
source_dir="$root/source"
results="$root/results/results.json"
mkdir -p "$root/results"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/submission"
cp -R "$root/submission/." "$work/submission/" 2>/dev/null
# Gradescope's metadata (the student's id for held-out cases and quiz variants) sits beside the submission.
cp "$root/submission_metadata.json" "$work/" 2>/dev/null
folder="$work/submission"
# A whole repository was submitted: grade its exercises/ folder.
if ! ls "$folder"/ex[0-9][0-9]_*.py >/dev/null 2>&1 && [ -d "$folder/exercises" ]; then folder="$folder/exercises"; fi
# The answers and the secret stay readable by the grader (root) only, whatever isolation the kernel offers the worker.
chmod -R go-rwx "$source_dir/solutions" "$source_dir/grader/quizzes" "$source_dir/held-out-secret" 2>/dev/null
# Never start Python inside the submission: a grader/ folder there must not shadow ours.
cd "$source_dir"
LOSS_COMPASS_ROOT="$source_dir" PYTHONPATH="$source_dir" python3 -m grader grade "$folder" \\
    --format gradescope --output "$results" {options} 2>"$work.err"
status=$?
if [ $status -ne 0 ] || [ ! -s "$results" ]; then
    LOSS_COMPASS_ERROR="$(tail -c 2000 "$work.err")" python3 - "$results" <<'PY'
import json, os, sys
message = "The autograder could not grade this submission: " + os.environ.get("LOSS_COMPASS_ERROR", "")
json.dump({{"score": 0, "execution_time": 0, "output": message, "output_format": "text", "tests": []}},
          open(sys.argv[1], "w", encoding="utf-8"))
PY
fi
rm -f "$work.err"
exit 0
"""
