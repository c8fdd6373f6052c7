"""`grader notes`: a section of the notes in the terminal, every cited section resolves, and `grader hint` cites one."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.markdown import Markdown

from grader.catalog import load_catalog
from grader.cli import cli
from grader.render.text import print_notes
from grader.student_tools.notes import all_sections, find_section, for_terminal, linked_refs, notes_folder

from conftest import PROJECT

CITED = re.compile(r"(?:notes|笔记)[:：]\s*([a-z0-9-]+(?:#[a-z0-9-]+)?)|grader notes ([a-z0-9-]+(?:#[a-z0-9-]+)?)")
RAW_TEX = re.compile(r"\$|\\[A-Za-z]+|\{#")


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "120", "LOSS_COMPASS_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": ""})


def notes(runner, *args, env=None):
    """The command's result, its output with rich's line wrapping undone (words joined by single spaces)."""
    result = runner.invoke(cli, ["notes", *args], env=env)
    result.text = " ".join(result.output.split())
    return result


def test_a_section_is_shown_alone_with_formulas_as_unicode(runner):
    result = notes(runner, "regression#why-square", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "Why square?" in result.text and "(+5)² = (-5)² = 25" in result.text
    assert "Why not the absolute value" not in result.output  # the next section is not part of it
    assert not RAW_TEX.search(result.output), result.output


def test_the_language_follows_the_one_rule(runner):
    chinese = notes(runner, "regression#why-square", env={"LOSS_COMPASS_LANG": "zh"})
    assert chinese.exit_code == 0 and "为什么要平方" in chinese.text and "Why square" not in chinese.text
    english = notes(runner, "regression#why-square", env={"LANG": "en_US.UTF-8"})
    assert "Why square?" in english.text
    assert "为什么要平方" in notes(runner, "regression#why-square", "--lang", "zh", env={"LANG": "en_US.UTF-8"}).text


def test_display_formulas_and_tables_render_without_tex(runner):
    huber = notes(runner, "regression#huber", "--lang", "en")
    assert "½ e²" in huber.text and "clip(e, -δ, δ)" in huber.text and "2pt" not in huber.text
    table = notes(runner, "classification#surprise", "--lang", "zh")
    assert "≈ 0.693" in table.text and "-log p" in table.text and "[图:" in table.text
    for output in (huber.text, table.text):
        assert not RAW_TEX.search(output), output


def test_a_link_to_another_note_becomes_the_command_that_shows_it(runner):
    result = notes(runner, "regression#mae", "--lang", "en")
    assert "grader notes probability#gaussian-mse" in result.text


def test_an_unknown_section_is_one_line_with_close_matches(runner):
    result = notes(runner, "regression#why-sqare", "--lang", "en")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "did you mean: regression#why-square" in result.text
    assert "Traceback" not in result.output
    zh = notes(runner, "nothing-like-it", "--lang", "zh")
    assert zh.exit_code == 2 and "笔记中没有" in zh.output and zh.output.count("\n") == 1


def test_an_anchor_alone_or_a_page_is_enough(runner):
    assert "The compromise: the Huber loss" in notes(runner, "huber", "--lang", "en").text
    page = notes(runner, "regression", "--lang", "en").text
    assert "Regression and the MSE" in page and "The compromise: the Huber loss" in page


def test_without_a_section_every_section_is_listed(runner):
    result = notes(runner, "--lang", "en")
    assert result.exit_code == 0, result.output
    for exercise in load_catalog():
        assert f"{exercise.notes.page}#{exercise.notes.anchor}" in result.output
    assert "regression#why-square" in result.output and "Why square?" in result.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_cited_section_resolves(lang):
    """What check and watch print after each exercise, every hint's footer and every link between notes."""
    console = Console(record=True, width=400)
    for exercise in load_catalog():
        print_notes(exercise, console, lang)
    cited = [first or second for first, second in CITED.findall(console.export_text())]
    assert len(cited) == len(load_catalog())
    folder = notes_folder()
    for path in folder.glob("*.md"):
        cited += linked_refs(path.read_text(encoding="utf-8"))
    for ref in cited:
        section = find_section(ref, lang)
        assert section.ref == ref and section.markdown.strip()


