"""Reading and checking question-bank files (YAML and CSV), with every problem located.

`load_bank(paths)` reads files and folders and returns a `Bank`: the questions, roles and
topics it found, and the list of problems, each `FILE:LINE: question ID: message`. Nothing
here touches the database; `bank_sync` imports a clean `Bank`.
"""

from __future__ import annotations

import codecs
import csv
import errno
import functools
import io
import os
import re
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from desktop.core.bank import yaml_batches
from desktop.core.collector import cycle_collector_paused
from desktop.core.bank.names import name_to_id
from desktop.core.storage.models import DIFFICULTIES, KINDS, LEVELS

# The C loader is much faster; both give safe_load semantics (plain data, no objects).
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
QUESTION_KEYS = {
    "id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer",
    "follow_ups", "related", "minutes", "source", "retired", "competencies", "anchors",
    "red_flags",
}
ROLE_KEYS = {
    "id", "name", "description", "default_minutes", "min_behavioral", "topic_weights", "levels",
    "competencies",
}
TOPIC_KEYS = {"id", "name", "description"}
COMPETENCY_KEYS = {"id", "name", "description", "kind"}
COMPETENCY_KINDS = ("technical", "behavioral")
ANCHOR_COUNT = 4  # one observable description per rating, 1..4
MAX_COMPETENCIES = 2
CSV_REQUIRED = ("prompt", "difficulty", "kind", "topics", "roles", "rubric")
CSV_OPTIONAL = ("id", "minutes", "answer", "follow_ups", "source")
DEFAULT_MINUTES = {"beginner": 4, "intermediate": 6, "advanced": 8}
MAX_TOPICS = 4
MAX_RUBRIC = 8

# Bounds on what checking one file may cost, whatever is in it. With anchors refused, the cost
# follows the file's size: a real bank file holds about 40 bytes per YAML value (a 100,000-
# question bank is a few hundred MB and imports), while a file packed with tiny values (each
# costs microseconds and hundreds of bytes to build) is refused before anything is built.
MAX_FILE_BYTES = 512 * 2**20
MAX_YAML_VALUES = 50_000  # any file may hold this many values ...
MIN_BYTES_PER_VALUE = 16  # ... and a larger one at most one per this many bytes
MAX_CSV_ROWS = 1_000_000
MAX_PROBLEMS_PER_FILE = 100


class _Mapping(dict):
    """A YAML mapping that remembers its line and the line of each of its keys."""

    __slots__ = ("line", "key_lines")

    def __init__(self, *args, line: int = 1, **kwargs):
        super().__init__(*args, **kwargs)
        self.line, self.key_lines = line, {}


class _LineLoader(_BaseLoader):
    """Builds `_Mapping`s, and notes keys given twice (PyYAML keeps the last one silently)."""

    mapping_class = _Mapping
    line_offset = 0  # lines of the file before the text parsed (a part of a larger file)

    def __init__(self, stream):
        super().__init__(stream)
        self.duplicates: list[tuple[int, str]] = []  # (line, message)

    # Every scalar's tag is resolved here (called from C for each one): text that no implicit
    # resolver can claim (quoted, or not starting like a number, date, bool or null) is text.
    _claimed_starts = frozenset(key for key in _BaseLoader.yaml_implicit_resolvers if key)

    # The claims of words (bools, null) are at most 5 letters long: a longer word is text too.
    _claims_words = max(len(word) for word in ("false", "FALSE", "null", "True", "off"))

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and value and (
                not implicit[0] or value[0] not in self._claimed_starts
                or (len(value) > self._claims_words and value[0].isalpha())) \
                and None not in self.yaml_implicit_resolvers and not self.yaml_path_resolvers:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:  # PyYAML's converters raise what they meet: 2001-02-30, `!!bool maybe`
            if isinstance(exc, (ValueError, OverflowError)):
                reason = str(exc).split(":")[0]
                if "integer string conversion" in reason:
                    reason = "a number too long to read"
            else:
                reason = f"not a valid {str(node.tag).rsplit(':', 1)[-1]} value"
            raise yaml.constructor.ConstructorError(None, None, reason, node.start_mark) from None

    def construct_line_mapping(self, node):
        data = _Mapping(line=node.start_mark.line + 1 + self.line_offset)
        yield data
        data.update(self.construct_mapping(node))
        for key_node, _ in node.value:
            key, line = self.construct_object(key_node), key_node.start_mark.line + 1 + self.line_offset
            if key in data.key_lines:
                self.duplicates.append(
                    (line, f"duplicate key '{key}' (first at line {data.key_lines[key]})"))
            else:
                data.key_lines[key] = line


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_line_mapping)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    what: str = ""  # "question img-001", "role prompt-engineer", or "" for the file itself

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.what}: {self.message}" if self.what else f"{where}: {self.message}"


@dataclass
class QuestionRecord:
    id: str
    prompt: str
    difficulty: str
    kind: str
    topics: list[str]
    roles: list[str]
    rubric: list[str]
    answer: str | None = None
    follow_ups: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    minutes: int = 5
    source: str = ""
    retired: bool = False
    competencies: list[str] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # empty, or one per rating 1..4
    red_flags: list[str] = field(default_factory=list)
    file: str = ""
    line: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "prompt": self.prompt, "difficulty": self.difficulty,
            "kind": self.kind, "topics": list(self.topics), "roles": list(self.roles),
            "rubric": list(self.rubric), "answer": self.answer,
            "follow_ups": list(self.follow_ups), "related": list(self.related),
            "minutes": self.minutes, "source": self.source, "retired": self.retired,
            "competencies": list(self.competencies), "anchors": list(self.anchors),
            "red_flags": list(self.red_flags),
        }


