"""Search answered by the ranked index (ranked_index.py, Tantivy): a real bm25 top-k.

Tantivy ranks every match inside Rust, without SQL per candidate: the best 100 of 90,000
matches of "what" cost a few milliseconds (3-8 ms here). Its block-max pruning, which would
skip postings that cannot enter the top k, applies to plain unions of terms, not to the
every-word-must-match queries with filters built here, so every match is still scored, only far
faster than FTS5 and PostgreSQL score them (docs/search.md has the figures).

The query, for the words a person typed (`query.words`, never parsed as syntax):

- every word must match (a word of several tokens, "multi-agent", as the phrase of them);
- a word matches in any field, each field weighted as FTS5's bm25 weights them (prompt 10,
  rubric 2, answer 1, follow-ups 1, topics 2, roles 0.5);
- a whole word also matches its other forms: the index holds words as written (no stemming,
  see ranked_index.py), so "hallucinations" is the term itself or, cut to its stem by the
  snippets' rule, "hallucin" plus a common ending ("hallucination", "hallucinated");
- the last word is still being typed: it is a prefix, expanded into the terms the index holds
  that start with it (Tantivy's own prefix queries score every match alike; terms keep bm25):
  all of them up to ALL_TERMS, else the EXPANSIONS most frequent ones, plus the exact word
  and its forms. Two letters stand for thousands of terms; the most frequent carry most of
  the best matches, and a rarer word is found as its prefix grows. The count is then a lower
  bound (`total_at_least`);
- every term of a word or prefix scores with the idf of the word as a whole, as in FTS5
  (see _any_field).

Filters are terms of the `facets` field that must match: the index answers with the best of the
questions that pass. The database stays the authority: the texts for snippets are read with
the SQL filters applied.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from functools import lru_cache, partial

import tantivy
from sqlalchemy import Text, cast, select
from sqlalchemy.orm import Session

from desktop.core.bank.search.query import SearchHit, SearchQuery, SearchResult, filter_conditions, words
from desktop.core.bank.search.ranked_index import ANALYZER, SCHEMA, WEIGHTS, RankedIndex
from desktop.core.bank.search.snippets import _ENDINGS, _stem, question_snippet, word_patterns
from desktop.core.storage.id_lists import ids_in
from desktop.core.storage.models import Question

EXPANSIONS = 5  # terms a prefix of many stands for (the most frequent ones), besides the word itself
OTHER_TERMS = 0.3  # what a prefix's other terms, or a word's other forms, count for (see _any_field)
ALL_TERMS = 64  # a prefix of at most this many terms stands for all of them,
ALL_POSTINGS = 40_000  # when they are in at most this many documents (summed) between them
FORMS = 40  # terms read to find a whole word's other forms
EXPANDED_FIELDS = ("prompt", "rubric")  # where the terms of a prefix are looked up

def tokens(word: str) -> list[str]:
    """A typed word as the index's terms ("Multi-Agent" is "multi", "agent")."""
    return ANALYZER.analyze(word)


@lru_cache(maxsize=1024)
def _forms_pattern(stem: str) -> re.Pattern:
    return re.compile(re.escape(stem) + _ENDINGS + "$")


def _forms(searcher: tantivy.Searcher, term: str) -> set[str]:
    """The term and its other forms in the index: its stem plus a common ending."""
    stem = _stem(term)
    if stem == term and len(term) < 4:
        return {term}
    pattern = _forms_pattern(stem)
    found = {term}
    for field in EXPANDED_FIELDS:
        found.update(t for t, _ in searcher.terms_with_prefix(field, stem, limit=FORMS) if pattern.match(t))
    return found


