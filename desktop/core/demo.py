"""`interview-desk demo`: a small, realistic hiring story so a newcomer sees everything at once.

It creates one candidate with a four-interview loop (four interviewers, four focus areas, no
question asked twice) and four submitted, sealed scorecards; and a second candidate whose
interview is still in progress. Questions are picked simply and deterministically from the
bank by role, topic and difficulty, so the same bank always gives the same demo.

The demo refuses to run twice on one database: its loop and set names are unique.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.core.interviewing import candidates
from desktop.core import interviewing
from desktop.core.storage.models import InterviewSet, Loop, Question, SetItem, utcnow

ROLE = "genai-engineer"
LEVEL = "mid"
CANDIDATE = "Jordan Avery"
LOOP_NAME = f"Demo loop: {CANDIDATE}"
SECOND_CANDIDATE = "Sam Rivera"
SECOND_ROLE = "llm-app-engineer"
SECOND_SET_NAME = "Demo: LLM application basics"

# One mid-level set: the role's 25/50/25 mix over four technical questions, plus one behavioral.
DIFFICULTY_PLAN = ("beginner", "intermediate", "intermediate", "advanced")


class DemoError(ValueError):
    """The demo cannot be created here (already present, or the bank lacks questions)."""


@dataclass(frozen=True)
class Stage:
    interviewer: str
    focus: str
    topics: tuple[str, ...]
    ratings: tuple[int | None, ...]  # one per question; None means skipped
    notes: tuple[str, ...]
    recommendation: str
    summary: str


# The notes were written for the questions these stages pick from the bundled bank.
STAGES = (
    Stage(
        "Priya Raman", "LLM fundamentals", ("llm-fundamentals", "transformers", "genai-foundations"),
        (4, 3, 3, 2, 3),
        ("Crisp: p(y|x) versus p(x), with a spam filter versus an image generator as examples.",
         "Grounding in sources and letting the model say it does not know; did not mention checking citations.",
         "Covered GANs, VAEs, diffusion and autoregressive models; trade-offs a bit thin.",
         "Self-attention fine; mixed up cross-attention with multi-head attention, needed a nudge.",
         "Cut scope with the PM early and shipped the core on time; owned one missed test."),
        "yes",
        "Solid grasp of how LLMs work, explains simply and checks understanding. Weaker on "
        "cross-attention, which is fine for mid level. Would be productive on our team quickly.",
    ),
    Stage(
        "Marcus Webb", "Fine-tuning and retrieval", ("fine-tuning", "peft-lora", "rag", "rlhf-alignment"),
        (3, 4, 3, 3, 4),
        ("Clear on when fine-tuning is worth it versus prompting or retrieval.",
         "Best answer of the day: embedding models, cosine similarity, chunking and reranking, with real numbers.",
         "Explained instruction datasets and chat templates; vague on how much data is enough.",
         "Knew LoRA well, including merging weights for inference; adapter latency only when prompted.",
         "Built three quick mock-ups to find out what the client meant; listens well."),
        "strong_yes",
        "Has shipped a fine-tuned model and a retrieval system and can explain every choice. "
        "Precise about embeddings and LoRA, honest about what went wrong. Strong hire for this loop.",
    ),
    Stage(
        "Elena Sokolova", "Image generation", ("diffusion", "gans", "vaes", "multimodal", "controlnet-adapters"),
        (3, 2, 2, None, 2),
        ("Good examples: captioning, text-to-image, visual question answering.",
         "Knew it is a compressed representation; unsure what the decoder learns.",
         "Described the symptom but not how to detect it beyond eyeballing samples.",
         "Skipped: ran out of time on the previous question.",
         "Example was about reading docs alone; little about asking others or testing."),
        "no",
        "Generative image models are clearly not their area yet: right vocabulary, shallow "
        "mechanics (latent space, mode collapse). Not a blocker if the role stays text-first, "
        "but I cannot vouch for the image side of the job.",
    ),
    Stage(
        "David Okafor", "Shipping and evaluation", ("evaluation", "mlops", "responsible-ai", "efficiency-scaling"),
        (3, 3, 4, 2, 3),
        ("No single right answer, so human ratings plus automatic checks; good.",
         "Balanced: misinformation, privacy, bias; sensible mitigations.",
         "Excellent: n-gram precision versus recall, why both miss paraphrases, and a checked LLM judge instead.",
         "Knew quantisation and batching; fuzzy on the accuracy cost and on KV cache memory.",
         "Reads papers weekly and tries new tools on a small internal benchmark before adopting them."),
        "yes",
        "Thinks about evaluation before building, and about failure before launch. Some gaps "
        "on serving efficiency. Would trust them to own a feature end to end.",
    ),
)


@dataclass
class DemoReport:
    candidate_id: int
    loop_id: int
    set_ids: list[int] = field(default_factory=list)
    interview_ids: list[int] = field(default_factory=list)
    digests: list[str] = field(default_factory=list)
    second_candidate_id: int = 0
    second_set_id: int = 0
    in_progress_interview_id: int = 0

    def lines(self) -> list[str]:
        out = [f"candidate {self.candidate_id}: {CANDIDATE} ({ROLE}, {LEVEL})",
               f"loop {self.loop_id}: {LOOP_NAME}"]
        for stage, set_id, interview_id, digest in zip(STAGES, self.set_ids, self.interview_ids, self.digests):
            out.append(f"  set {set_id} ({stage.focus}) -> interview {interview_id} by {stage.interviewer}: "
                       f"submitted, {interviewing.RECOMMENDATION_LABELS[stage.recommendation]}, sealed {digest[:12]}…")
        out.append(f"candidate {self.second_candidate_id}: {SECOND_CANDIDATE} ({SECOND_ROLE})")
        out.append(f"  set {self.second_set_id} -> interview {self.in_progress_interview_id} "
                   f"by {STAGES[0].interviewer}: in progress")
        return out


def create_demo(session: Session, *, now: datetime | None = None) -> DemoReport:
    """Fill the database with the demo story; the caller commits. DemoError if already there."""
    taken = {LOOP_NAME} & set(session.scalars(select(Loop.name)))
    taken |= {SECOND_SET_NAME, *_set_names()} & set(session.scalars(select(InterviewSet.name)))
    if taken:
        raise DemoError("the demo is already in this database; use a fresh database (--db FILE) to create it again")
    now = now or utcnow()
    picker = _QuestionPicker(session)

    candidate = candidates.create_candidate(
        session, name=CANDIDATE, role_id=ROLE, notes="Demo candidate. Referred by a former colleague.")
    loop = Loop(name=LOOP_NAME, role_id=ROLE, level=LEVEL, candidate_id=candidate.id,
                params={"demo": True, "interviews": len(STAGES)})
    session.add(loop)
    session.flush()
    report = DemoReport(candidate_id=candidate.id, loop_id=loop.id)

    day = (now - timedelta(days=1)).replace(hour=9, minute=30, second=0, microsecond=0)
    for position, stage in enumerate(STAGES):
        questions = picker.pick(ROLE, stage.topics)
        interview_set = _make_set(session, _set_names()[position], ROLE, questions,
                                  focus=stage.focus, loop_id=loop.id, loop_position=position)
        interview = interviewing.create_interview(
            session, set_id=interview_set.id, candidate_id=candidate.id,
            interviewer=stage.interviewer, loop_id=loop.id)
        started = day + timedelta(hours=position)
        interviewing.begin_interview(session, interview.id, now=started)
        elapsed = _annotate(session, interview.id, questions, stage.ratings, stage.notes)
        interviewing.update_progress(session, interview.id, current_position=len(questions) - 1,
                                   elapsed_seconds=elapsed)
        # The annotations were written with UPDATEs; reload them so the seal covers what is stored.
        session.flush()
        session.expire_all()
        digest = interviewing.submit_interview(
            session, interview.id, recommendation=stage.recommendation, summary=stage.summary,
            now=started + timedelta(seconds=elapsed))
        report.set_ids.append(interview_set.id)
        report.interview_ids.append(interview.id)
        report.digests.append(digest)

    second = candidates.create_candidate(
        session, name=SECOND_CANDIDATE, role_id=SECOND_ROLE, notes="Demo candidate. Interview under way.")
    questions = picker.pick(SECOND_ROLE, ("prompting", "rag", "llm-fundamentals"))
    second_set = _make_set(session, SECOND_SET_NAME, SECOND_ROLE, questions, focus="LLM application basics")
    interview = interviewing.create_interview(
        session, set_id=second_set.id, candidate_id=second.id, interviewer=STAGES[0].interviewer)
    interviewing.begin_interview(session, interview.id, now=now - timedelta(minutes=12))
    elapsed = _annotate(session, interview.id, questions[:2], (3, None),
                        ("Good: BPE, and why numbers and code tokenise oddly.",
                         "Talking through cost versus quality; ask how they would benchmark on our own data."),
                        unfinished=True)
    interviewing.update_progress(session, interview.id, current_position=1, elapsed_seconds=elapsed)
    report.second_candidate_id = second.id
    report.second_set_id = second_set.id
    report.in_progress_interview_id = interview.id
    session.flush()
    return report


def _annotate(session: Session, interview_id: int, questions: list[_Pickable],
              ratings: tuple[int | None, ...], notes: tuple[str, ...], *, unfinished: bool = False) -> float:
    """Rate, tick rubric points and time each question; returns the interview's elapsed seconds."""
    elapsed = 0.0
    for position, (question, rating, note) in enumerate(zip(questions, ratings, notes)):
        # A higher rating covers more of the rubric; a skipped question covers none.
        share = {None: 0.0, 1: 0.2, 2: 0.45, 3: 0.75, 4: 1.0}[rating]
        covered = list(range(round(question.rubric_points * share)))
        seconds = question.minutes * 60 * (0.6 if rating is None else 0.8 + 0.1 * rating)
        if unfinished and rating is None:  # the question being asked right now: no rating yet
            interviewing.update_annotation(session, interview_id, position, notes=note,
                                         covered=covered[:1] or [0], seconds_spent=seconds / 2)
            elapsed += seconds / 2
            continue
        interviewing.update_annotation(session, interview_id, position, rating=rating, skipped=rating is None,
                                     covered=covered, notes=note, seconds_spent=round(seconds))
        elapsed += round(seconds)
    return elapsed


