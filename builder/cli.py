"""The `incident-archive` command: build, check."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from builder import check, pipeline
from builder.curation import CurationError


def _build(args: argparse.Namespace) -> int:
    options = pipeline.BuildOptions(
        articles_dir=Path(args.articles),
        content_dir=Path(args.content),
        dry_run=args.check,
        cache_dir=None if args.no_cache else Path(args.cache),
        workers=args.workers,
    )
    if options.workers is not None and options.workers < 1:
        print(f"error: --workers must be 1 or more, not {options.workers}", file=sys.stderr)
        return 2
    if not options.articles_dir.is_dir():
        print(f"error: articles folder {options.articles_dir} does not exist", file=sys.stderr)
        return 2
    try:
        result = pipeline.build(options, progress=lambda m: print(m, file=sys.stderr))
    except CurationError as error:
        for item in error.errors:
            print(f"error: {item}", file=sys.stderr)
        print("nothing was built: fix content/curation.yml first", file=sys.stderr)
        return 1
    for problem in result.problems:
        # Problems name articles by id; show the path, so the file can be opened from the message.
        article = options.articles_dir / problem.file
        shown = replace(problem, file=article.as_posix()) if article.is_file() else problem
        print(f"warning: {shown}", file=sys.stderr)
    if args.check:
        for path in result.changed_files:
            print(f"would change: {path}")
        print(
            f"{result.articles_read} articles read, {result.incidents_written} incidents, "
            f"{len(result.changed_files)} files would change, {len(result.problems)} warnings"
        )
        return 1 if result.changed_files or result.refused else 0
    print(
        f"{result.articles_read} articles read, {result.incidents_written} incidents written, "
        f"{len(result.problems)} warnings"
    )
    if result.refused:
        print(
            f"error: {len(result.refused)} incident file(s) have errors and were not rewritten;"
            " run `incident-archive check` and fix them",
            file=sys.stderr,
        )
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    errors = check.check_content(Path(args.content))
    for error in errors:
        print(error)
    if errors:
        print(f"{len(errors)} errors", file=sys.stderr)
        return 1
    print("content is valid")
    return 0


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="incident-archive", description="Build an incident archive from news articles."
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="turn articles into incident YAML files")
    build.add_argument("--articles", default="seeds", help="folder of article files (seeds/)")
    build.add_argument("--content", default="content", help="folder to write into (content/)")
    build.add_argument(
        "--check", action="store_true", help="change nothing; list what would change; exit 1 if any"
    )
    build.add_argument(
        "--workers", type=int, default=None, help="processes for extraction (one per core)"
    )
    build.add_argument(
        "--cache", default=".cache", help="folder of the per-article cache (.cache/)"
    )
    build.add_argument(
        "--no-cache", action="store_true", help="extract every article; read no cache, write none"
    )
    build.set_defaults(run=_build)
    validate = commands.add_parser("check", help="validate incident files against the schema")
    validate.add_argument("--content", default="content", help="folder to check (content/)")
    validate.set_defaults(run=_check)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
