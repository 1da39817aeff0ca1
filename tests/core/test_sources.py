"""A question's source reads as the document it came from, never as a seed file's hash name."""

from __future__ import annotations

from desktop.core.bank.files import load_bank
from desktop.core.bank.sources import readable_source
from tests.conftest import BANK_DIR


def test_a_seed_item_reads_as_its_document_section_and_number():
    assert readable_source("000_5ee7f8f52e0f5050.txt Beginner #1") == \
        "“AI Image Generation Specialist Interview Questions”, Beginner, question 1"
    assert readable_source("002_0cd6e56ae01fcdad.txt Transformers & Large Language Models #12") == \
        "“Generative AI Interview Questions & Answers”, Transformers & Large Language Models, question 12"
    assert readable_source("001_2b16324f59f4cfc4.txt") == "“Generative AI Interview Questions”"


def test_original_and_a_users_own_source_read_plainly():
    assert readable_source("original") == "Written for this bank"
    assert readable_source("interviews.csv row 4") == "interviews.csv row 4"
    assert readable_source("") == ""


def test_no_question_in_the_bundled_bank_shows_a_file_name():
    for q in load_bank([BANK_DIR]).questions:
        shown = readable_source(q.source)
        assert ".txt" not in shown and "_" not in shown, (q.id, q.source)
