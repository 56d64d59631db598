"""Load the data files that contributors extend: gazetteers, aliases, outlets, boilerplate."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"


@cache
def load(name: str) -> Any:
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as handle:
        # libyaml's loader, when PyYAML has it: the same data, several times faster.
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
