"""How fast is search on PostgreSQL with 100,000 questions? Prints figures; asserts nothing.

    INTERVIEW_DESK_TEST_PG_URL=postgresql+psycopg://... .venv/bin/python bench/bench_search_pg.py \
        [--url URL] [--questions N] [--rounds R] [--rebuild] [--slowest N]

Needs a real server (.ci/run starts one). The bank lives in the schema `desk_bench` of that
database, kept between runs (--rebuild makes it again). It is the synthetic bank of
bench/bench_search.py (real question text, real word frequencies), with follow-ups taken from
real questions too, loaded with COPY into a database at the head revision, so the generated
tsvector and the link triggers of migration 0006 do the indexing.

The query mix is bench_search.py's: rare words, common words, two words, and every prefix a
person types from the second character on, each without and with filters. Figures (`name value`):

- index_build_s / index_build_cpu_s: building the ranked index (ranked_index.build_index, Tantivy)
  from the database (it lives under the data folder: set INTERVIEW_DESK_HOME to keep it apart);
- search_*: the mix through `search_rows`, what the Bank view calls at every pause in typing
  (the search, then its rows' tags and usage), answered by the ranked index;
- typing_*: only the as-you-type prefixes of that mix ("lo", "lor", "lora", "lora r", ...);
- tsvector_search_* / tsvector_typing_*: the same with the tsvector backend answering (the
  fallback while the ranked index is built), in the same run;
- floor_*: the same tsquery (tsquery_text of the same words) as one raw psycopg statement
  that only finds matches, `SELECT id ... WHERE search_vector @@ q LIMIT 51`: what any
  search on this index costs at least;
- ranked_floor_*: raw psycopg again, ranking every match (`ORDER BY ts_rank(...) LIMIT 51`):
  what ranking without the candidate cap would cost.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_search import LIMIT, TYPED, query_mix, raw_filters, report, synthetic_rows  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402

from desktop.core.bank.files import load_bank  # noqa: E402
from desktop.core.bank.search import SearchQuery, search_rows, words  # noqa: E402
from desktop.core.bank.search.postgres import (  # noqa: E402
    CONFIG, RANK_NORMALIZATION, WEIGHTS, PostgresSearch, tsquery_text)
from desktop.core.bank.search.ranked_index import build_index  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

SCHEMA = "desk_bench"
COLUMNS = ("id, prompt, difficulty, kind, rubric, answer, follow_ups, related, minutes, source, retired, "
           "user_edited, created_at, updated_at, competencies, anchors, red_flags")


def schema_url(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{SCHEMA}"


def build_bank(url: str, count: int) -> None:
    """The bundled bank plus synthetic questions up to `count`, in a fresh `desk_bench` schema."""
    started = time.perf_counter()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.exec_driver_sql(f"CREATE SCHEMA {SCHEMA}")
    engine.dispose()
    store = Store(schema_url(url))
    sync_bundled_bank(store, ROOT / "question_bank")
    follow_ups = [list(q.follow_ups) for q in load_bank([ROOT / "question_bank"]).questions]
    rng = random.Random(11)
    with store.engine.begin() as conn:
        have = conn.exec_driver_sql("SELECT count(*) FROM questions").scalar()
        topic_names = dict(conn.exec_driver_sql("SELECT id, name FROM topics").all())
        role_names = dict(conn.exec_driver_sql("SELECT id, name FROM roles").all())
        cursor = conn.connection.driver_connection.cursor()
        topic_links, role_links = [], []
        # A bulk load: the tags the link triggers would write go in with the rows, and the
        # triggers are off while the links are copied (each would rewrite every question again:
        # 12 minutes and a heap three times its size).
        with cursor.copy(f"COPY questions ({COLUMNS}, search_topics, search_roles) FROM STDIN") as copy:
            for row, topics, roles in synthetic_rows(count - have):
                qid, prompt, difficulty, kind, rubric, answer, _, related, minutes, source, retired = row[:11]
                tags_t = "\n".join(f"{t} {topic_names.get(t, '')}" for t in topics)
                tags_r = "\n".join(f"{r} {role_names.get(r, '')}" for r in sorted(roles))
                copy.write_row((qid, prompt, difficulty, kind, rubric, answer, json.dumps(rng.choice(follow_ups)),
                                related, minutes, source, bool(retired), False, row[12], row[13], "[]", "[]", "[]",
                                tags_t, tags_r))
                topic_links += [(qid, t, n) for n, t in enumerate(topics)]
                role_links += [(qid, r) for r in roles]
        print(f"rows_s {time.perf_counter() - started:.1f}")
        for table in ("question_topics", "question_roles"):
            conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        with cursor.copy("COPY question_topics (question_id, topic_id, position) FROM STDIN") as copy:
            for link in topic_links:
                copy.write_row(link)
        with cursor.copy("COPY question_roles (question_id, role_id) FROM STDIN") as copy:
            for link in role_links:
                copy.write_row(link)
        for table in ("question_topics", "question_roles"):
            conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        out_of_step = conn.exec_driver_sql(
            "SELECT count(*) FROM questions WHERE search_topics <> question_search_topics(id)"
            " OR search_roles <> question_search_roles(id)").scalar()
        print("tags_out_of_step", out_of_step)  # 0: the load wrote what the triggers would have
    with store.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    print(f"indexed_s {time.perf_counter() - started:.1f}")
    store.dispose()


def is_typing(q: SearchQuery) -> bool:
    return any(phrase.startswith(q.text) for phrase in TYPED)


def time_search_rows(store: Store, mix: list[SearchQuery], rounds: int, backend=None) -> tuple[list[float], dict]:
    timings, answers = [], {}
    with store.session() as s:
        for q in mix[:8]:  # warm the caches
            search_rows(s, q, backend)
        for _ in range(rounds):
            for n, q in enumerate(mix):
                started = time.perf_counter()
                rows, _ = search_rows(s, q, backend)
                timings.append((time.perf_counter() - started) * 1000)
                answers[n] = [r.id for r in rows]
    return timings, answers


def agreement(store: Store, mix: list[SearchQuery], answers: dict, k: int = 10) -> tuple[float, float]:
    """Against a full ts_rank sort of every match that passes the filters (raw psycopg): the
    share of queries whose top `k` ids are the sort's, and the rank the returned top `k` score
    over what the best `k` score (the measure issue #20 asks of SQLite)."""
    same = ratio = 0.0
    tsquery = f"to_tsquery('{CONFIG}', %s)"
    with store.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        for n, q in enumerate(mix):
            where, params = raw_filters(q)
            cursor.execute(
                f"SELECT q.id, ts_rank('{WEIGHTS}', q.search_vector, {tsquery}, {RANK_NORMALIZATION}) AS score "
                f"FROM questions q WHERE q.search_vector @@ {tsquery} AND {where.replace('?', '%s')} "
                "ORDER BY score DESC, q.id", [tsquery_text(words(q.text)), tsquery_text(words(q.text)), *params])
            ranked = cursor.fetchall()
            got = answers[n][:k]
            same += got == [qid for qid, _ in ranked[:k]]
            scores = dict(ranked)
            best = sum(score for _, score in ranked[:k])
            ratio += sum(scores.get(qid, 0.0) for qid in got) / best if best else 1.0
    return same / len(mix), ratio / len(mix)


def time_raw(store: Store, mix: list[SearchQuery], rounds: int, sql: str) -> list[float]:
    """Milliseconds per query of one raw psycopg statement taking the query's tsquery."""
    timings = []
    with store.engine.connect() as conn:
        cursor = conn.connection.driver_connection.cursor()
        cursor.execute("SET enable_seqscan = off")  # the plans search_rows gets (see postgres.py)
        cursor.execute("SET enable_indexscan = off")
        for _ in range(rounds):
            for q in mix:
                tsquery = tsquery_text(words(q.text))
                started = time.perf_counter()
                cursor.execute(sql, {"q": tsquery})
                cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("INTERVIEW_DESK_TEST_PG_URL"))
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="build the bank again even if it is there")
    parser.add_argument("--slowest", type=int, default=0, help="also list the N slowest queries")
    args = parser.parse_args()
    if not args.url:
        print("no server: pass --url or set INTERVIEW_DESK_TEST_PG_URL", file=sys.stderr)
        return 1

    store = Store(schema_url(args.url), upgrade=False)
    try:
        with store.engine.connect() as conn:
            have = conn.exec_driver_sql("SELECT count(*) FROM questions").scalar()
    except Exception:
        have = 0
    store.dispose()
    if args.rebuild or have != args.questions:
        build_bank(args.url, args.questions)
    store = Store(schema_url(args.url))
    with store.engine.connect() as conn:
        print("questions", conn.exec_driver_sql("SELECT count(*) FROM questions").scalar())
        print("server", conn.exec_driver_sql("SHOW server_version").scalar())

    mix = query_mix()
    typing = [i for i, q in enumerate(mix) if is_typing(q)]
    print("queries", len(mix))
    print("typing_queries", len(typing))
    with store.session() as s:
        started, started_cpu = time.perf_counter(), time.process_time()
        build_index(s, force=True)
        print(f"index_build_s {time.perf_counter() - started:.1f}")
        print(f"index_build_cpu_s {time.process_time() - started_cpu:.1f}")
    timings, answers = time_search_rows(store, mix, args.rounds)
    report("search", timings)
    report("typing", [t for i, t in enumerate(timings) if i % len(mix) in typing])
    tsvector, tsvector_answers = time_search_rows(store, mix, args.rounds, PostgresSearch())
    report("tsvector_search", tsvector)
    report("tsvector_typing", [t for i, t in enumerate(tsvector) if i % len(mix) in typing])
    tsquery = f"to_tsquery('{CONFIG}', %(q)s)"
    floor = time_raw(store, mix, args.rounds,
                     f"SELECT id FROM questions WHERE search_vector @@ {tsquery} LIMIT {LIMIT + 1}")
    report("floor", floor)
    report("typing_floor", [t for i, t in enumerate(floor) if i % len(mix) in typing])
    report("ranked_floor", time_raw(
        store, mix, 1, f"SELECT id FROM questions WHERE search_vector @@ {tsquery} "
                       f"ORDER BY ts_rank('{WEIGHTS}', search_vector, {tsquery}, {RANK_NORMALIZATION}) DESC, id LIMIT {LIMIT + 1}"))
    for prefix, got in (("", answers), ("tsvector_", tsvector_answers)):
        same, ratio = agreement(store, mix, got)  # against ts_rank, the database's own ranking
        print(f"{prefix}ranking_agreement_top10 {same:.3f}")
        print(f"{prefix}ranking_score_ratio_top10 {ratio:.3f}")
    if args.slowest:
        per_query = [(t, mix[i % len(mix)]) for i, t in enumerate(timings)]
        for t, q in sorted(per_query, key=lambda p: -p[0])[: args.slowest]:
            filters = {k: v for k, v in vars(q).items() if v and k not in ("text", "limit", "retired")}
            print(f"  {t:7.2f} ms  {q.text!r} {filters}")
    store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
