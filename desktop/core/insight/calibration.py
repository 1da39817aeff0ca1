"""Interviewer calibration: leniency from an additive model, agreement, halo and central tendency.

The model (docs/insight.md says why this one):

    rating = mu + candidate + interviewer + question + error

fitted by alternating least squares with ridge shrinkage toward zero. Each facet's penalty is
error variance / facet variance, both re-estimated as the fit goes (empirical Bayes), so an
interviewer with few interviews is pulled toward zero and one with many keeps their own
figure. Positive leniency: rates higher than their colleagues would the same candidate on the
same questions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.core.insight.data import Ratings

MIN_INTERVIEWS = 5  # below this an interviewer's figures say "too few interviews"
TOO_FEW = "too few interviews"
Z = 1.96  # 95% intervals


@dataclass
class Fit:
    mu: float
    candidate: np.ndarray
    interviewer: np.ndarray
    question: np.ndarray
    residual: np.ndarray  # rating - fitted, per rating
    error_var: float
    facet_var: dict[str, float]
    sweeps: int


def fit_additive(r: Ratings, sweeps: int = 50, tol: float = 1e-3) -> Fit:
    y = r.rating
    facets = {"candidate": (r.candidate, len(r.candidates)), "interviewer": (r.interviewer, len(r.interviewers)),
              "question": (r.question, len(r.questions))}
    effects = {f: np.zeros(n) for f, (_, n) in facets.items()}
    counts = {f: np.bincount(idx, minlength=n).astype(float) for f, (idx, n) in facets.items()}
    if y.size == 0:
        return Fit(0.0, effects["candidate"], effects["interviewer"], effects["question"], y.copy(), 0.0,
                   {f: 0.0 for f in facets}, 0)
    mu = float(y.mean())
    error_var = float(y.var()) or 1.0
    facet_var = {f: 0.25 for f in facets}
    resid = y - mu
    done = 0
    for done in range(1, sweeps + 1):
        biggest = 0.0
        for f, (idx, n) in facets.items():
            penalty = error_var / max(facet_var[f], 1e-6)
            resid += effects[f][idx]
            new = np.bincount(idx, weights=resid, minlength=n) / (counts[f] + penalty)
            resid -= new[idx]
            if f != "candidate" and n:
                # Leniency is relative to the average interviewer (a question's effect to the
                # average question): their mean goes into mu. Without it the facets drift
                # against each other by tiny steps for hundreds of sweeps.
                centre = float(new.mean())
                new -= centre
                mu += centre
            biggest = max(biggest, float(np.abs(new - effects[f]).max()))
            effects[f] = new
        shift = float(resid.mean())
        mu += shift
        resid -= shift
        # Empirical Bayes: a facet's variance is its effects' spread plus their posterior variance.
        error_var = max(float(resid @ resid) / y.size, 1e-6)
        for f in facets:
            posterior = error_var / (counts[f] + error_var / max(facet_var[f], 1e-6))
            facet_var[f] = max(float(np.mean(effects[f] ** 2 + posterior)), 1e-6)
        if biggest < tol:
            break
    return Fit(mu, effects["candidate"], effects["interviewer"], effects["question"], resid, error_var,
               facet_var, done)


@dataclass(frozen=True)
class InterviewerFigure:
    interviewer: str
    interviews: int
    ratings: int
    leniency: float | None  # rating points; None below MIN_INTERVIEWS
    low: float | None
    high: float | None
    raw_mean: float
    agreement: float | None  # ICC with the other interviewers of the same candidates
    spread: float  # mean SD of their ratings within one interview
    extremes: float  # share of their ratings that are 1 or 4
    flags: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"interviewer": self.interviewer, "leniency": _round(self.leniency), "low": _round(self.low),
                "high": _round(self.high), "interviews": self.interviews, "ratings": self.ratings,
                "raw_mean": _round(self.raw_mean), "agreement": _round(self.agreement),
                "spread": _round(self.spread), "extremes": _round(self.extremes), "flags": list(self.flags)}


def _round(value, digits: int = 3):
    return None if value is None else round(float(value), digits)


def interview_means(r: Ratings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per interview: mean rating, SD of its ratings, number of ratings."""
    n = np.bincount(r.interview, minlength=len(r.interviews)).astype(float)
    total = np.bincount(r.interview, weights=r.rating, minlength=len(r.interviews)).astype(float)
    squares = np.bincount(r.interview, weights=r.rating ** 2, minlength=len(r.interviews)).astype(float)
    mean = np.divide(total, n, out=np.zeros_like(total), where=n > 0)
    var = np.divide(squares, n, out=np.zeros_like(total), where=n > 0) - mean ** 2
    return mean, np.sqrt(np.clip(var, 0, None)), n


