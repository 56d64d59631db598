"""Writing incident files (store.py): failures surface at once, checks hold under `python -O`."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from builder import cli, store
from builder.models import Incident
from builder.pipeline import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent


def _seed_incidents(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> list[Incident]:
    """The incidents a build of the seeds writes, caught on their way to plan_writes."""
    caught: list[Incident] = []
    real = store.plan_writes

    def catching(incidents: Any, *args: Any, **kwargs: Any) -> store.WritePlan:
        caught.extend(incidents)
        return real(caught, *args, **kwargs)

    monkeypatch.setattr(store, "plan_writes", catching)
    build(BuildOptions(seeds_dir, tmp_path / "seeds-content", workers=1))
    monkeypatch.setattr(store, "plan_writes", real)
    return caught


def test_a_failed_write_stops_the_build_before_the_other_records_are_made(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incidents = _seed_incidents(seeds_dir, tmp_path, monkeypatch)
    many = [replace(incidents[i % len(incidents)], id=f"2024-01-01-town-{i}") for i in range(40)]
    monkeypatch.setattr(store, "RENDER_BATCH", 2)  # several batches from a few records

    def full_disk(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device", str(path))

    made: list[str] = []
    real_record = store.incident_record

    def counting(incident: Incident, *args: Any, **kwargs: Any) -> dict[str, Any]:
        made.append(incident.id)
        time.sleep(0.002)  # lets the writer thread run, as a real record's making does
        return real_record(incident, *args, **kwargs)

    monkeypatch.setattr(store, "_write", full_disk)
    monkeypatch.setattr(store, "incident_record", counting)
    with pytest.raises(OSError, match="No space left"):
        store.plan_writes(many, tmp_path / "content", write_as_planned=True)
    # the first batch's files fail while the next ones are made: the build stops there, not
    # after making every record and trying every write
    assert len(made) < len(many) // 2


def test_the_dumpers_resolver_check_holds_under_python_o() -> None:
    """store._Dumper.resolve assumes PyYAML has no resolver that it skips; a PyYAML that has one
    stops the import with a message, also under `python -O`, which drops asserts."""
    code = (
        "import re, yaml\n"
        "yaml.resolver.Resolver.add_implicit_resolver('tag:example', re.compile('x'), None)\n"
        "import builder.store\n"
    )
    run = subprocess.run(
        [sys.executable, "-O", "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode != 0
    assert "_Dumper.resolve" in run.stderr


def test_a_full_disk_names_the_file_and_the_fix_and_leaves_no_half_written_file(
    seeds_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # os.write's error on a full disk names no file
    def full_disk(handle: int, data: Any) -> int:
        raise OSError(28, "No space left on device")

    target = tmp_path / "content" / "incidents" / "2024-01-01-town.yml"
    target.parent.mkdir(parents=True)
    with monkeypatch.context() as patched:
        patched.setattr(store.os, "write", full_disk)
        with pytest.raises(store.WriteFailed) as failed:
            store._write(target, "id: 2024-01-01-town\n")
    assert str(target) in str(failed.value) and "free some disk space" in str(failed.value)
    assert list(target.parent.iterdir()) == []  # no .tmp left beside the incident files

    def failing(path: Path, text: str) -> None:
        raise store.WriteFailed(f"{path}: cannot be written (No space left on device)")

    monkeypatch.setattr(store, "_write", failing)
    content = tmp_path / "built"
    args = ["build", "--articles", str(seeds_dir), "--content", str(content), "--workers", "1"]
    assert cli.main(args) == 1
    error = capsys.readouterr().err
    assert "error: " in error and "cannot be written" in error and "Traceback" not in error
