"""Which words of a text match what was typed, and the short highlighted excerpt shown for a hit."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Sequence


from desktop.core.bank.question_json import stored_strings
from desktop.core.bank.search.query import MARK_END, MARK_START, SNIPPET_WORDS

_ENDINGS = r"(?:s|es|ed|e|er|ers|ing|ings|ion|ions|ation|ations|ate|ates|ated|ating|y|ies|ied)?"
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "ied", "es", "ed", "s", "e", "y")
_TOKEN = re.compile(r"[^\W_]+")  # letters and digits, as the index splits text


def _stem(token: str) -> str:
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def word_patterns(query_words: list[str]) -> list[re.Pattern]:
    """One regex per query word, finding it in text the way the search matched it: the last
    word as a prefix, the others as whole words with common endings."""
    patterns = []
    for n, word in enumerate(query_words):
        tokens = _TOKEN.findall(word.lower())
        if not tokens:
            continue
        tail = r"\w*" if n == len(query_words) - 1 else _ENDINGS + r"\b"
        parts = [re.escape(t) for t in tokens[:-1]] + [re.escape(_stem(tokens[-1])) + tail]
        patterns.append(re.compile(r"\b" + r"[\W_]+".join(parts), re.IGNORECASE))
    return patterns


_FIELD_BREAK = "\x1f"  # between fields when searching them at once; not in typed text


@lru_cache(maxsize=64)
def _any_of(patterns: tuple[re.Pattern, ...]) -> tuple[re.Pattern, re.Pattern | None]:
    """The patterns as one regex, and the same regex for lower-case ASCII text (None unless
    every pattern is ASCII): see `_find`."""
    anywhere = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)
    lower = []
    for p in patterns:
        head = _HEAD.match(p.pattern)
        if not (head and p.pattern.isascii()):
            return anywhere, None
        # \bword... becomes word(?<!\wword)...: the same test, made after the letters.
        word = head.group(1)
        lower.append(f"(?:{word}(?<!\\w{word}){p.pattern[head.end():]})")
    return anywhere, re.compile("|".join(lower))


# `word_patterns` starts each pattern with \b and the word's first token, lower case; re.escape
# leaves ASCII letters and digits as they are.
_HEAD = re.compile(r"\\b([0-9a-z]+)")


def _find(anywhere: re.Pattern, lower: re.Pattern | None, text: str) -> Iterator[tuple[int, int]]:
    """Where `anywhere` matches in `text`, as (start, end). This runs for every row shown, and
    an ignore-case regex that starts with \\b gets no fast scan from `re`: it is tried at every
    character (some 10 µs a kilobyte). ASCII text is searched lower-cased with `lower`,
    which starts with plain letters `re` can scan for; same matches, a few times faster. Other
    text takes the slow path (beyond ASCII, ignoring case matches, say, k to the Kelvin sign)."""
    if lower is not None and text.isascii():
        return (found.span() for found in lower.finditer(text.lower()))
    return (found.span() for found in anywhere.finditer(text))


def _mark(anywhere: re.Pattern, lower: re.Pattern | None, text: str) -> str:
    """`text` with every match wrapped in MARK_START/MARK_END."""
    pieces, done = [], 0
    for start, end in _find(anywhere, lower, text):
        pieces += [text[done:start], MARK_START, text[start:end], MARK_END]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def make_snippet(fields: Sequence[str | None], patterns: list[re.Pattern], size: int = SNIPPET_WORDS) -> str:
    """About `size` words around the first match in the first field that has one, with every
    match in them wrapped in MARK_START/MARK_END; "" when nothing matches."""
    if not patterns:
        return ""
    anywhere, lower = _any_of(tuple(patterns))
    # One search over all the fields (this runs for every row shown), then keep to the field hit.
    joined = _FIELD_BREAK.join([f or "" for f in fields])
    found = next(_find(anywhere, lower, joined), None)
    if not found:
        return ""
    at, found_end = found
    start = joined.rfind(_FIELD_BREAK, 0, at) + 1
    end = joined.find(_FIELD_BREAK, found_end)
    end = end if end >= 0 else len(joined)
    # Look only near the match (answers can be long), without copying the field.
    reach = 12 * size
    before = joined[max(start, at - reach):at].split()
    if at - start > reach:
        before = before[1:]  # the first piece may be part of a word
    lead = before[-(size // 3):] if size >= 3 else []
    after_end = at + 2 * reach
    after = joined[at:min(after_end, end)].split()
    if after_end < end:
        after = after[:-1]
    window = lead + after[: size - len(lead)]
    cut_before = at - start > reach or len(lead) < len(before)
    cut_after = len(lead) + len(after) > len(window) or after_end < end
    marked = _mark(anywhere, lower, " ".join(window))
    return ("…" if cut_before else "") + marked + ("…" if cut_after else "")


def question_snippet(prompt: str | None, rubric, answer: str | None, follow_ups, patterns: list[re.Pattern]) -> str:
    """The snippet of a question's texts as a search reads them (the lists as stored_strings takes them)."""
    return make_snippet([prompt, *stored_strings(rubric), answer, *stored_strings(follow_ups)], patterns)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """Split a snippet into (text, highlighted) pieces, for whoever draws it."""
    parts: list[tuple[str, bool]] = []
    for i, chunk in enumerate(snippet.split(MARK_START)):
        if i == 0:
            parts.append((chunk, False))
            continue
        marked, _, rest = chunk.partition(MARK_END)
        parts += [(marked, True), (rest, False)]
    return [(text, marked) for text, marked in parts if text]


def plain_snippet(snippet: str, start: str = "[", end: str = "]") -> str:
    """A snippet for plain text output, matched words in [brackets] by default."""
    return "".join(f"{start}{text}{end}" if marked else text for text, marked in snippet_parts(snippet))
