"""`grader notes [PAGE#ANCHOR]`: a section of the course notes in the terminal, or the list of sections."""

from __future__ import annotations

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from grader.commands.options import lang_option, resolve_lang
from grader.errors import user_errors
from grader.student_tools.notes import all_sections, find_section, for_terminal, section_url
from grader.terminal_math import render as unicode_math
from grader.text import Lang, Text


@click.command(short_help="A section of the notes in the terminal (regression#why-square).")
@click.argument("section", required=False)
@lang_option
@user_errors
def notes(section: str | None, lang: str | None) -> None:
    """Show SECTION of the notes (as cited in messages: `regression#why-square`, a page, or an anchor alone),
    formulas as Unicode; without SECTION, list every section."""
    chosen: Lang = resolve_lang(lang)  # type: ignore[assignment]
    console = Console(highlight=False)
    if section is None:
        list_sections(console, chosen)
        return
    found = find_section(section, chosen)
    console.print(Markdown(for_terminal(found.markdown)))
    url = section_url(found, chosen)
    if url:
        console.print(f"\n[dim]{Text(en='On the course site', zh='课程网站上')(chosen)}: {escape(url)}[/dim]")


def list_sections(console: Console, lang: Lang) -> None:
    """Every page, then its sections, each with the argument that shows it."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True)
    table.add_column()
    for section in all_sections(lang):
        title = escape(unicode_math(section.title))
        if section.anchor:
            table.add_row(f"  [cyan]{section.ref}[/cyan]", title)
        else:
            table.add_row("", "")
            table.add_row(f"[bold]{section.ref}[/bold]", f"[bold]{title}[/bold]")
    console.print(table)
    console.print(Text(en="\n[dim]Read one: grader notes regression#why-square[/dim]",
                       zh="\n[dim]阅读其中一节：grader notes regression#why-square[/dim]")(lang))
