"""Benchmark the builder at archive scale on generated archives (issue 5).

Usage:
    python benchmarks/bench_build.py [--sizes 1000,5000,20000,50000] [--runs 3] [--workers N]
        [--incremental 5000] [--data /tmp/incident-bench] [--check] [--json FILE]

For each size it generates an archive (benchmarks/generate_articles.py, kept in --data for the
next run), then times `python -m builder.cli build` from scratch (empty content and cache
folders) --runs times. It prints, as medians over the runs: wall time, CPU time of the builder
and its workers (user + system; less sensitive to other work on the machine), articles per second,
peak memory of the builder and its worker processes (summed PSS, and summed RSS, which counts
the pages forked workers share with the parent twice; sampled every 0.2 s), the seconds spent
in each stage (from the builder's progress lines), incidents found, the
machine's load average when the runs started (other work on the machine slows them), and the
B-cubed F1 of the grouping against the generator's true grouping.

--incremental N builds an archive of N articles, then times adding article N + 1 to it (the
generator makes archive N + 1 as archive N plus one article), and removing it again.

--check compares the medians with the targets of issue 5 (TARGETS below) and exits 1 when one
is missed. The targets live here, not in the test suite, which runs this script on a tiny
archive without them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate_articles  # noqa: E402

# Targets of issue 5 on a 2-core machine.
TARGETS = {
    "full build of 5,000 articles (s)": (5000, "seconds", 30.0),
    "full build of 50,000 articles (s)": (50000, "seconds", 300.0),
    "peak memory at 50,000 articles (MB)": (50000, "peak_mb", 2048.0),
}
MAX_GROWTH_5K_TO_50K = 12.0
MAX_ADD_ONE_SECONDS = 2.0

# The builder runs as Python runs for a user, keeping the compiled bytecode of its modules: a
# shell that sets PYTHONDONTWRITEBYTECODE (this machine's does) would have every build compile
# the builder's sources again, about 0.25 s of CPU for its imports (docs/performance.md).
AS_INSTALLED = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

STAGES = {  # the start of a progress line -> the stage it starts
    "reading": "read + extract",
    "grouping": "group",
    "relating": "relate",
    "writing": "write",
}


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system time of the builder and its workers: less load-bound
    peak_mb: float  # summed PSS of the process tree
    peak_rss_mb: float  # summed RSS: counts pages the workers share with the parent again
    stages: dict[str, float] = field(default_factory=dict)
    incidents: int = 0
    output: str = ""
    load: float = 0.0  # the machine's 1-minute load average when the run started


@dataclass
class Result:
    label: str
    articles: int
    runs: list[Run]
    b3_f1: float | None = None

    def median(self, name: str) -> float:
        return statistics.median(getattr(run, name) for run in self.runs)

    def stage_medians(self) -> dict[str, float]:
        names = [name for run in self.runs for name in run.stages]
        return {
            name: statistics.median(run.stages.get(name, 0.0) for run in self.runs)
            for name in dict.fromkeys(names)
        }


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """Resident memory (RSS) and proportional memory (PSS) of a process tree, in kB.

    RSS counts a page shared by the builder and its forked workers once per process, so its sum
    overstates; PSS splits each shared page between the processes that share it, so its sum is
    the memory the tree really holds. Both come from /proc.
    """
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children[parent].append(int(entry))
    rss = pss = 0
    stack = [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
        except OSError:
            continue  # the process ended meanwhile
    return rss, pss


def run_build(articles: Path, content: Path, cache: Path, workers: int | None) -> Run:
    command = [sys.executable, "-m", "builder.cli", "build", "--articles", str(articles)]
    command += ["--content", str(content), "--cache", str(cache)]
    if workers:
        command += ["--workers", str(workers)]
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=AS_INSTALLED,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_rss = peak_pss = 0
    marks: list[tuple[str, float]] = []

    def watch_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            for start, stage in STAGES.items():
                if line.startswith(start):
                    marks.append((stage, time.perf_counter()))

    reader = threading.Thread(target=watch_stderr, daemon=True)
    reader.start()
    while True:
        rss, pss = _tree_memory_kb(process.pid)
        peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        # A sample every 0.2 s (reading smaps of every process costs CPU the build would use),
        # but the build's end is seen when it comes: after a sleep of 0.2 s it was seen up to
        # 0.2 s late, a tenth of the time of adding one article.
        try:
            process.wait(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            continue
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    reader.join()
    assert process.stdout is not None
    output = process.stdout.read().strip()
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}")
    stages: dict[str, float] = {"start-up": (marks[0][1] - started) if marks else 0.0}
    ends = [t for _, t in marks[1:]] + [started + seconds]
    for (stage, begun), ended in zip(marks, ends, strict=True):
        stages[stage] = ended - begun
    incidents = len(list((content / "incidents").glob("*.yml")))
    return Run(seconds, cpu, peak_pss / 1024, peak_rss / 1024, stages, incidents, output, load)


def b_cubed_f1(gold_file: Path, content: Path) -> float:
    """B-cubed F1 of the incidents written against the generator's true grouping."""
    gold = {}
    with gold_file.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            gold[row["file"]] = row["incident"]
    predicted: dict[str, str] = {}
    for path in sorted((content / "incidents").glob("*.yml")):
        record = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for source in record.get("sources") or []:
            if source.get("primary", True):
                predicted.setdefault(source["file"], record["id"])
    labels = {item: predicted.get(item, "missing:" + item) for item in gold}
    gold_sizes = Counter(gold.values())
    predicted_sizes = Counter(labels.values())
    both = Counter((gold[item], labels[item]) for item in gold)
    precision = recall = 0.0
    for (gold_id, predicted_id), shared in both.items():
        precision += shared * shared / predicted_sizes[predicted_id]
        recall += shared * shared / gold_sizes[gold_id]
    precision /= len(gold)
    recall /= len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def archive(data: Path, size: int, seed: int) -> Path:
    """The generated archive of `size` articles, made once and kept for later runs."""
    folder = data / f"archive-{size}-seed{seed}"
    done = folder / "complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_articles.write(size, folder, seed)
        done.write_text("ok\n")
    return folder


