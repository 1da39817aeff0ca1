"""Question statistics: uses, exposure, ratings, discrimination, agreement with the decision, drift.

Below MIN_USES rated uses a figure is None and the question carries the flag "too few
interviews": a correlation over a handful of interviews is noise, and a number would be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from desktop.core.insight.calibration import TOO_FEW, Fit, fit_additive
from desktop.core.insight.data import Ratings

MIN_USES = 10  # rated uses before discrimination and drift are shown
MIN_DECIDED = 10  # uses with a recorded hire / no-hire before agreement with the decision is shown
RECENT_DAYS = 90  # exposure: share of the loops of the last 90 days (to the latest interview)
DRIFT_Z = 3.0  # drift is flagged when its slope stands this many standard errors above the bank's
DRIFT_MIN = 0.5  # ... and the rise is at least half a rating point a year
EXPOSURE_CAP = 0.25  # a default for `over_exposure`: a question in more than a quarter of recent loops


@dataclass(frozen=True)
class QuestionFigure:
    id: str
    uses: int
    last_used: datetime | None
    exposure: float  # share of recent loops that asked it
    distribution: tuple[int, int, int, int]  # how many 1s, 2s, 3s, 4s
    mean: float | None
    discrimination: float | None  # correlation with the rest of the candidate's loop
    decision_agreement: float | None  # correlation with hire (1) / no hire (0)
    drift: float | None  # rating points per year, relative to the bank's trend
    drift_z: float | None
    flags: tuple[str, ...]

    def as_dict(self) -> dict:
        def r(v):
            return None if v is None else round(float(v), 3)
        return {"id": self.id, "uses": self.uses,
                "last_used": self.last_used.isoformat(timespec="seconds") if self.last_used else None,
                "exposure": r(self.exposure), "distribution": list(self.distribution), "mean": r(self.mean),
                "discrimination": r(self.discrimination), "decision_agreement": r(self.decision_agreement),
                "drift": r(self.drift), "drift_z": r(self.drift_z), "flags": list(self.flags)}


def _correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    if x.size < 3 or x.std() == 0 or y.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def rest_of_loop(r: Ratings) -> np.ndarray:
    """For each rating: the mean of the candidate's other ratings in the same loop (NaN if none)."""
    loop = r.interview_loop[r.interview]
    _, key = np.unique(loop, return_inverse=True)
    total = np.bincount(key, weights=r.rating)
    n = np.bincount(key).astype(float)
    others = n[key] - 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(others > 0, (total[key] - r.rating) / others, np.nan)


