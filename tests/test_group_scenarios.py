"""Grouping scenarios of several articles each, on excerpts written for these tests: days after
the publication date, a roundup of two attacks on one day, and incidents of many kinds told over
days (a quake and its aftershocks, two fires in one city, a bombing and its claim, a wire story
and its rewrites, two shootings on one street).
"""

from __future__ import annotations

from test_group import _facts

from builder import evidence


def test_a_day_after_the_publication_date_puts_no_sentence_aside() -> None:
    # A hearing, a funeral or a trial set for a later day belongs to the incident the article
    # reports: it is not another attack, and nothing can have happened on that day yet.
    found = evidence.article_evidence(
        _facts(
            "hearing.txt",
            "2024-03-06",
            "Man charged in Elm Street shooting\n"
            "A man was charged on Tuesday with shooting a clerk at a gas station on Elm Street in "
            "Toledo on Sunday. A hearing is set for March 20 before Judge Ruth Okafor. "
            "The clerk remains in hospital.",
        )
    )
    assert found.terms.aside_days == frozenset()
    assert not len(found.terms.aside)
