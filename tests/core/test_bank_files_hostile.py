"""Hostile bank files: whatever is on disk, checking it ends quickly with located problems.

No file can hang `validate` or `import`, crash them, or be dropped or shortened without a
word: each case below is a `FILE:LINE: message` and exit status 1.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.core.bank import files
from desktop.core.bank.files import dump_yaml, load_bank
from desktop.core.cli import main

KNOWN = {"known_topics": {"diffusion", "rag"}, "known_roles": {"genai-engineer"}}


def question(ident: str = "q-one", **changes) -> dict:
    data = {
        "id": ident, "prompt": "What does classifier-free guidance trade off?",
        "difficulty": "intermediate", "kind": "concept", "topics": ["diffusion"],
        "roles": ["genai-engineer"], "minutes": 5,
        "rubric": ["Prompt adherence against diversity", "Typical range of values"],
    }
    return {**data, **changes}


def good_yaml(*questions: dict) -> str:
    return dump_yaml({"questions": list(questions) or [question()]})


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def messages(bank) -> list[str]:
    return [str(p) for p in bank.problems]


def only_problem(bank) -> str:
    [problem] = messages(bank)
    return problem


# -- YAML: aliases, anchors, duplicate keys, values that cannot be read ----------------------


def billion_laughs() -> str:
    """Nine levels of nine aliases: a few hundred bytes that stand for 9**9 strings."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_at_its_first_anchor(tmp_path):
    path = write(tmp_path, "laughs.yaml", billion_laughs())
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:1: YAML anchors and aliases (&name, *name) are not allowed in bank files: "
        "write each value out")


def test_an_alias_to_a_question_is_refused_where_it_is_used(tmp_path):
    text = good_yaml(question()).replace("- id: q-one", "- &first\n  id: q-one", 1)
    path = write(tmp_path, "alias.yaml", text + "- *first\n")
    bank = load_bank([path], **KNOWN)
    assert only_problem(bank).startswith(f"{path}:2: YAML anchors and aliases")
    assert bank.questions == []


def test_a_merge_key_alias_is_refused(tmp_path):
    text = "base: &base\n  difficulty: beginner\nquestions:\n  - <<: *base\n    id: q-two\n"
    bank = load_bank([write(tmp_path, "merge.yaml", text)], **KNOWN)
    assert only_problem(bank).endswith(":1: YAML anchors and aliases (&name, *name) are not allowed "
                                       "in bank files: write each value out")


def test_a_second_prompt_is_reported_not_silently_kept(tmp_path):
    text = good_yaml().replace("  minutes: 5\n", "  minutes: 5\n  prompt: Something else entirely?\n")
    path = write(tmp_path, "dup.yaml", text)
    first = text.splitlines().index("  prompt: What does classifier-free guidance trade off?") + 1
    second = text.splitlines().index("  prompt: Something else entirely?") + 1
    bank = load_bank([path], **KNOWN)
    assert messages(bank) == [f"{path}:{second}: duplicate key 'prompt' (first at line {first})"]
    assert bank.questions == []


def test_a_second_questions_block_does_not_drop_the_first(tmp_path):
    text = good_yaml(question("q-one")) + dump_yaml({"questions": [question("q-two")]})
    path = write(tmp_path, "two_blocks.yaml", text)
    second = text.splitlines().index("questions:", 1) + 1
    assert messages(load_bank([path], **KNOWN)) == [
        f"{path}:{second}: duplicate key 'questions' (first at line 1)"]


@pytest.mark.parametrize("value, reason", [
    ("1" * 5000, "a number too long to read"),
    ("2001-02-30", "day is out of range for month"),
    ("!!bool maybe", "not a valid bool value"),
    ("!!timestamp", "not a valid timestamp value"),
])
def test_a_value_yaml_cannot_convert_is_a_problem_on_its_line(tmp_path, value, reason):
    path = write(tmp_path, "values.yaml", good_yaml().replace("minutes: 5", f"minutes: {value}"))
    line = good_yaml().splitlines().index("  minutes: 5") + 1
    problem = only_problem(load_bank([path], **KNOWN))
    assert problem.startswith(f"{path}:{line}: not valid YAML: {reason}")


