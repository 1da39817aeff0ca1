"""What the builder learns from our interviews: each question's exposure over the role's last
loops (for the exposure cap) and its discrimination (to prefer questions with signal).

The builder sits below Insight, so it takes these as plain data (`building.History`); the app
and the command line ask here for the History a request needs, and pay for nothing else.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desktop.core.building import History, SetRequest
from desktop.core.insight.data import load_ratings
from desktop.core.insight.questions import question_figures, recent_exposure, signal_of


def history_for(session: Session, request: SetRequest) -> History:
    """The exposure (when the request caps it) and signal (when it prefers it) of the role's
    questions; an empty History when it asks for neither."""
    if not request.needs_history:
        return History()
    data = load_ratings(session, request.role)
    exposure, loops = recent_exposure(data, request.exposure_loops) if request.exposure_cap is not None else ({}, 0)
    signal = signal_of(question_figures(data)) if request.prefer_signal else {}
    return History(exposure, loops, signal)
