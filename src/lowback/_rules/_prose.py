"""
What a step's text says of a dose: holds, repetitions and sides.

The one reader of doses written in words. The rule `step_doses` checks
that the words allow no dose the structured one does not, the handout
writes the chosen dose over the same words, and the importers propose
a dose, and the starting position (`position`), from them.

Each text is read in time linear in its length: sentence by sentence,
a cue word once, then the amounts after it.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Final, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable


class Stated(NamedTuple):
    """
    A dose a text states.

    Where its amount and noun are, the low and high number, and the
    words of the amount ("5 to 30").
    """

    start: int
    end: int
    low: int
    high: int
    words: str
    noun: str


_SENTENCE: Final = re.compile(r"[^.!?]+")
#: "5", "5 to 30", "5-30" or "5 \u2013 30", then a space.
_AMOUNT: Final = (
    r"\b(?P<low>\d{1,9})(?:(?: to |\s?[-\u2013]\s?)(?P<high>\d{1,9}))? "
)
_SECONDS: Final = re.compile(_AMOUNT + r"(?P<noun>second)s?\b", re.IGNORECASE)
_TIMES: Final = re.compile(_AMOUNT + r"(?P<noun>time)s?\b", re.IGNORECASE)
_REPETITIONS: Final = re.compile(
    _AMOUNT + r"(?P<noun>repetition)s?\b", re.IGNORECASE
)
_DIGIT: Final = re.compile(r"\d")
_HOLD: Final = re.compile(r"\bhold\b", re.IGNORECASE)
_REPEAT: Final = re.compile(r"\b(?:repeat|do (?:this|it))\b", re.IGNORECASE)
#: One side at a time in words: "for each leg", "with the other leg",
#: "switch sides", "the opposite arm".
SIDES: Final = re.compile(
    r"\b(?:each|either|the other|the opposite|both|switch|alternate)\s+"
    r"(?:legs?|sides?|knees?|arms?|feet|foot|hands?|hips?)\b",
    re.IGNORECASE,
)


def _stated(match: re.Match[str]) -> Stated:
    low, high = match["low"], match["high"]
    words = low if high is None else f"{low} to {high}"
    return Stated(
        match.start(),
        match.end(),
        int(low),
        int(low if high is None else high),
        words,
        match["noun"].lower(),
    )


def _after(
    text: str, cue: re.Pattern[str], amount: re.Pattern[str]
) -> list[Stated]:
    """
    Return the amounts in each sentence of *text* after its first *cue*.
    """
    # Most texts have no cue or no amount at all: two searches in C tell,
    # before any sentence is looked at.
    if cue.search(text) is None or amount.search(text) is None:
        return []
    found = []
    for sentence in _SENTENCE.finditer(text):
        where = cue.search(text, sentence.start(), sentence.end())
        if where is not None:
            found += [
                _stated(m)
                for m in amount.finditer(text, where.end(), sentence.end())
            ]
    return found


def has_amount(text: str) -> bool:
    """
    Tell whether *text* holds a number at all.

    Without one, it states no hold and no repetitions (most steps).
    """
    return _DIGIT.search(text) is not None


def holds(text: str) -> list[Stated]:
    """
    Return the holds *text* states.

    A hold is an amount of seconds after "hold" in the same sentence:
    "Hold for 5 seconds", "Hold the knee ... for 5 to 30 seconds".
    """
    if not has_amount(text):
        return []
    return _after(text, _HOLD, _SECONDS)


def repetitions(text: str) -> list[Stated]:
    """
    Return the numbers of repetitions *text* states.

    That is "Repeat 8 to 12 times" or "Do this 10 times" in one
    sentence, or "12 repetitions".
    """
    if not has_amount(text):
        return []
    found = _after(text, _REPEAT, _TIMES)
    found += [_stated(m) for m in _REPETITIONS.finditer(text)]
    return sorted(found) if len(found) > 1 else found


class Said(NamedTuple):
    """
    All a text states of a dose.

    Its holds, its repetitions, and the words that say one side at a
    time ("for each leg"), if any.
    """

    holds: tuple[Stated, ...]
    repetitions: tuple[Stated, ...]
    side: str | None


#: What a text that states no dose says; `said` returns this very value.
NOTHING_SAID: Final = Said((), (), None)


@functools.lru_cache(maxsize=4096)
def said(text: str) -> Said:
    """
    Return all *text* states of a dose.

    The last 4,096 texts read are kept: content says the same steps
    again and again ("Hold for 5 seconds, then release."), in one
    exercise and across a catalog.
    """
    side = SIDES.search(text)
    found = Said(
        tuple(holds(text)),
        tuple(repetitions(text)),
        None if side is None else side[0],
    )
    return NOTHING_SAID if found == NOTHING_SAID else found


def rewrite(text: str, found: list[Stated], say: Callable[[str], str]) -> str:
    """
    Return *text* with each amount in *found* said again by *say*.

    *say* gets the noun the text used (``second``, ``time`` or
    ``repetition``) and returns the new words for amount and noun:
    "Hold for 5 to 30 seconds" can become "Hold for 15 seconds".
    """
    for stated in sorted(found, reverse=True):
        text = text[: stated.start] + say(stated.noun) + text[stated.end :]
    return text


#: The words that name a starting position, by the position's value.
_POSITION_WORDS: Final = {
    "hands-and-knees": r"hands and knees|all fours|quadruped",
    "lying-on-side": r"(?:lie|lying|lay)(?: down)? on (?:your|one|the) "
    r"(?:(?:left|right) )?side\b|side[- ]lying",
    "lying-on-front": r"(?:lie|lying|lay)(?: down| flat| straight| and)* "
    r"(?:face ?down|prone"
    r"|on (?:your|the) (?:stomach|front|belly|abdomen))|prone\b",
    "lying-on-back": r"(?:lie|lying|lay)(?: down| flat| straight| back| and)* "
    r"(?:on (?:your|the) back|face ?up|supine)|supine\b|lie back\b",
    "kneeling": r"kneel(?:ing)?\b",
    "sitting": r"(?:sit(?!-)|sitting|seated|seat yourself)\b",
    "standing": r"(?:stand|standing)\b",
}
_POSITION: Final = re.compile(
    "|".join(
        f"\\b(?P<{value.replace('-', '_')}>{words})"
        for value, words in _POSITION_WORDS.items()
    ),
    re.IGNORECASE,
)


class Position(NamedTuple):
    """
    A starting position a text names, and the words that name it.
    """

    value: str
    words: str


def position(text: str) -> Position | None:
    """
    Return the starting position *text* names first, if any.

    "Lie on your back" names ``lying-on-back``, "on your hands and
    knees" ``hands-and-knees``, "Stand with your feet apart"
    ``standing``. "Lie on the floor" names none: face up or face down,
    it does not say.
    """
    found = _POSITION.search(text)
    if found is None or found.lastgroup is None:
        return None
    return Position(found.lastgroup.replace("_", "-"), found[0])
