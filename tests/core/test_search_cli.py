"""`interview-desk search`: ranked results, filters, JSON, one-line errors."""

from __future__ import annotations

import json

from desktop.core.cli import main

QUESTION_FIELDS = {"id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer",
                   "follow_ups", "related", "minutes", "source", "retired", "competencies", "anchors",
                   "red_flags"}


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_search_json_is_list_questions_plus_score_and_snippet(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "search", "controlnet", "depth", "--json", "--limit", "3")
    assert status == 0
    rows = json.loads(out)
    assert len(rows) == 3 and rows[0]["id"] == "img-040"
    assert set(rows[0]) == QUESTION_FIELDS | {"score", "snippet"}
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]
    assert "[depth]" in rows[0]["snippet"] and "\x02" not in rows[0]["snippet"]


def test_search_filters_repeat(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "search", "prompt", "--difficulty", "advanced",
                         "--difficulty", "intermediate", "--kind", "scenario", "--topic", "prompting",
                         "--role", "prompt-engineer", "--json")
    rows = json.loads(out)
    assert status == 0 and rows
    for row in rows:
        assert row["difficulty"] in ("advanced", "intermediate") and row["kind"] == "scenario"
        assert "prompting" in row["topics"] and "prompt-engineer" in row["roles"]


def test_search_prints_a_table_and_says_when_more_match(capsys, db_path):
    status, out, err = run(capsys, "--db", str(db_path), "search", "mode collapse", "--limit", "2")
    assert status == 0
    assert out.splitlines()[0].split() == ["ID", "SCORE", "DIFFICULTY", "KIND", "MATCH"]
    assert len(out.splitlines()) == 3 and "[mode] [collapse]" in out
    assert "more questions match" in err


def test_hostile_queries_exit_zero(capsys, db_path):
    for typed in ('"', "AND (", "NEAR(", "a'b", "*", "ubuntu 20.04"):
        status, _, err = run(capsys, "--db", str(db_path), "search", typed, "--json")
        assert status == 0 and err == ""


def test_no_match_is_said_plainly(capsys, db_path):
    status, out, _ = run(capsys, "--db", str(db_path), "search", "zzzyzzx")
    assert (status, out.strip()) == (0, "no questions match")


def test_unknown_topic_role_and_bad_limit_are_one_line_errors(capsys, db_path):
    for argv, message in ((["--topic", "nope"], "no topic 'nope' (topics: Agents and tool use, "),
                          (["--role", "chef"], "no role 'chef' (roles: AI Image Generation Specialist, "),
                          (["--limit", "0"], "--limit must be between 1 and 10000, not 0")):
        status, _, err = run(capsys, "--db", str(db_path), "search", "lora", *argv)
        assert status == 1 and message in err and "Traceback" not in err
        assert len(err.strip().splitlines()) == 1
