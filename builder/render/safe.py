"""Helpers that keep untrusted values inert wherever the site shows them.

Jinja's autoescape handles text in HTML and XML. What it cannot judge is whether a link is safe to
follow or whether JSON can sit inside a <script> element; those two live here.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

_ALLOWED_SCHEMES = ("http", "https")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def safe_url(value: Any) -> str | None:
    """The URL when it is a plain http(s) link to a host; None for anything else.

    javascript:, data:, vbscript:, protocol-relative and relative links are all refused, as are URLs
    with whitespace or control characters, which browsers strip before reading the scheme.
    """
    return _safe_url(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=65536)  # pages check the same source URLs several times
def _safe_url(value: str) -> str | None:
    url = value.strip()
    if not url or len(url) > 2048 or _SPACE_OR_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not parts.hostname:
        return None
    return url


def json_for_script(value: Any) -> Markup:
    """JSON safe to embed in a <script> element: no '<', '>' or '&' can end or open a tag."""
    encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        encoded = encoded.replace(raw, escaped)
    encoded = encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    # Safe as markup: every character that could end the element or start a tag is escaped.
    return Markup(encoded)
