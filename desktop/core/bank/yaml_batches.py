"""Reading a large YAML bank file a few hundred questions at a time.

Parsing a whole 100,000-question file builds its node graph first: some 30 bytes of YAML
become hundreds of bytes of nodes and marks, gigabytes in all, before one question is checked.
A bank file is laid out simply, though: a mapping of sections at the left margin, and the
questions a block sequence, each question starting a line at the sequence's indentation with
"- ". `scan` finds those lines in the file's bytes (regular expressions, at C speed) and parses
the other sections; `questions` then parses the questions a batch at a time, each batch by a
constructor that builds plain text, lists and mappings directly.

This is only a faster way to the same result. Whatever it does not expect (another layout, a
line it cannot place, a batch that does not parse, a duplicate key, a possible anchor, a
merge key) makes it give up: `scan` returns None, `questions` raises Unusual, and the caller
reads the file the ordinary way (files._read_yaml_file), which reports what is wrong exactly
as before. A batch cut at a wrong place cannot pass unnoticed: a cut can only fall inside a
quoted text or a flow collection (a less indented line ends a plain or block text), and then
the batch before it does not parse.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

BATCH = 500  # questions parsed together: their nodes are all that is held at once
SECTION_KEYS = (b"questions", b"roles", b"topics", b"competencies", b"source")

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_TOP_LINE = re.compile(rb"\n[^ \t\r\n#]")  # a line at the left margin (not blank, not a comment)
_TOP_KEY = re.compile(rb"(" + b"|".join(SECTION_KEYS) + rb"):(?:[ \t]+#[^\r\n]*|[ \t]*)\r?$", re.M)
_SOURCE_LINE = re.compile(rb"source:[ \t][^\r\n]*\r?$", re.M)
_FIRST_ITEM = re.compile(rb"^( *)([^ \r\n#])", re.M)  # the first line of a section's value
# An anchor (&a) or alias (*a) can only start a node: at a line's start or after white space,
# an indicator or a flow bracket. Text that might hold one is checked event by event.
_ANCHOR_START = re.compile(r"[&*][^\s\[\]{},]")
_NODE_START = frozenset(" \t\r\n[{,:")


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Unusual(Exception):
    """The file is not laid out as this reader expects: read it the ordinary way."""


@dataclass
class Layout:
    """Where a file's questions are, and its other sections already read."""

    path: Path
    items: list[int]  # byte offset of the line where each question starts
    first_line: int  # the line of the first
    end: int  # byte offset where the questions end
    sections: dict[str, tuple[Any, int]] = field(default_factory=dict)  # key -> (value, line of the key)
    size: int = 0  # bytes in the file
    values: int = 0  # counted as they are built, as the ordinary reader counts them
    characters: int = 0  # outside the questions (theirs are counted as they are read)


