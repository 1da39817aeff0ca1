"""Packets, scorecards and debriefs read back with pypdf: what a committee relies on is printed."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from pypdf import PdfReader

from desktop.core.storage.models import Candidate, Interview, InterviewSet, Loop, Question
from desktop.core.paper import ExportError, ExportOptions, build_pdf, export_to_file, write_pdf
from desktop.core.paper.common import RATING_ANCHORS
from tests.core.pdf_fixtures import (  # noqa: F401  (loop_data is a fixture)
    CANDIDATE_NAME,
    INTERVIEWERS,
    add_hostile_interview,
    loop_data,
    make_loop,
)


def read(data: bytes) -> tuple[str, PdfReader]:
    """All printed text with runs of white space made single spaces (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), reader


def body_text(reader: PdfReader) -> str:
    """The text between the running header and the footer, page after page."""
    parts: list[str] = []

    def keep(text, cm, tm, *_):
        y = cm[3] * tm[5] + cm[5]
        if 60 < y < 770:  # inside the margins on both A4 and Letter
            parts.append(text)

    for page in reader.pages:
        page.extract_text(visitor_text=keep)
    return " ".join("".join(parts).split())


def flat(text: str) -> str:
    return " ".join(str(text).split())


def export(store, kind: str, target: int, **options) -> tuple[str, PdfReader]:
    with store.session() as s:
        return read(build_pdf(s, kind, target, ExportOptions(**options)))


def test_packet_prints_every_question_with_rubric_follow_ups_and_cover(store, loop_data):
    text, reader = export(store, "packet", loop_data.set_ids[0])
    with store.session() as s:
        item = s.get(InterviewSet, loop_data.set_ids[0])
        for entry in item.items:
            q = entry.question
            assert flat(q.prompt) in text
            for point in q.rubric:
                assert flat(point) in text
            for follow_up in q.follow_ups:
                assert flat(follow_up) in text
    for anchor in RATING_ANCHORS.values():
        assert anchor in text  # the scale is explained once, on the cover
    assert "Generative AI Engineer" in text and CANDIDATE_NAME in text and INTERVIEWERS[0] in text
    total = len(reader.pages)
    assert total > 1
    for n in range(1, total + 1):
        assert f"Page {n} of {total}" in reader.pages[n - 1].extract_text()
        assert "Interview packet" in reader.pages[n - 1].extract_text()  # running header


def test_packet_of_a_set_without_interview_leaves_blank_lines(store):
    with store.session() as s, s.begin():
        questions = s.query(Question).order_by(Question.id).limit(3).all()
        from desktop.core.storage.models import SetItem

        item = InterviewSet(name="Screen", role_id="prompt-engineer", level="junior",
                            items=[SetItem(question_id=q.id, position=i) for i, q in enumerate(questions)])
        s.add(item)
        s.flush()
        set_id = item.id
    text, _ = export(store, "packet", set_id)
    assert "Screen" in text and "Prompt Engineer" in text
    assert "____" in text  # candidate, interviewer and date to fill in by hand


def test_scorecard_prints_notes_ratings_recommendation_and_seal(store, loop_data):
    for n in (0, 3):  # the other two are read back by the debrief test
        interview_id = loop_data.interview_ids[n]
        text, reader = export(store, "scorecard", interview_id)
        assert CANDIDATE_NAME in text
        for note in loop_data.notes[n]:
            assert flat(note) in text
        with store.session() as s:
            interview = s.get(Interview, interview_id)
            recommendation = {"yes": "Yes", "strong_yes": "Strong yes", "no": "No"}[interview.recommendation]
            assert flat(interview.summary) in text
            for a in interview.annotations:
                assert flat(a.question.prompt) in text
                if a.skipped:
                    assert "Rating: Skipped" in text
                else:
                    assert f"Rating: {a.rating} – {RATING_ANCHORS[a.rating]}" in text
        assert recommendation in text
        # The seal is on every page's footer.
        for page in reader.pages:
            assert loop_data.digests[n] in page.extract_text()