def icc_oneway(groups: np.ndarray, values: np.ndarray) -> float | None:
    """ICC(1): one-way random effects, unbalanced groups (each group: one candidate's ratings)."""
    if values.size < 3:
        return None
    _, g = np.unique(groups, return_inverse=True)
    k = np.bincount(g).astype(float)
    keep = k[g] >= 2
    if keep.sum() < 4:
        return None
    _, g = np.unique(g[keep], return_inverse=True)
    v = values[keep]
    k = np.bincount(g).astype(float)
    groups_n, n = len(k), v.size
    means = np.bincount(g, weights=v) / k
    grand = v.mean()
    ssb = float((k * (means - grand) ** 2).sum())
    ssw = float(((v - means[g]) ** 2).sum())
    if groups_n < 2 or n - groups_n < 1:
        return None
    msb, msw = ssb / (groups_n - 1), ssw / (n - groups_n)
    k0 = (n - (k ** 2).sum() / n) / (groups_n - 1)
    denominator = msb + (k0 - 1) * msw
    return None if denominator <= 0 else float((msb - msw) / denominator)


def loop_pairs(loop: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every unordered pair of interviews (a, b) of the same loop, as two index arrays."""
    order = np.argsort(loop, kind="stable")
    ordered = loop[order]
    firsts, seconds = [], []
    for shift in range(1, ordered.size):
        same = ordered[shift:] == ordered[:-shift]
        if not same.any():
            break
        firsts.append(order[:-shift][same])
        seconds.append(order[shift:][same])
    if not firsts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def pairwise_agreement(loop: np.ndarray, person: np.ndarray, score: np.ndarray, people: int) -> np.ndarray:
    """Per interviewer: the ICC of their interview scores with each colleague's on the same loop
    (double-entry: each pair counted both ways, then Pearson's r). NaN with too few pairs."""
    a, b = loop_pairs(loop)
    # Each pair gives its interviewer (theirs, colleague's) and the colleague the reverse.
    who = np.concatenate([person[a], person[b]])
    mine = np.concatenate([score[a], score[b]])
    theirs = np.concatenate([score[b], score[a]])
    # Double entry: x = mine + theirs, y = theirs + mine, so sums of x and y are equal.
    n = 2 * np.bincount(who, minlength=people).astype(float)
    sx = np.bincount(who, weights=mine + theirs, minlength=people)
    sxx = np.bincount(who, weights=mine ** 2 + theirs ** 2, minlength=people)
    sxy = 2 * np.bincount(who, weights=mine * theirs, minlength=people)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sx / n
        var = sxx / n - mean ** 2
        r = (sxy / n - mean ** 2) / var
    r[(n < 4 * MIN_INTERVIEWS) | ~(var > 0)] = np.nan
    return r


def interviewer_figures(r: Ratings, fit: Fit | None = None) -> list[InterviewerFigure]:
    """Each interviewer's leniency with a 95% interval, agreement, and halo / central tendency flags."""
    fit = fit or fit_additive(r)
    people = len(r.interviewers)
    if not people:
        return []
    mean, sd, n = interview_means(r)
    person_of = np.zeros(len(r.interviews), dtype=np.int64)
    person_of[r.interview] = r.interviewer
    interviews = np.bincount(person_of, minlength=people)
    ratings = np.bincount(r.interviewer, minlength=people)
    raw = np.bincount(r.interviewer, weights=r.rating, minlength=people) / np.maximum(ratings, 1)
    # The interval: the interviewer's interviews are the units (ratings within one interview
    # share that day's impression), so the spread of their per-interview mean residuals, pooled.
    per_interview = np.bincount(r.interview, weights=fit.residual, minlength=len(r.interviews)) / np.maximum(n, 1)
    unit_var = float(np.mean(per_interview ** 2)) if per_interview.size else 1.0
    tau2 = fit.facet_var["interviewer"]
    se = np.sqrt(1.0 / (interviews / max(unit_var, 1e-6) + 1.0 / max(tau2, 1e-6)))
    multi = n >= 2
    spread = np.bincount(person_of[multi], weights=sd[multi], minlength=people) / np.maximum(
        np.bincount(person_of[multi], minlength=people), 1)
    extreme = np.bincount(r.interviewer, weights=((r.rating == 1) | (r.rating == 4)).astype(float),
                          minlength=people) / np.maximum(ratings, 1)
    # Halo is little spread across one interview's questions for the spread the interviewer uses
    # at all (someone who never gives a 1 or a 4 has little of both: central tendency, not halo).
    overall = np.sqrt(np.clip(np.bincount(r.interviewer, weights=r.rating ** 2, minlength=people)
                              / np.maximum(ratings, 1) - raw ** 2, 0, None))
    relative = np.divide(spread, overall, out=np.zeros(people), where=overall > 0)
    typical_spread = float(np.median(relative[interviews >= MIN_INTERVIEWS])) if (interviews >= MIN_INTERVIEWS).any() else 0.0
    typical_extremes = float(np.mean((r.rating == 1) | (r.rating == 4))) if r.size else 0.0
    agreement = pairwise_agreement(r.interview_loop, person_of, mean, people)
    out = []
    for p, name in enumerate(r.interviewers):
        enough = interviews[p] >= MIN_INTERVIEWS
        flags = []
        if not enough:
            flags.append(TOO_FEW)
        else:
            if typical_spread and relative[p] < 0.6 * typical_spread:
                flags.append("halo")
            if typical_extremes >= 0.1 and extreme[p] < 0.35 * typical_extremes:
                flags.append("central tendency")
        lam = float(fit.interviewer[p])
        out.append(InterviewerFigure(
            name, int(interviews[p]), int(ratings[p]),
            lam if enough else None, lam - Z * se[p] if enough else None, lam + Z * se[p] if enough else None,
            float(raw[p]), float(agreement[p]) if enough and not np.isnan(agreement[p]) else None,
            float(spread[p]), float(extreme[p]), tuple(flags)))
    return sorted(out, key=lambda f: (f.leniency is None, -(f.leniency or 0), f.interviewer))


def competency_scores(r: Ratings) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Competency -> (loop key, interviewer, mean rating) per interview that rated it."""
    out = {}
    loop_of = r.interview_loop
    person_of = np.zeros(len(r.interviews), dtype=np.int64)
    person_of[r.interview] = r.interviewer
    for c in r.competencies:
        mask = r.evidences(c)
        if not mask.any():
            continue
        idx = r.interview[mask]
        n = np.bincount(idx, minlength=len(r.interviews)).astype(float)
        total = np.bincount(idx, weights=r.rating[mask], minlength=len(r.interviews))
        rated = np.flatnonzero(n > 0)
        out[c] = (loop_of[rated], person_of[rated], total[rated] / n[rated])
    return out


def competency_agreement(r: Ratings) -> dict[str, float | None]:
    """Competency -> ICC(1) of the interviewers' ratings of it for the same candidate."""
    return {c: icc_oneway(loops, scores) for c, (loops, _, scores) in competency_scores(r).items()}