@dataclass
class RoleRecord:
    id: str
    name: str
    description: str = ""
    default_minutes: int = 45
    min_behavioral: int = 1
    topic_weights: dict[str, float] = field(default_factory=dict)
    levels: dict[str, dict[str, int]] = field(default_factory=dict)
    competencies: dict[str, float] = field(default_factory=dict)  # competency id -> weight


@dataclass
class TopicRecord:
    id: str
    name: str
    description: str = ""


@dataclass
class CompetencyRecord:
    id: str
    name: str
    kind: str
    description: str = ""


@dataclass
class Bank:
    questions: list[QuestionRecord] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)
    topics: list[TopicRecord] = field(default_factory=list)
    competencies: list[CompetencyRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class BankError(Exception):
    """A bank that has problems; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# -- discovering files ----------------------------------------------------------------------

BANK_SUFFIXES = {".yaml", ".yml", ".csv"}
SECTIONS = ("questions", "roles", "topics", "competencies")
_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _os_reason(exc: OSError) -> str:
    return {
        errno.EACCES: "permission denied", errno.EPERM: "permission denied",
        errno.ELOOP: "a loop of symbolic links", errno.ENOENT: "no such file or folder",
        errno.ENAMETOOLONG: "the name is too long",
    }.get(exc.errno, exc.strerror or str(exc))


def _not_regular(path: Path, mode: int) -> Problem:
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "not a plain file")
    return Problem(str(path), 0, f"not a regular file ({kind}); bank files are plain files")


def _cannot_stat(path: Path, exc: OSError) -> Problem:
    if exc.errno == errno.ENOENT and path.is_symlink():
        return Problem(str(path), 0, f"a link to nothing ({os.readlink(path)})")
    if exc.errno == errno.ENOENT:
        return Problem(str(path), 0, "no such file or folder")
    return Problem(str(path), 0, f"cannot read: {_os_reason(exc)}")


def bank_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders into their bank files, in a stable order. Every path that cannot be
    read as one is a problem: missing, unreadable, a link to nothing, a FIFO or a device
    (never opened: a FIFO waits for a writer forever, /dev/zero never ends)."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            problems.append(_cannot_stat(path, exc))
            continue
        if stat.S_ISDIR(mode):
            before = len(problems)
            found = _folder_files(path, problems)
            if not found and len(problems) == before:
                problems.append(Problem(str(path), 0, "no bank files (.yaml, .yml, .csv) in this folder"))
            files.extend(found)
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            problems.append(_not_regular(path, mode))
    return files, problems


def _folder_files(folder: Path, problems: list[Problem]) -> list[Path]:
    """The bank files under `folder`, sorted. Links to files are followed; links to folders
    are not (a link to `..` or `/` would walk on and on) and are reported, like every folder
    that cannot be listed: nothing is skipped without a word."""
    found: list[Path] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as entries:
                listed = list(entries)
        except OSError as exc:
            problems.append(Problem(str(current), 0, f"cannot read this folder: {_os_reason(exc)}"))
            continue
        for entry in listed:
            path = Path(entry.path)
            wanted = path.suffix.lower() in BANK_SUFFIXES
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                    continue
                if not (wanted or entry.is_symlink()):
                    continue
                mode = os.stat(path).st_mode
            except OSError as exc:
                if wanted:
                    problems.append(_cannot_stat(path, exc))
                continue
            if stat.S_ISDIR(mode):
                problems.append(Problem(str(path), 0, "a link to a folder, not followed: name that folder itself"))
            elif not wanted:
                continue
            elif stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(_not_regular(path, mode))
    return sorted(found)


# -- reading one file -----------------------------------------------------------------------

# O_NONBLOCK: should a FIFO take a file's place after it was checked, opening it won't wait.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def _too_big(path: Path, size: int) -> Problem:
    return Problem(str(path), 0, f"{size:,} bytes: bank files may be at most {MAX_FILE_BYTES // 2**20} MB "
                                 "(split it into several files)")


def _read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, if it is a plain file of at most MAX_FILE_BYTES."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return None, Problem(str(path), 0, f"cannot read: {_os_reason(exc)}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, _not_regular(path, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            return None, _too_big(path, info.st_size)
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES and (chunk := os.read(fd, MAX_FILE_BYTES + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, Problem(str(path), 0, f"cannot read: {_os_reason(exc)}")
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:  # it grew after it was measured
        return None, _too_big(path, size)
    return b"".join(chunks), None


def _read_text(path: Path) -> tuple[str | None, Problem | None]:
    data, problem = _read_bytes(path)
    if problem:
        return None, problem
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(data):
        return None, Problem(str(path), 1, "not UTF-8 text: looks like UTF-16; save it as UTF-8")
    if b"\x00" in data:
        return None, Problem(str(path), 1, "not a text file (binary data)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if _looks_like_cp1252(data):
            return None, Problem(str(path), line, f"not UTF-8 text: looks like Latin-1/Windows-1252 at line "
                                                  f"{line}; save it as UTF-8")
        return None, Problem(str(path), line, f"not UTF-8 text at line {line} (binary data?)")
    if not text.strip():
        return None, Problem(str(path), 1, "empty file")
    return text, None


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: in mostly-Latin text every other byte is NUL."""
    start = data[:2000]
    half = len(start) // 2
    even, odd = sorted((start[0::2].count(0), start[1::2].count(0)))
    return half >= 4 and odd >= 0.4 * half and even <= 0.05 * half


def _looks_like_cp1252(data: bytes) -> bool:
    """Text in Windows-1252 (or Latin-1): it decodes, with no control characters in it."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return not any(ch < " " and ch not in "\t\n\r\f" for ch in text)


# Anchors and aliases can make a few hundred bytes stand for billions of values ("billion
# laughs"). A file that might hold one (`&x` or `*x` anywhere), or more than MAX_YAML_VALUES
# values, is read as events first: in constant memory, stopping at the first anchor or past
# the limit, before anything is built.
_MAYBE_ANCHOR = re.compile(r"[&*][^ \t\r\n\[\]{},]")
# Every YAML value starts a line or follows one of these, and may pair with an empty one
# (`key:`): twice their count bounds the values, counted at C speed.
_VALUE_STARTS = (",", "[", "{", ":", "-", "?", "\n", "\r", "\x85", "\u2028", "\u2029")


def _most_values(text: str) -> int:
    return 2 * (1 + sum(text.count(start) for start in _VALUE_STARTS))


def _costly_yaml(path: Path, text: str) -> Problem | None:
    limit = _value_limit(len(text))
    if _most_values(text) <= limit and not _MAYBE_ANCHOR.search(text):
        return None
    loader = _BaseLoader(text)
    try:
        values = 0
        while loader.check_event():
            event = loader.get_event()
            if getattr(event, "anchor", None) is not None:  # an anchor, or an alias (AliasEvent)
                return Problem(str(path), event.start_mark.line + 1,
                               "YAML anchors and aliases (&name, *name) are not allowed in bank files: "
                               "write each value out")
            if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
                values += 1
                if values > limit:
                    return Problem(str(path), event.start_mark.line + 1,
                                   f"more than {limit:,} values in a file of this size (tiny values packed "
                                   "together, not questions): split it into several files")
    finally:
        loader.dispose()
    return None




def _parse_yaml(path: Path, text: str, line_offset: int = 0) -> tuple[Any, list[Problem]]:
    loader = None
    try:
        if problem := _costly_yaml(path, text):
            return None, [problem]
        loader = _LineLoader(text)
        loader.line_offset = line_offset
        with cycle_collector_paused():
            doc = loader.get_single_data()
        return doc, [Problem(str(path), line, message) for line, message in loader.duplicates]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else 1
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(str(path), line, f"not valid YAML: {reason}")]
    except yaml.reader.ReaderError as exc:
        line = text.encode("utf-8")[: exc.position].count(b"\n") + 1  # libyaml counts bytes
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [Problem(str(path), line, f"not valid YAML: control character {what} is not allowed")]
    except yaml.YAMLError as exc:
        return None, [Problem(str(path), 1, f"not valid YAML: {str(exc).splitlines()[0]}")]
    except RecursionError:
        return None, [Problem(str(path), 1, "not valid YAML: nested too deeply")]
    finally:
        if loader is not None:
            loader.dispose()


@dataclass
class _Raw:
    """One entry as read from a file, before it is checked."""

    data: dict
    file: str
    line: int
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


def _raw_entries(path: Path, items: Any, key: str, line: int, problems: _Problems) -> list[_Raw]:
    if not isinstance(items, list):
        problems.append(Problem(str(path), line, f"'{key}' must be a list"))
        return []
    entries = []
    for index, item in enumerate(items, 1):
        if problems.full(str(path)):
            break
        if not isinstance(item, dict):
            problems.append(Problem(str(path), line, f"{key} entry {index} must be a mapping"))
            continue
        entries.append(_Raw(item, str(path), getattr(item, "line", line), getattr(item, "key_lines", {})))
    return entries


def _read_yaml_file(path: Path, problems: _Problems) -> dict[str, list[_Raw]]:
    text, problem = _read_text(path)
    if problem:
        problems.append(problem)
        return {}
    doc, found_problems = _parse_yaml(path, text)
    problems.extend(found_problems)
    if found_problems:
        return {}
    if doc is None:
        problems.append(Problem(str(path), 1, "empty file"))
        return {}
    if isinstance(doc, list):  # a bare list of questions is accepted too
        doc = _Mapping(questions=doc)
        doc.key_lines = {"questions": 1}
    if not isinstance(doc, dict):
        problems.append(Problem(str(path), 1, "expected a mapping with 'questions', 'roles', 'topics' or 'competencies'"))
        return {}
    lines = getattr(doc, "key_lines", {})
    known = {"questions", "roles", "topics", "competencies", "source"}
    for key in doc:
        if key not in known:
            problems.append(Problem(str(path), lines.get(key, 1), f"unknown top-level key '{key}'"))
    if not any(k in doc for k in SECTIONS):
        problems.append(Problem(str(path), 1, "expected a mapping with 'questions', 'roles', 'topics' or 'competencies'"))
        return {}
    default_source = doc.get("source")
    found: dict[str, list[_Raw]] = {}
    for key in SECTIONS:
        if key in doc:
            found[key] = _raw_entries(path, doc[key], key, lines.get(key, 1), problems)
    if all(doc[key] == [] for key in SECTIONS if key in doc):
        problems.append(Problem(str(path), 1, "no questions, roles, topics or competencies in this file"))
    if isinstance(default_source, str):
        for raw in found.get("questions", []):
            raw.data.setdefault("source", default_source)
    return found


def _split_list(text: str, *, newlines: bool) -> list[str]:
    parts = re.split(r"[;\n]" if newlines else r";", text or "")
    return [p.strip() for p in parts if p.strip()]


def _catalog_names(kind: str) -> dict[str, str]:
    """id -> display name of the shipped roles or topics, so that a spreadsheet may say
    "Prompt Engineer" where YAML (what we ship, kept strict) says prompt-engineer."""
    from desktop.core.storage import paths

    path = paths.bundled_bank_dir() / f"{kind}.yaml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _catalog_names_of(str(path), kind, stamp)


@functools.lru_cache(maxsize=8)
def _catalog_names_of(path: str, kind: str, _stamp: int) -> dict[str, str]:
    entries = _read_yaml_file(Path(path), _Problems()).get(kind, [])
    return {raw.data["id"]: raw.data["name"] for raw in entries
            if isinstance(raw.data.get("id"), str) and isinstance(raw.data.get("name"), str)}


def _csv_ids(text: str, names: dict[str, str]) -> list[str]:
    """A cell's roles or topics, each given by id or display name (`names`: _catalog_names),
    as ids (an unknown one stays as typed, for the checker to report)."""
    return [name_to_id(names, part) for part in _split_list(text, newlines=False)]


def _read_csv_file(path: Path, problems: _Problems) -> dict[str, list[_Raw]]:
    text, problem = _read_text(path)
    if problem:
        problems.append(problem)
        return {}
    reader = csv.reader(io.StringIO(text, newline=""))
    header = _csv_header(path, reader, problems)
    if header is None:
        return {}
    try:
        return {"questions": list(_csv_entries(path, reader, header, problems))}
    except _Refused:
        return {}


def _csv_header(path: Path, reader, problems: _Problems) -> list[str] | None:
    """The header's column names, or None (and the problem noted) when the rows cannot be read."""
    try:
        header = [h.strip().lower() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        problems.append(Problem(str(path), 1, f"not a CSV file: {exc}"))
        return None
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        problems.append(Problem(str(path), 1, f"missing column(s): {', '.join(missing)}"))
        return None
    twice = [name for name, n in Counter(h for h in header if h).items() if n > 1]
    if twice:  # the last one would silently win
        problems.append(Problem(str(path), 1, f"column '{twice[0]}' appears twice"))
        return None
    unknown = [h for h in header if h and h not in CSV_REQUIRED + CSV_OPTIONAL]
    if unknown:
        problems.append(Problem(str(path), 1, f"unknown column(s): {', '.join(unknown)}"))
    return header


class _Refused(Exception):
    """The file's rows are not read at all (too many of them)."""


def _csv_entries(path: Path, reader, header: list[str], problems: _Problems, *, strict: bool = False,
                 ) -> Iterator[_Raw]:
    """Each row as an entry. `strict` (a file streamed, see BankReading): the first problem
    with the rows themselves raises Reread instead, so that the file is read again whole."""
    file = str(path)
    stem = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "csv"
    line = reader.line_num + 1
    rows = 0
    topic_names, role_names = _catalog_names("topics"), _catalog_names("roles")  # once a file, not a row
    try:
        for row_number, row in enumerate(reader, 1):
            if row_number > MAX_CSV_ROWS:
                if strict:
                    raise Reread(path)
                problems.append(Problem(file, line, f"more than {MAX_CSV_ROWS:,} rows in one file: "
                                                    "split it into several files"))
                raise _Refused()
            if not any(cell.strip() for cell in row):
                line = reader.line_num + 1
                continue
            rows += 1
            if len(row) != len(header):  # an unquoted comma shifts every cell after it
                if strict:
                    raise Reread(path)
                hint = ': quote a cell that holds a comma ("a, b")' if len(row) > len(header) else ""
                problems.append(Problem(file, line, f"row has {len(row)} cells but the header has "
                                                    f"{len(header)}{hint}"))
                line = reader.line_num + 1
                if problems.full(file):
                    break
                continue
            cells = dict(zip(header, (c.strip() for c in row)))
            data: dict[str, Any] = {
                "id": cells.get("id") or f"{stem}-{row_number:03d}",
                "prompt": cells.get("prompt", ""),
                "difficulty": cells.get("difficulty", "").lower(),
                "kind": cells.get("kind", "").lower(),
                "topics": _csv_ids(cells.get("topics", ""), topic_names),
                "roles": _csv_ids(cells.get("roles", ""), role_names),
                "rubric": _split_list(cells.get("rubric", ""), newlines=True),
            }
            if cells.get("answer"):
                data["answer"] = cells["answer"]
            if cells.get("follow_ups"):
                data["follow_ups"] = _split_list(cells["follow_ups"], newlines=True)
            data["source"] = cells.get("source") or f"{path.name} row {row_number}"
            if cells.get("minutes"):
                try:
                    data["minutes"] = int(cells["minutes"])
                except ValueError:
                    data["minutes"] = cells["minutes"]  # reported as a wrong type below
            yield _Raw(data, file, line, {})
            line = reader.line_num + 1
    except (csv.Error, UnicodeDecodeError) as exc:
        if strict:
            raise Reread(path) from None
        problems.append(Problem(file, reader.line_num, f"not valid CSV: {exc}"))
        return
    if not rows:
        problems.append(Problem(file, 1, "no questions: only a header row"))


# -- checking entries -----------------------------------------------------------------------


class _Checker:
    def __init__(self, raw: _Raw, what: str, problems: list[Problem]):
        self.raw, self.what, self.problems = raw, what, problems
        self.failed = False

    def fail(self, key: str, message: str) -> None:
        self.failed = True
        self.problems.append(Problem(self.raw.file, self.raw.line_of(key), message, self.what))

    def text(self, key: str, *, required: bool = True) -> str | None:
        value = self.raw.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"missing {key}")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(key, f"{key} must be text, not {_type_name(value)}")
            return None
        value = value.strip()
        if required and not value:
            self.fail(key, f"empty {key}")
        return value

    def text_list(self, key: str, *, required: bool = True) -> list[str]:
        value = self.raw.data.get(key)
        if value is None:
            if required:
                self.fail(key, f"missing {key}")
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(key, f"{key} must be a list of text, not {_type_name(value)}")
            return []
        items = []
        for item in value:
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str):
                self.fail(key, f"{key} must be a list of text, found {_type_name(item)}")
                return []
            if item.strip():
                items.append(item.strip())
        return items

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        value = self.raw.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"{key} must be a whole number, not {_type_name(value)}")
            return default
        if not low <= value <= high:
            self.fail(key, f"{key} must be between {low} and {high}, not {value}")
            return default
        return value

    def known(self, key: str, ids, known: set[str] | None, what: str) -> None:
        """Each id must name a known `what` (topic, role, competency); None: nothing to check against."""
        if known is not None:
            for ident in ids:
                if ident not in known:
                    self.fail(key, f"unknown {what} '{ident}'")

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.raw.data:
            if key not in allowed:
                self.fail(key, f"unknown key '{key}'")


