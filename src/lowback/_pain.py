"""
Pain reports, and the rule that says when pain counts as worse.

What a person says after a session adjusts their plan (`lowback._plan`).
"""

from __future__ import annotations

from typing import Final

import attrs

from ._checks import (
    TEXT_MAX,
    Choice,
    check_instance,
    check_member,
    check_slug,
    check_text,
    check_whole,
    optional,
    raise_first,
    validator,
)
from ._converter import plain
from ._rules import pain_report

#: Longest plan, in days; a guard against typos.
DAYS_MAX: Final = 3660
#: Highest pain score on the 0 to 10 scale.
PAIN_MAX: Final = 10

LEAFLET_STOP_RULE: Final = (
    "If these exercises and other gentle stretches make your back pain "
    "worse, stop right away and talk to your doctor."
)
#: Where the default pain rule comes from: the leaflet, by its title.
LEAFLET_SOURCE: Final = (
    'The patient leaflet "Exercises for Lower Back Pain Relief": '
    f"{LEAFLET_STOP_RULE!r}"
)


class Change(Choice):
    """
    How the pain changed, as the person says it.
    """

    WORSE = "worse"
    SAME = "same"
    BETTER = "better"


def _pain(field: str, value: object) -> None:
    if value is not None:
        check_whole(field, value, 0, PAIN_MAX)


@attrs.frozen(kw_only=True)
class PainReport:
    """
    What a person said about their pain after a session.

    Give *change*, or the pain *before* and *after* on a 0 to 10 scale,
    or all three.

    Args:
        day: The plan day of the session, from 1.
        exercise: The exercise it is about; None for the whole session.
        before: Pain before, 0 (none) to 10.
        after: Pain after, 0 to 10.
        change: Worse, same or better.
    """

    day: int = attrs.field(validator=validator(check_whole, 1, DAYS_MAX))
    exercise: str | None = attrs.field(
        default=None,
        validator=optional(check_slug),
    )
    before: int | None = attrs.field(default=None, validator=validator(_pain))
    after: int | None = attrs.field(default=None, validator=validator(_pain))
    change: Change | None = attrs.field(
        default=None,
        validator=optional(check_member, Change),
    )

    def __attrs_post_init__(self) -> None:
        value = plain(self)
        raise_first(pain_report(value, (), None, None), value, "change")


@attrs.frozen(kw_only=True)
class PainRule:
    """
    When a pain report counts as worse.

    The default follows the leaflet: any worsening stops the exercise
    ("If these exercises ... make your back pain worse, stop right away
    and talk to your doctor").
    A clinic can set its own thresholds and name their source.

    Args:
        worse_by: A rise of this many points, after against before,
            counts as worse.
        max_pain: Pain after above this counts as worse, if set.
        source: Where the thresholds come from.
    """

    worse_by: int = attrs.field(
        default=1, validator=validator(check_whole, 1, PAIN_MAX)
    )
    max_pain: int | None = attrs.field(
        default=None,
        validator=optional(check_whole, 0, PAIN_MAX),
    )
    source: str = attrs.field(
        default=LEAFLET_SOURCE, validator=validator(check_text, TEXT_MAX)
    )

    @property
    def sentence(self) -> str | None:
        """
        The rule in words, for the person and whoever reads an export.

        None for the leaflet's own rule, which the stop-rule notice says
        already; a clinic's rule says its thresholds and its source.
        """
        if self == PainRule():
            return None
        when = [
            "you say it is worse",
            (
                f"it is {self.worse_by} or more points higher after a "
                "session than before it (on a scale of 0 to 10)"
            ),
        ]
        if self.max_pain is not None:
            when.append(f"it is above {self.max_pain} after a session")
        said = ", when ".join(when[:-1])
        return (
            f"Pain counts as worse when {said}, or when {when[-1]}. "
            f"Source: {self.source}."
        )

    def is_worse(self, report: PainReport) -> bool:
        """
        Whether *report* counts as worse pain under this rule.
        """
        check_instance("report", report, PainReport)
        if report.change is Change.WORSE:
            return True
        if (
            report.before is not None
            and report.after is not None
            and report.after - report.before >= self.worse_by
        ):
            return True
        return (
            self.max_pain is not None
            and report.after is not None
            and report.after > self.max_pain
        )


#: What lowback re-exports from here.
__all__ = ["Change", "PainReport", "PainRule"]
