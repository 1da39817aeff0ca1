"""The ranked search index: a Tantivy index of the questions, kept in step with the database.

The database is the source of truth; this index is a copy that can always be rebuilt from it.
Migration 0013 logs every change to what the index holds (`question_fts_changes`: sequence
number, question id, NULL for "everything") and gives each database a random identity. The
index keeps, in a document of its own committed with the questions, the identity and the last
sequence number it reflects. Before each search (`current_index`), one cheap statement reads
the database's side:

- the same: the index answers;
- a few questions changed (up to ON_THE_SPOT): they are deleted from the index, read again from
  the database and added, then the index answers;
- more, "everything" (a bulk import), another database, or no index yet: the index is stale.
  A small bank (up to BUILD_ON_THE_SPOT questions) is rebuilt there and then; a large one is
  rebuilt by `build_index` (the app runs it in the background, the CLI after an import) and
  searches use the database's own index meanwhile.

Where it lives (`index_folder`): beside a SQLite file (`bank.db.search/`), in the user's data
folder under `search/` for a PostgreSQL URL (one folder per URL), in memory for ":memory:".

Only committed data goes in: a session with writes of its own not yet committed searches the
database's index (what it would add could still be rolled back). Writing takes Tantivy's lock
for the folder, briefly; a process that cannot get it (another one is rebuilding) searches
the database's index. An index that cannot be opened or read is deleted and rebuilt.

PostgreSQL numbers changes when they are written, not when they commit, so a change can become
visible after a later one was already applied. The index also remembers how many changes it saw
in the last LOOKBACK numbers: if that count grows, those changes are applied again.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import weakref
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any, Callable, Iterator

import tantivy
from sqlalchemy import Engine, bindparam, text
from sqlalchemy.orm import Session

from desktop.core.bank.question_json import stored_strings
from desktop.core.storage import paths, sqlite_file

# bm25 weight per field, as fts5.WEIGHTS (the prompt 10 times the rubric).
WEIGHTS = {"prompt": 10.0, "rubric": 2.0, "answer": 1.0, "follow_ups": 1.0, "topics": 2.0, "roles": 0.5}
ON_THE_SPOT = 500  # changed questions applied before a search; more wait for a rebuild
BUILD_ON_THE_SPOT = 3000  # a bank this small is (re)built before the search that needs it
LOOKBACK = 100
CHUNK = 2000  # questions read from the database at a time while building
STATE_ID = "\x00state"  # the index's own document (no question id holds a control character)
TOKENIZER = "desk"

# Words as the database's indexes split them (runs of letters and digits), lower case, accents
# folded ("café" is "cafe"). No stemming: it tripled the time to build the index, and the
# search expands a word to its forms instead (tantivy_search.py).
ANALYZER = (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase()).filter(tantivy.Filter.ascii_fold()).build())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("qid", stored=True, tokenizer_name="raw", index_option="basic")
    for name in WEIGHTS:  # positions: a typed "multi-agent" is the phrase "multi agent", as in FTS5
        builder.add_text_field(name, stored=False, tokenizer_name=TOKENIZER, index_option="position")
    # Filters: d<difficulty>, k<kind>, t<topic>, r<role>, s<active|retired>, whole values.
    builder.add_text_field("facets", stored=False, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("state", stored=True, tokenizer_name="raw", index_option="basic")
    return builder.build()


SCHEMA = _schema()


class IndexBusy(Exception):
    """Another process (or thread) is writing the index."""


class BuildCancelled(Exception):
    """`build_index` was asked to stop; the index is as it was."""


@dataclass(frozen=True)
class DatabaseState:
    identity: str
    seq: int  # the newest change's number (0: none yet)


@dataclass(frozen=True)
class IndexState:
    identity: str = ""
    seq: int = -1
    window: int = 0  # changes numbered in (seq - LOOKBACK, seq] when it was written

    def reflects(self, db: DatabaseState, window: int) -> bool:
        return self.identity == db.identity and self.seq == db.seq and self.window == window


# -- what the database says --------------------------------------------------------------------

_DB_STATE = text(
    "SELECT (SELECT identity FROM question_fts_identity WHERE id = 1),"
    " (SELECT max(seq) FROM question_fts_changes),"
    " (SELECT count(*) FROM question_fts_changes WHERE seq > :floor AND seq <= :seq)")
_DB_STATE_PG = text(str(_DB_STATE) + ", txid_current_if_assigned() IS NOT NULL")
_CHANGES = text("SELECT seq, question_id FROM question_fts_changes WHERE seq > :after ORDER BY seq LIMIT :n")
_WINDOW = text("SELECT count(*) FROM question_fts_changes WHERE seq > :floor AND seq <= :seq")
_HAS_LOG = {"sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'question_fts_changes'",
            "postgresql": "SELECT 1 FROM pg_class WHERE oid = to_regclass('question_fts_changes')"}


def log_everything_changed(cursor) -> None:
    """Tell the ranked index that every question changed (after a bulk load that wrote with
    the change log's triggers off): one row, and the rows before it say nothing more."""
    if cursor.execute(_HAS_LOG["sqlite"]).fetchone() is None:
        return  # a database below migration 0013
    cursor.execute("DELETE FROM question_fts_changes")
    cursor.execute("INSERT INTO question_fts_changes (question_id) VALUES (NULL)")


def _database_state(session: Session, index: IndexState) -> tuple[DatabaseState | None, int, bool]:
    """The database's identity and newest change, the changes in the index's window (see
    IndexState), and whether the session's transaction has written anything not yet committed
    (one statement per search on PostgreSQL: its round trips are what a search pays)."""
    conn = session.connection()
    params = {"floor": index.seq - LOOKBACK, "seq": index.seq}
    if conn.dialect.name == "sqlite":
        row = conn.execute(_DB_STATE, params).one()
        pending = conn.connection.driver_connection.in_transaction  # sqlite3 begins at the first write
    else:
        row = conn.execute(_DB_STATE_PG, params).one()
        pending = row[3]
    if row[0] is None:
        return None, 0, pending
    return DatabaseState(row[0], row[1] or 0), row[2], pending


def _window(session: Session, seq: int) -> int:
    return session.execute(_WINDOW, {"floor": seq - LOOKBACK, "seq": seq}).scalar()


# -- documents, read from the database --------------------------------------------------------

# Plain SQL, both databases: building the index reads every question, and the ORM's row
# processing cost more than the reading. The lists come as their JSON text (see _lines).
_COLUMNS = ("SELECT id, prompt, CAST(rubric AS TEXT), answer, CAST(follow_ups AS TEXT), difficulty, kind, retired"
            " FROM questions")
_TAG_LINKS = {
    "topics": ("SELECT l.question_id, l.topic_id, t.name FROM question_topics l LEFT JOIN topics t ON t.id = l.topic_id"
               " WHERE {where} ORDER BY l.question_id, l.position, l.topic_id"),
    "roles": ("SELECT l.question_id, l.role_id, r.name FROM question_roles l LEFT JOIN roles r ON r.id = l.role_id"
              " WHERE {where} ORDER BY l.question_id, l.role_id"),
}


def _lines(stored: str | None) -> str:
    """A list's text from its JSON: the strings themselves, as words go. Decoding 200,000 lists
    was a fifth of building the index; the JSON's own punctuation splits words as spaces do,
    so only escapes need care (a \\n inside a point must not glue two words together)."""
    if not stored:
        return ""
    if "\\" not in stored:
        return stored
    if "\\u" not in stored:
        return stored.replace("\\n", " ").replace("\\t", " ").replace("\\r", " ").replace("\\", " ")
    return "\n".join(stored_strings(stored))


def _documents(rows: list, topics: dict, roles: dict) -> list[tuple[str, tantivy.Document]]:
    docs = []
    for qid, prompt, rubric, answer, follow_ups, difficulty, kind, retired in rows:
        facets = ["d" + difficulty, "k" + kind, "s" + ("retired" if retired else "active")]
        facets += ["t" + t for t, _ in topics.get(qid, ())] + ["r" + r for r, _ in roles.get(qid, ())]
        docs.append((qid, tantivy.Document(
            qid=qid, prompt=prompt or "", rubric=_lines(rubric), answer=answer or "", follow_ups=_lines(follow_ups),
            topics="\n".join(f"{t} {name or ''}" for t, name in topics.get(qid, ())),
            roles="\n".join(f"{r} {name or ''}" for r, name in roles.get(qid, ())), facets=facets)))
    return docs


def _tags(session: Session, which: str, where: str, params: dict) -> dict[str, list[tuple[str, str]]]:
    """question id -> [(topic or role id, its name)] of the links `where` selects, in order."""
    found: dict[str, list[tuple[str, str]]] = {}
    statement = text(_TAG_LINKS[which].format(where=where))
    if "ids" in params:
        statement = statement.bindparams(bindparam("ids", expanding=True))
    for qid, tag, name in session.connection().execute(statement, params):
        found.setdefault(qid, []).append((tag, name))
    return found


_BY_IDS = text(_COLUMNS + " WHERE id IN :ids").bindparams(bindparam("ids", expanding=True))
_FIRST = text(_COLUMNS + " ORDER BY id LIMIT :n")
_AFTER = text(_COLUMNS + " WHERE id > :last ORDER BY id LIMIT :n")


def documents_of(session: Session, ids: list[str]) -> list[tuple[str, tantivy.Document]]:
    """The index documents of these questions (those that still exist)."""
    docs = []
    for start in range(0, len(ids), 500):  # stay under the bound-parameter limit
        chunk = {"ids": ids[start:start + 500]}
        rows = session.connection().execute(_BY_IDS, chunk).all()
        topics = _tags(session, "topics", "l.question_id IN :ids", chunk)
        roles = _tags(session, "roles", "l.question_id IN :ids", chunk)
        docs += _documents(rows, topics, roles)
    return docs


def every_document(session: Session) -> Iterator[list[tuple[str, tantivy.Document]]]:
    """All the questions' documents, CHUNK questions at a time, by id (bounded memory)."""
    last = None
    while True:
        if last is None:
            rows = session.connection().execute(_FIRST, {"n": CHUNK}).all()
        else:
            rows = session.connection().execute(_AFTER, {"last": last, "n": CHUNK}).all()
        if not rows:
            return
        span = {"first": rows[0][0], "last": rows[-1][0]}
        last = span["last"]
        topics = _tags(session, "topics", "l.question_id BETWEEN :first AND :last", span)
        roles = _tags(session, "roles", "l.question_id BETWEEN :first AND :last", span)
        yield _documents(rows, topics, roles)


# -- the index itself -------------------------------------------------------------------------


class RankedIndex:
    """One index folder (or one in memory), shared by every session of this process on it."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.write_lock = threading.Lock()  # one writer at a time in this process
        self._open_lock = threading.Lock()  # two first searches on two threads open it once
        self.index: tantivy.Index | None = None
        self.searcher: tantivy.Searcher | None = None
        self.state = IndexState()

    # opening, reading the state
    def open(self) -> None:
        """Open (or create) the index; one that cannot be opened is deleted and made anew."""
        with self._open_lock:
            if self.index is not None:
                return
            try:
                self._open()
            except (ValueError, OSError):
                if self.folder is None:
                    raise
                shutil.rmtree(self.folder, ignore_errors=True)
                self._open()

    def _open(self) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(SCHEMA, path=str(self.folder), reuse=True)
        else:
            index = tantivy.Index(SCHEMA)
        index.register_tokenizer(TOKENIZER, ANALYZER)
        self.index = index
        self.refresh()

    def refresh(self) -> None:
        """See the last commit (of this process or another) and the state it holds."""
        self.index.reload()
        searcher = self.index.searcher()
        found = searcher.search(tantivy.Query.term_query(SCHEMA, "qid", STATE_ID), 1, count=False).hits
        state = IndexState()
        if found:
            stored = searcher.doc(found[0][1]).get_first("state")
            try:
                state = IndexState(**json.loads(stored))
            except (TypeError, ValueError):
                state = IndexState()
        self.searcher, self.state = searcher, state

    def reset(self) -> None:
        """Forget the index (it failed to read): the next use deletes and rebuilds it."""
        self.index = self.searcher = None
        self.state = IndexState()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # writing
    def _writer(self, heap: int = 20_000_000, threads: int = 1) -> tantivy.IndexWriter:
        try:
            return self.index.writer(heap_size=heap, num_threads=threads)
        except ValueError as exc:
            if "LockBusy" in str(exc):
                raise IndexBusy(str(exc)) from None
            raise

    @staticmethod
    def _write_state(writer: tantivy.IndexWriter, state: IndexState) -> None:
        writer.delete_documents_by_term("qid", STATE_ID)
        writer.add_document(tantivy.Document(qid=STATE_ID, state=json.dumps(state.__dict__)))

    def apply(self, session: Session, ids: set[str], state: IndexState) -> None:
        """Index these questions again as the database now holds them, and record `state`."""
        docs = documents_of(session, sorted(ids))
        writer = self._writer()
        try:
            for qid in ids:
                writer.delete_documents_by_term("qid", qid)
            for _, doc in docs:
                writer.add_document(doc)
            self._write_state(writer, state)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer  # releases the folder's lock
        self.refresh()

    def build(self, session: Session, report: Callable[[int, int], None] | None = None) -> None:
        """Index every question again from the database. `report(done, total)` may raise to stop:
        nothing is committed then and the index stays as it was."""
        db, _, _ = _database_state(session, IndexState())  # first: a change after it is applied again later
        total = session.execute(text("SELECT count(*) FROM questions")).scalar()
        writer = self._writer(heap=64_000_000, threads=max(1, min(2, os.cpu_count() or 1)))
        try:
            writer.delete_all_documents()
            done = 0
            for chunk in every_document(session):
                for _, doc in chunk:
                    writer.add_document(doc)
                done += len(chunk)
                if report is not None:
                    report(done, total)
            self._write_state(writer, IndexState(db.identity, db.seq, _window(session, db.seq)))
            writer.commit()
        except BaseException:
            writer.rollback()
            del writer
            raise
        # Let Tantivy merge the segments the threads wrote: a search reads every segment's
        # term dictionary, and one segment searches fastest.
        writer.wait_merging_threads()
        self.refresh()


# -- which index, and is it current ------------------------------------------------------------

_indexes: "weakref.WeakValueDictionary[str, RankedIndex]" = weakref.WeakValueDictionary()
_by_engine: "weakref.WeakKeyDictionary[Engine, RankedIndex]" = weakref.WeakKeyDictionary()
_registry_lock = threading.Lock()


def index_folder(engine: Engine) -> Path | None:
    """Where the index of this database lives; None for one in memory."""
    url = engine.url
    if url.get_backend_name() == "sqlite":
        database = sqlite_file.database_file(url)
        return None if database is None else database.with_name(database.name + ".search")
    key = url.render_as_string(hide_password=True)
    return paths.user_data_dir() / "search" / sha256(key.encode()).hexdigest()[:16]


def index_for(engine: Engine) -> RankedIndex | None:
    """This database's index (one object per folder in this process); None if the database has
    no change log (not yet at migration 0013)."""
    with _registry_lock:
        if engine in _by_engine:
            return _by_engine[engine]
        with engine.connect() as conn:
            logged = conn.exec_driver_sql(_HAS_LOG.get(engine.dialect.name, "SELECT NULL")).first() is not None
        if not logged:
            return None  # asked again next time: the database may be upgraded meanwhile
        folder = index_folder(engine)
        key = str(folder) if folder is not None else f"memory:{id(engine)}"
        found = _indexes.get(key)
        if found is None:
            found = _indexes[key] = RankedIndex(folder)
        _by_engine[engine] = found
        return found


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return getattr(bind, "engine", bind)


@dataclass(frozen=True)
class Verdict:
    index: RankedIndex | None  # the index to search, when current
    stale: bool = False  # it needs build_index before it can answer


def current_index(session: Session) -> Verdict:
    """The index, brought up to date if that is cheap, or why it cannot answer now."""
    index = index_for(_engine(session))
    if index is None:
        return Verdict(None)
    try:
        index.open()
        return _bring_up_to_date(session, index)
    except IndexBusy:
        return Verdict(None)
    except (ValueError, OSError):  # unreadable: start again from the database
        index.reset()
        return Verdict(None, stale=True)


def _bring_up_to_date(session: Session, index: RankedIndex) -> Verdict:
    db, window, pending = _database_state(session, index.state)
    if db is None or pending:  # only committed data goes in, and is searched
        return Verdict(None)
    if index.state.reflects(db, window):
        return Verdict(index)
    index.refresh()  # another process may have caught up
    db, window, _ = _database_state(session, index.state)
    if index.state.reflects(db, window):
        return Verdict(index)
    if not index.write_lock.acquire(blocking=False):
        return Verdict(None)  # being built or written by another thread: it is on its way
    try:
        ids = _changed_ids(session, index.state, db, window)
        if ids is not None:
            index.apply(session, ids, IndexState(db.identity, db.seq, _window(session, db.seq)))
            return Verdict(index)
        if session.execute(text("SELECT count(*) FROM questions")).scalar() <= BUILD_ON_THE_SPOT:
            index.build(session)
            return Verdict(index)
        return Verdict(None, stale=True)
    finally:
        index.write_lock.release()


def _changed_ids(session: Session, state: IndexState, db: DatabaseState, window: int) -> set[str] | None:
    """The questions to index again to reach `db`, or None when only a rebuild will do."""
    if state.identity != db.identity or state.seq > db.seq or state.seq < 0:
        return None
    after = state.seq if window == state.window else max(0, state.seq - LOOKBACK)
    rows = session.execute(_CHANGES, {"after": after, "n": ON_THE_SPOT * 4 + 1}).all()
    ids = {qid for _, qid in rows}
    if None in ids or len(ids) > ON_THE_SPOT or len(rows) > ON_THE_SPOT * 4:
        return None
    return ids


def index_is_stale(session: Session) -> bool:
    """Does this database's index need `build_index` (too many changes to apply before a search)?"""
    return current_index(session).stale


def build_index(session: Session, progress: Any = None, force: bool = False) -> bool:
    """Rebuild this database's index from it (unless it is current already and not `force`);
    False when another process is writing it.

    `progress` (optional, duck-typed as for import_bank) is told `report(done, total, text)`
    and the build stops (BuildCancelled, the index as it was) once its `cancelled` is true."""
    index = index_for(_engine(session))
    if index is None:
        return False

    def report(done: int, total: int) -> None:
        if getattr(progress, "cancelled", False):
            raise BuildCancelled("search index build cancelled")
        if progress is not None:
            progress.report(done, total, "indexing for search")

    with index.write_lock, sqlite_file.not_mapped(session):
        try:
            index.open()
            if not force:
                index.refresh()
                db, window, _ = _database_state(session, index.state)
                if db is not None and index.state.reflects(db, window):
                    return True  # another thread or process built it meanwhile
            index.build(session, report)
        except IndexBusy:
            return False
        except (ValueError, OSError):  # a damaged index: delete it and build it anew
            index.reset()
            index.open()
            index.build(session, report)
    return True


def index_needs_build(store) -> bool:
    """Is the ranked index of `store`'s database stale (for the app to start `build_store_index`)?"""
    with store.session() as s:
        return index_is_stale(s)


def build_store_index(store, progress: Any = None) -> bool:
    """`build_index` in a session of its own, as the app's task runner calls it."""
    with store.session() as s:
        return build_index(s, progress)


def forget_indexes() -> None:
    """Drop this process's open indexes (as if it had just started): for tests and tools."""
    with _registry_lock:
        _indexes.clear()
        _by_engine.clear()