def test_a_control_character_is_reported_on_its_line_in_one_line(tmp_path):
    text = good_yaml().replace("trade off?", "trade off in a café, à la carte?")  # libyaml counts bytes
    path = write(tmp_path, "control.yaml", text.replace("Typical range", "Typical \x01range"))
    line = text.splitlines().index("  - Typical range of values") + 1
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:{line}: not valid YAML: control character U+0001 is not allowed")


def test_too_many_values_in_one_file_are_refused_before_they_are_built(tmp_path):
    text = "questions: [" + "a," * (files.MAX_YAML_VALUES + 1) + "]\n"
    path = write(tmp_path, "tiny_values.yaml", text)
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:1: more than {files.MAX_YAML_VALUES:,} values in a file of this size (tiny values packed "
        "together, not questions): split it into several files")


def test_a_large_bank_of_real_questions_is_not_refused_for_its_size(tmp_path):
    """The limits stop packed tiny values, not a big bank: 2,000 questions in one file load."""
    one = ("  - id: big-{n}\n    prompt: How would you evaluate a retrieval system for question {n}?\n"
           "    difficulty: intermediate\n    kind: scenario\n    topics: [rag]\n    roles: [genai-engineer]\n"
           "    rubric: [Checks retrieval first, Measures faithfulness, Builds a labeled test set]\n")
    text = "questions:\n" + "".join(one.format(n=n) for n in range(2000))
    assert files._most_values(text) > files.MAX_YAML_VALUES  # big enough to be counted first
    bank = load_bank([write(tmp_path, "big.yaml", text)], **KNOWN)
    assert bank.ok and len(bank.questions) == 2000


BOUND_BITS = st.sampled_from(["a", "b: ", "- ", "-", ":", "? ", ",", "[", "]", "{", "}", "\n", "  ", "\t",
                              '"x"', "|\n", "!!str ", "---\n", "...\n", "#c\n", "\r\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(BOUND_BITS, max_size=30).map("".join))
def test_the_cheap_bound_on_values_is_never_below_the_real_count(text):
    """Files under the bound are built without counting first: the bound must hold."""
    try:
        events = list(files.yaml.parse(text, Loader=files._BaseLoader))
    except files.yaml.YAMLError:
        return
    values = sum(isinstance(e, (files.yaml.ScalarEvent, files.yaml.CollectionStartEvent)) for e in events)
    assert values <= files._most_values(text)


def test_a_file_with_thousands_of_bad_entries_reports_a_bounded_list(tmp_path):
    path = write(tmp_path, "noise.yaml", "questions:\n" + "- {colour: blue}\n" * 5000)
    problems = messages(load_bank([path], **KNOWN))
    assert len(problems) == files.MAX_PROBLEMS_PER_FILE + 1
    assert problems[-1].startswith(f"{path}:0: and ")
    assert problems[-1].endswith(" more problems in this file: fix these first")


def test_an_exported_bank_with_shared_lists_has_no_anchors(tmp_path):
    shared = ["diffusion"]
    text = dump_yaml({"questions": [question("q-one", topics=shared), question("q-two", topics=shared)]})
    assert "&" not in text and "*" not in text
    assert load_bank([write(tmp_path, "export.yaml", text)], **KNOWN).ok


def test_a_file_that_defines_nothing_is_a_problem(tmp_path):
    path = write(tmp_path, "nothing.yaml", "questions: []\n")
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:1: no questions, roles, topics or competencies in this file")


# -- CSV: cells that do not line up, a header and nothing else --------------------------------

HEADER = "prompt,difficulty,kind,topics,roles,rubric\n"


def test_an_unquoted_comma_is_reported_not_a_shortened_rubric(tmp_path):
    path = write(tmp_path, "comma.csv",
                 HEADER + "What is RAG?,beginner,concept,rag,genai-engineer,Retrieval, then generation\n")
    bank = load_bank([path], **KNOWN)
    assert messages(bank) == [
        f"{path}:2: row has 7 cells but the header has 6: quote a cell that holds a comma (\"a, b\")"]
    assert bank.questions == []


def test_a_row_with_missing_cells_is_reported(tmp_path):
    path = write(tmp_path, "short.csv", HEADER + "What is RAG?,beginner,concept,rag\n")
    assert messages(load_bank([path], **KNOWN)) == [f"{path}:2: row has 4 cells but the header has 6"]


def test_a_header_only_csv_is_a_problem(tmp_path):
    path = write(tmp_path, "header.csv", HEADER + "\n")
    assert only_problem(load_bank([path], **KNOWN)) == f"{path}:1: no questions: only a header row"


def test_too_many_csv_rows_are_refused(tmp_path):
    path = write(tmp_path, "rows.csv", HEADER + "\n" * (files.MAX_CSV_ROWS + 5))
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:{files.MAX_CSV_ROWS + 2}: more than {files.MAX_CSV_ROWS:,} rows in one file: "
        "split it into several files")


def test_a_column_named_twice_is_a_problem(tmp_path):
    path = write(tmp_path, "twice.csv", HEADER.strip() + ",rubric\nWhat?,beginner,concept,rag,genai-engineer,a,b\n")
    assert only_problem(load_bank([path], **KNOWN)) == f"{path}:1: column 'rubric' appears twice"


# -- text encodings ---------------------------------------------------------------------------


def test_latin1_text_is_named_as_such_with_its_line(tmp_path):
    text = good_yaml().replace("trade off?", "trade off in a café?")
    path = write(tmp_path, "latin.yaml", text.encode("latin-1"))
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "café" in s)
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:{line}: not UTF-8 text: looks like Latin-1/Windows-1252 at line {line}; save it as UTF-8")


