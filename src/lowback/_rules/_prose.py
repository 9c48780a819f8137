"""
What a step's text says of a dose: holds, repetitions and sides.

The one reader of doses written in words. The rule `step_doses` checks
that the words allow no dose the structured one does not, and the
handout writes the chosen dose over the same words.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable

#: A hold in words: "Hold for 5 seconds", "Hold the knee ... for 5 to
#: 30 seconds". The number, or range, belongs to the first "hold" before
#: it in the same sentence.
HOLD: Final = re.compile(
    r"\bhold\b[^.!?]*?\b(?P<amount>(?P<low>\d{1,9})(?: to (?P<high>\d{1,9}))?)"
    r" seconds?\b",
    re.IGNORECASE,
)
#: Repetitions in words: "Repeat 8 to 12 times", "Do this 10 times",
#: "12 repetitions".
REPEAT: Final = re.compile(
    r"(?:\b(?:repeat|do (?:this|it))\b[^.!?]*?\b"
    r"(?P<amount>(?P<low>\d{1,9})(?: to (?P<high>\d{1,9}))?) times?\b)"
    r"|(?:\b(?P<amount2>(?P<low2>\d{1,9})(?: to (?P<high2>\d{1,9}))?)"
    r" repetitions?\b)",
    re.IGNORECASE,
)
#: One side at a time in words: "for each leg", "with the other leg".
SIDES: Final = re.compile(
    r"\b(?:each|either|the other|both)\s+"
    r"(?:legs?|sides?|knees?|arms?|feet|foot|hands?|hips?)\b",
    re.IGNORECASE,
)


def amounts(match: re.Match[str]) -> tuple[int, int, str]:
    """
    Return the numbers a match of `HOLD` or `REPEAT` states.

    The low one, the high one, and the words: ``(5, 30, "5 to 30")``.
    """
    groups = match.groupdict()
    suffix = "" if groups.get("low") is not None else "2"
    low = int(groups[f"low{suffix}"])
    high = groups[f"high{suffix}"]
    return low, low if high is None else int(high), groups[f"amount{suffix}"]


def holds(text: str) -> list[re.Match[str]]:
    """Return the holds *text* states."""
    return list(HOLD.finditer(text))


def repetitions(text: str) -> list[re.Match[str]]:
    """Return the numbers of repetitions *text* states."""
    return list(REPEAT.finditer(text))


def rewrite(
    text: str, found: list[re.Match[str]], say: Callable[[str], str]
) -> str:
    """
    Return *text* with each amount in *found* said again by *say*.

    *say* gets the noun the text used (``second``, ``time`` or
    ``repetition``) and returns the new words for amount and noun:
    "Hold for 5 to 30 seconds" can become "Hold for 15 seconds".
    """
    for match in reversed(found):
        suffix = "" if match.group("amount") is not None else "2"
        start = match.start(f"amount{suffix}")
        said = text[start : match.end()]
        noun = next(n for n in _NOUNS if n in said)
        text = text[:start] + say(noun) + text[match.end() :]
    return text


_NOUNS: Final = ("second", "repetition", "time")
