"""Reassembly: a document's tables and lines → items, each a bundle of cell pieces per column.

Walks the blocks in reading order, keeping what the lines above say (title,
附件 label, section heading, declared totals); finds header rows (also when
they repeat on every page); joins tables that continue one list; merges rows
that continue the item above (the rest of an item a page break split, 办理环节
sub-rows under one serial); puts back rows whose empty cells were dropped.
Nothing here knows the file format.
"""

from __future__ import annotations

from .assembler import Assembly, ListSummary, Mark, Piece, RawItem, reassemble
from .context import SectionSummary

__all__ = ["Assembly", "ListSummary", "Mark", "Piece", "RawItem", "SectionSummary", "reassemble"]
