"""Cleaning, summaries, attribution and targets, on excerpts written for these tests."""

from __future__ import annotations

from builder.clean import clean
from builder.extract import extract
from builder.models import Article
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
