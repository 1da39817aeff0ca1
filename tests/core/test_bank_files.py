"""Reading bank files: every problem reported as FILE:LINE: question ID: message, in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.bank.files import load_bank

KNOWN = {"known_topics": {"diffusion", "prompting", "rag"}, "known_roles": {"prompt-engineer", "genai-engineer"}}

GOOD = """\
questions:
  - id: q-one
    prompt: What does classifier-free guidance trade off?
    difficulty: intermediate
    kind: concept
    topics: [diffusion]
    roles: [genai-engineer]
    minutes: 5
    rubric:
      - Prompt adherence against diversity
      - Typical range of values
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def messages(bank) -> list[str]:
    return [str(p) for p in bank.problems]


def test_a_good_file_loads_its_question(tmp_path):
    bank = load_bank([write(tmp_path, "good.yaml", GOOD)], **KNOWN)
    assert bank.ok
    [q] = bank.questions
    assert (q.id, q.difficulty, q.kind, q.topics, q.roles) == (
        "q-one", "intermediate", "concept", ["diffusion"], ["genai-engineer"])
    assert q.rubric == ["Prompt adherence against diversity", "Typical range of values"]


@pytest.mark.parametrize(
    "change, line, message",
    [
        (("difficulty: intermediate", "difficulty: expert"), 4,
         "unknown difficulty 'expert' (use beginner, intermediate, advanced)"),
        (("    prompt: What does classifier-free guidance trade off?\n", ""), 2, "missing prompt"),
        (("rubric:\n      - Prompt adherence against diversity\n      - Typical range of values", "rubric: []"), 9, "empty rubric"),
        (("roles: [genai-engineer]", "roles: [astronaut]"), 7, "unknown role 'astronaut'"),
        (("topics: [diffusion]", "topics: [cooking]"), 6, "unknown topic 'cooking'"),
        (("minutes: 5", "minutes: five"), 8, "minutes must be a whole number, not text"),
        (("kind: concept", "kind: [concept]"), 5, "kind must be text, not a list"),
        (("minutes: 5", "minutes: 5\n    colour: blue"), 9, "unknown key 'colour'"),
    ],
)
def test_each_problem_names_file_line_and_question(tmp_path, change, line, message):
    path = write(tmp_path, "bad.yaml", GOOD.replace(*change))
    bank = load_bank([path], **KNOWN)
    assert messages(bank) == [f"{path}:{line}: question q-one: {message}"]
    assert bank.questions == []


def test_duplicate_ids_across_files_point_at_the_first(tmp_path):
    first = write(tmp_path, "a.yaml", GOOD)
    second = write(tmp_path, "b.yaml", GOOD)
    bank = load_bank([first, second], **KNOWN)
    assert messages(bank) == [f"{second}:2: question q-one: duplicate id (first defined at {first}:2)"]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("questions:\n  - id: x\n    prompt: [unclosed\n", ":4: not valid YAML"),
        ("", ":1: empty file"),
        ("   \n\n", ":1: empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ":1: not a text file (binary data)"),
        (b"questions:\n  - id: \xff\xfe\n", ":2: not UTF-8 text"),
        ("just a sentence", ":1: expected a mapping with 'questions', 'roles', 'topics' or 'competencies'"),
        ("questions: 12\n", ":1: 'questions' must be a list"),
    ],
)
def test_files_that_are_not_a_bank_are_reported_not_raised(tmp_path, content, expected):
    path = write(tmp_path, "broken.yaml", content)
    bank = load_bank([path], **KNOWN)
    assert len(bank.problems) == 1
    assert str(bank.problems[0]).startswith(f"{path}{expected}")


def test_all_problems_are_reported_in_one_pass(tmp_path):
    text = GOOD + GOOD.replace("questions:\n", "").replace("q-one", "q-two").replace(
        "difficulty: intermediate", "difficulty: easy").replace("roles: [genai-engineer]", "roles: []")
    bad = write(tmp_path, "many.yaml", text)
    empty = write(tmp_path, "empty.yaml", "")
    bank = load_bank([bad, empty], **KNOWN)
    assert messages(bank) == [
        f"{empty}:1: empty file",
        f"{bad}:14: question q-two: unknown difficulty 'easy' (use beginner, intermediate, advanced)",
        f"{bad}:17: question q-two: no roles",
    ]


def test_related_ids_must_exist(tmp_path):
    path = write(tmp_path, "r.yaml", GOOD.replace("minutes: 5", "minutes: 5\n    related: [q-ghost]"))
    assert messages(load_bank([path], **KNOWN)) == [f"{path}:2: question q-one: related id 'q-ghost' does not exist"]


def test_source_with_hash_number_survives_when_quoted(tmp_path):
    path = write(tmp_path, "s.yaml", GOOD.replace("minutes: 5", 'minutes: 5\n    source: "seed.txt Beginner #3"'))
    assert load_bank([path], **KNOWN).questions[0].source == "seed.txt Beginner #3"


CSV_HEADER = "id,prompt,difficulty,kind,topics,roles,rubric,minutes,answer\n"


def test_csv_rows_become_questions(tmp_path):
    path = write(tmp_path, "sheet.csv", CSV_HEADER + (
        'c-1,"What is RAG, and when is it worth it?",beginner,concept,rag;prompting,genai-engineer;prompt-engineer,'
        '"Retrieves documents\nGrounds the answer; Cites sources",4,Retrieval then generation.\n'
        ',No id here,advanced,scenario,rag,genai-engineer,One point,,\n'))
    bank = load_bank([path], **KNOWN)
    assert bank.ok, messages(bank)
    first, second = bank.questions
    assert first.topics == ["rag", "prompting"] and first.roles == ["genai-engineer", "prompt-engineer"]
    assert first.rubric == ["Retrieves documents", "Grounds the answer", "Cites sources"]
    assert first.minutes == 4 and first.answer == "Retrieval then generation."
    assert second.id == "sheet-002" and second.minutes == 8


def test_csv_problems_name_the_row_line(tmp_path):
    path = write(tmp_path, "sheet.csv", CSV_HEADER + "c-1,Fine,beginner,concept,rag,genai-engineer,A point,3,\n"
                 "c-2,,hard,concept,rag,genai-engineer,,3,\n")
    assert messages(load_bank([path], **KNOWN)) == [
        f"{path}:3: question c-2: empty prompt",
        f"{path}:3: question c-2: unknown difficulty 'hard' (use beginner, intermediate, advanced)",
        f"{path}:3: question c-2: empty rubric",
    ]


def test_csv_without_required_columns_is_refused(tmp_path):
    path = write(tmp_path, "sheet.csv", "prompt,difficulty\nHi,beginner\n")
    assert messages(load_bank([path], **KNOWN)) == [f"{path}:1: missing column(s): kind, topics, roles, rubric"]