def _prefix_terms(searcher: tantivy.Searcher, prefix: str) -> tuple[set[str], bool]:
    """The terms a prefix being typed stands for, and whether that is all of them: every term
    when there are at most ALL_TERMS in at most ALL_POSTINGS documents ("quokka0" is the 60 ids
    typed on), else the EXPANSIONS most frequent ones; with the word itself and its forms. A
    union costs what its terms' documents add up to: "lo" at 100,000 questions is 48 terms in
    100,000 prompts and rubrics, and its five commonest carry its best matches."""
    counts: dict[str, int] = {}
    every = True
    for field in EXPANDED_FIELDS:
        # The field's commonest terms only (Tantivy picks them): "d" stands for 10,000 terms,
        # and handing them all to Python cost more than the search.
        terms = searcher.terms_with_prefix(field, prefix, limit=ALL_TERMS + 1)
        every = every and len(terms) <= ALL_TERMS
        for term, count in terms:
            counts[term] = counts.get(term, 0) + count
    every = every and len(counts) <= ALL_TERMS and sum(counts.values()) <= ALL_POSTINGS
    best = counts if every else sorted(counts, key=lambda t: -counts[t])[:EXPANSIONS]
    return {*best, *_forms(searcher, prefix)}, every


def _idf(docs: int, having: int) -> float:
    """bm25's idf, as Tantivy computes it."""
    return math.log(1 + (docs - having + 0.5) / (having + 0.5))


def _any_field(searcher: tantivy.Searcher, terms: set[str], typed: str) -> tantivy.Query | None:
    """Any of these terms (a prefix's expansions, a word's forms) in any field, each field
    weighted, scored as FTS5 scores a prefix: as one word. FTS5 gives all the terms one idf,
    that of the word or prefix as a whole; Tantivy gives each term its own, so a question with
    many different rare "lo…" words would beat one that says "low" three times. Each term's
    score is scaled to the common idf. None when no term is in the index.

    One flat union of (term, field) clauses: Tantivy scores a union of plain term queries in
    blocks, two to four times faster than nested ones (a term's fields, then the best term).
    A union sums its terms, each saturated on its own, where FTS5 adds up a prefix's
    occurrences before saturating them: six different "de…" words would outrank "de" said
    three times. So the word as typed counts whole and its other terms a share (OTHER_TERMS)."""
    docs = searcher.num_docs
    frequencies = {(term, field): n for term in sorted(terms) for field in WEIGHTS
                   if (n := searcher.doc_freq(field, term))}
    if not frequencies:
        return None
    by_term: dict[str, int] = {}
    for (term, _), n in frequencies.items():
        by_term[term] = max(by_term.get(term, 0), n)
    common = _idf(docs, min(docs, sum(by_term.values())))
    clauses = [(tantivy.Occur.Should, tantivy.Query.boost_query(
        tantivy.Query.term_query(SCHEMA, field, term),
        WEIGHTS[field] * common / _idf(docs, n) * (1.0 if term == typed else OTHER_TERMS)))
        for (term, field), n in frequencies.items()]
    return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)


def _phrase(word_tokens: list[str]) -> tantivy.Query:
    """A word of several tokens ("multi-agent", "a'b") as the phrase of them, in any field."""
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.phrase_query(SCHEMA, field, word_tokens), weight))
        for field, weight in WEIGHTS.items()
    ])


def _word(searcher: tantivy.Searcher, word_tokens: list[str], typing: bool) -> tuple[tantivy.Query | None, bool]:
    """What one typed word must match, how it scores, and whether every term it may stand
    for is in (False: a short prefix, its most frequent terms only); None when it cannot match."""
    last, every = word_tokens[-1], True
    if typing:
        terms, every = _prefix_terms(searcher, last)
    else:
        terms = _forms(searcher, last)
    if len(word_tokens) == 1:
        return _any_field(searcher, terms, last), every
    # A phrase whose last token is a prefix: the phrases of its terms (Tantivy's own phrase
    # prefix query scores every match alike).
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, _phrase([*word_tokens[:-1], term])) for term in sorted(terms)]), every


def text_query(searcher: tantivy.Searcher, query_words: list[str]) -> tuple[tantivy.Query | None, bool]:
    """Every typed word must match, the last one as a prefix (None when no word has a term
    or one cannot match at all), and whether it matches all that FTS5 would (see _word)."""
    parts = [word_tokens for w in query_words if (word_tokens := tokens(w))]
    if not parts:
        return None, True
    clauses, complete = [], True
    for n, word_tokens in enumerate(parts):
        word, every = _word(searcher, word_tokens, typing=n == len(parts) - 1)
        if word is None:
            return None, True
        clauses.append((tantivy.Occur.Must, word))
        complete = complete and every
    return tantivy.Query.boolean_query(clauses), complete


