"""Time the grouping stage alone on generated archives of growing size.

Usage:
    python scripts/grouping_scale.py [--sizes 1000,5000,20000,50000] [--data DIR] [--runs 3]

Generates the largest archive once with benchmarks/generate_articles.py (an archive of N articles
is the first N of a larger one). For each size it reads and extracts the first N articles through
the per-article cache in DIR/cache (untimed; each article is extracted once over all sizes), times
`group.group` on their facts (median of --runs runs; one run above 20,000 articles) and scores
the grouping against the generator's true incidents. Prints a Markdown table: articles, seconds,
CPU seconds (of this process: comparable on a loaded machine), articles per second, groups,
B-cubed F1, and the growth of the time relative to the smallest size of at least 5,000 articles.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import generate_articles  # noqa: E402

from builder import batch, group  # noqa: E402
from builder.models import ArticleFacts  # noqa: E402


def b_cubed_f1(gold: dict[str, str], facts: list[ArticleFacts], groups: list[group.Group]) -> float:
    predicted = {facts[i].id: number for number, g in enumerate(groups) for i in g.members}
    gold_sets: dict[str, set[str]] = defaultdict(set)
    predicted_sets: dict[int, set[str]] = defaultdict(set)
    for f in facts:
        gold_sets[gold[f.id]].add(f.id)
        predicted_sets[predicted[f.id]].add(f.id)
    precision = recall = 0.0
    for f in facts:
        shared = len(gold_sets[gold[f.id]] & predicted_sets[predicted[f.id]])
        precision += shared / len(predicted_sets[predicted[f.id]])
        recall += shared / len(gold_sets[gold[f.id]])
    precision, recall = precision / len(facts), recall / len(facts)
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000,50000")
    parser.add_argument("--data", type=Path, help="folder for the archive and cache (kept)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    data = args.data or Path(tempfile.mkdtemp(prefix="grouping-scale-"))
    gold_file = data / "gold.jsonl"
    if not gold_file.exists() or sum(1 for _ in gold_file.open()) < sizes[-1]:
        generate_articles.write(sizes[-1], data, args.seed)
    rows = [json.loads(line) for line in gold_file.open(encoding="utf-8")][: sizes[-1]]
    gold = {row["file"]: row["incident"] for row in rows}
    articles = data / "articles"
    print("| articles | grouping s | CPU s | articles/s | groups | B-cubed F1 | growth |")
    print("|---|---|---|---|---|---|---|")
    base: float | None = None
    for size in sizes:
        # The cache makes the articles of the smaller sizes instant to read again.
        paths = [articles / row["file"] for row in rows[:size]]
        subset, _ = batch.read_and_extract(paths, articles, data / "cache", args.workers)
        times, cpu = [], []
        for _ in range(args.runs if size <= 20000 else 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            groups = group.group(subset)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        seconds = statistics.median(times)
        if base is None and size >= 5000:
            base = seconds
        growth = f"{seconds / base:.1f}x" if base else "-"
        f1 = b_cubed_f1(gold, subset, groups)
        print(
            f"| {len(subset)} | {seconds:.1f} | {statistics.median(cpu):.1f} "
            f"| {len(subset) / seconds:.0f} | {len(groups)} "
            f"| {f1:.3f} | {growth} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
