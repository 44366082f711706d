"""``extract --engine ray`` on a local Ray instance gives the local engine's files, byte
for byte, into a folder or through a pyarrow file system URI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from pingan_docs.corpus.run import run_corpus

from .conftest import CORPUS

try:
    import ray
except ImportError:  # CI installs the extra; elsewhere: pip install -e '.[ray]'
    if os.environ.get("CI"):
        raise
    pytest.skip("Ray is not installed (pip install 'pingan_docs[ray]')", allow_module_level=True)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000_819b2f747ba95bfb.pdf", "002_1eaf0ab2d51e31a4.docx", "002_1eaf0ab2d51e31a4.html",
                 "003_a230dda529796dcc.txt"):
        shutil.copy(CORPUS / name, folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    return folder


GBK_NAME = os.fsdecode("平安建设".encode("gb18030") + b".txt")


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.glob("*.json")}


def test_ray_engine_equals_local_engine(local_ray: None, inputs: Path, tmp_path: Path) -> None:
    local = run_corpus([inputs], tmp_path / "local", jobs=2, progress=False)
    on_ray = run_corpus([inputs], tmp_path / "ray", jobs=2, engine="ray", progress=False)
    assert len(on_ray.written) == 4
    assert on_ray.written == [tmp_path / "ray" / p.name for p in local.written]
    assert on_ray.failures == local.failures and [p.name for p, _ in on_ray.failures] == ["broken.pdf"]
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")

    shutil.copy(CORPUS / "004_bb63232fd99ff2b4.txt", inputs / GBK_NAME)  # read by the local engine only
    named = run_corpus([inputs], tmp_path / "ray", jobs=2, engine="ray", progress=False)
    assert [(p.name, r.split(":")[0]) for p, r in named.failures] == [
        ("broken.pdf", local.failures[0][1].split(":")[0]), (GBK_NAME, "Ray reads only UTF-8 file names")]
    (inputs / GBK_NAME).unlink()

    rerun = run_corpus([inputs], tmp_path / "ray", jobs=2, engine="ray", progress=False)
    assert rerun.written == [] and len(rerun.unchanged) == 4  # the same cache as the local engine

    uri = (tmp_path / "by_uri").as_uri()  # file://…: the pyarrow path object stores take
    remote = run_corpus([inputs], uri, jobs=2, engine="ray", progress=False)
    assert len(remote.written) == 4
    assert outputs(tmp_path / "by_uri") == outputs(tmp_path / "local")
