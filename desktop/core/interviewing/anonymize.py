"""Anonymous means anonymous: the candidate's name and e-mail address taken out of any text.

`anonymizer(name)` returns a function that replaces, in text typed about the candidate:

- each part of the name, in any case and with or without accents ("Zoë", "Zoe", "ZOE");
  apostrophes written any way or left out ("O'Brien", "O’Brien", "OBrien", "obrien");
  hyphenated parts alone or joined ("Smith", "obrien-smith", "O'Brien-Smith");
- a run of them, with initials of the name before or after ("Z. O'Brien", "Zoë O.",
  "O'Brien-Smith, Zoë"), as one replacement;
- the capitals of three or more of its parts ("ZOS", "ZOBS"): two letters ("ML") are too
  often something else;
- every e-mail address: an address names a person, and the candidate's rarely reads as their name.

Matching works on a folded copy of the text (accents dropped, case folded, apostrophes and
hyphens made plain) whose characters map back to the original, so what is replaced is exactly
what was typed. Names that are also ordinary words are replaced wherever they occur: hiding
too much beats leaking a name.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

REPLACEMENT = "[candidate]"
_APOSTROPHES = "'’‘`´ʼʹ′"  # the ways people and keyboards write O'Brien
_HYPHENS = "-‐‑‒–—"
_EMAIL = r"[\w.+'%-]+@[\w-]+(?:\.[\w-]+)+"


def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return "'"
    if char in _HYPHENS:
        return "-"
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the original it came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        origin += [index] * len(folded)
    return "".join(out), origin


def _part_pattern(part: str) -> str:
    """One name part (folded), its apostrophes optional: "o'brien" -> o(?:'|\\s)?brien."""
    pieces = [p for p in part.split("'") if p]
    return r"(?:'|\s)?".join(re.escape(p) for p in pieces)


def _name_parts(name: str) -> tuple[list[str], list[str]]:
    """(words of the name, their hyphen halves), folded, without stray punctuation."""
    words = [w.strip(".,;:()\"'") for w in fold(" ".join(name.split()))[0].split()]
    words = [w for w in words if w]
    halves = [h for w in words for h in w.split("-") if h.strip("'")]
    return words, halves


def _initials(halves: list[str]) -> set[str]:
    """The first letter of each half, and of each apostrophe piece ("o'brien" -> o, b)."""
    out = set()
    for half in halves:
        out |= {p[0] for p in half.split("'") if p and p[0].isalpha()}
    return out


def _acronyms(halves: list[str]) -> set[str]:
    """Capitals of three or more parts: "zoe o'brien-smith" -> ZOS, ZOBS (and ZOB)."""
    by_half = [h[0] for h in halves if h[0].isalpha()]
    by_piece = [p[0] for h in halves for p in h.split("'") if p and p[0].isalpha()]
    out = set()
    for letters in (by_half, by_piece):
        out |= {"".join(letters[:n]).upper() for n in range(3, len(letters) + 1)}
    return out


def anonymizer(name: str | None, replacement: str = REPLACEMENT) -> Callable[[str], str]:
    """A function that replaces the candidate `name` and any e-mail address in a text."""
    words, halves = _name_parts(name or "")
    tokens = {h for h in halves if len(h.replace("'", "")) >= 2}
    tokens |= {w for w in words if "-" in w}  # joined: "obrien-smith", "obriensmith", "obrien smith"
    patterns = [_EMAIL]
    capitals = None
    if tokens:
        token = "(?:" + "|".join(r"[\s-]?".join(_part_pattern(h) for h in t.split("-") if h)
                                 for t in sorted(tokens, key=len, reverse=True)) + ")"
        initial = "[" + "".join(sorted(_initials(halves))) + "]"
        # A run of name parts joined by spaces, hyphens or a comma ("obrien-smith, zoe"), with
        # initials before it ("z. obrien", "z obrien") or one after it with its dot ("zoe o.").
        run = (rf"(?:{initial}\.\s*|{initial}\s+)*{token}(?:(?:\s*,\s*|[\s._-]+){token})*"
               rf"(?:\s+{initial}\.)?")
        patterns.append(rf"(?<![\w@]){run}(?!\w)")
        acronyms = _acronyms(halves)
        if acronyms:  # initials are capitals as typed: "ZOS", never the word "zos"
            capitals = re.compile(r"(?<!\w)(?:" + "|".join(
                re.escape(a) for a in sorted(acronyms, key=len, reverse=True)) + r")(?!\w)")
    folded_pattern = re.compile("|".join(f"(?:{p})" for p in patterns))

    def hide(text: str) -> str:
        if not text:
            return text
        folded, origin = fold(text)
        spans = [(origin[m.start()], _end(text, origin, m.end()))
                 for m in folded_pattern.finditer(folded) if m.end() > m.start()]
        if capitals is not None:
            spans += [m.span() for m in capitals.finditer(text)]
        return _replace(text, spans, replacement)

    return hide


def _end(text: str, origin: list[int], folded_end: int) -> int:
    """The original index after a match, taking the combining marks that folded to nothing."""
    end = origin[folded_end - 1] + 1
    while end < len(text) and not _fold_char(text[end]):
        end += 1
    return end


def _replace(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        if start < last:  # overlapping matches are one
            start = last
        else:
            out.append(text[last:start])
            out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out)
