"""The builder's fast paths give exactly what the plain code they replace gives.

Writing and grouping have shortcuts for speed (store.dump builds YAML nodes itself,
edits.fingerprints joins canonical JSON from its parts, evidence packs terms as hashed keys);
each is checked here against its plain definition on values chosen to hit the corner cases.
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
import pytest
import yaml
from scipy import sparse

from builder import edits, evidence, group, store, text
from builder.curation import SourceNote

SHARED = {"name": "Main Street", "kind": "street"}
RECORD: dict[str, Any] = {
    "id": "2024-01-02-town-shooting",
    "title": "Two hurt in 'yes' and #tagged: shooting",
    "numbers": [1.5, 1e17, -0.0, float("nan"), float("inf"), -float("inf"), 1e-7, 3, -4],
    "flags": [True, False, None],
    "strings": ["1.0", "yes", "no", "null", "~", "", "x: y", "- a", "#c", "12:30", "0x1f", "é ü"],
    "multi": "first line\nsecond line\n",
    "long": "word " * 60,
    "target": SHARED,
    "again": [SHARED, {}, []],
    "sources": [
        {"file": "a/b.txt", "claims": {"killed": {"value": 2, "sentence": "Two died."}}},
        {"file": "c.txt", "claims": {}, "metadata": {"z": "1", "a": "2"}},
    ],
}


def _pyyaml(record: dict[str, Any]) -> str:
    return yaml.dump(record, Dumper=store._Dumper, sort_keys=False, allow_unicode=True, width=100)


def test_dump_writes_what_pyyaml_writes() -> None:
    assert store.dump(RECORD) == _pyyaml(RECORD)
    assert "&id001" in store.dump(RECORD)  # a shared value is an anchor, as PyYAML makes it


def test_dump_hands_other_types_to_pyyaml() -> None:
    record = {"date": date(2024, 1, 2), "nested": {"tuple": ["a"]}}
    assert store.dump(record) == _pyyaml(record)


def _reference_fingerprint(value: Any) -> str:
    canonical = json.dumps(edits._plain(value), sort_keys=True, ensure_ascii=False)
    return hashlib.blake2b(canonical.encode("utf-8"), digest_size=6).hexdigest()


def test_fingerprints_are_the_hashes_of_each_fields_canonical_json() -> None:
    found = edits.fingerprints(RECORD)
    assert found["numbers"] == _reference_fingerprint(RECORD["numbers"])
    assert found["sources[a/b.txt].claims"] == _reference_fingerprint(
        RECORD["sources"][0]["claims"]
    )
    assert found["sources"] == _reference_fingerprint(RECORD["sources"])
    assert all(len(f) == 12 for f in found.values())
    mixed = {"when": date(2024, 1, 2), "keys": {1: "a", "1": "b"}}
    assert edits.fingerprint(mixed) == _reference_fingerprint(mixed)


def _reference_paths(path: str, value: Any) -> set[str]:
    """The fields fingerprints() names, with every depth read from the path (edits._depth)."""
    if edits._depth(path) >= edits.MAX_DEPTH:
        return {path}
    if isinstance(value, dict):
        return {path}.union(*(_reference_paths(f"{path}.{k}", v) for k, v in value.items()))
    items = edits._items(path, value)
    return {path}.union(*(_reference_paths(p, v) for p, v in (items or {}).items()))


def test_fingerprints_count_depth_as_the_path_does_with_dots_and_brackets_in_keys() -> None:
    record = {
        "sources": [
            {"file": "a]b.c", "claims": {"x": {"y": 1}}},
            {"file": "d[e.f", "claims": {"x": {"y": 1}}},
            {"file": "g.h", "claims": {"x": {"y": 1}}},
        ],
        "a.b": {"c": {"d": 1}},
        "loc": {"x[y": {"z": {"w": 1}}, "p]q": {"r": 1}},
    }
    found = edits.fingerprints(record)
    assert set(found) == set().union(*(_reference_paths(k, v) for k, v in record.items()))


def test_packed_terms_weigh_like_the_counts_they_pack() -> None:
    first = {"w:fire": 3.0, "n:dunmore": 3.0, "p:paint warehouse": 1.0, "w:warehouse": 1.0}
    second = {"w:fire": 1.0, "n:dunmore": 1.0, "w:quake": 2.0}
    terms = [
        evidence.Terms.of(first, {"w:quake": 1.0, "w:unseen": 4.0}, {date(2024, 1, 1)}),
        evidence.Terms.of(first, {}, ()),
        evidence.Terms.of(second, {}, ()),
    ]
    weighted = evidence.weigh(terms)
    assert weighted.matrix.shape == (3, 5)  # five terms in the counts
    assert len(terms[0].counts) == 4
    same, other = weighted.similarity([0, 0], [1, 2])
    assert np.isclose(same, 1.0) and 0 < other < same
    # An aside term nobody's own counts have cannot match: it is left out.
    assert weighted.aside.nnz == 1


def test_state_json_is_what_json_dumps_writes() -> None:
    state = edits.State(
        fields={"title": "abc", 'quote "é"\n': "def"},
        locked=("title",),
        sources=("a.txt", "b.txt"),
        hashes={"b.txt": "2", "a.txt": "1"},
        secondary=("b.txt",),
    )
    data = {
        "file_sha": None,
        "locked": ["title"],
        "sources": ["a.txt", "b.txt"],
        "hashes": {"a.txt": "1", "b.txt": "2"},
        "fields": dict(sorted(state.fields.items())),
        "secondary": ["b.txt"],
    }
    assert state.to_json() == json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    empty = edits.State(fields={})
    assert (
        empty.to_json()
        == json.dumps(
            {"file_sha": None, "locked": [], "sources": [], "hashes": {}, "fields": {}}, indent=1
        )
        + "\n"
    )


def test_many_pairs_sum_as_scipy_sums_them() -> None:
    generator = np.random.default_rng(7)
    terms = [
        evidence.Terms.of(
            {
                f"w:t{int(t)}": float(generator.integers(1, 4))
                for t in generator.integers(0, 60, 25)
            },
            {f"w:t{int(t)}": 1.0 for t in generator.integers(0, 80, 5)},
            (),
        )
        for _ in range(40)
    ]
    weighted = evidence.weigh(terms)
    left = [int(i) for i in generator.integers(0, 40, 300)]
    right = [int(i) for i in generator.integers(0, 40, 300)]

    def scipy_rows(rows: evidence.Rows) -> sparse.csr_matrix:
        return sparse.csr_matrix((rows.data, rows.indices, rows.indptr), shape=rows.shape)

    main = scipy_rows(weighted.matrix)
    assert main.has_sorted_indices and main.has_canonical_format
    for aside, rows in ((False, weighted.matrix), (True, weighted.aside)):
        expected = scipy_rows(rows)[left].multiply(main[right]).sum(axis=1)
        found = weighted.similarity(left, right, aside=aside)
        assert np.array_equal(found, np.asarray(expected).ravel())


def test_frozen_counts_number_columns_as_documented() -> None:
    """With frozen counts: the frozen terms present in their frozen order, then new terms in
    order of first use; with the corpus's own counts frozen, the rows are those of a full
    weighing."""
    generator = np.random.default_rng(11)
    terms = [
        evidence.Terms.of(
            {f"w:t{int(t)}": 1.0 + int(t) % 3 for t in generator.integers(0, 90, 12)}, {}, ()
        )
        for _ in range(30)
    ]
    full = evidence.weigh(terms)
    assert full.rarity is not None
    again = evidence.weigh(terms, full.rarity)
    for mine, theirs in ((full.matrix, again.matrix), (full.aside, again.aside)):
        assert np.array_equal(mine.indptr, theirs.indptr)
        assert np.array_equal(mine.indices, theirs.indices)
        assert np.array_equal(mine.data, theirs.data)
    earlier = evidence.weigh([*terms[10:20], evidence.Terms.of({"w:gone": 1.0}, {}, ())])
    assert earlier.rarity is not None
    weighted = evidence.weigh(terms, earlier.rarity)
    keys = [[int(k) for k in t.counts.arrays()[0]] for t in terms]
    present = {k for row in keys for k in row}
    vocabulary = [int(k) for k in earlier.rarity.keys if int(k) in present]
    vocabulary += [k for k in dict.fromkeys(k for row in keys for k in row) if k not in vocabulary]
    for row, row_keys in enumerate(keys):
        start, end = weighted.matrix.indptr[row], weighted.matrix.indptr[row + 1]
        assert weighted.matrix.indices[start:end].tolist() == sorted(
            vocabulary.index(k) for k in row_keys
        )


def test_rows_taken_from_an_earlier_weighing_are_the_rows_weighed_again() -> None:
    """evidence.weigh with an earlier weighing's rows gives what weighing every row gives, bit
    for bit: after articles are added (one with terms the frozen counts lack, one of them used
    by a later article already), removed (one with a term no other has) and edited."""
    generator = np.random.default_rng(13)

    def article(extra: dict[str, float] | None = None) -> evidence.Terms:
        counts = {f"w:t{int(t)}": 1.0 + int(t) % 3 for t in generator.integers(0, 90, 12)}
        aside = {f"w:t{int(t)}": 1.0 for t in generator.integers(0, 120, 3)}
        return evidence.Terms.of(counts | (extra or {}), aside, ())

    counted = [article() for _ in range(30)]
    lonely, new, first = article({"n:lonely": 2.0}), article({"n:new": 1.0}), article({"n:b": 1.0})
    later = article({"n:new": 1.0, "n:b": 1.0})
    full = evidence.weigh([lonely, *counted])  # what a full build's snapshot keeps
    rarity = full.rarity
    assert rarity is not None
    a = [f"a{k:02}" for k in range(30)]
    steps = [  # (terms, ids) of each build
        ([lonely, *counted], ["0", *a]),
        ([*counted[:5], new, *counted[5:], later], [*a[:5], "b", *a[5:], "y"]),  # 0 removed
        ([first, *counted[:29], later], ["00", *a[:29], "y"]),  # n:b is first used earlier
        ([counted[0], article(), *counted[2:29], later], ["a00", "a01", *a[2:29], "y"]),
    ]
    # The first build after a full one takes rows from the full weighing (its own counts,
    # columns by first use); the later ones from weighings with the frozen counts.
    earlier, earlier_ids = full, steps[0][1]
    for (terms, ids), edited in zip(steps[1:], ([], [], ["a01"]), strict=True):
        earlier.all_top_terms(4)  # as blocking asks for them; taken rows take theirs
        kept = [earlier_ids.index(i) if i in earlier_ids and i not in edited else -1 for i in ids]
        taken = evidence.weigh(terms, rarity, earlier, kept)
        weighed = evidence.weigh(terms, rarity)
        assert taken.all_top_terms(4).tolist() == [
            [*weighed.top_terms(row, 4), -1, -1, -1, -1][:4] for row in range(len(terms))
        ]
        assert np.array_equal(taken.vocabulary, weighed.vocabulary)
        for mine, theirs in ((taken.matrix, weighed.matrix), (taken.aside, weighed.aside)):
            assert mine.shape == theirs.shape
            assert np.array_equal(mine.indptr, theirs.indptr)
            assert mine.indices.dtype == theirs.indices.dtype
            assert np.array_equal(mine.indices, theirs.indices)
            assert np.array_equal(mine.data, theirs.data)
        earlier, earlier_ids = taken, ids


def test_find_gives_the_positions_a_binary_search_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "_FIND_AT_ONCE", 64)  # several slices
    generator = np.random.default_rng(5)
    table = np.unique(generator.integers(0, 2**63, 200, dtype=np.uint64))
    # Keys in the table, keys that are not, and keys whose low bits (their hash slot) are those
    # of a key in the table.
    twins = table[:50] ^ (np.uint64(1) << np.uint64(60))
    others = generator.integers(0, 2**63, 300, dtype=np.uint64)
    keys = np.concatenate([table[::-3], twins, others, table[:1], twins[:5]])
    table = np.unique(np.concatenate([table, twins[::7]]))  # some twins in the table too
    position, found = evidence._find(table, keys)
    expected = {int(k): i for i, k in enumerate(table)}
    assert found.tolist() == [int(k) in expected for k in keys]
    assert position[found].tolist() == [expected[int(k)] for k in keys[found]]
    none, missing = evidence._find(table[:0], keys)
    assert not missing.any() and len(none) == len(keys)


def test_blocking_and_the_pairs_of_some_rows_are_those_of_the_plain_loops() -> None:
    rng = random.Random(5)
    words = [f"w:word{k}" for k in range(40)]
    terms = [
        evidence.Terms.of({w: float(rng.randint(1, 3)) for w in rng.sample(words, 8)}, {}, ())
        for _ in range(60)
    ]
    weighted = evidence.weigh(terms)
    plain: dict[int, list[int]] = defaultdict(list)
    for row, top in enumerate(weighted.all_top_terms(group.BLOCKING_TERMS).tolist()):
        for term in top:
            if term < 0:
                break
            plain[term].append(row)
    assert group.blocking(weighted) == plain
    when = [evidence.When(date(2024, 5, 1 + k % 20), None, frozenset()) for k in range(60)]
    every = group.candidate_pairs(weighted, when)
    for rows in ({0}, {3, 59}, set(range(0, 60, 7)), set()):
        # Only the postings of the rows' terms are gone through: the same pairs as filtering.
        wanted = [(i, j) for i, j in every if i in rows or j in rows]
        assert group.candidate_pairs(weighted, when, rows) == wanted


def test_folding_table_looked_up_by_character_is_the_table_of_every_mark() -> None:
    every = {code: None for code in range(0x20000) if unicodedata.combining(chr(code))}
    every |= {ord(letter): plain for letter, plain in text._PLAIN_LETTERS.items()}
    # Marks, letters NFKD leaves whole or decomposes, other scripts, the planes beyond.
    sample = "".join(map(chr, [*range(0x80, 0x800), *range(0x1DC0, 0x1E00), 0x1E94A, 0xE0100]))
    decomposed = unicodedata.normalize("NFKD", sample + "Şanlıurfa Zürich Łódź")
    assert decomposed.translate(text._FOLDING) == decomposed.translate(every)


def test_record_keys_encode_as_json_dumps_and_repr_do() -> None:
    parts = ["v", "2024-01-02-zürich-shooting", [["a/é.txt", "0f", "x"]], [], [["b", "同じ"]]]
    assert store._KEY_JSON.encode(parts) == json.dumps(parts, ensure_ascii=False)
    for note in (SourceNote(), SourceNote("a.txt", None, ""), SourceNote(None, "b.txt", "why")):
        assert store._note_text(note) == repr(note)
