"""Validate incident files against the published JSON Schema.

Every error names the file, the line, the field and what to do about it, because the person
reading it is usually an editor who changed a file by hand.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from builder.layout import REDIRECTS_FILE, incidents_dir

if TYPE_CHECKING:
    import jsonschema

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The loader for every YAML file people write (articles' front matter, incident files):
    libyaml's safe loader when PyYAML has it (ten times faster), where a date that does not
    exist ('2024-02-30') stays text. PyYAML would raise a ValueError naming neither the file
    nor the line; as text, the field's own check says what is wrong and where."""


def _date_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)

SCHEMA_FOLDER = Path(__file__).parent / "schema"
INCIDENT_SCHEMA = "incident.schema.json"
CURATION_SCHEMA = "curation.schema.json"
SCHEMA_PATH = SCHEMA_FOLDER / INCIDENT_SCHEMA


@dataclass(frozen=True)
class CheckError:
    file: Path
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.field}: {self.message}"


@cache
def load_schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMA_FOLDER / name).read_text(encoding="utf-8"))
    return loaded


def schema() -> dict[str, Any]:
    return load_schema(INCIDENT_SCHEMA)


def _field_path(path: Any) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in path]
    return "".join(parts).lstrip(".") or "(top level)"


def line_of(node: yaml.Node | None, path: list[Any], key: bool = False) -> int | None:
    """The line in the file of the value at a path (of its key, with `key`), from PyYAML's
    composed node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for index, part in enumerate(path):
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == part), None)
            if pair is not None and key and index == len(path) - 1:
                return int(pair[0].start_mark.line) + 1
            match = pair[1] if pair is not None else None
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            match = node.value[part]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


# How a schema type is written in YAML, for messages to people who edit the files.
_KINDS = {
    "integer": "a whole number in digits",
    "number": "a number in digits",
    "string": "text",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "indented `key: value` lines",
    "null": "null when unknown",
}


def _fix(error: jsonschema.ValidationError) -> str:
    if error.validator == "required":
        return f"{error.message}; add it (use null when unknown)"
    if error.validator == "pattern" and "\\d{4}" in str(error.validator_value):
        return f"{error.instance!r} is not a date; write it as YYYY-MM-DD"
    if error.validator == "format" and error.validator_value == "date":
        return f"{error.instance!r} is a day no calendar has; write a real date, as YYYY-MM-DD"
    if error.validator == "additionalProperties":
        return f"{error.message}; remove or rename the field"
    if error.validator == "type":
        if isinstance(error.instance, date | datetime):
            return f"{error.instance} is read as a date; quote it: '{error.instance}'"
        value = error.validator_value
        kinds = [str(k) for k in (value if isinstance(value, list) else [value])]
        return f"{error.instance!r} should be " + ", or ".join(_KINDS.get(k, k) for k in kinds)
    if error.validator == "enum" and isinstance(error.validator_value, list):
        allowed = ", ".join(repr(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed; use one of {allowed}"
    return error.message


def _errors(
    error: jsonschema.ValidationError, node: yaml.Node | None, path: Path
) -> list[CheckError]:
    """One CheckError per problem; an unknown key is pointed at on its own line, with a hint."""
    where = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        schema = error.schema if isinstance(error.schema, dict) else {}
        known = [str(k) for k in schema.get("properties", {})]
        found = []
        for key in sorted(map(str, error.instance)):
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            message = f"unknown field; {hint}allowed here: {', '.join(known)}"
            found.append(
                CheckError(
                    path,
                    line_of(node, [*where, key], key=True),
                    _field_path([*where, key]),
                    message,
                )
            )
        return found
    return [CheckError(path, line_of(node, where), _field_path(where), _fix(error))]


def validate(
    path: Path, text: str, schema_name: str
) -> tuple[Any, yaml.Node | None, list[CheckError]]:
    """Parse a YAML file and check it against a schema: (record, node tree, errors)."""
    try:
        # Made inside the `try`: PyYAML's own loader (without libyaml) checks the characters as
        # it is made, and raises for a control character there.
        loader = YamlLoader(text)
        try:
            # One parse gives both: the node tree (for line numbers) and the record made from it.
            node = loader.get_single_node()
            record = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(error, "problem", None) or str(error)
        fix = "fix the syntax (indent with spaces, quote values holding ': ' or '#')"
        return None, None, [CheckError(path, line, "(file)", f"not valid YAML: {problem}; {fix}")]
    # Imported when first needed: a build that meets no hand-edited file never validates one,
    # and importing jsonschema is a third of a second of every command's start-up.
    import jsonschema

    validator = jsonschema.Draft202012Validator(
        load_schema(schema_name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    ordered = sorted(validator.iter_errors(record), key=lambda e: list(map(str, e.absolute_path)))
    # A value not shaped like a date ('x', '2024-2-3') fails the date format as well; the
    # pattern's message says what to write, the format's ("a day no calendar has") would not fit.
    misshapen = {tuple(e.absolute_path) for e in ordered if e.validator == "pattern"}
    errors = [
        found
        for e in ordered
        if not (e.validator == "format" and tuple(e.absolute_path) in misshapen)
        for found in _errors(e, node, path)
    ]
    return record, node, errors


def check_text(path: Path, text: str) -> list[CheckError]:
    return check_incident(path, text)[2]


def check_incident(path: Path, text: str) -> tuple[Any, yaml.Node | None, list[CheckError]]:
    """An incident file's record, node tree and errors (schema, and id against file name)."""
    if not text.strip():  # the schema's own words would be "None should be key: value lines"
        fix = f"is empty; restore it from version control: git checkout -- {path.as_posix()}"
        return None, None, [CheckError(path, None, "(file)", fix)]
    record, node, errors = validate(path, text, INCIDENT_SCHEMA)
    if isinstance(record, dict) and record.get("id") and record["id"] != path.stem:
        errors.append(
            CheckError(
                path,
                line_of(node, ["id"]),
                "id",
                f"{record['id']!r} differs from the file name; rename the file to "
                f"{record['id']}.yml or restore the id {path.stem!r}",
            )
        )
    return record, node, errors


