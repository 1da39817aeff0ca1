"""A self-contained build (packaging/) finds the bank and resources it carries, not a checkout's."""

from __future__ import annotations

import sys

from desktop.core.storage import paths


def test_a_frozen_build_finds_its_own_bank_and_resources(tmp_path, monkeypatch):
    (tmp_path / "question_bank").mkdir()
    (tmp_path / "resources").mkdir()
    monkeypatch.delenv("INTERVIEW_DESK_BANK", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.bundled_bank_dir() == tmp_path / "question_bank"
    assert paths.resources_dir() == tmp_path / "resources"


def test_outside_a_build_the_checkout_is_used(monkeypatch):
    monkeypatch.delenv("INTERVIEW_DESK_BANK", raising=False)
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert (paths.bundled_bank_dir() / "roles.yaml").is_file()
