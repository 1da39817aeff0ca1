"""How long do the PDF exports take? Prints figures (`name value`); asserts nothing.

    /tmp/venv/bin/python bench/bench_pdf.py [--rounds R] [--keep FOLDER]

Builds, in a temporary database with the bundled bank: a 20-question set, and a candidate's
loop of four submitted interviews with eight questions each (with notes, ratings, ticked
rubric points and one amendment). Each export is built R times in memory (the first build,
which also loads the fonts, is reported apart); the median is the figure.

Figures: pdf_fonts_first_ms (first build including font loading), pdf_packet_20q_ms,
pdf_scorecard_8q_ms, pdf_debrief_4x8_ms (wall time), the same as *_cpu_ms (process CPU time,
steadier when other work shares the machine), and the page counts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desktop.core.bank.sync import sync_bundled_bank  # noqa: E402
from desktop.core.storage.models import InterviewSet, Question, SetItem  # noqa: E402
from desktop.core.paper import ExportOptions, build_pdf  # noqa: E402
from desktop.core.storage.store import Store  # noqa: E402
from tests.core.pdf_fixtures import make_loop  # noqa: E402


def timed(store: Store, kind: str, target: int, options: ExportOptions) -> tuple[float, float, bytes]:
    """Wall and CPU milliseconds for one build (CPU time shows the cost on a busy machine)."""
    with store.session() as s:
        start, cpu = time.perf_counter(), time.process_time()
        data = build_pdf(s, kind, target, options)
        return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000, data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="also write the PDFs into this folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        sync_bundled_bank(store)
        with store.session() as s, s.begin():
            questions = s.scalars(select(Question).order_by(Question.id).limit(20)).all()
            twenty = InterviewSet(name="Bench: twenty questions", role_id="genai-engineer", level="senior",
                                  items=[SetItem(question_id=q.id, position=i) for i, q in enumerate(questions)])
            s.add(twenty)
            s.flush()
            loop = make_loop(s)
            targets = {"packet": twenty.id, "scorecard": loop.interview_ids[0], "debrief": loop.candidate_id}

        options = ExportOptions(page_size="a4")
        first, _, _ = timed(store, "packet", targets["packet"], options)
        print(f"pdf_fonts_first_ms {first:.1f}")
        names = {"packet": "pdf_packet_20q_ms", "scorecard": "pdf_scorecard_8q_ms", "debrief": "pdf_debrief_4x8_ms"}
        for kind, target in targets.items():
            runs = [timed(store, kind, target, options) for _ in range(args.rounds)]
            data = runs[-1][2]
            print(f"{names[kind]} {statistics.median(t for t, _, _ in runs):.1f}")
            print(f"{names[kind].replace('_ms', '_cpu_ms')} {statistics.median(c for _, c, _ in runs):.1f}")
            print(f"{names[kind].removesuffix('_ms')}_pages {data.count(b'/Type /Page') - data.count(b'/Type /Pages')}")
            if args.keep:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / f"{kind}.pdf").write_bytes(data)
        store.dispose()


if __name__ == "__main__":
    main()