def _type_name(value: Any) -> str:
    names = ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
             (int, "a number"), (float, "a number"), (type(None), "nothing"))
    return next((name for kind, name in names if isinstance(value, kind)), type(value).__name__)


def _entry_id(raw: _Raw) -> str:
    value = raw.data.get("id")
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else "?"


def _check_question(
    raw: _Raw, topics: set[str] | None, roles: set[str] | None, problems: list[Problem],
    competencies: set[str] | None = None,
) -> QuestionRecord | None:
    qid = _entry_id(raw)
    c = _Checker(raw, f"question {qid}", problems)
    c.unknown_keys(QUESTION_KEYS)
    ident = c.text("id")
    if ident and not ID_PATTERN.match(ident):
        c.fail("id", "id must be lower-case letters, digits, '.', '_' or '-'")
    prompt = c.text("prompt")
    difficulty = c.text("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        c.fail("difficulty", f"unknown difficulty '{difficulty}' (use {', '.join(DIFFICULTIES)})")
    kind = c.text("kind")
    if kind is not None and kind not in KINDS:
        c.fail("kind", f"unknown kind '{kind}' (use {', '.join(KINDS)})")
    topic_ids = c.text_list("topics")
    if not topic_ids and isinstance(raw.data.get("topics"), (list, str)):
        c.fail("topics", "no topics (name 1 to 4)")
    if len(topic_ids) > MAX_TOPICS:
        c.fail("topics", f"{len(topic_ids)} topics (at most {MAX_TOPICS})")
    c.known("topics", topic_ids, topics, "topic")
    role_ids = c.text_list("roles")
    if not role_ids and isinstance(raw.data.get("roles"), (list, str)):
        c.fail("roles", "no roles")
    c.known("roles", role_ids, roles, "role")
    rubric = c.text_list("rubric")
    if not rubric and isinstance(raw.data.get("rubric"), (list, str)):
        c.fail("rubric", "empty rubric")
    if len(rubric) > MAX_RUBRIC:
        c.fail("rubric", f"{len(rubric)} rubric points (at most {MAX_RUBRIC})")
    answer = c.text("answer", required=False) or None
    follow_ups = c.text_list("follow_ups", required=False)
    related = c.text_list("related", required=False)
    minutes = c.integer("minutes", DEFAULT_MINUTES.get(difficulty or "", 5), 1, 120)
    source = c.text("source", required=False) or ""
    retired = raw.data.get("retired", False)
    if not isinstance(retired, bool):
        c.fail("retired", "retired must be true or false")
    competency_ids = c.text_list("competencies", required=False)
    if len(competency_ids) > MAX_COMPETENCIES:
        c.fail("competencies", f"{len(competency_ids)} competencies (name 1 or {MAX_COMPETENCIES})")
    c.known("competencies", competency_ids, competencies, "competency")
    anchors = c.text_list("anchors", required=False)
    if anchors and len(anchors) != ANCHOR_COUNT:
        c.fail("anchors", f"anchors must describe ratings 1 to {ANCHOR_COUNT}: {ANCHOR_COUNT} entries, not {len(anchors)}")
    red_flags = c.text_list("red_flags", required=False)
    if c.failed:
        return None
    return QuestionRecord(
        id=ident, prompt=prompt, difficulty=difficulty, kind=kind, topics=topic_ids,
        roles=sorted(set(role_ids), key=role_ids.index), rubric=rubric, answer=answer,
        follow_ups=follow_ups, related=related, minutes=minutes, source=source,
        retired=bool(retired), competencies=competency_ids, anchors=anchors, red_flags=red_flags,
        file=raw.file, line=raw.line,
    )


def _check_role(
    raw: _Raw, topics: set[str] | None, problems: list[Problem], competencies: set[str] | None = None
) -> RoleRecord | None:
    c = _Checker(raw, f"role {_entry_id(raw)}", problems)
    c.unknown_keys(ROLE_KEYS)
    ident, name = c.text("id"), c.text("name")
    description = c.text("description", required=False) or ""
    minutes = c.integer("default_minutes", 45, 5, 480)
    min_behavioral = c.integer("min_behavioral", 1, 0, 20)
    weights = raw.data.get("topic_weights", {})
    if not isinstance(weights, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in weights.values()
    ):
        c.fail("topic_weights", "topic_weights must map topic ids to numbers >= 0")
        weights = {}
    c.known("topic_weights", weights, topics, "topic")
    assessed = raw.data.get("competencies", {})
    if not isinstance(assessed, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0 for v in assessed.values()
    ):
        c.fail("competencies", "competencies must map competency ids to weights > 0")
        assessed = {}
    c.known("competencies", assessed, competencies, "competency")
    levels = raw.data.get("levels", {})
    if not isinstance(levels, dict) or not levels:
        c.fail("levels", "levels must map junior/mid/senior to a difficulty mix")
        levels = {}
    for level, mix in levels.items():
        if level not in LEVELS:
            c.fail("levels", f"unknown level '{level}' (use {', '.join(LEVELS)})")
        elif not isinstance(mix, dict) or set(mix) - set(DIFFICULTIES) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in mix.values()
        ) or sum(mix.values()) <= 0:
            c.fail("levels", f"{level}: the mix must give whole percentages per difficulty")
    if c.failed:
        return None
    return RoleRecord(ident, name, description, minutes, min_behavioral, dict(weights),
                      {k: dict(v) for k, v in levels.items()}, dict(assessed))