def test_utf16_text_is_named_as_such(tmp_path):
    path = write(tmp_path, "wide.csv", (HEADER + "x,beginner,concept,rag,genai-engineer,a\n").encode("utf-16"))
    assert only_problem(load_bank([path], **KNOWN)) == f"{path}:1: not UTF-8 text: looks like UTF-16; save it as UTF-8"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00", b"\x00" * 4096])
def test_binary_data_is_still_called_binary(tmp_path, data):
    path = write(tmp_path, "image.yaml", data)
    assert only_problem(load_bank([path], **KNOWN)) == f"{path}:1: not a text file (binary data)"


# -- files and folders that are not what they seem ---------------------------------------------


def test_an_empty_folder_is_a_problem(tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    assert only_problem(load_bank([folder], **KNOWN)) == f"{folder}:0: no bank files (.yaml, .yml, .csv) in this folder"


def test_a_folder_named_like_a_file_is_a_folder(tmp_path):
    odd = tmp_path / "bank" / "x.yaml"
    odd.mkdir(parents=True)
    write(odd, "inside.yaml", good_yaml())
    bank = load_bank([tmp_path / "bank"], **KNOWN)
    assert bank.ok and [q.id for q in bank.questions] == ["q-one"]
    empty = tmp_path / "y.yaml"
    empty.mkdir()
    assert only_problem(load_bank([empty], **KNOWN)).endswith("no bank files (.yaml, .yml, .csv) in this folder")


@pytest.fixture
def never_opened(monkeypatch):
    """Fail the test if anything opens one of the paths added to the returned set."""
    guarded: set[str] = set()
    real_open = os.open

    def guarded_open(path, *args, **kwargs):
        assert os.fspath(path) not in guarded, f"opened {path}"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", guarded_open)
    return guarded


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_is_reported_and_never_opened(tmp_path, never_opened):
    write(tmp_path, "good.yaml", good_yaml())
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    never_opened.add(str(fifo))
    bank = load_bank([tmp_path], **KNOWN)
    assert messages(bank) == [f"{fifo}:0: not a regular file (a FIFO); bank files are plain files"]


def test_a_link_to_a_device_is_reported_and_never_opened(tmp_path, never_opened):
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    never_opened.add(str(link))
    assert only_problem(load_bank([link], **KNOWN)) == (
        f"{link}:0: not a regular file (a character device); bank files are plain files")


def test_a_symlink_loop_is_reported(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    assert only_problem(load_bank([loop], **KNOWN)) == f"{loop}:0: cannot read: a loop of symbolic links"
    assert only_problem(load_bank([tmp_path], **KNOWN)) == f"{loop}:0: cannot read: a loop of symbolic links"


def test_a_link_to_a_folder_inside_a_folder_is_reported_not_followed(tmp_path):
    write(tmp_path / "bank", "good.yaml", good_yaml())
    (tmp_path / "bank" / "up").symlink_to("..")
    bank = load_bank([tmp_path / "bank"], **KNOWN)
    assert messages(bank) == [
        f"{tmp_path / 'bank' / 'up'}:0: a link to a folder, not followed: name that folder itself"]


def test_a_broken_link_is_reported(tmp_path):
    gone = tmp_path / "gone.yaml"
    gone.symlink_to("nowhere.yaml")
    assert only_problem(load_bank([tmp_path], **KNOWN)) == f"{gone}:0: a link to nothing (nowhere.yaml)"


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 2 * 2**20)  # the same rule, without writing 512 MB
    path = write(tmp_path, "huge.yaml", b"#" * (files.MAX_FILE_BYTES + 1))
    assert only_problem(load_bank([path], **KNOWN)) == (
        f"{path}:0: {files.MAX_FILE_BYTES + 1:,} bytes: bank files may be at most "
        f"{files.MAX_FILE_BYTES // 2**20} MB (split it into several files)")


def deny(monkeypatch, denied: Path) -> None:
    """As if `denied` were chmod 000 for this user (root reads those anyway)."""
    real_open, real_scandir = os.open, os.scandir

    def fake_open(path, *args, **kwargs):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    def fake_scandir(path="."):
        if Path(path) == denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "scandir", fake_scandir)