def test_amended_scorecard_shows_the_amendment(store, loop_data):
    text, _ = export(store, "scorecard", loop_data.interview_ids[2])
    assert "Amendment 1 by Chen Wei" in text
    assert "Rated question 2 before hearing the follow-up answer." in text
    # Said as the app says it (amendment_words): question numbers as printed, from → to.
    assert "recommendation: No → Yes" in text and "question 2: rating 2 → 3" in text
    assert "annotations" not in text and "rating: 3" not in text  # never a stored path
    assert "amended 1 time after sealing" in text


def test_amended_notes_and_summary_are_printed_in_full_with_the_amendment(store, loop_data):
    from desktop.core import interviewing

    with store.transaction() as s:
        interviewing.amend_interview(s, loop_data.interview_ids[0], author="Priya Raman", reason="Notes were cut off",
                                     changes={"summary": "A corrected summary.",
                                              "annotations": {"2": {"notes": "The full answer <with> & more."}}})
    text, _ = export(store, "scorecard", loop_data.interview_ids[0])
    assert "summary edited" in text and "question 3: notes edited" in text
    assert "New summary: A corrected summary." in text
    assert "New notes for question 3: The full answer <with> & more." in text


def test_draft_scorecard_says_it_is_not_sealed(store, loop_data):
    from desktop.core import interviewing

    with store.session() as s, s.begin():
        draft = interviewing.create_interview(s, set_id=loop_data.set_ids[0], candidate_id=loop_data.candidate_id,
                                              interviewer="Priya Raman")
        interviewing.begin_interview(s, draft.id)
        interviewing.update_annotation(s, draft.id, 0, rating=3, notes="so far so good")
        draft_id = draft.id
    text, _ = export(store, "scorecard", draft_id)
    assert "not submitted, not sealed" in text
    assert "SHA-256" not in text and "SEAL BROKEN" not in text


def test_debrief_puts_every_interview_side_by_side_then_each_scorecard(store, loop_data):
    text, _ = export(store, "debrief", loop_data.candidate_id)
    assert CANDIDATE_NAME in text
    for name in INTERVIEWERS:
        assert name in text
    for notes in loop_data.notes:
        for note in notes:
            assert flat(note) in text
    for digest in loop_data.digests:
        assert digest in text
    # Chen Wei amended No to Yes after sealing: the debrief counts the scorecard as amended
    assert "4 yes (1 strong) and 0 no (0 strong) from 4 submitted scorecards" in text
    assert "Strong yes" in text and "Combined across the loop" in text
    with store.session() as s:
        for qids in loop_data.question_ids:
            for qid in qids:
                assert flat(s.get(Question, qid).prompt) in text


def test_debrief_names_drafts_and_leaves_them_out_of_the_tally(store):
    with store.session() as s, s.begin():
        small = make_loop(s, interviews=3, per_interview=2)
        s.get(Interview, small.interview_ids[1]).status = "in_progress"
        loop = s.get(Loop, small.loop_id)
        loop.debrief_override_at, loop.debrief_override_by = datetime(2026, 11, 21, 17, 5), "Hiring manager"
        loop.debrief_override_reason = "Offer deadline; Jonas is out until Monday."
    text, _ = export(store, "debrief", small.candidate_id)
    assert ("Opened early by Hiring manager, 21 Nov 2026, 17:05 UTC: Offer deadline; Jonas is out "
            "until Monday.") in text
    assert f"Not yet submitted: {INTERVIEWERS[1]}" in text
    assert "2 yes (0 strong) and 0 no (0 strong) from 2 submitted scorecards" in text  # one amended No → Yes


@pytest.mark.parametrize("kind", ["packet", "scorecard", "debrief"])
def test_anonymous_exports_hide_the_candidate_name(store, loop_data, kind):
    target = {"packet": loop_data.set_ids[0], "scorecard": loop_data.interview_ids[0],
              "debrief": loop_data.candidate_id}[kind]
    hidden, _ = export(store, kind, target, anonymous=True)  # the other tests show the name
    for part in ("Amélie", "Nakamura", "O'Connor"):
        assert part not in hidden
    assert f"Candidate #{loop_data.candidate_id}" in hidden


