"""
Rendering: content as something a person reads.

- `_words`: doses, rules and times in words, and the one pluraliser;
- `_text`: what the command line prints;
- `_handout`: handouts as text, Markdown and a printable HTML page;
- `_svg`: the progression chart and the session's timeline strip.

The folder imports none of them, so that a module needing only words
(the validator's reporter, the exports) does not load the handouts.
lowback re-exports the public names; import them from there.
"""
