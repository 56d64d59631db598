"""Work rendered once and reused: shared theme blocks within a build, pages between serve rebuilds.

`mkdocs serve` rebuilds the whole site on every edit. At 5,000 incidents a full render takes most of
a minute, while an edit changes one incident file. ServeCache keeps each page between rebuilds
with the key of everything it was made from, and hands it back while the key is unchanged:
- a page's body is keyed by the stamps of the incident files it is drawn from (an incident and
  those it links to; the members of a browse or outlet page), the archive's places and names
  (maps and links), and the templates; pages drawn from every incident (the timeline) are
  rendered again;
- every generated page's final HTML and search entries are keyed by its body, title and URL, and
  the templates and mkdocs.yml (the theme's chrome).
`mkdocs build` never uses it: a build renders everything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any


class SharedBlocks:
    """Theme blocks rendered once per build for each folder depth, for pages outside the nav.

    Their links are relative, so they depend on the depth of the page's URL; outside the
    navigation nothing in them is marked active, so nothing else differs.
    """

    def __init__(self) -> None:
        self._blocks: dict[tuple[str, int], str] = {}

    def get(self, block: str, url: str) -> str | None:
        return self._blocks.get((block, url.count("/")))

    def put(self, block: str, url: str, html: str) -> str:
        self._blocks[(block, url.count("/"))] = html
        return html


def digest(*parts: object) -> str:
    """A short hash of the parts; text is hashed as it is, anything else by its repr."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        h.update(text.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def files_stamp(paths: Iterable[Path]) -> str:
    """A key that changes when any of these files is edited, added or removed."""
    stamps = []
    for path in sorted(paths):
        if path.is_file():
            stat = path.stat()
            stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return digest(stamps)


class ServeCache:
    def __init__(self) -> None:
        self._bodies: dict[str, tuple[Hashable, str]] = {}
        self._outputs: dict[str, tuple[str, str]] = {}
        self._search: dict[str, tuple[str, list[dict[str, Any]]]] = {}

    def body(self, src: str, key: Hashable | None, make: Callable[[], str]) -> str:
        if key is not None:
            kept = self._bodies.get(src)
            if kept and kept[0] == key:
                return kept[1]
        body = make()
        if key is not None:
            self._bodies[src] = (key, body)
        return body

    def output(self, src: str, key: str) -> str | None:
        kept = self._outputs.get(src)
        return kept[1] if kept and kept[0] == key else None

    def keep(self, src: str, key: str, output: str) -> None:
        self._outputs[src] = (key, output)

    def search_entries(self, src: str, key: str) -> list[dict[str, Any]] | None:
        kept = self._search.get(src)
        return kept[1] if kept and kept[0] == key else None

    def keep_search_entries(self, src: str, key: str, entries: list[dict[str, Any]]) -> None:
        self._search[src] = (key, list(entries))

    def forget_missing(self, present: set[str]) -> None:
        stores: list[dict[str, Any]] = [self._bodies, self._outputs, self._search]
        for store in stores:
            for src in set(store) - present:
                del store[src]
