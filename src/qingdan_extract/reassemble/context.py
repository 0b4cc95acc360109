"""What the lines around a list say about it: the title above it, the 附件 label, the section
heading the rows are under, a declared total waiting for its list, the page's first line.

One object, kept by the assembler as it walks the document; the title choice is a pure function.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lines as L

TitleRank = tuple[bool, bool]  # (says 清单/目录/权责…, printed as a heading)


@dataclass
class SectionSummary:
    heading: str
    declared: L.Declared | None
    items: int = 0


@dataclass
class ListContext:
    title: str | None = None
    title_rank: TitleRank = (False, False)
    label: str | None = None  # "附件2"
    pending_total: L.Declared | None = None  # "（共 15 项）" above a list not yet started
    section: SectionSummary | None = None
    page_heading: str | None = None  # the document's first line: an item page's name

    def attachment(self, label: str) -> None:
        """A 附件 label starts what comes after it afresh."""
        self.label, self.title, self.title_rank = label, None, (False, False)
        self.section, self.pending_total = None, None

    def offer_title(self, title: str, heading: bool, list_has_items: bool) -> bool:
        """Take a title line if it names the list better; True when the open list's title changes."""
        rank = (L.has_title_words(title), heading)
        choice = choose_title(self.title, self.title_rank, title, rank, list_has_items)
        if choice is None:
            return False
        self.title, self.title_rank = choice
        return not list_has_items

    @property
    def section_heading(self) -> str | None:
        return self.section.heading if self.section else None

    @property
    def section_category(self) -> str | None:
        return L.section_category(self.section.heading) if self.section else None


def choose_title(
    held: str | None, held_rank: TitleRank, new: str, new_rank: TitleRank, list_has_items: bool
) -> tuple[str, TitleRank] | None:
    """The title to hold after a new title line, or None to keep the one held.

    The likeliest title above a list names it: one saying 清单/目录 beats a mere heading, the
    first beats later ones. One after a list's items names a list that may follow. A title
    printed twice (the page's heading, then the list's own line with its count) is one title,
    as its fuller print gives it."""
    if list_has_items or held is None:
        return new, new_rank
    if len(new) > len(held) and L.strip_count(new) == held:
        return new, held_rank
    if new_rank > held_rank:
        return new, new_rank
    return None