def check_content(content_dir: Path) -> list[CheckError]:
    """Every error in content/: incident files, links between them, and curation.yml."""
    from builder import curation  # curation builds on this module's validation

    folder = incidents_dir(content_dir)
    if not folder.is_dir():
        return [CheckError(folder, None, "(folder)", "does not exist; run incident-archive build")]
    errors: list[CheckError] = []
    records: dict[str, tuple[Path, Any, yaml.Node | None]] = {}
    for path in sorted(folder.glob("*.y*ml")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            errors.append(CheckError(path, None, "(file)", "is not UTF-8; re-save it as UTF-8"))
            continue
        record, node, found = check_incident(path, text)
        errors.extend(found)
        records[path.stem] = (path, record, node)
    try:
        redirects = curation.load_redirects(content_dir)
    except curation.CurationError as error:
        errors.extend(error.errors)
        redirects = curation.Redirects(content_dir / REDIRECTS_FILE)
    errors.extend(curation.redirect_errors(redirects, records))
    known = set(records) | set(redirects.targets)
    for path, record, node in records.values():
        if not isinstance(record, dict):
            continue
        for index, relation in enumerate(record.get("related") or []):
            if isinstance(relation, dict) and relation.get("id") not in known:
                message = f"no incident {relation.get('id')!r}; fix or remove the link"
                line = line_of(node, ["related", index, "id"])
                errors.append(CheckError(path, line, f"related[{index}].id", message))
    try:
        decisions = curation.load(content_dir)
    except curation.CurationError as error:
        return errors + list(error.errors)
    wrong, _ = curation.unknown_references(
        curation.curation_path(content_dir), decisions, set(), known
    )
    return errors + wrong
