"""Small articles written for the curation tests (not taken from any dev set)."""

from __future__ import annotations

from pathlib import Path

from builder.pipeline import BuildOptions, BuildResult, build

KIRKUK = """---
title: Car bomb kills four in Kirkuk market
url: https://example.org/kirkuk-bomb
outlet: Example Daily
published: 2022-03-05
---
A car bomb exploded in a crowded market in Kirkuk on Friday, killing four people and injuring
eleven others, police said.

No group has claimed responsibility for the attack.
"""

ERBIL = """---
title: Drone strike hits Erbil airport
url: https://example.net/erbil
outlet: Other Times
published: 2021-04-15
---
An explosive-laden drone struck a hangar at Erbil airport late on Wednesday, injuring two people,
officials said.

Iraqi officials blamed Iran-backed militias for the attack.
"""

OPINION = """---
title: Why our city deserves better parks
outlet: Example Daily
published: 2022-03-01
---
Our city has too few parks, and the ones we have are poorly kept. The council should spend more
on green spaces and less on roads.

Residents deserve places to walk, play and rest.
"""

WIRE = """A gunman opened fire at a bus station in the northern city of Mosul on Sunday morning,
killing three passengers and wounding seven, according to the provincial health directorate. The
attacker fled on a motorcycle before security forces arrived, a police officer said. Witnesses
said the shooting lasted several minutes and sent travellers running into nearby shops. The
provincial governor ordered an investigation and promised to reinforce checkpoints around the
station, which serves routes to Baghdad and Erbil. No group has claimed responsibility."""


def wire_copy(outlet: str, url: str, intro: str = "") -> str:
    return (
        f"---\ntitle: Gunman kills three at Mosul bus station\nurl: {url}\noutlet: {outlet}\n"
        f"published: 2023-06-12\n---\n{intro}{WIRE}\n"
    )


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def run(articles: Path, content: Path, dry_run: bool = False) -> BuildResult:
    return build(BuildOptions(articles, content, dry_run=dry_run, workers=1))


def snapshot(content: Path) -> dict[str, bytes]:
    return {
        p.relative_to(content).as_posix(): p.read_bytes()
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


KIRKUK_LATER = """---
title: Death toll rises after Kirkuk market car bomb
url: https://example.com/kirkuk-toll
outlet: Third Herald
published: 2022-03-06
---
The number of people killed by the car bomb that tore through a crowded Kirkuk market on March 3
has risen to six, police in Kirkuk said on Sunday. Eleven others were injured in the market blast.
"""

KIRKUK_WIRE = """---
title: Kirkuk market car bomb toll rises
url: https://example.info/kirkuk
outlet: Fourth Courier
published: 2022-03-06
---
The number of people killed by the car bomb that tore through a crowded Kirkuk market on March 3
has risen to six, police in Kirkuk said. Eleven others were injured in the car bomb blast in the
Kirkuk market, according to the police.
"""
