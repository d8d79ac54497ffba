"""Text extents for the timeline's labels, from the fonts' own advance widths.

Label boxes must hold the text a browser will draw, so text is measured with
the fonts' advance widths rather than a guess per character. A library
(Pillow, or fontTools reading a system font at build time) would tie every
build to a font file that is not reliably on a user's machine, so the widths
are a table: for each character below, the larger advance of Liberation Sans
(metric-compatible with Arial and Helvetica, which the SVG asks for first)
and DejaVu Sans (the usual `sans-serif` on Linux, and wider), read from their
`hmtx` tables with fontTools and rounded up, in thousandths of an em.
Kerning and ligatures only ever narrow text, so ignoring them errs on the
safe side. Characters outside the table (other scripts, emoji) count as a
full em, wide East Asian ones too; combining marks as nothing.

tests/test_timeline.py re-derives the table from the fonts when fontTools
and Debian's fonts-liberation and fonts-dejavu-core are installed, and prints
the new table when it differs.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

FONT_FAMILY = "Arial, 'Liberation Sans', Helvetica, 'DejaVu Sans', sans-serif"
METRIC_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA0, 0x180))
    + "–—‘’‚“”„†‡•…‰‹›€™−←↑→↓"
)
ASCENT, DESCENT = 0.929, 0.236  # the larger hhea ascender and descender of the two fonts, per em


def _widths(text: str) -> dict[str, int]:
    return dict(zip(METRIC_CHARS, map(int, text.split()), strict=True))


_REGULAR = _widths("""
318 401 460 838 637 951 780 275 391 391 500 838 318 361 318 337 637 637 637 637 637 637 637 637 637
637 337 337 838 838 838 557 1016 685 687 723 771 667 611 778 752 295 500 667 558 863 749 788 667 788
723 667 611 732 685 989 686 667 686 391 337 391 838 557 500 613 635 550 635 616 353 635 634 278 278
580 278 975 634 612 635 635 412 521 393 634 592 818 592 592 525 637 337 637 838 318 401 637 637 637
637 337 557 500 1000 472 612 838 361 1000 553 500 838 401 401 500 637 637 318 500 401 472 612 970
970 970 611 685 685 685 685 685 685 1000 723 667 667 667 667 295 295 295 295 775 749 788 788 788 788
788 838 788 732 732 732 732 667 667 630 613 613 613 613 613 613 982 550 616 616 616 616 278 278 278
278 612 634 612 612 612 612 612 838 612 634 634 634 634 592 635 592 685 613 685 613 685 613 723 550
723 550 723 550 723 550 771 635 775 635 667 616 667 616 667 616 667 616 667 616 778 635 778 635 778
635 778 635 752 634 917 695 295 278 295 278 295 278 295 278 295 278 735 556 500 278 667 580 580 558
278 558 278 558 375 558 342 563 285 749 634 749 634 749 634 814 749 634 788 612 788 612 788 612 1070
1023 723 412 723 412 723 412 667 521 667 521 667 521 667 521 611 393 611 393 611 393 732 634 732 634
732 634 732 634 732 634 732 634 989 818 667 592 667 686 525 686 525 686 525 353 557 1000 318 318 318
519 519 519 557 557 590 1000 1342 400 400 637 1000 838 1000 838 1000 838
""")
_BOLD = _widths("""
349 457 521 838 696 1002 873 307 458 458 523 838 380 416 380 366 696 696 696 696 696 696 696 696 696
696 400 400 838 838 838 611 1000 774 763 734 831 684 684 821 837 373 557 775 638 996 837 851 733 851
771 721 683 813 774 1104 771 725 726 458 366 458 838 557 500 675 716 593 716 679 436 716 712 343 343
666 343 1042 712 688 716 716 494 596 479 712 652 924 646 652 583 712 366 712 838 349 457 696 696 637
696 366 557 500 1000 564 646 838 416 1000 553 500 838 438 438 500 736 637 380 500 438 564 646 1036
1036 1036 611 774 774 774 774 774 774 1085 734 684 684 684 684 373 373 373 373 838 837 851 851 851
851 851 838 851 813 813 813 813 725 738 720 675 675 675 675 675 675 1048 593 679 679 679 679 343 343
343 343 688 712 688 688 688 688 688 838 688 712 712 712 712 652 716 652 774 675 774 675 774 675 734
593 734 593 734 593 734 593 831 719 838 716 684 679 684 679 684 679 684 679 684 679 821 716 821 716
821 716 821 716 837 712 974 791 373 343 373 343 373 343 373 343 373 343 785 686 557 343 775 666 666
638 343 638 343 638 480 638 557 643 372 837 712 837 712 837 712 983 837 712 851 688 851 688 851 688
1167 1095 771 494 771 494 771 494 721 596 721 596 721 596 721 596 683 479 683 480 683 479 813 712
813 712 813 712 813 712 813 712 813 712 1104 924 725 652 725 726 583 726 583 726 583 436 557 1000
380 380 380 658 658 658 557 557 640 1000 1440 413 413 696 1000 838 1000 838 1000 838
""")


def _advance(char: str, table: dict[str, int]) -> int:
    if char in table:
        return table[char]
    return 0 if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf") else 1000


@lru_cache(maxsize=1 << 16)  # labels are measured again and again while they are fitted and placed
def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _BOLD if bold else _REGULAR
    return sum(_advance(c, table) for c in text) * size / 1000


def fit_text(text: str, size: float, room: float, bold: bool = False) -> str:
    """`text`, or its longest prefix of whole words (of characters, for one long
    word) that fits `room` and opens no bracket it does not close, followed by
    an ellipsis."""
    room += 1e-6  # widths are sums of floats: a text measured to fit its room still fits it
    if text_width(text, size, bold) <= room:
        return text
    low, high = 0, len(text)  # the longest prefix that fits, by bisection (width grows with length)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + "…", size, bold) <= room:
            low = middle
        else:
            high = middle - 1
    if 0 < low < len(text) and text[low].isalnum() and text[low - 1].isalnum() and " " in text[:low].strip():
        low = text.rindex(" ", 0, low)  # whole words: a screen reader's name then contains what is shown
    if text[:low].count("(") > text[:low].count(")") and text[:low].rindex("(") > 0:
        low = text.rindex("(", 0, low)  # no half of a bracket
    prefix = text[:low].rstrip(" ,;:-–—(")
    return prefix + "…" if prefix else ""


def clean(text: str) -> str:  # a label's text on one line: every run of white space one space
    return " ".join(str(text).split())