def slopes(group: np.ndarray, x: np.ndarray, y: np.ndarray, groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares slope of y on x within each group, and its standard error (NaN when undefined)."""
    n = np.bincount(group, minlength=groups).astype(float)
    safe = np.maximum(n, 1)
    mx = np.bincount(group, weights=x, minlength=groups) / safe
    my = np.bincount(group, weights=y, minlength=groups) / safe
    dx, dy = x - mx[group], y - my[group]
    sxx = np.bincount(group, weights=dx * dx, minlength=groups)
    sxy = np.bincount(group, weights=dx * dy, minlength=groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = sxy / sxx
        fitted_error = dy - slope[group] * dx
        sse = np.bincount(group, weights=np.nan_to_num(fitted_error) ** 2, minlength=groups)
        se = np.sqrt(sse / np.maximum(n - 2, 1) / sxx)
    bad = (n < 3) | (sxx <= 0)
    slope[bad], se[bad] = np.nan, np.nan
    return slope, se


def question_figures(r: Ratings, fit: Fit | None = None, *, min_uses: int = MIN_USES) -> list[QuestionFigure]:
    fit = fit or fit_additive(r)
    count = len(r.questions)
    if not count:
        return []
    uses = np.bincount(r.question, minlength=count)
    dist = np.zeros((count, 4), dtype=np.int64)
    np.add.at(dist, (r.question, r.rating.astype(np.int64).clip(1, 4) - 1), 1)
    means = np.bincount(r.question, weights=r.rating, minlength=count) / np.maximum(uses, 1)
    last_day = np.full(count, -np.inf)
    np.maximum.at(last_day, r.question, r.day)
    # Exposure: of the loops held in the last RECENT_DAYS, the share that asked the question.
    loop_day = r.interview_day
    latest = float(loop_day.max()) if loop_day.size else 0.0
    recent_interviews = np.flatnonzero(loop_day >= latest - RECENT_DAYS)
    recent_loops = np.unique(r.interview_loop[recent_interviews]) if recent_interviews.size else np.zeros(0)
    in_recent = np.isin(r.interview_loop[r.interview], recent_loops)
    _, loop_code = np.unique(r.interview_loop, return_inverse=True)
    loops = int(loop_code.max()) + 1 if loop_code.size else 1
    asked = np.unique(r.question[in_recent] * loops + loop_code.reshape(-1)[r.interview][in_recent])
    exposure = np.bincount(asked // loops, minlength=count) / max(len(recent_loops), 1)
    # Discrimination: does a high rating here go with a high rating on the rest of the loop?
    rest = rest_of_loop(r)
    # Drift: the question's ratings, with who was interviewed and by whom taken out, against time;
    # measured against the bank's own trend (a harder or easier intake moves every question).
    adjusted = r.rating - fit.mu - fit.candidate[r.candidate] - fit.interviewer[r.interviewer]
    years = r.day / 365.25
    slope, se = slopes(r.question, years, adjusted, count)
    bank_trend = float(np.nanmedian(slope[uses >= min_uses])) if (uses >= min_uses).any() else 0.0
    outcome = np.array([{"hire": 1.0, "no_hire": 0.0}.get(r.decisions.get(c), np.nan)
                        for c in range(len(r.candidates))])
    hire = outcome[r.candidate] if r.size else np.zeros(0)
    decided = ~np.isnan(hire)
    order = np.argsort(r.question, kind="stable")
    bounds = np.searchsorted(r.question[order], np.arange(count + 1))
    out = []
    for q, qid in enumerate(r.questions):
        rows = order[bounds[q]:bounds[q + 1]]
        flags = []
        enough = uses[q] >= min_uses
        discrimination = drift = z = agreement = None
        if not enough:
            flags.append(TOO_FEW)
        else:
            with_rest = rows[~np.isnan(rest[rows])]
            discrimination = _correlation(r.rating[with_rest], rest[with_rest])
            if not np.isnan(slope[q]):
                drift = float(slope[q] - bank_trend)
                z = drift / float(se[q]) if se[q] and not np.isnan(se[q]) and se[q] > 0 else None
                if z is not None and z >= DRIFT_Z and drift >= DRIFT_MIN:
                    flags.append("drift")
            with_decision = rows[decided[rows]]
            if with_decision.size >= MIN_DECIDED:
                agreement = _correlation(r.rating[with_decision], hire[with_decision])
            if discrimination is not None and discrimination < 0.1:
                flags.append("low signal")
        if exposure[q] > EXPOSURE_CAP:
            flags.append("over-exposed")
        last = r.first + timedelta(days=float(last_day[q])) if r.first is not None and uses[q] else None
        out.append(QuestionFigure(qid, int(uses[q]), last, float(exposure[q]), tuple(int(v) for v in dist[q]),
                                  float(means[q]) if uses[q] else None, discrimination, agreement, drift, z,
                                  tuple(flags)))
    return sorted(out, key=lambda f: ("drift" not in f.flags, -f.uses, f.id))


def over_exposure(figures: list[QuestionFigure], cap: float = EXPOSURE_CAP) -> list[str]:
    """Questions asked in more than `cap` of recent loops: the builder can rest them (exclude)."""
    return sorted(f.id for f in figures if f.exposure > cap)


def signal_of(figures: list[QuestionFigure]) -> dict[str, float]:
    """Question id -> its discrimination, for a builder told to prefer questions with signal
    (questions with too few interviews are absent: neither preferred nor penalised)."""
    return {f.id: f.discrimination for f in figures if f.discrimination is not None}


def recent_exposure(r: Ratings, last: int) -> tuple[dict[str, float], int]:
    """Question id -> the share of the `last` loops (latest interview first) that asked it, and
    how many loops that is (fewer when fewer were held). For the builder's exposure cap."""
    if not r.size or last < 1:
        return {}, 0
    keys, loop_code = np.unique(r.interview_loop, return_inverse=True)
    loop_code = loop_code.reshape(-1)
    when = np.full(len(keys), -np.inf)
    np.maximum.at(when, loop_code, r.interview_day)
    recent = np.argsort(-when, kind="stable")[:last]
    chosen = np.zeros(len(keys), dtype=bool)
    chosen[recent] = True
    rating_loop = loop_code[r.interview]
    keep = chosen[rating_loop]
    asked = np.unique(r.question[keep] * len(keys) + rating_loop[keep]) // len(keys)
    counts = np.bincount(asked, minlength=len(r.questions))
    return {r.questions[q]: float(counts[q]) / len(recent) for q in np.flatnonzero(counts)}, len(recent)
