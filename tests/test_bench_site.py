"""The site benchmark runs end to end on a tiny archive, so the script cannot rot.

No timing thresholds here: those live in the benchmark itself.
"""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_site


def test_site_benchmark_runs_on_a_tiny_archive() -> None:
    results = bench_site.measure(count=8, runs=1, serve=True)
    assert results["incidents"] == 8
    assert results["pages"] > 8
    for key in ("build_s", "index_kb_per_incident", "max_page_kb", "serve_s"):
        assert results[key] > 0
