"""A failing check's message split into its parts: the call, what came back, what was expected, the misconception."""

from __future__ import annotations

import re
from typing import NamedTuple

# The verdicts' own phrasing (grader/expect.py and the checks): "CALL returned GOT, expected EXPECTED: WHY".
_EN = re.compile(r"^(?P<call>.+?\)) returned (?P<got>.+?), expected (?P<expected>.+?)(?:: (?P<why>.+))?$", re.DOTALL)
_ZH = re.compile(r"^(?P<call>.+?\)) 返回了 (?P<got>.+?)，(?:应为|应抛出) ?(?P<expected>.+?)(?:：(?P<why>.+))?$",
                 re.DOTALL)


class Failure(NamedTuple):
    call: str
    got: str
    expected: str
    why: str


def split_message(message: str) -> Failure | None:
    """The parts of a verdict, or None for a message of another shape (shown whole)."""
    label = ""
    if message.startswith("[") and "] " in message:  # "[case] " names a parametrised case
        label, message = message[:message.index("] ") + 2], message[message.index("] ") + 2:]
    for pattern in (_EN, _ZH):
        match = pattern.match(message)
        if match:
            expected = match.group("expected")
            if "应抛出" in message[match.start("expected") - 4:match.start("expected")]:
                expected = f"抛出 {expected}"
            expected = re.sub(r"^it to raise ", "raises ", expected)
            return Failure(label + match.group("call"), match.group("got"), expected, match.group("why") or "")
    return None