def _one_of(values: list[str]) -> tantivy.Query:
    return tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "facets", v)) for v in values])


def facet_query(query: SearchQuery) -> list[tuple[tantivy.Occur, tantivy.Query]]:
    """The filters as facet terms that must match (scoring nothing: a filter's clause is
    wrapped to score 0, so every score is the text's own). Active questions are those not
    retired: excluding the few retired ones costs a third of matching the many active ones."""
    groups = [[mark + v for v in values] for mark, values in
              (("d", query.difficulties), ("k", query.kinds), ("t", query.topics), ("r", query.roles)) if values]
    if query.retired == "retired":
        groups.append(["sretired"])
    clauses = [(tantivy.Occur.Must, tantivy.Query.const_score_query(_one_of(g), 0.0)) for g in groups]
    if query.retired == "active":
        clauses.append((tantivy.Occur.MustNot, tantivy.Query.term_query(SCHEMA, "facets", "sretired")))
    return clauses


class TantivySearch:
    name = "tantivy"

    def __init__(self, index: RankedIndex):
        self.index = index

    def rank(self, query: SearchQuery) -> SearchResult:
        """The index's best matches, ids and scores only: not yet read from the database
        (`read_hits` reads them; the Bank reads them with its rows, search_page)."""
        searcher = self.index.searcher
        matched, complete = text_query(searcher, words(query.text))
        if matched is None:
            return SearchResult([], False, self.name, total=0)
        filters = facet_query(query)
        # Alone, the text's union is searched as one (wrapped in a boolean query of one clause,
        # Tantivy scores it document by document: twice as slow).
        found = searcher.search(tantivy.Query.boolean_query([(tantivy.Occur.Must, matched), *filters])
                                if filters else matched, query.limit + 1, count=True)
        ranked = [(searcher.doc(address).get_first("qid"), score) for score, address in found.hits]
        more = len(ranked) > query.limit
        ranked = sorted(ranked[: query.limit], key=lambda hit: (-hit[1], hit[0]))  # ties by id, as FTS5
        return SearchResult([SearchHit(qid, float(f"{score:.4g}")) for qid, score in ranked], more, self.name,
                            total=found.count, total_at_least=not complete, read=False)

    def search(self, session: Session, query: SearchQuery) -> SearchResult:
        return read_hits(session, query, self.rank(query))


# The texts a snippet is cut from, after the columns a caller asks for (see `texts`).
TEXTS = (Question.prompt, cast(Question.rubric, Text).label("rubric"), Question.answer,
         cast(Question.follow_ups, Text).label("follow_ups"))


def read_hits(session: Session, query: SearchQuery, result: SearchResult) -> SearchResult:
    """The ranked hits that pass the SQL filters (the database is the authority), with their snippets."""
    rows = texts(session, query, result.hits, Question.id)
    patterns = word_patterns(words(query.text))
    result.hits = [replace(hit, snippet_source=partial(cut_snippet, rows[hit.question_id][1:], patterns))
                   for hit in result.hits if hit.question_id in rows]
    result.read = True
    return result


def texts(session: Session, query: SearchQuery, hits: list[SearchHit], *columns) -> dict:
    """Rows of `columns` then TEXTS for the hits that pass the SQL filters, by id (the first column)."""
    if not hits:
        return {}
    statement = _texts_statement(columns, replace(query, text=""))
    rows = session.connection().execute(statement, {"ids": [h.question_id for h in hits]}).fetchall()
    return {row[0]: row for row in rows}


@lru_cache(maxsize=64)
def _texts_statement(columns: tuple, filters: SearchQuery):
    """Built once per set of filters (a person uses a few): building it cost more than running it."""
    return select(*columns, *TEXTS).where(ids_in(Question.id), *filter_conditions(filters))


def cut_snippet(row, patterns: list) -> str:
    """The snippet of TEXTS (prompt, rubric JSON, answer, follow-ups JSON)."""
    prompt, rubric, answer, follow_ups = row
    return question_snippet(prompt, rubric, answer, follow_ups, patterns)