@pytest.mark.parametrize("size, width", [("a4", 595), ("letter", 612)])
def test_page_size_a4_or_letter(store, loop_data, size, width):
    _, reader = export(store, "scorecard", loop_data.interview_ids[0], page_size=size)
    assert round(float(reader.pages[0].mediabox.width)) == width


def test_hostile_text_prints_as_typed_and_nothing_is_lost(store, loop_data):
    from tests.core.pdf_fixtures import EMOJI, HOSTILE_MARKUP, LONG_WORD, long_note

    with store.session() as s, s.begin():
        interview_id = add_hostile_interview(s, loop_data)
        s.get(InterviewSet, loop_data.set_ids[0]).name = "Set <i>&amp; " + LONG_WORD
    text, reader = export(store, "scorecard", interview_id)
    assert flat(HOSTILE_MARKUP) in text  # markup printed, not obeyed
    assert "Zoë <admin> & Co" in text
    assert flat(long_note()) in body_text(reader)  # 20,000 characters, every one of them
    assert len(reader.pages) >= 5
    squeezed = re.sub(r"\s", "", text)
    assert "before" + LONG_WORD + "after" in squeezed  # broken across lines, never cut off
    # Emoji have no glyph in DejaVu: they print by name, the text around them stays.
    assert "Great answer [thumbs up sign] — loved the [flag FR] example [robot face]" in text
    assert "«quotes» “curly” ‘single’ naïve café [U+4E2D][U+6587] done" in text
    assert EMOJI.split()[0] in text
    packet, _ = export(store, "packet", loop_data.set_ids[0])
    assert "Set <i>&amp;" in packet and LONG_WORD in re.sub(r"\s", "", packet)


def test_unknown_targets_are_a_clear_error(store):
    with store.session() as s:
        for kind in ("packet", "scorecard", "debrief"):
            with pytest.raises(ExportError, match="no (set|interview|candidate) with id 9999"):
                build_pdf(s, kind, 9999)
        with pytest.raises(ExportError, match="unknown export"):
            build_pdf(s, "poster", 1)


def test_candidate_without_interviews_cannot_be_debriefed(store):
    with store.session() as s, s.begin():
        candidate = Candidate(name="Nobody Yet")
        s.add(candidate)
        s.flush()
        candidate_id = candidate.id
    with store.session() as s, pytest.raises(ExportError, match="no interviews"):
        build_pdf(s, "debrief", candidate_id)


def test_export_to_file_writes_a_pdf_and_refuses_a_folder(store, loop_data, tmp_path):
    path = export_to_file(store, "scorecard", loop_data.interview_ids[0], tmp_path / "out" / "card.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    with pytest.raises(ExportError, match="is a folder"):
        write_pdf(tmp_path, b"%PDF")
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["card.pdf"]  # no temporary left behind


def test_two_exports_at_once_on_worker_threads_both_come_out_whole(store, loop_data, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    jobs = [("scorecard", loop_data.interview_ids[0]), ("packet", loop_data.set_ids[1])]
    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda job: export_to_file(store, *job, tmp_path / f"{job[0]}.pdf"), jobs))
    card = read(paths[0].read_bytes())[0]
    packet = read(paths[1].read_bytes())[0]
    assert loop_data.digests[0] in card and "Interview packet" in packet
    assert INTERVIEWERS[1] in packet and "Interview packet" not in card


