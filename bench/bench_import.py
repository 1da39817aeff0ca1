"""How fast does `interview-desk import` take 100,000 questions? Prints figures; asserts nothing.

    /work/main/.venv/bin/python bench/bench_import.py [--questions N] [--keep DIR]

The corpus is made of the bundled bank's own words: each synthetic question copies the shape of
a real one (its difficulty, kind, topics, roles, the number of rubric points, anchors and
follow-ups, and the length of every text), and fills every text with words drawn by how often
they occur in that field of the real bank ("what" often, "kohya" rarely). It is written once as
YAML (the layout `export-bank` writes) and once as CSV (the columns CSV carries).

Each file is imported the way a person does it, `desktop.core.cli.main(["--db", DB, "import",
FILE])`, in a child process of its own (so its peak memory is its own), into a database that
already holds the bundled bank. The floor is measured in the same run: raw sqlite3 building an
FTS5 index of the same text, defined as the app's (the same columns, tokenizer and prefix
indexes: since migration 0014 of one and two letters only), in one transaction, executemany into a
plain FTS5 table, nothing else.

Figures (`name value`): import_yaml_100k_s, import_csv_100k_s (the import command's own time),
import_floor_fts5_s, import_vs_floor (the slower import over the floor), import_yaml_peak_mb,
import_csv_peak_mb (each child's own peak resident memory, VmHWM), load_yaml_100k_s and load_csv_100k_s (reading and
checking the files alone, desktop/core/bank/files.py, with the cycle collector paused as
the import pauses it), reimport_csv_100k_s (the same file
again: nothing changes), first_start_bank_import_s (importing the bundled bank into a new
database, best of three). Each time has a `_cpu_s` twin, the CPU time of the process doing the
work: on a machine shared with other jobs wall time swings by several times, CPU time far less.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.core.bank.files import dump_yaml, load_bank  # noqa: E402
from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402

BANK = ROOT / "question_bank"
WORD = re.compile(r"[^\W_][\w'’./+-]*[^\W_]|[^\W_]", re.UNICODE)
FTS_COLUMNS = "prompt, rubric, answer, follow_ups, topics, roles, facets"  # as the app indexes them
FTS_OPTIONS = "tokenize='porter unicode61 remove_diacritics 2', prefix='1 2'"  # as migration 0014


class Vocabulary:
    """The words of one field of the real bank, drawn by how often they occur there: drawing
    uniformly from every word occurrence (the field's running text) is drawing by frequency."""

    def __init__(self, texts):
        self.occurrences = [w.lower() for t in texts for w in WORD.findall(t or "")]

    def text(self, rng: random.Random, length: int, end: str = ".") -> str:
        if length <= 0:
            return ""
        chosen = " ".join(rng.choices(self.occurrences, k=length))
        return chosen[:1].upper() + chosen[1:] + end


def word_count(text: str | None) -> int:
    return len(WORD.findall(text or ""))


LISTS = ("rubric", "anchors", "follow_ups", "red_flags")


def synthetic_questions(count: int, seed: int = 11) -> list[dict]:
    real = load_bank([BANK]).questions
    vocab = {"prompt": Vocabulary(q.prompt for q in real), "answer": Vocabulary(q.answer for q in real)}
    vocab.update((key, Vocabulary(t for q in real for t in getattr(q, key))) for key in LISTS)
    # Each real question's shape: its fields and the length in words of every text.
    shapes = [(q, word_count(q.prompt), word_count(q.answer),
               {key: [word_count(t) for t in getattr(q, key)] for key in LISTS}) for q in real]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        base, prompt_words, answer_words, lengths = rng.choice(shapes)
        q = {
            "id": f"syn-{i:06d}",
            "prompt": vocab["prompt"].text(rng, prompt_words, "?"),
            "difficulty": base.difficulty, "kind": base.kind,
            "topics": list(base.topics), "roles": list(base.roles),
            "minutes": base.minutes,
        }
        if base.competencies:
            q["competencies"] = list(base.competencies)
        if answer_words:
            q["answer"] = vocab["answer"].text(rng, answer_words)
        for key in LISTS:
            if lengths[key]:
                q[key] = [vocab[key].text(rng, n, "" if key == "rubric" else ".") for n in lengths[key]]
        q["source"] = "synthetic"
        out.append(q)
    return out


def write_yaml(questions: list[dict], path: Path) -> None:
    path.write_text(dump_yaml({"questions": questions}), encoding="utf-8")


def write_csv(questions: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "prompt", "difficulty", "kind", "topics", "roles", "rubric", "answer",
                    "follow_ups", "minutes", "source"])
        for q in questions:
            w.writerow([q["id"], q["prompt"], q["difficulty"], q["kind"], ";".join(q["topics"]),
                        ";".join(q["roles"]), "\n".join(q["rubric"]), q.get("answer", ""),
                        "\n".join(q.get("follow_ups", [])), q["minutes"], q["source"]])


