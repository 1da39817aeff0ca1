"""Where a question came from, in words a reader knows.

A question's `source` is written for traceability: the bundled bank names the seed document it
was adapted from by its file name and the item in it ("000_5ee7f8f52e0f5050.txt Beginner #1"),
a CSV import its file and row. A person reading the bank wants the document's title, the
section and the question number; "original" means written for the bank.
"""

from __future__ import annotations

import re

# The seed documents of the bundled bank, by file name: the title each one carries.
SEED_TITLES = {
    "000_5ee7f8f52e0f5050.txt": "AI Image Generation Specialist Interview Questions",
    "001_2b16324f59f4cfc4.txt": "Generative AI Interview Questions",
    "002_0cd6e56ae01fcdad.txt": "Generative AI Interview Questions & Answers",
}
ORIGINAL = "original"

_ITEM = re.compile(r"^(?P<file>\S+\.\w+)(?:\s+(?P<section>.*?))?(?:\s+#(?P<number>\d+))?$")


def readable_source(source: str) -> str:
    """'000_…txt Beginner #1' -> '“AI Image Generation Specialist Interview Questions”,
    Beginner, question 1'; 'original' -> 'Written for this bank'; anything else as it is."""
    text = " ".join((source or "").split())
    if not text:
        return ""
    if text.lower() == ORIGINAL:
        return "Written for this bank"
    match = _ITEM.match(text)
    if not match or match["file"] not in SEED_TITLES:
        return text  # a user's own source ("notes.csv row 12") already reads as written
    parts = [f"“{SEED_TITLES[match['file']]}”"]
    if match["section"]:
        parts.append(match["section"])
    if match["number"]:
        parts.append(f"question {int(match['number'])}")
    return ", ".join(parts)
