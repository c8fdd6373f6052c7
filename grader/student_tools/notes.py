"""The course notes (site/docs/notes, Chinese and English) cut into sections by their `{#anchor}` headings."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.paths import PACKAGE_DIR, project_root
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([A-Za-z0-9_-]+)\})?\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<!\\)\$(.+?)(?<!\\)\$", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|#~])")
_NOTE_TARGET = re.compile(r"(?:\.\./notes/)?([A-Za-z0-9_-]+)\.md(#[A-Za-z0-9_-]+)?$")


@dataclass(frozen=True)
class Section:
    """One part of a page of the notes: the whole page (anchor "") or one of its `{#anchor}` headings."""

    page: str
    anchor: str
    title: str
    markdown: str

    @property
    def ref(self) -> str:
        return self.page + (f"#{self.anchor}" if self.anchor else "")


def notes_folder() -> Path | None:
    """site/docs/notes of the course folder (where exercises/ is), else of the grader's own checkout."""
    for root in (project_root(), PACKAGE_DIR.parent):
        folder = root / "site" / "docs" / "notes"
        if folder.is_dir():
            return folder
    return None


def course_config() -> Path | None:
    for root in (project_root(), PACKAGE_DIR.parent):
        if (root / "mkdocs.yml").is_file():
            return root / "mkdocs.yml"
    return None


def page_order(folder: Path) -> list[str]:
    """The pages in the site's navigation order (mkdocs.yml), then any others alphabetically."""
    config = course_config()
    listed = re.findall(r"notes/([A-Za-z0-9_-]+)\.md", config.read_text(encoding="utf-8")) if config else []
    present = sorted(path.name[:-3] for path in folder.glob("*.md") if not path.name.endswith(".en.md"))
    return [page for page in listed if page in present] + [page for page in present if page not in listed]


def site_url() -> str:
    """The course site's address from mkdocs.yml (`site_url:`), or "" when the course has none."""
    config = course_config()
    if config is None:
        return ""
    # A line match, not a YAML load: mkdocs.yml may hold tags (!!python/name) that safe_load refuses.
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", config.read_text(encoding="utf-8"), re.MULTILINE)
    return match.group(1).rstrip("/") + "/" if match else ""


def section_url(section: Section, lang: Lang) -> str:
    """The section on the course site (the English pages live under en/), or "" without a site."""
    base = site_url()
    if not base:
        return ""
    return f"{base}{'en/' if lang == 'en' else ''}notes/{section.page}/" + (f"#{section.anchor}" if section.anchor else "")


def read_page(path: Path, page: str) -> list[Section]:
    """The page as a whole, then each section with an anchor, up to the next heading of its level or above."""
    lines = path.read_text(encoding="utf-8").splitlines()
    headings: list[tuple[int, int, str, str]] = []  # line, level, title, anchor
    fenced = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            headings.append((number, len(match.group(1)), match.group(2), match.group(3) or ""))
    page_title = next((title for _, level, title, _ in headings if level == 1), page)
    sections = [Section(page, "", page_title, "\n".join(lines).strip())]
    for index, (start, level, title, anchor) in enumerate(headings):
        if not anchor:
            continue
        end = next((line for line, other, _, _ in headings[index + 1:] if other <= level), len(lines))
        sections.append(Section(page, anchor, title, "\n".join(lines[start:end]).strip()))
    return sections


def all_sections(lang: Lang) -> list[Section]:
    """Every section of the notes in `lang` (Chinese pages are `page.md`, English ones `page.en.md`)."""
    folder = notes_folder()
    if folder is None:
        where = site_url()
        raise GraderError(Text(
            en="this copy of the course has no notes (site/docs/notes)" + (f": read them at {where}" if where else ""),
            zh="这份课程没有附带笔记（site/docs/notes）" + (f"：请在 {where} 阅读" if where else ""))(lang))
    sections = []
    for page in page_order(folder):
        path = folder / (f"{page}.en.md" if lang == "en" else f"{page}.md")
        sections.extend(read_page(path if path.is_file() else folder / f"{page}.md", page))
    return sections


def find_section(ref: str, lang: Lang) -> Section:
    """The section `page#anchor` (or `page`, or an anchor alone when only one page has it); else a one-line error."""
    sections = all_sections(lang)
    wanted = ref.strip().removeprefix("notes:").strip().removesuffix(".md").replace(".md#", "#")
    by_ref = {section.ref: section for section in sections}
    if wanted in by_ref:
        return by_ref[wanted]
    by_anchor = [section for section in sections if section.anchor and section.anchor == wanted.lstrip("#")]
    if len(by_anchor) == 1:
        return by_anchor[0]
    close = difflib.get_close_matches(wanted, list(by_ref), n=4, cutoff=0.5)
    close += [section.ref for section in by_anchor if section.ref not in close]
    close += [key for key in by_ref if wanted and wanted in key and key not in close][:4]
    suggestion = ", ".join(close[:5])
    raise GraderError(Text(
        en=f"no section {ref!r} in the notes" + (f"; did you mean: {suggestion}?" if suggestion else "")
           + " (grader notes lists them)",
        zh=f"笔记中没有 {ref!r} 这一节" + (f"；你是不是想找：{suggestion}？" if suggestion else "")
           + "（grader notes 会列出所有小节）")(lang))


def for_terminal(markdown: str) -> str:
    """The section's Markdown ready for rich: formulas as Unicode, anchors dropped, figures and links made textual."""
    markdown = re.sub(r"\s*\{#[A-Za-z0-9_-]+\}\s*$", "", markdown, flags=re.MULTILINE)
    markdown = re.sub(r"\\\\\[[0-9.]+[a-z]{2}\]", r"\\\\", markdown)  # \\[2pt]: spacing the terminal cannot show
    markdown = _MATH.sub(_math_for_markdown, markdown)
    markdown = _IMAGE.sub(lambda match: f"*[{_figure_word(match.group(1))}: {match.group(1)}]*", markdown)
    return _LINK.sub(_link_for_terminal, markdown)


def _figure_word(alt: str) -> str:
    return "图" if re.search(r"[\u4e00-\u9fff]", alt) else "figure"


def _math_for_markdown(match: re.Match[str]) -> str:
    display = match.group(1) is not None
    rendered = unicode_math(match.group(0)).replace("\n", " ")
    # Backslash-escaped so that a |e| in a table cell or a * in a product stays text, not Markdown.
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", rendered)
    return f"\n\n    {rendered}\n\n" if display else escaped


def _link_for_terminal(match: re.Match[str]) -> str:
    """A link to another note becomes the command that shows it; one to an exercise page, the exercise's file."""
    text, target = match.group(1), match.group(2)
    if target.startswith(("http://", "https://")):
        return f"{text} ({target})"
    exercise = re.match(r"(?:\.\./)?exercises/(ex\d\d[a-z0-9_]*)\.md", target)
    if exercise:
        return f"{text} (`exercises/{exercise.group(1)}.py`)"
    note = _NOTE_TARGET.match(target)
    if note:
        return f"{text} (`grader notes {note.group(1)}{note.group(2) or ''}`)"
    return text


def linked_refs(markdown: str) -> list[str]:
    """The `page#anchor` of every link from this Markdown to a note, for checking that they resolve."""
    refs = []
    for _, target in _LINK.findall(markdown):
        note = _NOTE_TARGET.match(target)
        if note and not target.startswith("http"):
            refs.append(note.group(1) + (note.group(2) or ""))
    return refs
