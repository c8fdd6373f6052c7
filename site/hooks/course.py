"""MkDocs hook: writes the exercise pages, quiz pages and figures before MkDocs reads docs_dir."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from exercise_pages import write_exercise_pages  # noqa: E402
from generated import EMPTY_SITEMAP  # noqa: E402
from figures import write_figures  # noqa: E402
from quiz_pages import write_quiz_pages  # noqa: E402


def on_config(config, **_):
    docs = Path(config["docs_dir"])
    exercises = write_exercise_pages(docs / "exercises")
    quizzes = write_quiz_pages(docs / "quizzes")
    write_figures(docs / "assets" / "figures")
    # The generated pages join the nav here, so that mkdocs.yml never lists a file by hand.
    config["nav"].append({"练习": ["exercises/index.md", *exercises]})
    config["nav"].append({"小测验": ["quizzes/index.md", *quizzes]})
    return config


def on_post_build(config, **_):
    # Material fetches sitemap.xml next to each alternate-language link, and mkdocs-static-i18n links the
    # same page in the other language, where there is none: a 404 in every page's console. An empty
    # sitemap there gives Material what it asks for; it then switches to that same page, as before.
    for page in Path(config["site_dir"]).rglob("index.html"):
        sitemap = page.parent / "sitemap.xml"
        if not sitemap.exists():
            sitemap.write_text(EMPTY_SITEMAP, encoding="utf-8")
