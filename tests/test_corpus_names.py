"""Output ids from any file name: not UTF-8, too long, or clashing with another input's."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pingan_docs.cli import main
from pingan_docs.corpus.ids import MAX_ID_BYTES, assign_ids
from pingan_docs.corpus.run import run_corpus
from pingan_docs.extract import document_key

from .conftest import CORPUS

TXT = sorted(CORPUS.glob("*.txt"))


def fs_name(folder: Path, raw: bytes) -> Path:
    """A path whose name is these bytes, as Python lists it (surrogate escapes)."""
    return folder / os.fsdecode(raw)


def read_output(out: Path, doc_id: str) -> dict:
    return json.loads((out / f"{doc_id}.json").read_text(encoding="utf-8"))


def test_names_that_are_not_utf8_are_read_as_gbk_or_replaced(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    gbk = "平安建设规划".encode("gb18030") + b".txt"  # as a zip made on Chinese Windows stores it
    junk = b"\xff\xfe\x80plan.txt"
    shutil.copy(TXT[0], fs_name(inputs, gbk))
    shutil.copy(TXT[1], fs_name(inputs, junk))
    out = tmp_path / "out"
    result = run_corpus([inputs], out, progress=False)
    assert not result.failures
    ids = sorted(p.stem for p in result.written)
    assert "平安建设规划" in ids
    other = next(i for i in ids if i != "平安建设规划")
    assert other.endswith("plan") and all(not 0xDC80 <= ord(c) <= 0xDCFF for c in other)
    document = read_output(out, "平安建设规划")
    assert document["source"]["path"] == (inputs / "平安建设规划.txt").as_posix()
    assert document["tasks"], "the document itself is extracted as any other"


def test_cli_prints_undecodable_names_without_crashing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(TXT[0], inputs)
    fs_name(inputs, b"\xff\xfe.doc").write_bytes(b"old word file")
    fs_name(inputs, b"\xfe\xfe.pdf").write_bytes(b"%PDF-1.4 garbage")
    assert main(["extract", str(inputs), "--out", str(tmp_path / "out"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "\ufffd" in err and ".doc: convert to .docx" in err and ".pdf: " in err
    assert "Traceback" not in err


def test_overlong_names_get_bounded_ids_with_a_hash(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    names = ["x" * 250 + ".txt", "x" * 249 + "y.txt", "关于" * 40 + ".txt", "关于" * 39 + "印发.txt"]
    for name, source in zip(names, TXT, strict=False):
        shutil.copy(source, inputs / name)
    out = tmp_path / "out"
    result = run_corpus([inputs], out, progress=False)
    assert not result.failures
    ids = [p.stem for p in result.written]
    assert len(set(ids)) == 4
    for doc_id in ids:
        assert len(doc_id.encode("utf-8")) <= MAX_ID_BYTES
        assert doc_id[-9] == "-" and all(c in "0123456789abcdef" for c in doc_id[-8:])
    assert {d[:4] for d in ids} == {"xxxx", "关于关于"}


def test_names_that_clean_up_alike_keep_both_documents(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    shutil.copy(TXT[0], one / "a b.txt")
    shutil.copy(TXT[1], one / "a_b.txt")
    shutil.copy(TXT[2], one / "x.txt")
    shutil.copy(TXT[3], two / "x.txt")
    shutil.copy(TXT[4], two / "X.TXT")  # one file with x.txt on a case-insensitive disk
    out = tmp_path / "out"
    result = run_corpus([one, two], out, progress=False)
    assert not result.failures and len(result.written) == 5
    paths = {read_output(out, p.stem)["source"]["path"] for p in result.written}
    assert paths == {(one / "a b.txt").as_posix(), (one / "a_b.txt").as_posix(), (one / "x.txt").as_posix(),
                     (two / "x.txt").as_posix(), (two / "X.TXT").as_posix()}
    clashes = {c.path.name if c.path.parent == one else f"two/{c.path.name}": (c.wanted, c.holder)
               for c in result.clashes}
    assert clashes == {"a_b.txt": ("a_b", (one / "a b.txt").as_posix()),
                       "two/x.txt": ("x", (one / "x.txt").as_posix()),
                       "two/X.TXT": ("X", (one / "x.txt").as_posix())}
    for clash in result.clashes:
        assert clash.doc_id.startswith(clash.wanted + "-")
        assert document_key(clash.doc_id) == clash.doc_id  # its own document for the graph


def test_an_id_held_by_an_earlier_runs_input_is_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(TXT[0], tmp_path / "a" / "plan.txt")
    shutil.copy(TXT[1], tmp_path / "b" / "plan.txt")
    out = tmp_path / "out"
    run_corpus([tmp_path / "a"], out, progress=False)
    first = (out / "plan.json").read_bytes()
    second = run_corpus([tmp_path / "b"], out, progress=False)
    assert (out / "plan.json").read_bytes() == first
    assert [c.wanted for c in second.clashes] == ["plan"]
    assert read_output(out, second.clashes[0].doc_id)["source"]["path"] == (tmp_path / "b" / "plan.txt").as_posix()


def test_one_document_in_several_formats_keeps_extension_ids() -> None:
    files = [CORPUS / "000_819b2f747ba95bfb.pdf", CORPUS / "000_819b2f747ba95bfb.txt", CORPUS / "003_a230dda529796dcc.txt"]
    ids, clashes = assign_ids(files)
    assert ids == ["000_819b2f747ba95bfb.pdf", "000_819b2f747ba95bfb.txt", "003_a230dda529796dcc"]
    assert clashes == []
    assert {document_key(i) for i in ids[:2]} == {"000_819b2f747ba95bfb"}


def test_cli_reports_which_input_got_which_id(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(TXT[0], tmp_path / "a" / "通知.txt")
    shutil.copy(TXT[1], tmp_path / "b" / "通知.txt")
    assert main(["extract", str(tmp_path / "a"), str(tmp_path / "b"), "--out", str(tmp_path / "out"),
                 "--quiet"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "1 input(s) got a distinct id (their name gives an id another input has):"
    new_id = next(p.stem for p in (tmp_path / "out").glob("通知-*.json"))
    assert err[1] == f"  {tmp_path}/b/通知.txt -> {new_id}.json (通知.json is taken by {tmp_path}/a/通知.txt)"
