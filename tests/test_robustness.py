"""The quick subset of the robustness suite (``benchmarks/robustness.py --quick``): small
inputs of every hostile class in one CLI run, which must get past each of them — every
file ends ok (with true spans) or refused with a reason, none crashes or hangs."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "robustness.py"
_spec = importlib.util.spec_from_file_location("robustness", SCRIPT)
assert _spec and _spec.loader
suite = importlib.util.module_from_spec(_spec)
sys.modules["robustness"] = suite  # its dataclasses look their module up
_spec.loader.exec_module(suite)


@pytest.fixture(scope="module")
def outcomes() -> list[dict]:
    run = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--json"], capture_output=True,
                         text=True, timeout=900, check=False)
    return [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]


CLASSES = [c.name for c in suite.CLASSES]


@pytest.mark.parametrize("name", CLASSES)
def test_quick_class_ends_ok_or_refused(outcomes: list[dict], name: str) -> None:
    mine = [o for o in outcomes if o["cls"] == name]
    assert mine, "the class produced no inputs or the run did not report them"
    bad = [f"{o['name']}: {o['status']}: {o['detail']}" for o in mine if o["status"] not in ("ok", "refused")]
    assert not bad


def test_refusals_name_a_reason(outcomes: list[dict]) -> None:
    refused = {o["name"]: o["detail"] for o in outcomes if o["status"] == "refused"}
    assert {"zip_bomb.docx", "binary.txt", "pdf0_truncated50.pdf"} <= set(refused)
    assert refused["zip_bomb.docx"].startswith("zip bomb?")
    assert all(reason and "\n" not in reason for reason in refused.values())


def test_damage_is_repaired_with_a_warning(outcomes: list[dict]) -> None:
    ok = {o["name"]: o["detail"] for o in outcomes if o["status"] == "ok"}
    assert "PDFium" in ok["pdf0_truncated90.pdf"] and "PDFium" in ok["pdf0_xref_zeroed.pdf"]
    assert "U+FFFD" in ok["utf16le_lone_high.txt"] and "control character" in ok["html_nul.html"]
