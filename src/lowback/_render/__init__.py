"""
Rendering: content as something a person reads.

- `_words`: doses, rules and times in words, and the one pluraliser;
- `_text`: what the command line prints;
- `_handout`: handouts as text, Markdown and a printable HTML page;
- `_svg`: the progression chart and the session's timeline strip.

lowback re-exports the public names below; import them from there.
"""

from ._handout import HANDOUT_FORMATS, HandoutFormat, handout
from ._svg import progression_chart, timeline_strip
from ._text import (
    render_catalog,
    render_exercise,
    render_plan,
    render_routine,
    render_timeline,
)
from ._words import BRIEF, PLAIN, Wording, count, dose_words, rule_words

__all__ = [
    "BRIEF",
    "HANDOUT_FORMATS",
    "PLAIN",
    "HandoutFormat",
    "Wording",
    "count",
    "dose_words",
    "handout",
    "progression_chart",
    "render_catalog",
    "render_exercise",
    "render_plan",
    "render_routine",
    "render_timeline",
    "rule_words",
    "timeline_strip",
]
