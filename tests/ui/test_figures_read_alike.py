"""The same interview's figures read the same in the app and on paper: the mean rating to two
places and every time spent as the clock shows it (2.57 and 4:17, not 2.6 and "4 min")."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from desktop.core.storage.models import Interview
from desktop.core.interviewing.records import candidate_entries
from desktop.core.paper import ExportOptions, build_pdf
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.ui.interview_view import InterviewView
from tests.core.pdf_fixtures import INTERVIEWERS, loop_data  # noqa: F401  (a fixture)


def pdf_text(store, kind: str, target: int) -> str:
    with store.session() as s:
        reader = PdfReader(io.BytesIO(build_pdf(s, kind, target, ExportOptions())))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_mean_and_times_read_identically_in_the_app_and_the_pdf(qtbot, store, loop_data):
    save_preferences(Preferences(interviewer_name=INTERVIEWERS[0]))
    interview_id = loop_data.interview_ids[0]
    paper = pdf_text(store, "scorecard", interview_id)

    with store.session() as s:
        entry = next(i for c in candidate_entries(s, viewer=INTERVIEWERS[0]) for i in c.interviews
                     if i.id == interview_id)
        seconds = [a.seconds_spent for a in sorted(s.get(Interview, interview_id).annotations,
                                                    key=lambda a: a.position)]
    assert f"Overall mean {entry.score_label} over" in paper  # the Candidates page's figure

    view = InterviewView(store)
    qtbot.addWidget(view)
    view.show_scorecard(interview_id)
    app_times = re.findall(r"time (\d+:\d\d)", view.scorecard.toPlainText())
    assert len(app_times) == len(seconds) and app_times[1] == "4:17"
    for shown in app_times:
        assert shown in paper
