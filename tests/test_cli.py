"""The command line as users run it: the corpus run (ids, atomic output, failures,
reproducibility) and every other command telling the truth or saying why not."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pingan_docs.cli import main

from .conftest import CORPUS, ROOT


def test_bad_file_does_not_stop_the_run(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(CORPUS / "004_bb63232fd99ff2b4.txt", inputs)
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (inputs / "empty.html").write_bytes(b"")
    code = main(["extract", str(inputs), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    assert "broken.pdf" in err and "empty.html: file is empty" in err
    assert "Traceback" not in err
    outputs = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith("."))  # not the cache
    assert outputs == ["004_bb63232fd99ff2b4.json", "_schema.json"]


def test_shared_stems_get_their_extension(extracted_dir: Path) -> None:
    names = {p.name for p in extracted_dir.glob("*.json")}
    assert "000_819b2f747ba95bfb.pdf.json" in names and "000_819b2f747ba95bfb.txt.json" in names


def test_committed_extracted_is_up_to_date(extracted_dir: Path) -> None:
    """extracted/ is the product for the shipped corpus: it must match a fresh run."""
    committed = sorted((ROOT / "extracted").glob("*.json"))
    fresh = sorted(extracted_dir.glob("*.json"))
    assert [p.name for p in committed] == [p.name for p in fresh]
    stale = [p.name for p, q in zip(committed, fresh, strict=True) if p.read_bytes() != q.read_bytes()]
    assert not stale, f"re-run `pingan-docs extract` and commit extracted/: {stale}"


def test_evaluate_json(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["evaluate", "--gold", str(ROOT / "tests" / "gold"),
                 "--extracted", str(extracted_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["documents"]) == 11
    assert set(report["by_format"]) == {"docx", "html", "pdf", "txt"}


def test_json_schema_is_current() -> None:
    from pingan_docs.models import Document

    schema = json.loads((ROOT / "extracted" / "_schema.json").read_text(encoding="utf-8"))
    assert schema == Document.model_json_schema()


# -- the command line tells the truth ---------------------------------------------------------

def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_status_filters_the_units_tasks(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    """Was: `query unit 呼和浩特市公安局 --status overdue --today 2016-01-01` listed all 11 tasks."""
    code, out, _ = run(["query", "unit", "呼和浩特市公安局", "--status", "overdue", "--today", "2016-01-01",
                        "--json", "--extracted", str(extracted_dir)], capsys)
    items = json.loads(out)
    assert code == 0 and [i["task"]["path"] for i in items] == ["二/(三)"]  # due 2015-12-31; the rest undated
    code, out, _ = run(["query", "unit", "呼和浩特市公安局", "--status", "逾期", "--today", "2015年1月1日",
                        "--json", "--extracted", str(extracted_dir)], capsys)
    assert json.loads(out) == []


def test_one_command_answers_unit_region_role_status(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["query", "unit", "市公安局", "--region", "泸州", "--role", "牵头", "--status", "无日期",
                        "--json", "--extracted", str(extracted_dir)], capsys)
    items = json.loads(out)
    assert code == 0 and {i["role"] for i in items} == {"lead"} and {i["unit"] for i in items} == {"泸州市公安局"}
    assert [i["task"]["path"] for i in items] == ["二/(二)", "二/(三)", "二/(四)", "二/(五)", "二/(五)"]
    code, english, _ = run(["query", "unit", "市公安局", "--region", "泸州", "--role", "lead", "--status", "open",
                            "--json", "--extracted", str(extracted_dir)], capsys)
    assert json.loads(english) == items


def test_deadlines_by_unit_region_and_dates(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    """Was: `query deadlines --region 呼和浩特` ignored the region, `--before 2015年1月1日` compared text."""
    code, out, _ = run(["query", "deadlines", "--region", "呼和浩特", "--json", "--extracted", str(extracted_dir)], capsys)
    items = json.loads(out)
    assert code == 0 and items and {i["task"]["region"] for i in items} == {"呼和浩特市"}
    code, out, _ = run(["query", "deadlines", "--unit", "呼和浩特市公安局", "--status", "overdue", "--today",
                        "2016-01-01", "--json", "--extracted", str(extracted_dir)], capsys)
    assert [(i["deadline"]["end"], i["status"]) for i in json.loads(out)] == [("2015-12-31", "overdue")]
    code, out, _ = run(["query", "deadlines", "--before", "2015年1月1日", "--after", "2014/11/1", "--json",
                        "--extracted", str(extracted_dir)], capsys)
    ends = sorted(i["deadline"]["end"] for i in json.loads(out))
    assert ends == ["2014-11-15", "2014-11-30", "2014-11-30", "2014-12-31", "2014-12-31"]


def test_tables_speak_chinese(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    """Was: increase, overdue, yearly, >= in Chinese tables."""
    outputs = []
    for argv in (["query", "targets", "破案率"], ["query", "deadlines", "--today", "2014-11-20"],
                 ["query", "unit", "呼和浩特市公安局", "--today", "2014-11-20"], ["query", "units"]):
        code, out, _ = run([*argv, "--extracted", str(extracted_dir)], capsys)
        assert code == 0
        outputs.append(out)
    text = "\n".join(outputs)
    for code_word in ("increase", "overdue", "due_soon", "yearly", "weekly", ">=", "responsible", "organ"):
        assert code_word not in text
    assert "提高3%" in outputs[0] and "不低于75%" in outputs[0]
    assert "逾期" in outputs[1] and "周期" in outputs[1] and "每年" in outputs[1]
    assert "责任" in outputs[2] and "机关单位" in outputs[3]


def test_every_data_command_has_json(extracted_dir: Path, capsys: pytest.CaptureFixture) -> None:
    for argv in (["query", "units"], ["query", "targets"], ["query", "search", "校园 周边"],
                 ["query", "deadlines"], ["query", "unit", "泸州市公安局"], ["progress", "show"]):
        code, out, _ = run([*argv, "--json", "--extracted", str(extracted_dir)], capsys)
        assert code == 0 and isinstance(json.loads(out), list), argv


def test_version(capsys: pytest.CaptureFixture) -> None:
    code, out, _ = run(["--version"], capsys)
    assert code == 0 and re.fullmatch(r"pingan-docs \d+\.\d+\.\d+\n", out)


# Each misuse a new user ran into, with the exit status and the one line it now gets.
MISUSES = [
    (["query", "unit", "x", "--today", "2014-13-45"], 2, "argument --today: invalid date '2014-13-45': no such day"),
    (["query", "deadlines", "--before", "明年"], 2, "invalid date '明年': use YYYY-MM-DD or 2015年1月1日"),
    (["site", "--today", "tomorrow"], 2, "invalid date 'tomorrow'"),
    (["query", "deadlines", "呼和浩特市公安局", "--status", "overdue"], 2, "unrecognized arguments: 呼和浩特市公安局"),
    (["query", "search"], 2, "the following arguments are required: text"),
    (["query", "units", "--role", "lead"], 2, "query units: unrecognized arguments: --role lead"),
    (["query", "targets", "破案率", "--today", "2015-01-01"], 2, "unrecognized arguments: --today"),
    (["query", "unit", "市公安局", "--role", "主任"], 2, "unknown role '主任': use 牵头/责任/配合/指导"),
    (["query", "deadlines", "--status", "late-ish"], 2, "unknown status 'late-ish'"),
    (["query", "unit", "市公安局"], 2, "'市公安局' is ambiguous: 呼和浩特市公安局, 泸州市公安局; add --region"),
    (["query", "deadlines", "--after", "2015-01-01", "--before", "2014-01-01"], 2, "--after 2015-01-01 is not before"),
    (["query"], 2, "the following arguments are required: WHAT"),
    (["export", "ledger", "--out", "x.csv", "--format", "xlsx"], 2, "--format xlsx but --out x.csv ends in .csv"),
    (["export", "graph", "--out", "g.ics"], 2, "--out g.ics: .ics is not a graph format"),
    (["export", "ics", "--format", "graphml"], 2, "unrecognized arguments: --format graphml"),
    (["export", "graph", "--format", "dot"], 2, "argument --format: invalid choice: 'dot'"),
    (["progress", "import"], 2, "the following arguments are required: LEDGER.xlsx"),
    (["query", "unit", "不存在局"], 1, "no unit named '不存在局'"),
    (["export", "ledger", "--doc", "nope"], 1, "no document 'nope'"),
    (["export", "graph", "--out", "/nonexistent/dir/g.graphml"], 1,
     "cannot write /nonexistent/dir/g.graphml: folder /nonexistent/dir does not exist"),
]


@pytest.mark.parametrize(("argv", "status", "message"), MISUSES, ids=[" ".join(m[0]) for m in MISUSES])
def test_misuse_gets_one_line_and_a_status(argv: list[str], status: int, message: str, extracted_dir: Path,
                                           capsys: pytest.CaptureFixture) -> None:
    if len(argv) > 1 and argv[0] in ("query", "export", "site"):
        argv = [*argv, "--extracted", str(extracted_dir)]
    code, out, err = run(argv, capsys)
    assert (code, out) == (status, "")
    assert err.count("\n") == 1 and message in err, err


def test_missing_or_empty_extraction_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Was: an empty table, a header-only xlsx and a 6-page site, all with exit 0."""
    monkeypatch.chdir(tmp_path)
    for argv in (["query", "units"], ["export", "ledger"], ["site"], ["progress", "show"]):
        code, out, err = run([*argv, "--extracted", "missing"], capsys)
        assert (code, out) == (1, "") and "missing: no such folder" in err and err.count("\n") == 1
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "_schema.json").write_text("{}")
    code, _, err = run(["export", "ledger", "--extracted", "empty"], capsys)
    assert code == 1 and "empty: no extracted documents" in err
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "x.json").write_text('{"doc_id": 3}')
    code, _, err = run(["query", "units", "--extracted", "bad"], capsys)
    assert code == 1 and "bad/x.json: not an extracted document" in err
    code, _, err = run(["evaluate", "--gold", "nogold", "--extracted", "bad"], capsys)
    assert code == 1 and "nogold: no gold annotations" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "empty"]  # nothing written


def test_broken_pipe_is_quiet(extracted_dir: Path) -> None:
    """`query … | head -1`: the reader leaves after one line; no BrokenPipeError."""
    proc = subprocess.Popen([sys.executable, "-m", "pingan_docs.cli", "query", "search", "的", "--json",
                             "--extracted", str(extracted_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline() == b"[\n"
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait() == 141 and err == b""


def test_export_to_stdout(extracted_dir: Path, capsysbinary: pytest.CaptureFixture) -> None:
    assert main(["export", "ics", "--out", "-", "--extracted", str(extracted_dir)]) == 0
    out = capsysbinary.readouterr().out
    assert out.startswith(b"BEGIN:VCALENDAR\r\n") and out.endswith(b"END:VCALENDAR\r\n")
