"""The database schema as typed SQLAlchemy 2.0 models.

Plain columns and small association tables only, so the same models run on SQLite and
PostgreSQL. SQLite-only features (FTS5, pragmas) live in `store.py` and the migrations.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desktop.core.storage.vocabulary import DIFFICULTIES, KINDS, LEVELS, RECOMMENDATIONS  # noqa: F401

# Stable constraint names, so Alembic batch migrations on SQLite can find them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Small key/value facts about this database (e.g. the bundled bank's fingerprint)."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Topic(Base):
    __tablename__ = "topics"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Competency(Base):
    """What an interview assesses about a person (competencies.yaml)."""

    __tablename__ = "competencies"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="technical")  # technical | behavioral
    description: Mapped[str] = mapped_column(Text, default="")


class Role(Base):
    __tablename__ = "roles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    default_minutes: Mapped[int] = mapped_column(Integer, default=45)
    min_behavioral: Mapped[int] = mapped_column(Integer, default=1)
    # {"diffusion": 4, ...}: relative weights of topics in a set for this role.
    topic_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    # {"junior": {"beginner": 50, "intermediate": 40, "advanced": 10}, ...}
    levels: Mapped[dict] = mapped_column(JSON, default=dict)
    # {"prompting-craft": 3, ...}: the competencies this role assesses, weighted in the composite.
    competencies: Mapped[dict] = mapped_column(JSON, default=dict)


class QuestionTopic(Base):
    __tablename__ = "question_topics"
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(ForeignKey("topics.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class QuestionRole(Base):
    __tablename__ = "question_roles"
    question_id: Mapped[str] = mapped_column(
        ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True
    )
    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id"), primary_key=True, index=True)


class Question(Base):
    __tablename__ = "questions"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    prompt: Mapped[str] = mapped_column(Text)
    difficulty: Mapped[str] = mapped_column(String(20), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    rubric: Mapped[list] = mapped_column(JSON, default=list)
    answer: Mapped[str | None] = mapped_column(Text)
    follow_ups: Mapped[list] = mapped_column(JSON, default=list)
    related: Mapped[list] = mapped_column(JSON, default=list)
    minutes: Mapped[int] = mapped_column(Integer, default=5)
    source: Mapped[str] = mapped_column(Text, default="")
    retired: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    competencies: Mapped[list] = mapped_column(JSON, default=list)  # 1-2 competency ids
    anchors: Mapped[list] = mapped_column(JSON, default=list)  # [] or what a 1, 2, 3, 4 answer looks like
    red_flags: Mapped[list] = mapped_column(JSON, default=list)
    # Set when a person changes the question in the app: bank re-imports leave it alone.
    user_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    topic_links: Mapped[list[QuestionTopic]] = relationship(
        cascade="all, delete-orphan", order_by=QuestionTopic.position, lazy="selectin"
    )
    role_links: Mapped[list[QuestionRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def topics(self) -> list[str]:
        return [link.topic_id for link in self.topic_links]

    @topics.setter
    def topics(self, ids: list[str]) -> None:
        self.topic_links = [QuestionTopic(topic_id=t, position=i) for i, t in enumerate(ids)]

    @property
    def roles(self) -> list[str]:
        return sorted(link.role_id for link in self.role_links)

    @roles.setter
    def roles(self, ids: list[str]) -> None:
        self.role_links = [QuestionRole(role_id=r) for r in ids]


class Candidate(Base):
    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role_id: Mapped[str | None] = mapped_column(ForeignKey("roles.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    interviews: Mapped[list[Interview]] = relationship(back_populates="candidate")
    loops: Mapped[list[Loop]] = relationship(back_populates="candidate")


class Loop(Base):
    """Several interviewers' sets for one opening (and usually one candidate)."""

    __tablename__ = "loops"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id"))
    level: Mapped[str] = mapped_column(String(20))
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # Opening the debrief before every interview is submitted is allowed, and recorded.
    debrief_override_at: Mapped[datetime | None] = mapped_column(DateTime)
    debrief_override_by: Mapped[str | None] = mapped_column(String(200))
    debrief_override_reason: Mapped[str | None] = mapped_column(Text)

    candidate: Mapped[Candidate | None] = relationship(back_populates="loops")
    sets: Mapped[list[InterviewSet]] = relationship(
        back_populates="loop", order_by="InterviewSet.loop_position"
    )


class InterviewSet(Base):
    __tablename__ = "interview_sets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role_id: Mapped[str | None] = mapped_column(ForeignKey("roles.id"))
    level: Mapped[str | None] = mapped_column(String(20))
    # Everything the builder was asked for (counts, focus, seed, mix...), to rebuild or explain.
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    focus: Mapped[str] = mapped_column(String(200), default="")
    loop_id: Mapped[int | None] = mapped_column(ForeignKey("loops.id", ondelete="CASCADE"))
    loop_position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    items: Mapped[list[SetItem]] = relationship(
        back_populates="set",
        order_by="SetItem.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    loop: Mapped[Loop | None] = relationship(back_populates="sets")


class SetItem(Base):
    __tablename__ = "set_items"
    __table_args__ = (UniqueConstraint("set_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("interview_sets.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)

    set: Mapped[InterviewSet] = relationship(back_populates="items")
    question: Mapped[Question] = relationship(lazy="joined")


class Interview(Base):
    """One interviewer with one candidate and one set; becomes a sealed scorecard on submit."""

    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    set_id: Mapped[int] = mapped_column(ForeignKey("interview_sets.id"))
    loop_id: Mapped[int | None] = mapped_column(ForeignKey("loops.id"))
    interviewer: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="planned", index=True)
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    clock_paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    recommendation: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    # {competency id: note}: one short note per competency the interview assesses (competencies.py).
    competency_notes: Mapped[dict] = mapped_column(JSON, default=dict)
    # "anchored" (each question's own anchors) or "global" (the one 1-4 scale, before anchors).
    rating_scale: Mapped[str] = mapped_column(String(20), default="anchored")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    digest: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of seal_content (or, legacy, of the content)
    # The seal (seals.py): the signed content as canonical JSON, its Ed25519 signature and public key.
    seal_content: Mapped[str | None] = mapped_column(Text)
    seal_signature: Mapped[str | None] = mapped_column(String(100))
    seal_key: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="interviews")
    set: Mapped[InterviewSet] = relationship()
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="interview",
        order_by="Annotation.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    amendments: Mapped[list[Amendment]] = relationship(
        back_populates="interview", order_by="Amendment.created_at", cascade="all, delete-orphan"
    )


