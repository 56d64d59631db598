"""`incident-archive check` points at file:line, the field and the fix; `build` leaves a broken
hand-edited file alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from curation_articles import ERBIL, KIRKUK, run, write

from builder.check import check_content
from builder.cli import main


@pytest.fixture
def archive(tmp_path: Path) -> tuple[Path, Path, Path]:
    articles = write(tmp_path / "articles", {"kirkuk.md": KIRKUK, "erbil.md": ERBIL})
    content = tmp_path / "content"
    run(articles, content)
    kirkuk = next((content / "incidents").glob("*kirkuk*.yml"))
    return articles, content, kirkuk


def _line(path: Path, starts: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if ln.startswith(starts))


def test_invalid_yaml_is_reported_with_its_line(archive: tuple[Path, Path, Path]) -> None:
    _, content, kirkuk = archive
    kirkuk.write_text(kirkuk.read_text().replace("killed: 4\n", "killed: [4\n", 1))
    [error] = check_content(content)
    assert error.file == kirkuk and error.line is not None
    assert abs(error.line - _line(kirkuk, "killed: [4")) <= 2
    assert "not valid YAML" in error.message and "fix the syntax" in error.message


def test_a_schema_error_names_file_line_field_and_fix(archive: tuple[Path, Path, Path]) -> None:
    _, content, kirkuk = archive
    kirkuk.write_text(kirkuk.read_text().replace("killed: 4\n", "killed: four\n", 1))
    [error] = check_content(content)
    where = (error.file, error.line, error.field)
    assert where == (kirkuk, _line(kirkuk, "killed: four"), "killed")
    assert "'four' should be" in error.message


DAMAGE = [("killed: 4\n", "killed: [4\n"), ("killed: 4\n", "killed: x\n")]


@pytest.mark.parametrize("damage", DAMAGE)
def test_build_refuses_to_overwrite_a_broken_file(
    archive: tuple[Path, Path, Path], damage: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    articles, content, kirkuk = archive
    broken = kirkuk.read_text().replace(*damage, 1)
    kirkuk.write_text(broken)
    args = ["--articles", str(articles), "--content", str(content), "--no-cache"]
    assert main(["build", *args]) == 1
    assert kirkuk.read_text() == broken
    assert "not rewritten" in capsys.readouterr().err
    assert main(["check", "--content", str(content)]) == 1
    # Its articles stay with it: no second incident is made for them meanwhile.
    assert len(list((content / "incidents").glob("*.yml"))) == 2


def test_a_broken_file_without_the_builders_record_keeps_its_articles(
    archive: tuple[Path, Path, Path],
) -> None:
    articles, content, kirkuk = archive
    (content / ".builder" / f"{kirkuk.stem}.json").unlink()
    broken = kirkuk.read_text().replace("killed: 4\n", "killed: [4\n", 1)
    kirkuk.write_text(broken)
    result = run(articles, content)
    assert result.refused == (kirkuk,)
    assert kirkuk.read_text() == broken
    assert len(list((content / "incidents").glob("*.yml"))) == 2