def _make_set(session: Session, name: str, role_id: str, questions: list[_Pickable], *, focus: str,
              loop_id: int | None = None, loop_position: int = 0) -> InterviewSet:
    interview_set = InterviewSet(
        name=name, role_id=role_id, level=LEVEL, focus=focus, loop_id=loop_id, loop_position=loop_position,
        params={"demo": True, "difficulty_plan": list(DIFFICULTY_PLAN), "behavioral": 1},
        items=[SetItem(question_id=q.id, position=i) for i, q in enumerate(questions)],
    )
    session.add(interview_set)
    session.flush()
    return interview_set


def _set_names() -> list[str]:
    return [f"Demo {position + 1}/{len(STAGES)}: {stage.focus}" for position, stage in enumerate(STAGES)]


@dataclass(frozen=True)
class _Pickable:
    """What the picker needs of a question, as plain values (cheap to compare, never expired)."""

    id: str
    roles: tuple[str, ...]
    first_topic: str
    kind: str
    difficulty: str
    rubric_points: int
    minutes: int
    related: frozenset[str]


class _QuestionPicker:
    """Deterministic picks by role, topic and difficulty; never the same question twice."""

    def __init__(self, session: Session):
        self.questions = [
            _Pickable(q.id, tuple(q.roles), (q.topics or [""])[0], q.kind, q.difficulty, len(q.rubric), q.minutes,
                      frozenset(q.related or ()))
            for q in session.scalars(select(Question).where(Question.retired.is_(False)).order_by(Question.id))
        ]
        self.used: set[str] = set()
        self.blocked: set[str] = set()  # used, or related to a used one: no near-duplicates in one loop

    def pick(self, role_id: str, topics: tuple[str, ...]) -> list[_Pickable]:
        chosen = [self._one(role_id, topics, difficulty, behavioral=False) for difficulty in DIFFICULTY_PLAN]
        chosen.append(self._one(role_id, ("collaboration",), None, behavioral=True))
        return chosen

    def _one(self, role_id: str, topics: tuple[str, ...], difficulty: str | None, *,
             behavioral: bool) -> _Pickable:
        def fits(q: _Pickable, strict_topic: bool, strict_difficulty: bool) -> bool:
            return (q.id not in self.blocked and not (q.related & self.used) and role_id in q.roles and (q.kind == "behavioral") == behavioral
                    and (not strict_topic or q.first_topic in topics)
                    and (not strict_difficulty or difficulty is None or q.difficulty == difficulty))

        # Loosen one constraint at a time, so a thin bank still gives a full demo.
        for strict_topic, strict_difficulty in ((True, True), (True, False), (False, True), (False, False)):
            for question in self.questions:
                if fits(question, strict_topic, strict_difficulty):
                    self.used.add(question.id)
                    self.blocked |= {question.id, *question.related}
                    return question
        raise DemoError(f"the bank has too few questions for role {role_id!r} to build the demo")
