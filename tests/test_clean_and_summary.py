"""Cleaning, summaries, attribution and targets, on excerpts written for these tests."""

from __future__ import annotations

import textwrap
from datetime import date

from builder.clean import clean, unwrap
from builder.extract import extract
from builder.models import Article, ArticleFacts
from builder.read import parse_article
from builder.summary import summarise
from builder.text import sentences


def test_page_furniture_inside_a_line_is_removed() -> None:
    body = "\n".join(
        [
            "Buy Photo Officers stand outside the house on Elm Street. (Photo: Staff)",
            "Skip Ad Ad Loading... x Embed x Share Police investigate shooting",
            "Photos: The county's most wanted fugitives",
            "Email Newsletters Sign up for one of our email newsletters.",
            "Breaking: boy hurt https://t.co/abc pic.twitter.com/xyz — A Station (@station) May 2",
        ]
    )
    assert clean(body) == [
        "Officers stand outside the house on Elm Street.",
        "Police investigate shooting",
    ]


def test_run_together_sentences_are_split() -> None:
    (line,) = clean("The bullet was meant for his father.Smith said the boy was hit.")
    assert sentences(line) == (
        "The bullet was meant for his father.",
        "Smith said the boy was hit.",
    )


def test_a_quoted_fragment_completes_the_sentence_before_it() -> None:
    text = "An official spoke of two blasts being heard. “Grad-type rockets”. Then it ended."
    assert sentences(text)[0].endswith("heard. “Grad-type rockets”.")


def test_summaries_skip_embedded_posts() -> None:
    chosen = summarise(
        [
            "Two men were shot and wounded outside a bar on Main Street early Sunday.",
            "Watch the scene here https://example.org/clip as police arrive at the shooting.",
            "Police said both men were taken to hospital in stable condition after the attack.",
        ],
        "Two wounded",
    )
    assert all("https" not in s for s in chosen) and len(chosen) == 2


def test_blame_goes_to_the_actor_named_after_the_blaming_words() -> None:
    text = (
        "Rockets struck the base on Monday. | A spokesman for Kataib Hezbollah said the attack "
        "was carried out by unknown parties. | No group has claimed responsibility, but the "
        "embassy said indications are the attack was initiated by Iran-aligned militias."
    ).replace(" | ", "\n")
    facts = extract(Article(id="a.txt", text=text, title="Rocket attack on base"))
    assert [claim.actor for claim in facts.attributed] == ["Iran-aligned militias"]
    assert facts.claimed is not None and facts.claimed.actor is None


def test_target_is_the_noun_phrase_not_the_rest_of_the_sentence() -> None:
    text = (
        "Officials confirmed an attack on an American diplomatic facility in the capital days ago."
    )
    facts = extract(Article(id="a.txt", text=text, title="Attack"))
    assert facts.target is not None and facts.target.name == "American diplomatic facility"


def test_a_deck_without_a_full_stop_gives_way_to_sentences() -> None:
    chosen = summarise(
        [
            "Attack likely carried out by armed groups but no one claimed it",
            "Two rockets struck the compound early on Friday, officials said.",
            "No casualties were reported after the attack on the compound.",
        ],
        "Compound attacked",
    )
    assert chosen[0].startswith("Two rockets") and all(s.endswith(".") for s in chosen[:2])


_UNWRAPPED = [
    "Gunmen attack checkpoint near river town",
    "By A. Reporter",
    "RIVERTON, Westland (Wire) - Gunmen opened fire on a police checkpoint on the edge of"
    " Riverton late on Tuesday, killing two policemen and wounding three others before"
    " fleeing in a pickup truck, officials said on Wednesday.",
    "The checkpoint guards the only bridge into the town, and it had been attacked twice"
    " this year, a police spokesman told reporters at the scene.",
    "No group has said it carried out the attack, the spokesman added.",
]


def _hard_wrapped(paragraphs: list[str], width: int) -> str:
    return "\n\n".join(textwrap.fill(p, width) for p in paragraphs)


def test_a_hard_wrapped_text_reads_as_its_paragraphs() -> None:
    for width in (60, 72, 80):
        assert clean(_hard_wrapped(_UNWRAPPED, width)) == clean("\n".join(_UNWRAPPED))
    assert _UNWRAPPED[2] in clean(_hard_wrapped(_UNWRAPPED, 72))


def test_a_hard_wrapped_text_without_blank_lines_keeps_short_lines_apart() -> None:
    body = "\n".join(textwrap.fill(p, 72) for p in _UNWRAPPED)
    assert clean(body) == clean("\n".join(_UNWRAPPED))


def test_hard_wrapped_and_unwrapped_articles_give_the_same_facts() -> None:
    def facts(body: str) -> ArticleFacts:
        article = f"---\npublished: 2024-05-08\n---\n{body}"
        return extract(parse_article("a.txt", article.encode(), date(2024, 5, 9)))

    wrapped, unwrapped = facts(_hard_wrapped(_UNWRAPPED, 72)), facts("\n".join(_UNWRAPPED))
    assert wrapped.killed is not None and wrapped.injured is not None
    assert (wrapped.killed.value, wrapped.injured.value) == (2, 3)
    assert wrapped.event_date is not None and wrapped.event_date.value == date(2024, 5, 7)
    for claim in ("killed", "injured", "event_date", "place", "weapon"):
        assert getattr(wrapped, claim) == getattr(unwrapped, claim)


def test_one_paragraph_per_line_is_not_joined() -> None:
    lines = ["Short headline", "Another line of a menu", "A sentence that ends here."] * 3
    assert unwrap("\n".join(lines)) == "\n".join(lines)
