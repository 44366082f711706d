"""The corpus run on real documents: worker processes, reruns from the cache, the time
budget per file, and a run killed half-way."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from pingan_docs.corpus import run as run_module
from pingan_docs.corpus.cache import CACHE_NAME, fingerprint
from pingan_docs.corpus.pool import Pool
from pingan_docs.corpus.run import run_corpus
from pingan_docs.corpus.task import Outcome, Task, run_task

from .conftest import CORPUS, ROOT

TXT = sorted(CORPUS.glob("*.txt"))


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.json")}


def copy_inputs(folder: Path, files: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy(f, folder)
    return folder


def test_jobs_give_the_committed_outputs_byte_for_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # source.path is recorded as given: corpus/…
    one = run_corpus([Path("corpus")], tmp_path / "one", jobs=1, progress=False)
    two = run_corpus([Path("corpus")], tmp_path / "two", jobs=2, progress=False)
    assert not one.failures and not two.failures
    assert len(one.written) == len(two.written) == 11
    committed = outputs(ROOT / "extracted")
    assert outputs(tmp_path / "one") == committed
    assert outputs(tmp_path / "two") == committed


def test_rerun_skips_unchanged_files_and_extracts_changed_ones(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:3])
    out = tmp_path / "out"
    first = run_corpus([inputs], out, jobs=2, progress=False)
    assert len(first.written) == 3
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.json")}

    again = run_corpus([inputs], out, jobs=2, progress=False)
    assert again.written == [] and len(again.unchanged) == 3 and not again.failures
    assert {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in out.glob("*.json")} == before

    changed = inputs / TXT[1].name
    changed.write_bytes(changed.read_bytes().replace("。".encode(), "；".encode(), 1))
    third = run_corpus([inputs], out, jobs=2, progress=False)
    assert [p.name for p in third.written] == [TXT[1].stem + ".json"]
    assert len(third.unchanged) == 2
    assert (out / f"{TXT[1].stem}.json").read_bytes() != before[f"{TXT[1].stem}.json"][1]

    forced = run_corpus([inputs], out, jobs=2, force=True, progress=False)
    assert len(forced.written) == 3 and forced.unchanged == []


def test_new_fingerprint_extracts_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:2])
    out = tmp_path / "out"
    run_corpus([inputs], out, jobs=1, progress=False)
    monkeypatch.setattr(run_module, "fingerprint", lambda: "a new lexicon")
    rerun = run_corpus([inputs], out, jobs=1, progress=False)
    assert len(rerun.written) == 2 and rerun.unchanged == []


def test_fingerprint_follows_code_and_lexicon_not_the_site(tmp_path: Path) -> None:
    package = tmp_path / "pingan_docs"
    shutil.copytree(ROOT / "pingan_docs", package, ignore=shutil.ignore_patterns("__pycache__"))
    base = fingerprint(package)
    assert fingerprint(package) == base
    (package / "site" / "render.py").write_text("# the site reads extracted/\n", encoding="utf-8")
    assert fingerprint(package) == base
    lexicon = package / "data" / "units_known.txt"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "某某市综治办\n", encoding="utf-8")
    assert fingerprint(package) != base
    lexicon_changed = fingerprint(package)
    (package / "nlp" / "roles.py").write_text("# changed\n", encoding="utf-8")
    assert fingerprint(package) not in (base, lexicon_changed)


def test_deleted_inputs_are_reported_then_pruned(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:3])
    out = tmp_path / "out"
    run_corpus([inputs], out, progress=False)
    gone = out / f"{TXT[0].stem}.json"
    (inputs / TXT[0].name).unlink()

    kept = run_corpus([inputs], out, progress=False)
    assert kept.stale == [gone] and not kept.pruned and gone.is_file()
    assert run_corpus([inputs], out, progress=False).stale == [gone]  # said again until pruned

    pruned = run_corpus([inputs], out, prune=True, progress=False)
    assert pruned.stale == [gone] and not gone.exists()
    assert len(pruned.unchanged) == 2
    assert run_corpus([inputs], out, progress=False).stale == []


def test_output_of_an_input_that_got_another_id_is_stale(tmp_path: Path) -> None:
    stem = "001_17064f152b303dcd"
    inputs = copy_inputs(tmp_path / "in", [CORPUS / f"{stem}.txt"])
    out = tmp_path / "out"
    run_corpus([inputs], out, progress=False)
    shutil.copy(CORPUS / f"{stem}.html", inputs)  # now one document in two formats
    rerun = run_corpus([inputs], out, progress=False)
    assert sorted(p.name for p in rerun.written) == [f"{stem}.html.json", f"{stem}.txt.json"]
    assert rerun.stale == [out / f"{stem}.json"]
    run_corpus([inputs], out, prune=True, progress=False)
    assert sorted(p.name for p in out.glob("*.json")) == [f"{stem}.html.json", f"{stem}.txt.json", "_schema.json"]


def test_refused_files_are_cached_and_still_reported(tmp_path: Path) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:1])
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    first = run_corpus([inputs], tmp_path / "out", progress=False)
    second = run_corpus([inputs], tmp_path / "out", progress=False)
    assert [p.name for p, _ in first.failures] == [p.name for p, _ in second.failures] == ["broken.pdf"]
    assert second.failures[0][1] == first.failures[0][1]
    assert second.written == [] and len(second.unchanged) == 1


def slow_or_crashing(task: Task) -> Outcome:
    """The per-file function, except that it hangs on ``slow*`` and dies on ``crash*``."""
    name = Path(task.path).name
    if name.startswith("slow"):
        time.sleep(600)
    if name.startswith("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    return run_task(task)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_over_its_time_budget_fails_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:2])
    shutil.copy(TXT[2], inputs / "slow.txt")
    shutil.copy(TXT[3], inputs / "crash.txt")
    monkeypatch.setattr(run_module, "Pool", partial(Pool, func=slow_or_crashing))
    result = run_corpus([inputs], tmp_path / "out", jobs=jobs, timeout=1, progress=False)
    reasons = {p.name: r for p, r in result.failures}
    assert reasons["slow.txt"] == "took longer than 1 s (--timeout); stopped"
    assert reasons["crash.txt"] == "the worker process died (killed by signal 9) on this file"
    assert sorted(p.name for p in result.written) == sorted(f"{p.stem}.json" for p in TXT[:2])
    assert not list((tmp_path / "out").glob(".*.tmp"))
    # neither is cached as refused: the next run tries them again
    rerun = run_corpus([inputs], tmp_path / "out", jobs=jobs, timeout=1, progress=False)
    assert sorted(p.name for p, _ in rerun.failures) == ["crash.txt", "slow.txt"]
    assert len(rerun.unchanged) == 2


def start_run(inputs: Path, out: Path, count: int) -> subprocess.Popen:
    """The CLI on ``inputs``, returned once ``count`` files are finished (as the cache says)."""
    command = [sys.executable, "-m", "pingan_docs.cli", "extract", str(inputs), "--out", str(out),
               "--jobs", "1", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    cache = out / CACHE_NAME
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        if cache.is_file() and cache.read_text(encoding="utf-8").count("\n") >= count:
            break
        time.sleep(0.05)
    return process


def many_inputs(folder: Path, count: int = 12) -> Path:
    folder.mkdir()
    for i in range(count):  # enough work that the run is still going when it is stopped
        shutil.copy(TXT[i % len(TXT)], folder / f"doc{i:02d}.txt")
    return folder


def test_a_killed_run_keeps_what_it_finished(tmp_path: Path) -> None:
    inputs = many_inputs(tmp_path / "in")
    out = tmp_path / "out"
    process = start_run(inputs, out, 2)
    os.killpg(process.pid, signal.SIGKILL)  # the run, its fork server and its worker
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    done = (out / CACHE_NAME).read_text(encoding="utf-8").count("\n")

    rerun = run_corpus([inputs], out, jobs=2, progress=False)
    assert len(rerun.unchanged) >= done >= 2
    assert len(rerun.written) + len(rerun.unchanged) == 12 and not rerun.failures
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp") or p.name.endswith(".lock")]
    fresh = run_corpus([inputs], tmp_path / "fresh", jobs=2, progress=False)
    assert not fresh.failures
    assert outputs(out) == outputs(tmp_path / "fresh")


def test_ctrl_c_stops_the_run_with_a_line_and_keeps_what_it_finished(tmp_path: Path) -> None:
    inputs = many_inputs(tmp_path / "in")
    out = tmp_path / "out"
    process = start_run(inputs, out, 1)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate()
    assert process.returncode == 130, "the run finished before it could be interrupted"
    assert err.endswith("interrupted: the files finished so far are kept, and a rerun skips them\n")
    assert "Traceback" not in err
    assert not (out / ".pingan-docs.lock").exists()
    rerun = run_corpus([inputs], out, jobs=2, progress=False)
    assert len(rerun.unchanged) >= 1 and len(rerun.written) + len(rerun.unchanged) == 12


def test_workers_are_replaced_after_their_quota(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = copy_inputs(tmp_path / "in", TXT[:3])
    monkeypatch.setattr(Pool, "TASKS_PER_WORKER", 1)
    result = run_corpus([inputs], tmp_path / "out", jobs=1, progress=False)
    assert len(result.written) == 3 and not result.failures


def test_cli_lists_stale_outputs_until_pruned(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from pingan_docs.cli import main

    inputs = copy_inputs(tmp_path / "in", TXT[:2])
    out = tmp_path / "out"
    argv = ["extract", str(inputs), "--out", str(out), "--quiet"]
    assert main(argv) == 0
    (inputs / TXT[0].name).unlink()
    capsys.readouterr()
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert captured.out == f"extracted 0 document(s) into {out}/, 1 unchanged since the last run\n"
    assert captured.err.splitlines() == [
        "1 output(s) whose input is gone, fails or was renamed, left in place (remove them with --prune):",
        f"  {out}/{TXT[0].stem}.json"]
    assert main([*argv, "--prune"]) == 0
    assert capsys.readouterr().err.splitlines()[0].endswith("renamed, removed:")
    assert not (out / f"{TXT[0].stem}.json").exists()