def _check_topic(raw: _Raw, problems: list[Problem]) -> TopicRecord | None:
    c = _Checker(raw, f"topic {_entry_id(raw)}", problems)
    c.unknown_keys(TOPIC_KEYS)
    ident, name = c.text("id"), c.text("name")
    if ident and not ID_PATTERN.match(ident):
        c.fail("id", "id must be lower-case letters, digits, '.', '_' or '-'")
    description = c.text("description", required=False) or ""
    return None if c.failed else TopicRecord(ident, name, description)


def _check_competency(raw: _Raw, problems: list[Problem]) -> CompetencyRecord | None:
    c = _Checker(raw, f"competency {_entry_id(raw)}", problems)
    c.unknown_keys(COMPETENCY_KEYS)
    ident, name = c.text("id"), c.text("name")
    if ident and not ID_PATTERN.match(ident):
        c.fail("id", "id must be lower-case letters, digits, '.', '_' or '-'")
    kind = c.text("kind")
    if kind is not None and kind not in COMPETENCY_KINDS:
        c.fail("kind", f"unknown kind '{kind}' (use {' or '.join(COMPETENCY_KINDS)})")
    description = c.text("description", required=False) or ""
    return None if c.failed else CompetencyRecord(ident, name, kind, description)


# -- the whole bank -------------------------------------------------------------------------


