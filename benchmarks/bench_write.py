"""CPU time of the write stage's per-incident work, on the incident files of a built archive.

Usage:
    python benchmarks/bench_write.py CONTENT_DIR [--runs 3]

Reads the incident files a build wrote into CONTENT_DIR (`incidents/*.yml`; a file the builder
wrote loads back as the record it was made from), then times, in this process, over all of them:
rendering the YAML (`store.dump`), the fields' fingerprints (`edits.fingerprints`) and writing
the files into a temporary folder (`store._write`). It prints the CPU seconds of each, the
smallest of --runs. Run it in two checkouts one after the other to compare them: a full build
spreads this work over processes and threads, where its CPU time is hard to see.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder import edits, store  # noqa: E402
from builder.check import YamlLoader  # noqa: E402


def cpu_seconds(work: Callable[[], Any], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    files = sorted(store.incidents_dir(args.content).glob("*.yml"))
    records = [yaml.load(f.read_text(encoding="utf-8"), Loader=YamlLoader) for f in files]
    texts = [store.dump(record) for record in records]
    with tempfile.TemporaryDirectory(prefix="bench-write-") as scratch:
        folder = Path(scratch)

        def write() -> None:
            for number, text in enumerate(texts):
                store._write(folder / f"{number}.yml", text)

        timings = {
            "store.dump": cpu_seconds(lambda: [store.dump(r) for r in records], args.runs),
            "edits.fingerprints": cpu_seconds(
                lambda: [edits.fingerprints(r) for r in records], args.runs
            ),
            "store._write": cpu_seconds(write, args.runs),
        }
    print(f"{len(records)} incident files of {args.content}; CPU s, best of {args.runs}")
    for name, seconds in timings.items():
        print(f"| {name} | {seconds:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
