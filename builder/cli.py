"""The `incident-archive` command: build, check, add."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from builder import add, check, curation, pipeline, read, store
from builder.curation import CurationError
from builder.layout import incidents_dir
from builder.text import counted


def _build(args: argparse.Namespace) -> int:
    options = pipeline.BuildOptions(
        articles_dir=Path(args.articles),
        content_dir=Path(args.content),
        dry_run=args.check,
        cache_dir=None if args.no_cache else Path(args.cache),
        workers=args.workers,
        full=args.full,
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
    except store.WriteFailed as error:
        print(f"error: {error}", file=sys.stderr)
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
            f"{counted(result.articles_read, 'article')} read,"
            f" {counted(result.incidents_written, 'incident')},"
            f" {counted(len(result.changed_files), 'file')} would change,"
            f" {counted(len(result.problems), 'warning')}"
        )
        return 1 if result.changed_files or result.refused else 0
    print(
        f"{counted(result.articles_read, 'article')} read,"
        f" {counted(result.incidents_written, 'incident')} written,"
        f" {counted(len(result.problems), 'warning')}"
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
    content_dir, articles_dir = Path(args.content), Path(args.articles)
    errors = check.check_content(content_dir)
    for error in errors:
        print(error)
    if not errors and articles_dir.is_dir():
        # Decisions about articles that are not there wait for them: warned about, not errors.
        present = {read.article_id(p, articles_dir) for p in read.discover(articles_dir)}
        _, warnings = curation.unknown_references(
            curation.curation_path(content_dir), curation.load(content_dir), present, set()
        )
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    if errors:
        print(counted(len(errors), "error"), file=sys.stderr)
        return 1
    print("content is valid")
    return 0


def _read_input(source: str) -> bytes:
    """The article's bytes, refusing oversized input before reading all of it."""
    limit = read.MAX_ARTICLE_BYTES
    if source == "-":
        raw = sys.stdin.buffer.read(limit + 1)
    else:
        path = Path(source)
        if path.stat().st_size > limit:
            raise read.UnreadableArticle(
                f"is more than the {limit // 1_000_000} MB an article can be; save only its text"
            )
        raw = path.read_bytes()
    if len(raw) > limit:
        raise read.UnreadableArticle(f"is more than the {limit // 1_000_000} MB an article can be")
    return raw


def _ask(field: str) -> str:
    hints = {"url": "address of the article", "outlet": "who published it",
             "published": "date published, YYYY-MM-DD"}  # fmt: skip
    try:
        return input(f"{field} ({hints[field]}; Enter to skip): ").strip()
    except EOFError:
        return ""


def _add(args: argparse.Namespace) -> int:
    articles_dir, content_dir = Path(args.articles), Path(args.content)
    given = {"url": args.url, "outlet": args.outlet, "published": args.published,
             "title": args.title}  # fmt: skip
    try:
        raw = _read_input(args.file)
        interactive = args.file != "-" and sys.stdin.isatty() and not args.no_input
        if interactive:
            existing = read.split_front_matter(read.decode(raw))[0]
            for key in add.ASKED:
                if not given.get(key) and key not in existing:
                    given[key] = _ask(key)
        name = args.name or (Path(args.file).name if args.file != "-" else None)
        prepared = add.prepare(raw, {k: v for k, v in given.items() if v}, date.today(), name)
        add.refuse_undated(prepared)
    except FileNotFoundError:
        print(f"error: {args.file}: no such file", file=sys.stderr)
        return 2
    except read.UnreadableArticle as error:
        field = f" {error.field}:" if error.field else ""
        print(f"error: {args.file}:{field} {error}; nothing was added", file=sys.stderr)
        return 1
    if not articles_dir.is_dir():
        print(f"error: articles folder {articles_dir} does not exist", file=sys.stderr)
        return 2
    if (copy := add.copy_of(articles_dir, prepared)) is not None:
        print(
            f"error: {args.file}: is already in the archive, as {copy} (the same text and front"
            " matter); nothing was added",
            file=sys.stderr,
        )
        return 1
    target = add.free_path(articles_dir, prepared.name)
    target.write_text(prepared.text, encoding="utf-8")
    ident = read.article_id(target, articles_dir)
    print(f"added {target}")
    before = store.published(content_dir).members
    options = pipeline.BuildOptions(articles_dir, content_dir, cache_dir=Path(args.cache))
    try:
        result = pipeline.build(options, progress=lambda m: None)
    except CurationError as error:
        for item in error.errors:
            print(f"error: {item}", file=sys.stderr)
        return 1
    except store.WriteFailed as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for problem in result.problems:
        if problem.file == ident:
            print(f"warning: {target}: {problem.message}", file=sys.stderr)
    after = store.published(content_dir).article_incidents()
    if ident not in after:
        print(f"{target} is in no incident (see the warning above)", file=sys.stderr)
        return 1
    incident = after[ident]
    count = sum(1 for i in after.values() if i == incident)
    verb = "joined" if incident in before else "created"
    where = incidents_dir(content_dir) / f"{incident}.yml"
    print(f"{verb} incident {incident} ({counted(count, 'source')}): {where}")
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
    build.add_argument(
        "--full",
        action="store_true",
        help="group every article again with fresh term counts (see docs/performance.md)",
    )
    build.set_defaults(run=_build)
    adding = commands.add_parser(
        "add", help="add an article file (or - for standard input), then rebuild"
    )
    adding.add_argument("file", help="the article: a .txt or .md file, or - to read stdin")
    adding.add_argument("--url", help="where the article was published")
    adding.add_argument("--outlet", help="who published it, e.g. 'Shafaq News'")
    adding.add_argument("--published", help="publication date, YYYY-MM-DD")
    adding.add_argument("--title", help="headline, when the first line is not it")
    adding.add_argument("--name", help="file name in the articles folder (made from the metadata)")
    adding.add_argument("--articles", default="seeds", help="articles folder (seeds/)")
    adding.add_argument("--content", default="content", help="content folder (content/)")
    adding.add_argument("--cache", default=".cache", help="per-article cache folder (.cache/)")
    adding.add_argument(
        "--no-input", action="store_true", help="never prompt; leave out what flags do not give"
    )
    adding.set_defaults(run=_add)
    validate = commands.add_parser("check", help="validate incident files against the schema")
    validate.add_argument("--content", default="content", help="folder to check (content/)")
    validate.add_argument(
        "--articles", default="seeds", help="articles folder that curation.yml names (seeds/)"
    )
    validate.set_defaults(run=_check)
    return main_parser


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