def test_every_section_named_in_the_graders_own_text_resolves():
    """Messages, quiz files and catalog entries that name a section literally (`grader notes page#anchor`,
    `notes: page#anchor`), so that a reference added later is checked too."""
    literal = re.compile(r"(?:grader notes |notes:\s*['\"]?)([a-z0-9-]+#[a-z0-9-]+)")
    named = {}
    for path in [*(PROJECT / "grader").rglob("*.py"), *(PROJECT / "grader").rglob("*.yaml")]:
        for ref in literal.findall(path.read_text(encoding="utf-8")):
            named[ref] = path
    assert "regression#why-square" in named  # the command's own help and examples
    for ref, path in named.items():
        for lang in ("zh", "en"):
            assert find_section(ref, lang).ref == ref, path


LEFTOVER_TEX = re.compile(r"\$|\\[A-Za-z]+|\{#|\]\(|\b(?:underbrace|overbrace|frac|tfrac|mathrm|mathbb|operatorname|"
                          r"lvert|rvert|cdot|widehat|Bigl|Bigr|displaystyle)\b")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_section_reaches_the_terminal_without_tex_or_markdown_syntax(lang):
    for section in all_sections(lang):
        console = Console(record=True, width=100, file=io.StringIO())
        console.print(Markdown(for_terminal(section.markdown)))
        shown = console.export_text()
        leftover = LEFTOVER_TEX.search(shown)
        assert leftover is None, (section.ref, shown[max(0, leftover.start() - 60):leftover.end() + 60])


def test_both_languages_have_the_same_sections():
    assert [section.ref for section in all_sections("zh")] == [section.ref for section in all_sections("en")]


def test_the_site_url_is_shown_when_the_course_has_one(runner, tmp_path):
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    shutil.copytree(PROJECT / "site" / "docs" / "notes", course / "site" / "docs" / "notes")
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (course / "mkdocs.yml").write_text(re.sub(r"^site_url:.*\n", "", config, flags=re.MULTILINE)
                                       + "site_url: https://course.example.org/loss/\n", encoding="utf-8")
    env = {"LOSS_COMPASS_ROOT": str(course)}
    english = notes(runner, "regression#why-square", "--lang", "en", env=env)
    assert "https://course.example.org/loss/en/notes/regression/#why-square" in english.text
    chinese = notes(runner, "regression#why-square", "--lang", "zh", env=env)
    assert "https://course.example.org/loss/notes/regression/#why-square" in chinese.text
    (course / "mkdocs.yml").write_text(config, encoding="utf-8")
    without = notes(runner, "regression#why-square", "--lang", "en", env=env)
    assert without.exit_code == 0 and "course site" not in without.text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hint_ends_with_the_notes_section_it_comes_from(runner, tmp_path, lang):
    result = runner.invoke(cli, ["hint", "3", "--path", str(tmp_path), "--lang", lang])
    assert result.exit_code == 0, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.endswith("grader notes regression#huber")
    assert find_section(last.split()[-1], lang).title
    result = runner.invoke(cli, ["hint", "3", "--all", "--path", str(tmp_path), "--lang", lang])
    assert result.output.strip().splitlines()[-1].endswith("grader notes regression#huber")


def test_a_copy_without_the_notes_says_where_to_read_them(runner, tmp_path, monkeypatch):
    """A student release ships no site/: one line, and the site's address when the course has one."""
    from grader.student_tools import notes as notes_module

    course = tmp_path / "release"
    (course / "exercises").mkdir(parents=True)
    monkeypatch.setattr(notes_module, "PACKAGE_DIR", course / "grader")
    env = {"LOSS_COMPASS_ROOT": str(course)}
    result = notes(runner, "regression#why-square", "--lang", "en", env=env)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "has no notes" in result.output
    (course / "mkdocs.yml").write_text("site_name: x\nsite_url: https://course.example.org/\n", encoding="utf-8")
    result = notes(runner, "--lang", "zh", env=env)
    assert result.exit_code == 2 and "https://course.example.org/" in result.output
