"""`export loop-kit`, `import-kit`, `export card`, `import-card` as a person types them: each
laptop has its own database, key folder and name in Preferences."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import func, select

from desktop.core import interviewing as iv
from desktop.core.cli import main
from desktop.core.storage.models import Candidate, Interview
from desktop.core.storage.preferences import Preferences, save_preferences
from desktop.core.storage.store import Store
from tests.core.interview_fixtures import make_candidate, make_loop


@pytest.fixture
def run(tmp_path, _bank_template, monkeypatch, capsys):
    """run(laptop, *argv) -> (status, stdout, stderr), as that laptop's user."""
    for name in ("A", "B"):
        shutil.copy(_bank_template, tmp_path / f"{name}.db")

    def run(laptop: str, *argv: str):
        run.home(laptop)
        save_preferences(Preferences(interviewer_name={"A": "Olga", "B": "Bea"}[laptop]))
        status = main([*argv, "--db", str(tmp_path / f"{laptop}.db")])
        out, err = capsys.readouterr()
        return status, out, err

    run.home = lambda laptop: monkeypatch.setenv("INTERVIEW_DESK_HOME", str(tmp_path / f"home-{laptop}"))
    return run


def on(tmp_path, laptop: str):
    return Store(str(tmp_path / f"{laptop}.db"))


def test_a_kit_goes_out_and_a_card_comes_back_on_the_command_line(run, tmp_path):
    a = on(tmp_path, "A")
    with a.transaction() as s:
        loop = make_loop(s, make_candidate(s, "Ada Lovelace"), sets=2, name="Ada loop")
        loop_id = loop.id
    a.dispose()
    kits = tmp_path / "kits"
    kits.mkdir()
    status, out, err = run("A", "export", "loop-kit", "Ada loop", "--out", str(kits), "--assign", "1=Bea",
                           "--assign", "2=Cy")
    assert status == 0, err
    assert out.count("wrote ") == 2
    bea_kit = kits / "ada-loop-1-bea.kit.json"

    status, out, err = run("B", "import-card", str(bea_kit))
    assert status == 1 and "import it with `interview-desk import-kit`" in err and len(err.splitlines()) == 1
    status, out, err = run("B", "import-kit", str(bea_kit))
    assert status == 0, err
    assert "planned for Bea" in out and "trusted Olga's key" in out

    b = on(tmp_path, "B")
    with b.transaction() as s:
        interview_id = s.scalar(select(Interview.id).where(Interview.interviewer == "Bea"))
        iv.begin_interview(s, interview_id)
        iv.update_annotation(s, interview_id, 0, rating=4, notes="excellent")
        iv.submit_interview(s, interview_id, recommendation="strong_yes", summary="Clear evidence")
    b.dispose()
    card = tmp_path / "bea.card.json"
    assert run("B", "export", "card", str(interview_id), "--out", str(card))[0] == 0

    tampered = tmp_path / "tampered.card.json"
    tampered.write_text(card.read_text(encoding="utf-8").replace("excellent", "excellenT"), encoding="utf-8")
    status, out, err = run("A", "import-card", str(card), str(tampered))
    assert status == 1 and len(err.splitlines()) == 1
    assert "tampered.card.json: the scorecard card was changed after it was exported" in err
    assert "nothing was imported" in err
    a = on(tmp_path, "A")
    with a.session() as s:
        assert s.scalar(select(func.count()).select_from(Interview)) == 0
    a.dispose()

    status, out, err = run("A", "import-card", str(card))
    assert status == 0, err
    assert "Bea's scorecard for Ada Lovelace imported" in out and "trusted Bea's key" in out
    status, out, err = run("A", "import-card", str(card))
    assert status == 0 and "nothing changed" in out
    status, out, err = run("A", "verify")
    assert status == 0 and out.startswith("ok: 1 sealed scorecard"), err
    a = on(tmp_path, "A")
    with a.session() as s:
        assert s.scalar(select(Interview.loop_id).where(Interview.interviewer == "Bea")) == loop_id
    a.dispose()


def test_a_namesake_is_asked_about_and_answered_with_candidate(run, tmp_path):
    for laptop in ("A", "B"):
        run.home(laptop)  # who signs on that laptop
        store = on(tmp_path, laptop)
        with store.transaction() as s:
            person = make_candidate(s, "Ada Lovelace")
            if laptop == "B":
                loop = make_loop(s, person, sets=1, name="Ada loop")
                interview = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=person.id, interviewer="Bea")
                iv.submit_interview(s, interview.id, recommendation="no", summary="Thin evidence")
                interview_id = interview.id
            else:
                here = person.id
        store.dispose()
    card = tmp_path / "card.json"
    assert run("B", "export", "card", "--interview", str(interview_id), "--out", str(card))[0] == 0
    status, out, err = run("A", "import-card", str(card))
    assert status == 1 and "say whether it is the same person" in err and "--candidate ID, or --new-candidate" in err
    assert run("A", "import-card", str(card), "--candidate", str(here))[0] == 0
    store = on(tmp_path, "A")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1
    store.dispose()


def test_exporting_something_that_is_not_a_sealed_scorecard_says_so(run, tmp_path):
    run.home("B")
    store = on(tmp_path, "B")
    with store.transaction() as s:
        person = make_candidate(s)
        loop = make_loop(s, person, sets=1)
        draft = iv.create_interview(s, set_id=loop.sets[0].id, candidate_id=person.id, interviewer="Bea").id
    store.dispose()
    status, _, err = run("B", "export", "card", str(draft), "--out", str(tmp_path / "x.json"))
    assert status == 1 and "only a sealed scorecard can be exported" in err
    status, _, err = run("B", "export", "card", "999", "--out", str(tmp_path / "x.json"))
    assert status == 1 and "no interview with id 999" in err
    assert not (tmp_path / "x.json").exists()
