"""The values reading (format 1.1 section 11): the vision's values score
over its maximum, read as the worksheet reads it.

The worksheet reads five values (a maximum of 25): 20-25 is a strong
alignment, 15-19 a partial one, under 15 a misaligned vision. For fewer
values the same proportions are kept (at least 80% of the maximum is
strong, at least 60% partial), and the reading says it is scaled.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from roadmapgen.model import MAX_VALUES, Value

SCORE_MAX = 5  # the most one value scores
STRONG, PARTIAL = Fraction(20, 25), Fraction(15, 25)  # the worksheet's bounds, as shares of the maximum
READINGS = ("strong", "partial", "misaligned")
READING_WORDS = {
    "strong": "strong alignment",
    "partial": "partial alignment",
    "misaligned": "a misaligned vision",
}


@dataclass(frozen=True, slots=True)
class ValuesReading:
    score: int  # the sum of the values' scores
    maximum: int  # 5 per value
    reading: str  # strong | partial | misaligned
    scaled: bool  # fewer than five values: the worksheet's bounds scaled to the maximum

    @property
    def words(self) -> str:
        return READING_WORDS[self.reading]


def read_values(values: tuple[Value, ...]) -> ValuesReading | None:
    """None without values."""
    if not values:
        return None
    score, maximum = sum(v.score for v in values), SCORE_MAX * len(values)
    share = Fraction(score, maximum)
    reading = "strong" if share >= STRONG else "partial" if share >= PARTIAL else "misaligned"
    return ValuesReading(score, maximum, reading, scaled=len(values) != MAX_VALUES)