def scan(path: Path, data: bytes, parse_section: Callable[[str, int], Any]) -> Layout | None:
    """The layout of a bank file's bytes, or None when it is not the simple one (or anything
    about it needs the ordinary reader's words). `parse_section(text, first_line)` reads one
    other section as the ordinary reader would (None on any problem)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return None
    tops = ([0] if data[:1] not in b" \t\r\n#" else []) + [m.start() + 1 for m in _TOP_LINE.finditer(data)]
    first = _FIRST_ITEM.search(data)
    if not tops or first is None or first.start() != tops[0]:
        return None  # something before the first section
    keys, items = [], []
    for start in tops:
        if data.startswith(b"-", start):
            items.append(start)
            continue
        key = _TOP_KEY.match(data, start) or _SOURCE_LINE.match(data, start)
        if key is None:
            return None  # a document marker, a directive, another key, a flow value...
        keys.append((start, data[start:data.index(b":", start)].decode()))
    names = [name for _, name in keys]
    if "questions" not in names or len(set(names)) != len(names) or tops[0] != keys[0][0]:
        return None  # no questions, a section twice, or a list before the first section
    bounds = [start for start, _ in keys] + [len(data)]
    layout = Layout(path, [], 0, 0, size=len(data), values=1 + len(keys) + 1)  # the document, its keys, the list
    line, at = 1, 0
    for (start, name), end in zip(keys, bounds[1:]):
        line += data.count(b"\n", at, start)
        at = start
        if name != "questions":
            text = _decode(data[start:end])
            if text is None or _odd_line_ends(text) or (value := parse_section(text, line)) is None:
                return None
            layout.sections[name] = (value, line)
            layout.values += _count(value)
            layout.characters += len(text)
            continue
        newline = data.find(b"\n", start, end)
        body = end if newline < 0 else newline + 1
        first = _FIRST_ITEM.search(data, body, end)
        if first is None or first.group(2) != b"-":
            return None
        indent = len(first.group(1))
        at_margin = [s for s in items if start < s < end]
        starts = at_margin if indent == 0 else None if at_margin else _indented_items(data, body, end, indent)
        if not starts or starts[0] != first.start() + indent:
            return None
        head = _decode(data[start:first.start()])  # the key's line and any comments after it
        if head is None or _odd_line_ends(head) or not _parses(head):
            return None
        layout.characters += len(head)
        layout.items = [s - indent for s in starts]
        layout.first_line = line + head.count("\n")
        layout.end = end
    prefix = _decode(data[:keys[0][0]])  # comments before the first section
    if prefix is None or _odd_line_ends(prefix) or not _parses(prefix):
        return None
    layout.characters += len(prefix)
    return layout


def _parses(text: str) -> bool:
    """Whether libyaml reads the text (comments may hold characters it refuses, NUL included)."""
    loader = _Loader(text)
    try:
        loader.get_single_node()
        return True
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


def _odd_line_ends(text: str) -> bool:
    """Line ends that libyaml counts as lines and a count of newlines would not (a lone CR, NEL,
    LS, PS): with them, lines would be numbered wrong."""
    return ("\r" in text and text.count("\r") != text.count("\r\n")) or "\x85" in text \
        or "\u2028" in text or "\u2029" in text


def _count(value: Any) -> int:
    """The values a built section holds, as the ordinary reader counts them (keys included)."""
    if isinstance(value, dict):
        return 1 + sum(_count(k) + _count(v) for k, v in value.items())
    if isinstance(value, list):
        return 1 + sum(_count(item) for item in value)
    return 1


def _indented_items(data: bytes, start: int, end: int, indent: int) -> list[int] | None:
    """Offsets of the lines that start a question in an indented sequence; None if a line is
    less indented than the sequence, or as indented without starting an entry."""
    found = []
    for m in re.compile(rb"\n( {1,%d})[^ \r\n#]" % indent).finditer(data, start - 1, end):
        at = m.end() - 1
        if len(m.group(1)) < indent or not (data.startswith(b"-", at) and data[at + 1:at + 2] in (b" ", b"\r", b"\n", b"")):
            return None
        found.append(at)
    return found


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def questions(layout: Layout, loader_class: type, fd: int, limit: Callable[[int], int]) -> Iterator[Any]:
    """Each question of `layout`, parsed BATCH at a time from the open file `fd` (read again by
    offset, so the whole file is never held). `limit(characters)` is how many values a file of
    that many characters may hold (counted as they are built: one too many, and the ordinary
    reader says so). Raises Unusual."""
    items, line_offset, characters = layout.items, layout.first_line - 1, layout.characters
    most = limit(layout.size)  # bytes are at least as many as characters: a bound to stop at early
    for first in range(0, len(items), BATCH):
        start = items[first]
        end = items[first + BATCH] if first + BATCH < len(items) else layout.end
        text = _decode(os.pread(fd, end - start, start))
        if text is None or _odd_line_ends(text) or (_maybe_anchor(text) and _has_anchor(text)):
            raise Unusual(layout.path)
        built, values = _parse(loader_class, text, line_offset)
        layout.values += values - 1  # not the batch's own list
        count = min(BATCH, len(items) - first)
        if not isinstance(built, list) or len(built) != count or layout.values > most:
            raise Unusual(layout.path)
        line_offset += text.count("\n")
        characters += len(text)
        yield from built
    if layout.values > limit(characters):
        raise Unusual(layout.path)


def _maybe_anchor(text: str) -> bool:
    """Whether an anchor or alias might start somewhere: & or * where a node can start."""
    if "&" not in text and "*" not in text:
        return False
    return any(m.start() == 0 or text[m.start() - 1] in _NODE_START for m in _ANCHOR_START.finditer(text))


def _has_anchor(text: str) -> bool:
    loader = _Loader(text)
    try:
        while loader.check_event():
            if getattr(loader.get_event(), "anchor", None) is not None:
                return True
    except yaml.YAMLError:
        return True  # the ordinary reader will say what is wrong
    finally:
        loader.dispose()
    return False


def _parse(loader_class: type, text: str, line_offset: int) -> tuple[Any, int]:
    """What the text holds, and how many values (nodes) it took."""
    loader = loader_class(text)
    loader.line_offset = line_offset
    if not loader.yaml_path_resolvers:
        # The C parser calls these two for every node, for path resolvers; there are none, and
        # a C callable that ignores its arguments costs far less than the Python no-ops.
        loader.descend_resolver, loader.ascend_resolver = slice, tuple
    try:
        node = loader.get_single_node()
        builder = _Builder(loader, line_offset)
        built = None if node is None else builder.build(node)
        if loader.duplicates:
            raise Unusual()
        return built, builder.values
    except (yaml.YAMLError, RecursionError, Unusual):
        raise Unusual() from None
    finally:
        loader.dispose()


class _Builder:
    """Builds what the ordinary loader would from one batch's nodes, taking text, lists and
    mappings directly (the ordinary constructor costs several times more per value) and
    handing any other value to the loader. Gives up (Unusual) where the ordinary loader would
    report something: a duplicate key, a merge key, a key that is not plain."""

    def __init__(self, loader, line_offset: int):
        self.loader, self.offset = loader, line_offset
        self.mapping = loader.mapping_class
        self.values = 0

    def build(self, node) -> Any:
        self.values += 1
        kind = node.__class__
        if kind is ScalarNode:
            return node.value if node.tag == _STR else self.loader.construct_object(node, deep=True)
        if kind is SequenceNode and node.tag == _SEQ:
            build = self.build
            return [build(item) for item in node.value]
        if kind is MappingNode and node.tag == _MAP:
            data = self.mapping(line=node.start_mark.line + 1 + self.offset)
            lines = data.key_lines
            for key_node, value_node in node.value:
                if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
                    raise Unusual()  # merge keys, numbers and other keys: the ordinary way
                key = key_node.value
                if key in lines:
                    raise Unusual()
                self.values += 1
                lines[key] = key_node.start_mark.line + 1 + self.offset
                data[key] = self.build(value_node)
            return data
        self.values += _nodes(node) - 1
        return self.loader.construct_object(node, deep=True)


def _nodes(node) -> int:
    if isinstance(node, SequenceNode):
        return 1 + sum(_nodes(item) for item in node.value)
    if isinstance(node, MappingNode):
        return 1 + sum(_nodes(k) + _nodes(v) for k, v in node.value)
    return 1
