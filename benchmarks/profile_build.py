"""Where a build's time goes: cProfile of one build, in one process, summed by builder module.

Usage:
    python benchmarks/profile_build.py ARTICLES_DIR [--top 25] [--cache DIR] [--content DIR]

Runs the whole pipeline once with one worker (so the profile sees the extraction too) into a
temporary content folder, then prints the time spent in each builder module (own time of its
functions, and of the library calls they make directly) and the functions with the most
cumulative time. Without --cache the per-article cache is off, so every article is extracted.
With --cache and --content (a folder built before with that cache) it profiles an incremental
build: build the archive, add an article, and profile the next build.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import pipeline  # noqa: E402


def by_module(stats: pstats.Stats) -> dict[str, float]:
    """Own time per builder module; time in libraries is charged to the builder caller."""
    totals: dict[str, float] = defaultdict(float)
    raw = stats.stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, own, _cum, callers) in raw.items():
        if "/builder/" in filename:
            totals["builder/" + filename.split("/builder/")[-1]] += own
            continue
        # A library function: charge its own time to the builder modules that called it.
        calls = {c: v for c, v in callers.items() if "/builder/" in c[0]}
        spent = sum(v[2] for v in calls.values()) or 1.0
        for caller, value in calls.items():
            totals["builder/" + caller[0].split("/builder/")[-1]] += own * value[2] / spent
        if not calls:
            totals["(libraries, start-up)"] += own
    return dict(sorted(totals.items(), key=lambda kv: -kv[1]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--content", type=Path, default=None, help="default: a temporary one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="profile-") as scratch:
        options = pipeline.BuildOptions(
            args.articles, args.content or Path(scratch), cache_dir=args.cache, workers=1
        )
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        result = pipeline.build(options)
        profiler.disable()
        seconds = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    print(
        f"{result.articles_read} articles, {result.incidents_written} incidents,"
        f" {seconds:.1f} s under the profiler (one worker)\n"
    )
    print("| module | seconds | share |\n|---|---|---|")
    modules = by_module(stats)
    total = sum(modules.values())
    for module, own in list(modules.items())[:15]:
        print(f"| {module} | {own:.2f} | {own / total:.0%} |")
    print()
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
