"""The benchmark and its generator run end to end on a tiny archive, so they cannot rot.

No timing thresholds here: those live in benchmarks/bench_build.py and are checked with --check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from builder import store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_build  # noqa: E402
import bench_write  # noqa: E402
import generate_articles  # noqa: E402


def test_the_generator_is_deterministic_and_grows_by_appending(tmp_path: Path) -> None:
    small = generate_articles.write(30, tmp_path / "small", seed=3)
    larger = generate_articles.write(31, tmp_path / "larger", seed=3)
    assert [(g.file, g.text) for g in small] == [(g.file, g.text) for g in larger[:30]]
    gold = [json.loads(line) for line in (tmp_path / "larger" / "gold.jsonl").open()]
    assert [row["file"] for row in gold] == [g.file for g in larger]
    assert all((tmp_path / "larger" / "articles" / row["file"]).is_file() for row in gold)
    assert len({row["incident"] for row in gold}) < len(gold)  # incidents have several sources


def test_b_cubed_is_one_for_the_true_grouping_and_lower_for_a_wrong_one(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "".join(
            json.dumps({"file": f, "incident": i}) + "\n"
            for f, i in [("a", "1"), ("b", "1"), ("c", "2")]
        )
    )
    folder = tmp_path / "content" / "incidents"
    folder.mkdir(parents=True)
    (folder / "x.yml").write_text("id: x\nsources: [{file: a}, {file: b}]\n")
    (folder / "y.yml").write_text("id: y\nsources: [{file: c}]\n")
    assert bench_build.b_cubed_f1(gold, tmp_path / "content") == pytest.approx(1.0)
    (folder / "x.yml").write_text("id: x\nsources: [{file: a}, {file: b}, {file: c}]\n")
    (folder / "y.yml").unlink()
    assert bench_build.b_cubed_f1(gold, tmp_path / "content") < 0.8


def test_the_benchmark_runs_on_a_tiny_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = bench_build.main(
        [
            "--sizes",
            "40",
            "--runs",
            "1",
            "--incremental",
            "40",
            "--workers",
            "2",
            "--data",
            str(tmp_path),
            "--json",
            str(tmp_path / "runs.json"),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "full build, 40 articles" in printed and "add 1 article to 40" in printed
    runs = json.loads((tmp_path / "runs.json").read_text())
    assert [r["label"] for r in runs] == [
        "full build, 40 articles",
        "add 1 article to 40",
        "remove 1 article from 41",
    ]
    assert runs[0]["runs"][0]["incidents"] > 0 and 0 < runs[0]["b3_f1"] <= 1


def test_the_write_benchmark_runs_on_an_incident_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = store.incidents_dir(tmp_path)
    folder.mkdir(parents=True)
    record = {"id": "x", "title": "Fire in a town", "killed": 2, "sources": [{"file": "a.txt"}]}
    (folder / "x.yml").write_text(store.dump(record), encoding="utf-8")
    assert bench_write.main([str(tmp_path), "--runs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "1 incident files" in printed and "| edits.fingerprints |" in printed