def test_an_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.yaml", good_yaml())
    deny(monkeypatch, path)
    assert only_problem(load_bank([tmp_path], **KNOWN)) == f"{path}:0: cannot read: permission denied"


def test_an_unreadable_folder_inside_a_bank_is_a_problem_not_skipped(tmp_path, monkeypatch):
    write(tmp_path, "good.yaml", good_yaml())
    locked = tmp_path / "locked"
    write(locked, "hidden.yaml", good_yaml(question("q-two")))
    deny(monkeypatch, locked)
    assert messages(load_bank([tmp_path], **KNOWN)) == [f"{locked}:0: cannot read this folder: permission denied"]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads chmod 000 files")
def test_chmod_000_files_and_folders_are_problems(tmp_path):
    write(tmp_path, "good.yaml", good_yaml())
    secret = write(tmp_path, "secret.yaml", good_yaml(question("q-two")))
    locked = tmp_path / "locked"
    write(locked, "hidden.yaml", good_yaml(question("q-three")))
    secret.chmod(0)
    locked.chmod(0)
    try:
        assert messages(load_bank([tmp_path], **KNOWN)) == [
            f"{locked}:0: cannot read this folder: permission denied",
            f"{secret}:0: cannot read: permission denied",
        ]
    finally:
        locked.chmod(stat.S_IRWXU)


# -- the command line: exit 1 with the problem, never a hang or a traceback --------------------


