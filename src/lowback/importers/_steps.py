"""
Steps from what the datasets give: lists of instructions, prose, HTML.
"""

from __future__ import annotations

import html.parser
import re
from typing import Final

from .._checks import describe
from ._common import clean_text, show

# The end of a sentence, with closing quotes or brackets: the white space
# after it is group 1.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(\s+)")
_TAG = re.compile(r"<[^>]*>")


def steps_from_list(
    items: object, field: str, notes: list[str]
) -> list[dict[str, str]]:
    if items is None:
        return []
    if not isinstance(items, list):
        notes.append(f"{field} is {describe(items)}, not a list of steps")
        return []
    steps = []
    for i, item in enumerate(items):
        text = clean_text(item)
        if text is None:
            what = "empty" if isinstance(item, str) else describe(item)
            notes.append(f"{field} item {i} is {what}; left out")
            continue
        if "  " in text:
            notes.append(
                f"{field} item {i} has a double space, where a character "
                f"may have been lost upstream: {show(text)}"
            )
        steps.append({"text": text})
    if not items:
        notes.append(f"{field} is empty")
    return steps


def sentences(text: str) -> list[str]:
    """
    Split prose into sentences.

    A sentence ends at ``.``, ``!`` or ``?`` and white space, where the next
    one starts with a capital, a digit or a quote.
    """
    parts, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        after = text[match.end() : match.end() + 1]
        if after.isupper() or after.isdigit() or after in {'"', "“", "("}:
            parts.append(text[start : match.start(1)])
            start = match.end()
    parts.append(text[start:])
    return [" ".join(p.split()) for p in parts if p.strip()]


class _Blocks(html.parser.HTMLParser):
    """
    The text of an HTML fragment as blocks: list items and paragraphs.
    """

    _BLOCK_TAGS: Final = frozenset(
        {"p", "li", "br", "div", "ol", "ul", "blockquote", "pre"}
        | {"table", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        self._parts: list[str] = []
        self._item = False

    def _flush(self) -> None:
        text = " ".join("".join(self._parts).split())
        if text:
            self.blocks.append((self._item, text))
        self._parts = []

    def handle_starttag(
        self, tag: str, attrs: list[tuple[str, str | None]]
    ) -> None:
        del attrs
        if tag in self._BLOCK_TAGS:
            self._flush()
            self._item = tag == "li"

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BLOCK_TAGS:
            self._flush()
            self._item = False

    def handle_data(self, data: str) -> None:
        self._parts.append(data)


def _html_blocks(markup: str) -> list[tuple[bool, str]]:
    parser = _Blocks()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):
        # Markup the parser gives up on is still text once tags go.
        return [(False, " ".join(_untagged(markup).split()))]
    parser._flush()  # noqa: SLF001 - text after the last tag
    return parser.blocks


def _untagged(markup: str) -> str:
    """
    Return *markup* with each tag, ``<`` to the next ``>``, a space.

    No tag starts after the last ``>``, so the pattern is not tried
    there: tried at each of many ``<`` with no ``>`` after them, it would
    read on to the end every time.
    """
    end = markup.rfind(">") + 1
    return _TAG.sub(" ", markup[:end]) + markup[end:]


def steps_from_html(markup: str) -> list[dict[str, str]]:
    """
    Steps from an HTML description.

    A list item is one step, and a paragraph is split into sentences.
    """
    return [
        {"text": sentence}
        for item, text in _html_blocks(markup)
        for sentence in ([text] if item else sentences(text))
    ]