def test_a_packet_question_never_splits_from_its_rubric_and_scale(store):
    with store.session() as s, s.begin():
        from desktop.core.storage.models import SetItem

        questions = s.query(Question).order_by(Question.id).limit(20).all()
        item = InterviewSet(name="Twenty", items=[SetItem(question_id=q.id, position=i)
                                                  for i, q in enumerate(questions)])
        s.add(item)
        s.flush()
        set_id = item.id
        expected = [(f"{n}. {flat(q.prompt)[:60]}", flat(q.rubric[-1])) for n, q in enumerate(questions, 1)]
    _, reader = export(store, "packet", set_id)
    pages = [flat(page.extract_text()) for page in reader.pages[1:]]
    for prompt, last_point in expected:
        page = next(p for p in pages if prompt in p)  # "3. Prompt": the question, not the overview
        after = page[page.index(prompt):]
        assert last_point in after and "RATING" in after and "NOTES" in after


def test_every_debrief_scorecard_page_carries_its_own_seal_only(store, loop_data):
    _, reader = export(store, "debrief", loop_data.candidate_id)
    seals = [[d for d in loop_data.digests if d in page.extract_text()] for page in reader.pages]
    assert seals[0] == []  # the side-by-side pages are not one scorecard
    assert all(len(found) <= 1 for found in seals)
    order = [found[0] for found in seals if found]
    assert order == sorted(order, key=loop_data.digests.index)  # scorecards in loop order
    assert set(order) == set(loop_data.digests)


def test_scorecard_figures_average_by_difficulty_and_topic(store, loop_data):
    from desktop.core.paper.figures import all_ratings, by_difficulty, by_topic

    with store.session() as s:
        annotations = list(s.get(Interview, loop_data.interview_ids[0]).annotations)
        rated = [a for a in annotations if not a.skipped and a.rating is not None]
        assert all_ratings(annotations) == [a.rating for a in rated]
        groups = by_difficulty(annotations)
        assert list(groups)[:3] == ["beginner", "intermediate", "advanced"]
        assert sum(len(v) for v in groups.values()) == len(rated) == 7
        topics = by_topic(annotations)
        for topic, ratings in topics.items():
            assert ratings == [a.rating for a in rated if topic in a.question.topics]
    text, _ = export(store, "scorecard", loop_data.interview_ids[0])
    mean = sum(a.rating for a in rated) / len(rated)
    assert f"Overall mean {mean:.2f} over 7 rated of 8 questions" in text


def test_debrief_matrix_breaks_interviewer_names_between_words_only(store, loop_data):
    with store.transaction() as s:
        first = s.get(Interview, loop_data.interview_ids[0])
        first.interviewer = "Elena Sokolova"  # "Sokolova" is a little wider than the column
    _, reader = export(store, "debrief", loop_data.candidate_id)
    matrix_page = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    header = matrix_page[matrix_page.index("Difficulty"):]
    assert "Sokolova" in header.split()  # one word, shrunk to fit, never cut


def test_a_debrief_outside_a_loop_prints_the_sets_level(store):
    from tests.core.interview_fixtures import make_candidate, make_set
    from desktop.core import interviewing as iv

    with store.transaction() as s:
        candidate = make_candidate(s)
        interview = iv.create_interview(s, set_id=make_set(s).id, candidate_id=candidate.id, interviewer="Rita")
        iv.begin_interview(s, interview.id)
        for a in interview.annotations:
            iv.update_annotation(s, interview.id, a.position, rating=3)
        iv.submit_interview(s, interview.id, recommendation="yes", summary="Solid.")
        candidate_id = candidate.id
    text, _ = export(store, "debrief", candidate_id)
    facts = text.split("Competencies")[0]  # the debrief's own heading, not a scorecard's
    assert re.search(r"LEVEL Mid DATES", facts)


def test_the_early_open_note_reads_the_time_as_people_write_it(store):
    from desktop.core.interviewing import access

    with store.session() as s, s.begin():
        small = make_loop(s, interviews=2, per_interview=2)
        s.get(Interview, small.interview_ids[1]).status = "in_progress"
        access.override_debrief(s, small.loop_id, by="Hiring manager", reason="Offer deadline.",
                                now=datetime(2026, 11, 23, 10, 0))
        _, why = access.debrief_state(s, small.loop_id)
    assert "on 23 Nov 2026, 10:00 UTC: Offer deadline." in why and "T10:00" not in why
