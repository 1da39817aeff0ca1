"""Anonymous means anonymous: no spelling of the candidate's name, nor their e-mail address, is
left anywhere in an anonymous PDF (text, running headers, metadata) or its suggested file name."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.core import interviewing
from desktop.core.building.sets import SetDraft, save_loop
from desktop.core.interviewing.anonymize import anonymizer, fold
from desktop.core.interviewing.candidates import create_candidate
from desktop.core.interviewing.decisions import record_decision
from desktop.core.paper import ExportOptions, build_pdf, suggested_file_name
from desktop.core.paper.packet import build_loop_packet
from desktop.core.storage.models import Question, QuestionRole

NAME = "Zoë O'Brien-Smith"
EMAIL = "zoe.obrien-smith@example.com"
# Everything an interviewer might type about her.
VARIANTS = ("Zoë", "Zoe", "ZOE", "zoë", "O'Brien", "O’Brien", "OBrien", "obrien", "Obrien-Smith", "obrien-smith",
            "O'Brien-Smith", "O’Brien-Smith", "Smith", "SMITH", "Z. O'Brien", "Zoe O.", "ZOS", "ZOBS", EMAIL,
            "Zoë's", "Zoe Obriensmith")
LEAKS = ("zoe", "brien", "smith", "example.com", "zos", "zobs")  # folded: none may remain


def mention_all(prefix: str) -> str:
    return prefix + " " + "; ".join(f"{v} said so" for v in VARIANTS) + f". Mail her at <{EMAIL}>."


@pytest.fixture
def zoe(store):
    """Her loop of two, made as the app makes it, every text field naming her some way."""
    with store.transaction() as s:
        candidate = create_candidate(s, name=NAME, role_id="genai-engineer", notes=f"Contact {EMAIL}")
        ids = list(s.scalars(select(Question.id).join(QuestionRole).where(QuestionRole.role_id == "genai-engineer")
                             .order_by(Question.id).limit(6)))
        drafts = [SetDraft.of(ids[:3], role_id="genai-engineer", level="mid"),
                  SetDraft.of(ids[3:], role_id="genai-engineer", level="mid", focus=f"For {NAME}")]
        loop = save_loop(s, f"Onsite for Zoë O’Brien-Smith ({EMAIL})", drafts, role_id="genai-engineer",
                         level="mid", candidate_id=candidate.id)
        interview_ids = []
        for n, item in enumerate(sorted(loop.sets, key=lambda x: x.loop_position)):
            interview = interviewing.create_interview(s, set_id=item.id, candidate_id=candidate.id,
                                                      interviewer=("Priya Raman", "Jonas Weber")[n])
            interviewing.begin_interview(s, interview.id)
            for position in range(3):
                interviewing.update_annotation(s, interview.id, position, rating=2 + position % 3,
                                               notes=mention_all(f"Q{position + 1}:"))
            interviewing.submit_interview(s, interview.id, recommendation="yes", summary=mention_all("Summary:"))
            interview_ids.append(interview.id)
        interviewing.amend_interview(s, interview_ids[0], author="Priya Raman", reason=mention_all("Reason:"),
                                     changes={"annotations": {"1": {"rating": 4, "notes": mention_all("Fixed:")}},
                                              "summary": mention_all("Amended summary:")})
        record_decision(s, candidate.id, decision="hold", by="Hiring Manager", reason=mention_all("Decision:"))
        return candidate.id, loop.id, [item.id for item in loop.sets], interview_ids


def everything_in(data: bytes) -> str:
    """Every character a reader of the file can get at: page text and the metadata."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    return text + " " + meta


def leaks(text: str) -> list[str]:
    folded = fold(" ".join(text.split()))[0]
    return [word for word in LEAKS if re.search(rf"(?<![a-z]){re.escape(word)}", folded)]


def test_an_anonymous_export_keeps_no_spelling_of_the_name_nor_the_email(store, zoe):
    candidate_id, loop_id, set_ids, interview_ids = zoe
    anonymous = ExportOptions(anonymous=True)
    with store.session() as s:
        named = everything_in(build_pdf(s, "debrief", candidate_id, ExportOptions()))
        assert "O'Brien-Smith" in named and EMAIL in named.replace("\n", "")  # the data does name her
        exports = {
            "scorecard": build_pdf(s, "scorecard", interview_ids[0], anonymous),
            "debrief": build_pdf(s, "debrief", candidate_id, anonymous),
            "packet": build_pdf(s, "packet", set_ids[1], anonymous),
            "loop packet": build_loop_packet(s, loop_id, anonymous),
        }
        names = [suggested_file_name(s, kind, target, anonymous) for kind, target in
                 (("scorecard", interview_ids[0]), ("debrief", candidate_id), ("packet", set_ids[1]))]
    for kind, data in exports.items():
        text = everything_in(data)
        assert leaks(text) == [], f"the anonymous {kind} still names her: {leaks(text)}"
        assert f"#{candidate_id}" in text
    assert [leaks(name) for name in names] == [[], [], []], names


def test_the_anonymous_scorecard_keeps_what_was_said_about_her():
    hide = anonymizer(NAME)
    assert hide("Zoë explained the trade-offs; ZOE and obrien-smith agreed.") == (
        "[candidate] explained the trade-offs; [candidate] and [candidate] agreed.")
    assert hide("Z. O'Brien wrote to zoe.obrien-smith@example.com and bob@example.org") == (
        "[candidate] wrote to [candidate] and [candidate]")
    assert hide("O’Brien-Smith, Zoë: Smithson and blacksmith stay; ML stays") == (
        "[candidate]: Smithson and blacksmith stay; ML stays")
    assert hide("Zoe\u0308's answer (decomposed accent)") == "[candidate]'s answer (decomposed accent)"
    assert anonymizer("Amélie O'Connor-Nakamura", "[c]")("Amelie-like; Nakamura-san; AMÉLIE") == (
        "[c]-like; [c]-san; [c]")