class _Problems(list):
    """Problems, at most MAX_PROBLEMS_PER_FILE kept per file: a file of a hundred thousand
    broken entries is reported in a screenful, and its later entries are not even checked."""

    def __init__(self, problems: Iterable[Problem] = ()):
        super().__init__()
        self.per_file: Counter[str] = Counter()
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self.per_file[problem.file] += 1
        if self.per_file[problem.file] <= MAX_PROBLEMS_PER_FILE:
            super().append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def full(self, file: str) -> bool:
        return self.per_file[file] >= MAX_PROBLEMS_PER_FILE

    def in_order(self) -> list[Problem]:
        """By file and line; a file that had more ends with how many more."""
        ordered: list[Problem] = []
        for problem in sorted(self, key=lambda p: (p.file, p.line)):
            if ordered and ordered[-1].file != problem.file:
                ordered.extend(self._more(ordered[-1].file))
            ordered.append(problem)
        if ordered:
            ordered.extend(self._more(ordered[-1].file))
        return ordered

    def _more(self, file: str) -> list[Problem]:
        extra = self.per_file[file] - MAX_PROBLEMS_PER_FILE
        return [Problem(file, 0, f"and {extra:,} more problems in this file: fix these first")] if extra > 0 else []



class Reread(Exception):
    """A file read the fast way turned out to need the ordinary reader: read everything again."""

    def __init__(self, path: Path):
        super().__init__(str(path))
        self.path = path