def fts_rows(questions: list[dict], topic_names: dict, role_names: dict):
    """The text the app's index holds for each question, laid out as its view lays it out."""
    mark = "\ue000"
    for q in questions:
        facets = [mark + "d" + q["difficulty"].encode().hex(), mark + "k" + q["kind"].encode().hex(),
                  mark + "active"]
        facets += [mark + "t" + t.encode().hex() for t in sorted(q["topics"])]
        facets += [mark + "r" + r.encode().hex() for r in sorted(q["roles"])]
        yield (q["prompt"], "\n".join(q["rubric"]), q.get("answer", ""), "\n".join(q.get("follow_ups", [])),
               "\n".join(f"{t} {topic_names.get(t, '')}" for t in q["topics"]),
               "\n".join(f"{r} {role_names.get(r, '')}" for r in sorted(q["roles"])),
               " ".join(facets))


def floor_fts5(questions: list[dict], folder: Path) -> tuple[float, float]:
    """Raw sqlite3: one FTS5 table defined as the app's (FTS_COLUMNS, FTS_OPTIONS), one transaction."""
    bank = load_bank([BANK])
    topics = {t.id: t.name for t in bank.topics}
    roles = {r.id: r.name for r in bank.roles}
    rows = list(fts_rows(questions, topics, roles))
    path = folder / "floor.db"
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    started, started_cpu = time.perf_counter(), time.process_time()
    with db:
        db.execute(f"CREATE VIRTUAL TABLE question_fts USING fts5({FTS_COLUMNS}, {FTS_OPTIONS})")
        db.executemany(f"INSERT INTO question_fts({FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    db.close()
    return elapsed, cpu


# The child's own peak: VmHWM of its address space. ru_maxrss would not do: Linux carries it
# over fork and exec, so a child of this process (holding the corpus) would report our peak.
PEAK = """
def peak_kb():
    try:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

CHILD = PEAK + """
import sys, time
sys.path.insert(0, {root!r})
from desktop.core.cli import main
started, cpu = time.perf_counter(), time.process_time()
status = main({argv!r})
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print("RESULT", status, elapsed, cpu, peak_kb(), file=sys.stderr)
"""

LOAD_CHILD = PEAK + """
import gc, sys, time
sys.path.insert(0, {root!r})
from desktop.core.bank.files import load_bank
known = load_bank([{bank!r}])
gc.disable()  # as import_paths reads them
started, cpu = time.perf_counter(), time.process_time()
bank = load_bank([{file!r}], known_topics={{t.id for t in known.topics}},
                 known_roles={{r.id for r in known.roles}},
                 known_competencies={{c.id for c in known.competencies}})
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
print("RESULT", len(bank.problems), elapsed, cpu, peak_kb(), file=sys.stderr)
"""


def run_child(code: str) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MB) as the child measured them."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    result = [line for line in done.stderr.splitlines() if line.startswith("RESULT")]
    if done.returncode or not result:
        sys.exit(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    _, status, elapsed, cpu, maxrss = result[-1].split()
    if status != "0":
        sys.exit(f"child failed with status {status}:\n{done.stderr[-3000:]}")
    return float(elapsed), float(cpu), int(maxrss) / 1024


def import_child(db: Path, file: Path) -> tuple[float, float, float]:
    return run_child(CHILD.format(root=str(ROOT), argv=["--db", str(db), "import", str(file)]))


def bundled_database(folder: Path) -> Path:
    """A database file holding the bundled bank, as after a first start."""
    path = folder / "template.db"
    store = Store(str(path))
    sync_bundled_bank(store, BANK)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


def remove_database(path: Path) -> None:
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        part.unlink(missing_ok=True)


def first_start(folder: Path, rounds: int = 3) -> tuple[float, float]:
    """The bundled bank into a new (migrated) database: best wall and CPU seconds of `rounds`."""
    best = best_cpu = float("inf")
    for n in range(rounds):
        path = folder / f"first-{n}.db"
        remove_database(path)  # a kept folder's holds the bank already
        store = Store(str(path))
        started, cpu = time.perf_counter(), time.process_time()
        sync_bundled_bank(store, BANK)
        best, best_cpu = min(best, time.perf_counter() - started), min(best_cpu, time.process_time() - cpu)
        store.dispose()
    return best, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR",
                        help="write the corpus and databases here and keep them (a corpus already there is reused)")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-import-"))
    folder.mkdir(parents=True, exist_ok=True)
    n = args.questions
    try:
        yaml_file, csv_file = folder / "corpus.yaml", folder / "corpus.csv"
        if yaml_file.exists() and csv_file.exists():  # a kept corpus: its CSV has the indexed text
            questions = [q.as_dict() for q in load_bank([csv_file], known_topics=None).questions]
        else:
            questions = synthetic_questions(n)
            write_yaml(questions, yaml_file)
            write_csv(questions, csv_file)
        label = f"{len(questions) // 1000}k" if len(questions) % 1000 == 0 else str(len(questions))
        print(f"corpus_yaml_mb {yaml_file.stat().st_size / 1e6:.1f}")
        print(f"corpus_csv_mb {csv_file.stat().st_size / 1e6:.1f}")
        floor, floor_cpu = floor_fts5(questions, folder)
        del questions
        print(f"import_floor_fts5_s {floor:.2f}")
        print(f"import_floor_fts5_cpu_s {floor_cpu:.2f}")

        template = bundled_database(folder)
        slowest = slowest_cpu = 0.0
        for kind, file in (("yaml", yaml_file), ("csv", csv_file)):
            db = folder / f"import-{kind}.db"
            remove_database(db)  # a kept folder's, with its write-ahead log
            shutil.copy(template, db)
            seconds, cpu, peak = import_child(db, file)
            slowest, slowest_cpu = max(slowest, seconds), max(slowest_cpu, cpu)
            print(f"import_{kind}_{label}_s {seconds:.2f}")
            print(f"import_{kind}_{label}_cpu_s {cpu:.2f}")
            print(f"import_{kind}_peak_mb {peak:.0f}")
        print(f"import_vs_floor {slowest / floor:.2f}")
        print(f"import_vs_floor_cpu {slowest_cpu / floor_cpu:.2f}")
        seconds, cpu, peak = import_child(folder / "import-csv.db", csv_file)
        print(f"reimport_csv_{label}_s {seconds:.2f}")
        print(f"reimport_csv_peak_mb {peak:.0f}")
        for kind, file in (("yaml", yaml_file), ("csv", csv_file)):
            seconds, cpu, peak = run_child(LOAD_CHILD.format(root=str(ROOT), bank=str(BANK), file=str(file)))
            print(f"load_{kind}_{label}_s {seconds:.2f}")
            print(f"load_{kind}_{label}_cpu_s {cpu:.2f}")
            print(f"load_{kind}_peak_mb {peak:.0f}")
        first, first_cpu = first_start(folder)
        print(f"first_start_bank_import_s {first:.3f}")
        print(f"first_start_bank_import_cpu_s {first_cpu:.3f}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
