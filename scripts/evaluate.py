"""Build each evaluation set into a temporary folder and score it with the official scorer.

Usage:
    python scripts/evaluate.py [--shared ../shared] [--set gvc-train] [--json]

Prints one row per set with the scorer's figures (B-cubed F1, pairwise F1, date, city, killed,
injured) and the build time. The seeds have no gold file; for them the row shows the incidents
found and which articles each holds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["b3_f1", "b3_p", "b3_r", "pair_f1", "pair_p", "ari", "date_exact", "date_within_1d",
           "city", "killed", "injured"]  # fmt: skip


def build(articles: Path, content: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "builder.cli", "build", "--articles", str(articles),
         "--content", str(content)],
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return time.perf_counter() - started


def score(shared: Path, name: str) -> dict[str, object]:
    folder = shared / "dev" / name
    with tempfile.TemporaryDirectory() as temporary:
        content = Path(temporary) / "content"
        seconds = build(folder / "articles", content)
        output = subprocess.run(
            [sys.executable, str(shared / "eval" / "score.py"), str(folder / "gold.jsonl"),
             str(content), "--json"],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    result: dict[str, object] = json.loads(output.stdout)
    result["seconds"] = round(seconds, 1)
    return result


def seeds() -> list[list[str]]:
    with tempfile.TemporaryDirectory() as temporary:
        content = Path(temporary) / "content"
        build(ROOT / "seeds", content)
        groups = []
        for path in sorted((content / "incidents").glob("*.yml")):
            record = yaml.safe_load(path.read_text(encoding="utf-8"))
            groups.append([record["id"], *sorted(s["file"] for s in record["sources"])])
        return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    sets = args.sets or ["gvc-train", "ecbplus-dev"]
    results = {name: score(args.shared, name) for name in sets}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print("| set | " + " | ".join(COLUMNS) + " | incidents | seconds |")
    print("|---|" + "---|" * (len(COLUMNS) + 2))
    for name, result in results.items():
        cells = [str(result.get(c, "-")) if result.get(c) is not None else "-" for c in COLUMNS]
        row = f"| {name} | " + " | ".join(cells)
        print(row + f" | {result['predicted_incidents']} | {result['seconds']} |")
    print()
    print("seeds:")
    for group in seeds():
        print("  " + group[0] + ": " + ", ".join(group[1:]))


if __name__ == "__main__":
    main()