def load_bank(
    paths: Iterable[str | Path],
    *,
    known_topics: set[str] | None = None,
    known_roles: set[str] | None = None,
    known_question_ids: set[str] | None = None,
    known_competencies: set[str] | None = None,
) -> Bank:
    """Read and check every file; report all problems in one pass.

    Topics and roles defined in the files are used to check the questions; `known_*` add what
    the database (or the bundled bank) already holds, for files that only carry questions.
    """
    paths = list(paths)
    ordinary: set[Path] = set()
    while True:
        reading = BankReading(paths, known_topics=known_topics, known_roles=known_roles,
                              known_question_ids=known_question_ids, known_competencies=known_competencies,
                              ordinary=ordinary)
        try:
            questions = list(reading.questions())
        except Reread as again:
            ordinary.add(again.path)
            continue
        bank = reading.bank
        bank.questions = questions
        bank.problems = reading.finish()
        return bank


class BankReading:
    """Reading and checking bank files with the questions one at a time, so that a caller
    can write them as they come instead of holding 100,000 of them (see sync.import_paths).

    Built, it has read every file's roles, topics and competencies and checked them (`bank`,
    without questions). `questions()` then reads and checks the questions in the files' order,
    yielding each one that passed; `finish()` adds what needs all of them (ids given twice,
    related ids) and returns every problem, as load_bank reports them. Large YAML files are
    read a batch of questions at a time (yaml_batches), CSV files row by row; should one turn
    out to need the ordinary reader, `questions()` raises Reread, and the caller starts again
    with that file in `ordinary` (read whole, as before, and reported exactly as before).
    """

    def __init__(self, paths: Iterable[str | Path], *, known_topics: set[str] | None = None,
                 known_roles: set[str] | None = None, known_question_ids: set[str] | None = None,
                 known_competencies: set[str] | None = None, ordinary: set[Path] = frozenset()):
        files, found = bank_files(paths)
        self.problems = problems = _Problems(found)
        self.bank = bank = Bank(files=files)
        self._known_question_ids = known_question_ids or set()
        raws: dict[str, list[_Raw]] = {key: [] for key in SECTIONS}
        self._sources: list[_Source] = []
        for path in files:
            source = None if path in ordinary else _fast_source(path)
            if source is None:
                reader = _read_csv_file if path.suffix.lower() == ".csv" else _read_yaml_file
                found_raws = reader(path, problems)
                source = _Source(path, raws=found_raws.pop("questions", []))
            else:
                found_raws = source.sections
            for key, entries in found_raws.items():
                raws[key].extend(entries)
            self._sources.append(source)
        # A file with enough problems already is not checked further.
        self._full = {str(path) for path in files if problems.full(str(path))}
        for key in SECTIONS:
            raws[key] = [raw for raw in raws[key] if raw.file not in self._full]

        bank.topics = _unique(
            [t for raw in raws["topics"] if (t := _check_topic(raw, problems))], raws["topics"], "topic", problems
        )
        topic_ids = {t.id for t in bank.topics} | (known_topics or set())
        self._topics = topic_ids if (bank.topics or known_topics is not None) else None
        bank.competencies = _unique(
            [c for raw in raws["competencies"] if (c := _check_competency(raw, problems))],
            raws["competencies"], "competency", problems,
        )
        competency_ids = {c.id for c in bank.competencies} | (known_competencies or set())
        self._competencies = competency_ids if (bank.competencies or known_competencies is not None) else None
        bank.roles = _unique(
            [r for raw in raws["roles"] if (r := _check_role(raw, self._topics, problems, self._competencies))],
            raws["roles"], "role", problems,
        )
        role_ids = {r.id for r in bank.roles} | (known_roles or set())
        self._roles = role_ids if (bank.roles or known_roles is not None) else None
        self._every_id: set[str] = set()  # of every question entry, checked or not
        self._entries: list[tuple[str, str, int, int]] = []  # (id, file, line, line of the id)
        self._kept: set[str] = set()
        self._related: list[tuple[str, str, int, list[str]]] = []

    def expected(self) -> int:
        """How many questions the files hold, as far as can be told yet (for progress)."""
        return sum(source.expected() for source in self._sources)

    def questions(self) -> Iterator[QuestionRecord]:
        problems = self.problems
        for source in self._sources:
            for raw in source.entries():
                ident = _entry_id(raw)
                self._every_id.add(ident)
                if raw.file in self._full:
                    continue
                self._entries.append((ident, raw.file, raw.line, raw.line_of("id")))
                if problems.full(raw.file):
                    continue
                record = _check_question(raw, self._topics, self._roles, problems, self._competencies)
                if record is not None and record.id not in self._kept:
                    self._kept.add(record.id)
                    if record.related:
                        self._related.append((record.id, record.file, record.line, record.related))
                    yield record

    def finish(self) -> list[Problem]:
        """Every problem, by file and line (call after `questions()` is exhausted)."""
        problems = self.problems
        first_seen: dict[str, tuple[str, int]] = {}
        for ident, file, line, id_line in self._entries:
            if ident == "?":
                continue
            if ident in first_seen:
                prev_file, prev_line = first_seen[ident]
                problems.append(Problem(file, id_line, f"duplicate id (first defined at {prev_file}:{prev_line})",
                                        f"question {ident}"))
            else:
                first_seen[ident] = (file, line)
        all_ids = self._kept | self._every_id | self._known_question_ids
        for qid, file, line, related in self._related:
            for other in related:
                if other not in all_ids:
                    problems.append(Problem(file, line, f"related id '{other}' does not exist", f"question {qid}"))
                elif other == qid:
                    problems.append(Problem(file, line, "related to itself", f"question {qid}"))
        return problems.in_order()


