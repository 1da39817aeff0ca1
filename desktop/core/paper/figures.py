"""The mechanical figures printed on scorecards and debriefs: ratings grouped and averaged.

Skipped and unrated questions count as "not rated", never as a zero.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from desktop.core.storage.models import DIFFICULTIES, Annotation
from desktop.core.paper.common import format_mean
from desktop.core.paper.styles import grid_table_style, styles
from desktop.core.paper.text import markup


def rated(annotation: Annotation) -> bool:
    return not annotation.skipped and annotation.rating is not None


def by_difficulty(annotations: Iterable[Annotation]) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {d: [] for d in DIFFICULTIES}
    for a in annotations:
        if rated(a):
            groups.setdefault(a.question.difficulty, []).append(a.rating)
    return groups


def by_topic(annotations: Iterable[Annotation]) -> dict[str, list[int]]:
    """A question on two topics counts for both."""
    groups: dict[str, list[int]] = defaultdict(list)
    for a in annotations:
        if rated(a):
            for topic in a.question.topics:
                groups[topic].append(a.rating)
    return dict(sorted(groups.items()))


def all_ratings(annotations: Iterable[Annotation]) -> list[int]:
    return [a.rating for a in annotations if rated(a)]


def averages_table(title: str, groups: dict[str, list[int]], names: dict[str, str], width: float) -> Table:
    """Group | rated | mean, with a group's name looked up in `names`."""
    st = styles()
    rows: list[list] = [[title, "Rated", "Mean"]]
    for key, values in groups.items():
        rows.append([Paragraph(markup(names.get(key, key.capitalize())), st.cell), str(len(values)),
                     format_mean(values)])
    if len(rows) == 1:
        rows.append(["No rated questions", "", ""])
    fixed = 13 * mm
    table = Table(rows, colWidths=[width - 2 * fixed, fixed, fixed], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    table.setStyle(style)
    return table


def side_by_side(left, right, width: float, gap: float = 6 * mm) -> Table:
    half = (width - gap) / 2
    table = Table([[left, "", right]], colWidths=[half, gap, half], hAlign="LEFT")
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return table