class Annotation(Base):
    """What the interviewer noted about one question of an interview."""

    __tablename__ = "annotations"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(ForeignKey("questions.id"))
    position: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int | None] = mapped_column(Integer)  # 1-4 on the anchored scale
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    covered: Mapped[list] = mapped_column(JSON, default=list)  # indexes of rubric points
    notes: Mapped[str] = mapped_column(Text, default="")
    seconds_spent: Mapped[float] = mapped_column(Float, default=0.0)
    # What was asked, as the bank had it when the interview started: later bank edits leave it.
    question_snapshot: Mapped[dict | None] = mapped_column(JSON)
    # Bumped by every write: a save says which version it saw, so a lost update is detected.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    interview: Mapped[Interview] = relationship(back_populates="annotations")
    question: Mapped[Question] = relationship(lazy="joined")


class InterviewLease(Base):
    """Which window has an interview open live (interviewing/lease.py): one row while it does.

    A table of its own, not columns of the interview: a heartbeat every few seconds must not
    touch the interview's row, its `updated_at` or what its seal covers."""

    __tablename__ = "interview_leases"
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))  # one per window
    owner: Mapped[str] = mapped_column(String(200))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    since: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)


class Amendment(Base):
    """A correction to a sealed scorecard; the original stays as it was sealed."""

    __tablename__ = "amendments"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text)
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    digest: Mapped[str] = mapped_column(String(64))
    # The chain: the digest of the seal or amendment before this one; signed like the seal.
    previous_digest: Mapped[str | None] = mapped_column(String(64))
    seal_content: Mapped[str | None] = mapped_column(Text)
    seal_signature: Mapped[str | None] = mapped_column(String(100))
    seal_key: Mapped[str | None] = mapped_column(String(64))

    interview: Mapped[Interview] = relationship(back_populates="amendments")


class Decision(Base):
    """The hiring decision for a candidate's loop, taken after the composite was computed.

    Sealed like a scorecard: the digest covers every field, the composite shown when it was
    taken included, so a later change to a scorecard cannot rewrite why it was taken."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    loop_id: Mapped[int | None] = mapped_column(ForeignKey("loops.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(20))  # hire | no_hire | hold
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    composite: Mapped[float | None] = mapped_column(Float)
    composite_side: Mapped[str | None] = mapped_column(String(20))  # hire | no_hire | None
    scores: Mapped[dict] = mapped_column(JSON, default=dict)  # competency -> score at the time
    digest: Mapped[str] = mapped_column(String(64))
    # The decider's Ed25519 signature of the content, and their public key (docs/seals.md).
    signature: Mapped[str | None] = mapped_column(Text)
    public_key: Mapped[str | None] = mapped_column(Text)


class ExchangeKey(Base):
    """A stable key naming a candidate, loop or set across databases (interviewing/exchange).

    A loop kit or scorecard card carries the key; the database that receives it finds its own
    row by the key. One row names exactly one of the three; it goes when that row goes."""

    __tablename__ = "exchange_keys"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id", ondelete="CASCADE"), index=True)
    loop_id: Mapped[int | None] = mapped_column(ForeignKey("loops.id", ondelete="CASCADE"), index=True)
    set_id: Mapped[int | None] = mapped_column(ForeignKey("interview_sets.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CardOrigin(Base):
    """A scorecard imported from another database keeps the ids it was signed with there.

    The seal covers the ids of the interview, its candidate, set and loop, and of each
    annotation and amendment; here they are this database's. `signed_ids` maps them back
    (seals.py applies it before checking): {"interview": {"id": .., "candidate_id": ..,
    "set_id": .., "loop_id": ..}, "annotations": {"<local id>": {"id": .., "interview_id": ..}},
    "amendments": {"<local id>": {"id": .., "interview_id": ..}}}."""

    __tablename__ = "card_origins"
    interview_id: Mapped[int] = mapped_column(ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True)
    signed_ids: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Erasure(Base):
    """A candidate was erased (a right-to-erasure request, a withdrawn candidate): when, by
    whom and how much went. Nothing about who they were: no name, no id, no notes."""

    __tablename__ = "erasures"
    id: Mapped[int] = mapped_column(primary_key=True)
    erased_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    erased_by: Mapped[str] = mapped_column(String(200))
    interviews: Mapped[int] = mapped_column(Integer, default=0)
    loops: Mapped[int] = mapped_column(Integer, default=0)  # loops deleted or renamed with them
    decisions: Mapped[int] = mapped_column(Integer, default=0)