class _Source:
    """One file's questions: entries already read (`raws`), or read as they are asked for."""

    def __init__(self, path: Path, *, raws: list[_Raw] | None = None,
                 sections: dict[str, list[_Raw]] | None = None):
        self.path, self.raws, self.sections = path, raws or [], sections or {}
        self.read = 0

    def expected(self) -> int:
        return len(self.raws)

    def entries(self) -> Iterator[_Raw]:
        yield from self.raws


class _YamlSource(_Source):
    """A YAML file read a batch of questions at a time (yaml_batches)."""

    def __init__(self, path: Path, layout: yaml_batches.Layout):
        sections, scratch = {}, _Problems()
        for key in ("topics", "roles", "competencies"):
            if key in layout.sections:
                value, line = layout.sections[key]
                sections[key] = _raw_entries(path, value, key, line, scratch)
        super().__init__(path, sections=sections)
        self.layout, self.clean = layout, not scratch
        source = layout.sections.get("source", (None, 0))[0]
        self.default_source = source if isinstance(source, str) else None

    def expected(self) -> int:
        return len(self.layout.items)

    def entries(self) -> Iterator[_Raw]:
        file = str(self.path)
        try:
            fd = os.open(self.path, _OPEN_FLAGS)
        except OSError:
            raise Reread(self.path) from None
        try:
            for data in yaml_batches.questions(self.layout, _LineLoader, fd, _value_limit):
                if not isinstance(data, _Mapping):
                    raise Reread(self.path)  # the ordinary reader says what it is instead
                if self.default_source is not None:
                    data.setdefault("source", self.default_source)
                yield _Raw(data, file, data.line, data.key_lines)
        except yaml_batches.Unusual:
            raise Reread(self.path) from None
        finally:
            os.close(fd)


