"""Work rendered once and reused: the theme's chrome within a build, pages between serve rebuilds.

Chrome renders Material's page around generated pages once per folder and fills in each page.

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
import re
import secrets
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup


class Chrome:
    """Material's page around the generated pages outside the navigation, rendered once a folder.

    Such pages in one folder differ in the theme's output only by their title, their URL's last
    part and their body: links are relative to the folder, nothing in the chrome is marked active,
    and everything else in the context is the build's. So the theme renders one stand-in page per
    folder, with random tokens in place of those three, and each page is that output with the
    tokens replaced by its own values: the same bytes the theme would give it, in microseconds
    instead of milliseconds.

    The theme prints the title as it is and through `striptags` (in <title>), so the title token
    has a form for each, and filled pages get the same two forms. It prints a heading of its own
    when the body has none, so a body with an <h1 and one without get stand-ins of their own. If a
    token turns up in any other form (another theme, a theme override), that folder's pages are
    rendered in full instead.
    """

    def __init__(self) -> None:
        token = secrets.token_hex(8)
        self.title = Markup(f"ia{token}t&amp;e{token}")
        self.stem = f"ia{token}u"
        self._content = f"ia{token}c"
        self._token = token
        forms = {
            "title": str(self.title),
            "title_text": self.title.striptags(),
            "stem": self.stem,
            "content": self._content,
        }
        self._slots = {text: slot for slot, text in forms.items()}
        self._slots[self.content(True)] = "content"
        self._pattern = re.compile("|".join(map(re.escape, sorted(self._slots, key=len)[::-1])))
        self._skeletons: dict[Hashable, list[tuple[str, str]] | None] = {}

    def content(self, heading: bool) -> str:
        """The body's token; with `heading`, one the theme sees as a body with its own <h1."""
        return f"<h1{self._content}" if heading else self._content

    def has(self, key: Hashable) -> bool:
        return key in self._skeletons

    def keep(self, key: Hashable, rendered: str) -> None:
        """The stand-in page's output, cut into (text, slot) parts; None if a token is left over."""
        parts: list[tuple[str, str]] = []
        start = 0
        for match in self._pattern.finditer(rendered):
            parts.append((rendered[start : match.start()], self._slots[match.group()]))
            start = match.end()
        parts.append((rendered[start:], ""))
        usable = all(self._token not in text for text, _ in parts)
        self._skeletons[key] = parts if usable else None

    def fill(self, key: Hashable, title: str, stem: str, content: str) -> str | None:
        """The page's output; None when that folder's pages must be rendered in full."""
        parts = self._skeletons.get(key)
        if parts is None:
            return None
        values = {
            "title": title,
            "title_text": Markup(title).striptags(),
            "stem": stem,
            "content": content,
            "": "",
        }
        return "".join(text + values[slot] for text, slot in parts)


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


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between serve rebuilds (MkDocs makes a new environment for each).

    Jinja keys each entry by the template's name and checks its source, so an edited template is
    compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


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

    def has_body(self, src: str, key: Hashable | None) -> bool:
        kept = self._bodies.get(src)
        return key is not None and kept is not None and kept[0] == key

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
