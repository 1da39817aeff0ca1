"""The bank's catalog: the roles, topics and competencies there are, as plain data.

What the views fill their choices from (role and topic lists, names for ids), so no view needs
the storage models or a query of its own. One query each; everything comes back frozen.

    with store.session() as s:
        catalog = load_catalog(s)
    catalog.topic_names["rag"]  # -> "RAG and retrieval"
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

# The bank's fixed vocabularies, re-exported so callers need not reach for the models.
from desktop.core.storage.models import DIFFICULTIES, KINDS, LEVELS, Competency, Role, Topic

__all__ = ["DIFFICULTIES", "KINDS", "LEVELS", "Catalog", "CompetencyInfo", "RoleInfo", "TopicInfo",
           "competencies", "load_catalog", "roles", "topic_names", "topics"]


@dataclass(frozen=True)
class TopicInfo:
    id: str
    name: str


@dataclass(frozen=True)
class CompetencyInfo:
    id: str
    name: str
    kind: str  # technical | behavioral
    description: str = ""


@dataclass(frozen=True)
class RoleInfo:
    id: str
    name: str
    levels: tuple[str, ...]  # the levels the role has a difficulty mix for, junior first
    competencies: tuple[str, ...]  # competency ids the role assesses, heaviest first
    topics: tuple[str, ...]  # topic ids the role's sets draw on, heaviest first


def _levels(levels: dict | None) -> tuple[str, ...]:
    order = {lv: i for i, lv in enumerate(LEVELS)}
    return tuple(sorted(levels or {}, key=lambda lv: (order.get(lv, len(LEVELS)), lv)))


def _heaviest_first(weights: dict | None) -> tuple[str, ...]:
    weights = weights or {}
    return tuple(sorted(weights, key=lambda key: (-(weights[key] or 0), key)))


def roles(session: Session) -> list[RoleInfo]:
    """Every role, by name."""
    return [RoleInfo(r.id, r.name, _levels(r.levels), _heaviest_first(r.competencies),
                     _heaviest_first(r.topic_weights))
            for r in session.scalars(select(Role).order_by(Role.name, Role.id))]


def topics(session: Session) -> list[TopicInfo]:
    """Every topic, by name."""
    return [TopicInfo(i, name) for i, name in session.execute(
        select(Topic.id, Topic.name).order_by(Topic.name, Topic.id))]


def topic_names(session: Session) -> dict[str, str]:
    """Topic id -> display name ("rag" -> "RAG and retrieval"), for what people read."""
    return dict(session.execute(select(Topic.id, Topic.name)).all())


def competencies(session: Session) -> list[CompetencyInfo]:
    """Every competency, by name."""
    return [CompetencyInfo(*row) for row in session.execute(
        select(Competency.id, Competency.name, Competency.kind, Competency.description)
        .order_by(Competency.name, Competency.id))]


@dataclass(frozen=True)
class Catalog:
    """Roles, topics and competencies together, with lookups by id. Ids not in the catalog
    (a role deleted from the bank files) are simply missing: callers show the id instead."""

    roles: tuple[RoleInfo, ...] = ()
    topics: tuple[TopicInfo, ...] = ()
    competencies: tuple[CompetencyInfo, ...] = ()

    def role(self, role_id: str | None) -> RoleInfo | None:
        return next((r for r in self.roles if r.id == role_id), None)

    @property
    def role_names(self) -> dict[str, str]:
        return {r.id: r.name for r in self.roles}

    @property
    def topic_names(self) -> dict[str, str]:
        return {t.id: t.name for t in self.topics}

    @property
    def competency_names(self) -> dict[str, str]:
        return {c.id: c.name for c in self.competencies}


def load_catalog(session: Session) -> Catalog:
    return Catalog(tuple(roles(session)), tuple(topics(session)), tuple(competencies(session)))
