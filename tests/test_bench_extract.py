"""The extraction benchmark runs end to end on a tiny archive, so it cannot rot (no timings)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_extract  # noqa: E402
import generate_articles  # noqa: E402


def test_the_extraction_benchmark_runs_on_a_tiny_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generate_articles.write(12, tmp_path / "archive", seed=1)
    assert bench_extract.main([str(tmp_path / "archive" / "articles"), "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "12 articles" in out
    assert all(f"| {part} |" in out for part in ("read + clean", "extract", "total"))
