"""`incident-archive check` points at file:line, the field and the fix; `build` leaves a broken
hand-edited file alone."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import build_site
from curation_articles import ERBIL, KIRKUK, run, write
from mkdocs.exceptions import Abort

from builder import check
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
    assert error.message == "'four' should be a whole number in digits, or null when unknown"


_NO_SUCH_DAY = "'2024-02-30' is a day no calendar has; write a real date, as YYYY-MM-DD"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", _NO_SUCH_DAY),  # PyYAML's date constructor raised ValueError
        ("'2024-02-30'", _NO_SUCH_DAY),
        # not shaped like a date: one message, not also the calendar's
        ("'x'", "'x' is not a date; write it as YYYY-MM-DD"),
        ("'2024-2-3'", "'2024-2-3' is not a date; write it as YYYY-MM-DD"),
    ],
)
def test_a_bad_date_gets_one_message_that_names_the_fix(
    archive: tuple[Path, Path, Path], written: str, message: str
) -> None:
    _, content, kirkuk = archive
    text = kirkuk.read_text()
    old = next(ln for ln in text.splitlines() if ln.startswith("date: "))
    kirkuk.write_text(text.replace(old, f"date: {written}", 1))
    [error] = check_content(content)
    assert (error.line, error.field) == (_line(kirkuk, "date: "), "date")
    assert error.message == message


def test_the_site_shows_a_hand_edited_file_with_bad_values_and_says_what_is_wrong(
    archive: tuple[Path, Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """`mkdocs serve` shows an editor's half-done edit instead of stopping with a traceback, and
    says what is wrong, as `incident-archive check` does (file:line, field, fix), in its log and
    on the page; the value alone would read as unknown. `mkdocs build --strict` (CI) fails."""
    _, content, kirkuk = archive
    text = kirkuk.read_text().replace("killed: 4\n", "killed: four\nnotes: 2024-02-30\n", 1)
    kirkuk.write_text(text.replace("\ndate: ", "\ndate: 2024-02-30\nold_date: ", 1))
    expected = [str(e) for e in check_content(content)]
    assert [e.split(": ")[1] for e in expected] == ["date", "killed"]
    with caplog.at_level(logging.WARNING):
        site = build_site(tmp_path, None, schema_errors=True)
    page = (site / "incidents" / kirkuk.stem / "index.html").read_text()
    assert "2024-02-30" in page
    for error in expected:  # the file named from the project's folder, as `check` run there does
        where, message = error.removeprefix(f"{tmp_path}/").split(": ", 1)
        assert f"{where}: {message}" in caplog.text
        field, fix = message.split(": ", 1)
        shown = f"<code>{where}</code>: <code>{field}</code>: <bdi>{html.escape(fix)}</bdi>"
        assert shown.replace("&#x27;", "&#39;") in page
    caplog.clear()
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):  # said again, from the cache
        build_site(tmp_path, None)
    assert "killed: 'four' should be a whole number in digits" in caplog.text


def test_an_empty_incident_file_says_so_and_how_to_get_it_back(
    archive: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    _, content, kirkuk = archive
    kirkuk.write_text("\n")
    assert main(["check", "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    restore = f"git checkout -- {kirkuk.as_posix()}"
    assert out == f"{kirkuk}: (file): is empty; restore it from version control: {restore}\n"
    assert err == "1 error\n"


def test_mkdocs_says_why_the_builder_left_a_file_alone(
    archive: tuple[Path, Path, Path], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The builder's note that it did not rewrite the file is followed by the file's errors."""
    articles, _, kirkuk = archive
    kirkuk.write_text(kirkuk.read_text().replace("killed: 4\n", "killed: five\n", 1))
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path, articles, strict=False)
    said = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    line = _line(kirkuk, "killed: five")
    assert said == [
        f"builder: {kirkuk} has errors (each is said below) and was not rewritten; the site shows"
        " it as it is until they are fixed",
        f"content/incidents/{kirkuk.name}:{line}: killed: 'five' should be a whole number in"
        " digits, or null when unknown",
    ]


def test_the_site_checks_only_files_the_builder_did_not_write_as_they_are(
    archive: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The builder's own output is valid; checking it would double the time of a first build."""
    from builder.render import archive as site_archive

    _, content, kirkuk = archive
    checked: list[Path] = []
    real = site_archive.check_incident

    def counted(path: Path, text: str) -> Any:
        checked.append(path)
        return real(path, text)

    monkeypatch.setattr(site_archive, "check_incident", counted)
    loaded = site_archive.Loader().load(content / "incidents")
    assert len(loaded) == 2 and checked == []
    kirkuk.write_text(kirkuk.read_text().replace("killed: 4\n", "killed: five\n", 1))
    [edited] = [i for i in site_archive.Loader().load(content / "incidents") if i.path == kirkuk]
    assert checked == [kirkuk] and [e.field for e in edited.problems] == ["killed"]


def test_a_file_is_parsed_once_for_its_record_and_its_lines(
    archive: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The node tree gives the lines and the record both; a second parse doubled the time of
    every check (a pure-Python one, at that)."""
    _, _, kirkuk = archive
    parses: list[object] = []
    real = check.YamlLoader.__init__

    def counted(self: check.YamlLoader, stream: str) -> None:
        parses.append(stream)
        real(self, stream)

    monkeypatch.setattr(check.YamlLoader, "__init__", counted)
    for name in ("compose", "load", "safe_load"):
        monkeypatch.setattr(yaml, name, lambda *a, **k: pytest.fail("a second parse"))
    text = kirkuk.read_text().replace("killed: 4\n", "killed: four\n", 1)
    record, node, [error] = check.validate(kirkuk, text, check.INCIDENT_SCHEMA)
    assert len(parses) == 1 and record["killed"] == "four" and node is not None
    assert (error.line, error.field) == (_line(kirkuk, "killed: 4"), "killed")


def test_a_control_character_is_named_by_either_yaml_loader(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """PyYAML's own loader (where libyaml is missing) refuses a control character as it is
    made, before any parsing: that is a syntax error too, not a traceback."""
    for base in (check._BaseLoader, yaml.SafeLoader):  # libyaml's where present, and PyYAML's
        loader = type("Loader", (base,), {})
        loader.add_constructor("tag:yaml.org,2002:timestamp", check._date_or_text)
        monkeypatch.setattr(check, "YamlLoader", loader)
        text = "id: x\nkilled: \x07\n"
        record, node, [error] = check.validate(tmp_path / "x.yml", text, check.INCIDENT_SCHEMA)
        assert (record, node, error.field) == (None, None, "(file)")
        assert error.message.startswith("not valid YAML: ")


def test_an_editors_field_holding_no_real_date_is_kept(archive: tuple[Path, Path, Path]) -> None:
    articles, content, kirkuk = archive
    kirkuk.write_text(kirkuk.read_text() + "notes: 2024-02-30\n")
    assert check_content(content) == []
    run(articles, content)
    assert kirkuk.read_text().endswith("notes: 2024-02-30\n")


DAMAGE = [
    ("killed: 4\n", "killed: [4\n"),
    ("killed: 4\n", "killed: x\n"),
    ("\ndate: ", "\ndate: 2024-02-30\nold_date: "),  # PyYAML raised a ValueError for this date
]


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
