"""Writing generated files only when their content changed, so that `mkdocs serve` does not rebuild forever."""

from __future__ import annotations

from pathlib import Path

EMPTY_SITEMAP = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'


def write_if_changed(path: Path, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def tex_inline(text: str) -> str:
    """$...$ as \\(...\\): raw HTML blocks are not seen by arithmatex, MathJax reads the \\( \\) form."""
    parts = text.split("$")
    if len(parts) % 2 == 0:  # an unpaired $ is a dollar sign, not math
        return text
    return "".join(part if index % 2 == 0 else f"\\({part}\\)" for index, part in enumerate(parts))