def hostile_case(name: str, tmp_path: Path, monkeypatch) -> tuple[Path, str]:
    """A path to hand to validate/import, and the start of the problem it must print."""
    if name == "empty folder":
        (tmp_path / "empty").mkdir()
        return tmp_path / "empty", f"{tmp_path / 'empty'}:0: no bank files"
    if name == "folder named x.yaml":
        (tmp_path / "x.yaml").mkdir()
        return tmp_path / "x.yaml", f"{tmp_path / 'x.yaml'}:0: no bank files"
    if name == "header-only CSV":
        return write(tmp_path, "header.csv", HEADER), f"{tmp_path / 'header.csv'}:1: no questions"
    if name == "FIFO":
        os.mkfifo(tmp_path / "pipe.yaml")
        return tmp_path, f"{tmp_path / 'pipe.yaml'}:0: not a regular file (a FIFO)"
    if name == "link to /dev/zero":
        (tmp_path / "zero.yaml").symlink_to("/dev/zero")
        return tmp_path, f"{tmp_path / 'zero.yaml'}:0: not a regular file (a character device)"
    if name == "symlink loop":
        (tmp_path / "loop.yaml").symlink_to("loop.yaml")
        return tmp_path / "loop.yaml", f"{tmp_path / 'loop.yaml'}:0: cannot read: a loop of symbolic links"
    if name == "unreadable file":
        path = write(tmp_path, "secret.yaml", good_yaml())
        deny(monkeypatch, path)
        return path, f"{path}:0: cannot read: permission denied"
    if name == "unreadable folder":
        locked = tmp_path / "locked"
        write(locked, "hidden.yaml", good_yaml())
        write(tmp_path, "good.yaml", good_yaml(question("q-two")))
        deny(monkeypatch, locked)
        return tmp_path, f"{locked}:0: cannot read this folder: permission denied"
    if name == "unquoted comma":
        path = write(tmp_path, "comma.csv", HEADER + "What is RAG?,beginner,concept,rag,genai-engineer,a, b\n")
        return path, f"{path}:2: row has 7 cells"
    if name == "billion laughs":
        path = write(tmp_path, "laughs.yaml", billion_laughs())
        return path, f"{path}:1: YAML anchors and aliases"
    raise AssertionError(name)


CASES = ["empty folder", "folder named x.yaml", "header-only CSV", "FIFO", "link to /dev/zero",
         "symlink loop", "unreadable file", "unreadable folder", "unquoted comma", "billion laughs"]


@pytest.mark.parametrize("command", ["validate", "import"])
@pytest.mark.parametrize("case", CASES)
def test_cli_exits_1_with_the_problem(case, command, tmp_path, monkeypatch, capsys, db_path):
    if case == "FIFO" and not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    (tmp_path / "files").mkdir()
    target, expected = hostile_case(case, tmp_path / "files", monkeypatch)
    status = main(["--db", str(db_path), command, str(target)])
    out, err = capsys.readouterr()
    assert status == 1
    assert expected in err
    assert "Traceback" not in err and "unexpected error" not in err
    assert "ok:" not in out and "added" not in out


# -- properties: any bytes give problems, never an exception ----------------------------------

YAML_BITS = st.sampled_from([
    "questions:", "roles:", "topics:", "competencies:", "source:", "\n", "  ", "- ", "id: ", "prompt: ",
    "&a ", "*a", "<<: ", "[", "]", "{", "}", ",", ": ", "? ", "!!binary ", "!!timestamp ", "!!python/name:x",
    "'", '"', "|", ">", "#", "2001-02-30", "1e999", "9" * 30, "~", "null", "yes", "\t", "\x85", "\ufeff",
    "levels: ", "junior: ", "beginner", "topic_weights: ", "!!bool ", "!!int ", "!!float ", "!!set ",
    "!!omap ", "!!pairs ", "!!null ", "!!map ", "!!seq ", "!!str ", "!!merge ", "<<", "%YAML 1.1\n", "---\n",
    HEADER, "\r\n",
])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=400),
                      st.lists(YAML_BITS | st.text(max_size=5), max_size=40).map(lambda p: "".join(p).encode())),
       suffix=st.sampled_from([".yaml", ".csv"]))
def test_any_bytes_give_problems_never_an_exception(tmp_path, data, suffix):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    bank = load_bank([path], **KNOWN)
    for problem in bank.problems:
        text = str(problem)
        assert text.startswith(f"{path}:") and "\n" not in text