class _CsvSource(_Source):
    """A CSV file read row by row from the file (never held whole)."""

    def __init__(self, path: Path, size: int):
        super().__init__(path)
        self.size, self.position = size, 0

    def expected(self) -> int:
        if not self.read or not self.position:
            return max(1, self.size // 2000)  # a guess until rows are read
        return max(self.read, round(self.read * self.size / self.position))

    def entries(self) -> Iterator[_Raw]:
        try:
            stream = open(self.path, encoding="utf-8-sig", newline="")
        except OSError:
            raise Reread(self.path) from None
        with stream:
            reader = csv.reader(stream)
            scratch = _Problems()
            try:
                header = _csv_header(self.path, reader, scratch)
            except UnicodeDecodeError:
                header = None
            if header is None or scratch:
                raise Reread(self.path)
            raw_file = stream.buffer.raw
            for raw in _csv_entries(self.path, reader, header, scratch, strict=True):
                self.read += 1
                if self.read % 256 == 0:
                    self.position = raw_file.tell()
                yield raw
            if scratch:  # only a header row: the ordinary reader says so
                raise Reread(self.path)


def _fast_source(path: Path) -> _Source | None:
    """A source that reads the file's questions as they are asked for, or None when anything
    about the file is out of the ordinary (the ordinary reader then reads it whole)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        return None
    if path.suffix.lower() == ".csv":
        return _CsvSource(path, info.st_size) if _plain_text(path) else None
    data, problem = _read_bytes(path)
    if problem or _looks_like_utf16(data[:2000]) or data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    layout = yaml_batches.scan(path, data, functools.partial(_section_value, path))
    if layout is None:
        return None
    source = _YamlSource(path, layout)
    return source if source.clean else None


def _plain_text(path: Path, block: int = 1 << 22) -> bool:
    """No UTF-16 and no NUL (binary data) in the file, looked for a block at a time: the csv
    module reads NUL as a character, where the ordinary reader says what the file is."""
    try:
        with open(path, "rb") as f:
            start = f.read(block)
            if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_like_utf16(start[:2000]):
                return False
            chunk = start
            while chunk:
                if b"\x00" in chunk:
                    return False
                chunk = f.read(block)
    except OSError:
        return False
    return True


def _section_value(path: Path, text: str, line: int) -> Any:
    """One top-level section of a file (`key: ...`) as the ordinary reader reads it, or None."""
    doc, problems = _parse_yaml(path, text, line - 1)
    if problems or not isinstance(doc, dict) or len(doc) != 1:
        return None
    return next(iter(doc.values()))


def _value_limit(characters: int) -> int:
    """_costly_yaml's bound on the values a file of that many characters may hold."""
    return max(MAX_YAML_VALUES, characters // MIN_BYTES_PER_VALUE)


def _unique(records: list, raws: list[_Raw], what: str, problems: list[Problem]) -> list:
    """Report every id seen before (checked or not), and keep the first of each."""
    first_seen: dict[str, _Raw] = {}
    for raw in raws:
        ident = _entry_id(raw)
        if ident == "?":
            continue
        if ident in first_seen:
            prev = first_seen[ident]
            problems.append(Problem(raw.file, raw.line_of("id"),
                                    f"duplicate id (first defined at {prev.file}:{prev.line})",
                                    f"{what} {ident}"))
        else:
            first_seen[ident] = raw
    kept, seen = [], set()
    for record in records:
        if record.id not in seen:
            seen.add(record.id)
            kept.append(record)
    return kept


# -- writing --------------------------------------------------------------------------------


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data) -> bool:
        return True  # a list shared by two questions is written twice: the loader refuses aliases


def _str_presenter(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(document: dict) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