def full_builds(folder: Path, size: int, runs: int, workers: int | None, scratch: Path) -> Result:
    """Time `runs` builds from scratch, each into new folders under `scratch`."""
    result = Result(f"full build, {size:,} articles", size, [])
    for number in range(runs):
        content = scratch / f"content-{size}-{number}"
        cache = scratch / f"cache-{size}-{number}"
        result.runs.append(run_build(folder / "articles", content, cache, workers))
        if number == 0:
            result.b3_f1 = b_cubed_f1(folder / "gold.jsonl", content)
    return result


def add_one(
    data: Path, size: int, runs: int, workers: int | None, seed: int, scratch: Path
) -> list[Result]:
    """Time adding one article to a built archive of `size`, and removing it again."""
    bigger = archive(data, size + 1, seed)
    with (bigger / "gold.jsonl").open(encoding="utf-8") as handle:
        newest = [json.loads(line)["file"] for line in handle][-1]
    added = bigger / "articles" / newest
    held = bigger / "held-out"
    adding = Result(f"add 1 article to {size:,}", size + 1, [])
    removing = Result(f"remove 1 article from {size + 1:,}", size, [])
    content, cache = scratch / f"content-add-{size}", scratch / f"cache-add-{size}"
    if added.exists():
        added.replace(held)
    run_build(bigger / "articles", content, cache, workers)
    try:
        for _ in range(runs):
            held.replace(added)
            adding.runs.append(run_build(bigger / "articles", content, cache, workers))
            added.replace(held)
            removing.runs.append(run_build(bigger / "articles", content, cache, workers))
    finally:
        if held.exists():
            held.replace(added)
    return [adding, removing]


def report(results: list[Result]) -> str:
    lines = [
        "| what | articles | median s | CPU s | articles/s | peak MB (PSS) | peak MB (RSS)"
        " | incidents | B-cubed F1 | runs | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        seconds = r.median("seconds")
        f1 = f"{r.b3_f1:.3f}" if r.b3_f1 is not None else "-"
        lines.append(
            f"| {r.label} | {r.articles:,} | {seconds:.2f} | {r.median('cpu_seconds'):.2f} |"
            f" {r.articles / seconds:,.0f} |"
            f" {r.median('peak_mb'):,.0f} | {r.median('peak_rss_mb'):,.0f} |"
            f" {r.runs[0].incidents:,} | {f1} | {len(r.runs)} | {r.median('load'):.1f} |"
        )
    lines += ["", "Median seconds per stage:", ""]
    stages = list(dict.fromkeys(s for r in results for s in r.stage_medians()))
    lines.append("| what | " + " | ".join(stages) + " |")
    lines.append("|---|" + "---|" * len(stages))
    for r in results:
        medians = r.stage_medians()
        lines.append(
            f"| {r.label} | " + " | ".join(f"{medians.get(s, 0.0):.2f}" for s in stages) + " |"
        )
    return "\n".join(lines)


def check(results: list[Result]) -> list[str]:
    """The targets missed, as sentences; checks only what was measured."""
    by_size = {r.articles: r for r in results if r.label.startswith("full build")}
    missed = []
    for name, (size, measure, limit) in TARGETS.items():
        if size in by_size and by_size[size].median(measure) > limit:
            missed.append(f"{name}: {by_size[size].median(measure):.1f} > {limit}")
    if 5000 in by_size and 50000 in by_size:
        growth = by_size[50000].median("seconds") / by_size[5000].median("seconds")
        if growth > MAX_GROWTH_5K_TO_50K:
            missed.append(f"growth 5k -> 50k: {growth:.1f}x > {MAX_GROWTH_5K_TO_50K}x")
    for r in results:
        if r.label.startswith("add 1") and r.median("seconds") > MAX_ADD_ONE_SECONDS:
            missed.append(f"{r.label}: {r.median('seconds'):.2f} s > {MAX_ADD_ONE_SECONDS} s")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000,20000,50000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=None, help="default: one per core")
    parser.add_argument("--incremental", type=int, default=5000, help="0: skip")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "incident-bench")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--json", type=Path, help="also write the runs as JSON")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: list[Result] = []
    # Each run's folders are deleted only after the last run: on this machine's disk (ext4 with
    # online discard) a build that followed the deletion of the last one's files took twice as
    # long to write its own (docs/performance.md), a cost of the benchmark's clean-up, not of
    # the build.
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for size in sizes:
            folder = archive(args.data, size, args.seed)
            results.append(full_builds(folder, size, args.runs, args.workers, Path(scratch)))
            print(report(results[-1:]).split("\n")[2], flush=True)
        if args.incremental:
            results += add_one(
                args.data, args.incremental, args.runs, args.workers, args.seed, Path(scratch)
            )
    print()
    print(report(results))
    full = {r.articles: r.median("seconds") for r in results if r.label.startswith("full")}
    if 5000 in full and 50000 in full:
        print(f"\ngrowth from 5,000 to 50,000 articles: {full[50000] / full[5000]:.1f}x")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    missed = check(results)
    if args.check:
        print("\n" + ("\n".join(f"MISSED {m}" for m in missed) or "all targets met"))
        return 1 if missed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
