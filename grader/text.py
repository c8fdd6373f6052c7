"""Bilingual text (Chinese and English) and the choice of language."""

from __future__ import annotations

import locale
import os
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


class Text(BaseModel):
    """A text given in both languages; neither may be empty."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def default_lang() -> Lang:
    """The language from LOSS_COMPASS_LANG, else from the locale, else English."""
    explicit = os.environ.get("LOSS_COMPASS_LANG", "").lower()
    if explicit in LANGS:
        return explicit  # type: ignore[return-value]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"
