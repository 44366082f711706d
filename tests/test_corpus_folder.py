"""The output folder and the inputs: one run at a time, nothing left of a killed run,
normal permissions, and clear errors when there is nothing to extract."""

from __future__ import annotations

import os
import shlex
import shutil
import stat
from pathlib import Path

import pytest

from pingan_docs.cli import main
from pingan_docs.corpus.outdir import LOCK_NAME, FolderLock
from pingan_docs.corpus.run import CorpusError, run_corpus

from .conftest import CORPUS

TXT = sorted(CORPUS.glob("*.txt"))


@pytest.fixture
def one_input(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TXT[0], folder)
    return folder


def test_a_second_run_into_a_folder_in_use_is_refused(one_input: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "out"
    with FolderLock(out):  # as another run would hold it
        with pytest.raises(CorpusError, match=f"in use by another pingan-docs run \\(pid {os.getpid()} on "):
            run_corpus([one_input], out, progress=False)
        assert main(["extract", str(one_input), "--out", str(out), "--quiet"]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"error: {out}/ is in use by another pingan-docs run (pid {os.getpid()}")
        assert "Traceback" not in err
        assert not list(out.glob("*.json"))
    assert run_corpus([one_input], out, progress=False).written  # free again afterwards
    assert not (out / LOCK_NAME).exists()


def test_a_lock_left_by_a_dead_run_is_taken_over(one_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text("4194303 some-host\n", encoding="utf-8")  # killed: no kernel lock
    result = run_corpus([one_input], out, progress=False)
    assert len(result.written) == 1
    assert not (out / LOCK_NAME).exists()


def test_temporaries_of_a_killed_run_are_removed(one_input: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    strays = [f".{TXT[0].stem}.json.0123456789abcdef.tmp",  # write_atomic's
              ".other.json.k3j_x9qa.tmp",  # mkstemp's, from earlier versions
              ".pingan-docs-cache.jsonl.0123456789abcdef.tmp"]
    for name in strays:
        (out / name).write_text("{half a docu", encoding="utf-8")
    (out / "notes.tmp").write_text("the user's", encoding="utf-8")
    (out / ".keep").write_text("", encoding="utf-8")
    run_corpus([one_input], out, progress=False)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".keep", ".pingan-docs-cache.jsonl", f"{TXT[0].stem}.json", "_schema.json", "notes.tmp"])


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)])
def test_outputs_follow_the_umask(one_input: Path, tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        run_corpus([one_input], tmp_path / "out", progress=False)
    finally:
        os.umask(old)
    for path in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == mode, path.name


def test_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: no document files in {tmp_path / 'empty'}/ (looked for .docx .htm .html .markdown .md .pdf")
    assert not (tmp_path / "out").exists()


def test_missing_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"error: input not found: {tmp_path / 'nowhere'}\n"


def test_folder_of_unsupported_files_is_an_error_with_advice(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    for name in ("通知.doc", "方案.wps", "扫描件.jpg", "表.xls"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 not ours")
    assert main(["extract", str(folder), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"error: no document files in {folder}/ (looked for ")
    assert err[0].endswith("skipped 4 file(s) of other types:")
    def q(name: str) -> str:  # the name as a shell command needs it
        return shlex.quote(f"{folder}/{name}")

    assert err[1:] == [
        f"  {folder}/扫描件.jpg: a scan: run OCR first (e.g. tesseract {q('扫描件.jpg')} out -l chi_sim gives out.txt)",
        f"  {folder}/方案.wps: convert to .docx: soffice --headless --convert-to docx {q('方案.wps')} (LibreOffice)",
        f"  {folder}/表.xls: convert to .pdf: soffice --headless --convert-to pdf {q('表.xls')} (LibreOffice)",
        f"  {folder}/通知.doc: convert to .docx: soffice --headless --convert-to docx {q('通知.doc')} (LibreOffice)",
    ]


def test_unsupported_files_beside_documents_are_skipped_not_failed(one_input: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture) -> None:
    (one_input / "附件.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (one_input / ".DS_Store").write_bytes(b"\0")
    assert main(["extract", str(one_input), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"extracted 1 document(s) into {tmp_path / 'out'}/\n"
    assert captured.err.splitlines() == [
        "skipped 1 file(s) of types pingan-docs does not read:",
        f"  {one_input}/附件.doc: convert to .docx: soffice --headless --convert-to docx "
        f"{shlex.quote(f'{one_input}/附件.doc')} (LibreOffice)"]


def test_recursive_finds_subfolders_but_not_the_output(one_input: Path, tmp_path: Path) -> None:
    sub = one_input / "2015"
    sub.mkdir()
    shutil.copy(TXT[1], sub)
    out = one_input / "extracted"
    assert len(run_corpus([one_input], out, progress=False).written) == 1
    result = run_corpus([one_input], out, recursive=True, progress=False)
    assert [p.name for p in result.written] == [f"{TXT[1].stem}.json"]
    assert len(result.unchanged) == 1 and not result.skipped


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "two"], ["--timeout", "-1"], ["--timeout", "soon"]])
def test_bad_jobs_and_timeout_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture) -> None:
    assert main(["extract", *argv]) == 2
    assert "argument --" in capsys.readouterr().err


def test_an_output_folder_that_cannot_be_made_is_an_error(one_input: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "taken").write_text("a file, not a folder", encoding="utf-8")
    assert main(["extract", str(one_input), "--out", str(tmp_path / "taken"), "--quiet"]) == 1
    assert capsys.readouterr().err == f"error: cannot write into {tmp_path / 'taken'}/: File exists\n"


def test_a_symlink_loop_is_walked_once(one_input: Path, tmp_path: Path) -> None:
    (one_input / "sub").mkdir()
    shutil.copy(TXT[1], one_input / "sub")
    (one_input / "sub" / "up").symlink_to(one_input, target_is_directory=True)
    os.mkfifo(one_input / "pipe.txt")  # reading it would block the run for ever
    result = run_corpus([one_input], tmp_path / "out", recursive=True, progress=False)
    assert sorted(p.name for p in result.written) == sorted(f"{p.stem}.json" for p in TXT[:2])
    assert not result.failures
