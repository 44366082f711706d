"""Hostile and unusual inputs through ``pingan-docs extract`` (not a unit test).

Regenerates the input classes of issue 12 — huge texts, a one-paragraph page, a giant
HTML table, a DOCX zip bomb, UTF-16 with lone surrogates, control characters and NUL,
``十十、`` headings, corpus files with bad bytes, XHTML declarations, damaged PDFs, long
unit lists — and runs the real CLI on them, one process per file, with a time budget.
Each file ends as one of:

* ``ok`` — exit 0, the JSON is written and every span slices out its own text (in
  ``text`` and, folded, in ``raw_text``);
* ``refused`` — exit 1 with a one-line reason naming the file, no JSON written;
* ``crashed`` — a traceback, an ``internal error``, a signal, or an ok with bad spans;
* ``timed out`` — over the budget (killed).

Peak memory is the largest total proportional resident set (``Pss``) of the run's
processes (the CLI, its fork server, the worker), sampled every 50 ms. ``--quick`` runs small inputs of every class in one CLI process (the corpus loop must carry on past each bad
file) and is what ``make test`` runs; the exit status is 1 if anything crashed or timed
out.

    python benchmarks/robustness.py [--quick] [--only CLASS ...] [--dir build/robustness]
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from pingan_docs.extract import doc_id_for
from pingan_docs.models import Document
from pingan_docs.validate import span_errors

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEV = ROOT / "tests" / "dev" / "raw"


# ---------------------------------------------------------------- input classes

def _corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))


def _repeat_to(text: str, mb: float) -> str:
    n = max(1, round(mb * 1e6 / len(text.encode("utf-8"))))
    return "\n".join([text] * n)


def huge_text(quick: bool) -> Iterator[tuple[str, bytes]]:
    """A compendium of plans, and a 50 MB text (the corpus over and over)."""
    base = _corpus_text()
    yield "compendium.txt", _repeat_to(base, 0.3 if quick else 3.2).encode("utf-8")
    if not quick:
        yield "huge_50mb.txt", _repeat_to(base, 50).encode("utf-8")


def one_paragraph(quick: bool) -> Iterator[tuple[str, bytes]]:
    """A page that lost every line break: one paragraph of 5 MB."""
    flat = _corpus_text().replace("\n", "")
    yield "one_paragraph.txt", _repeat_to(flat, 0.3 if quick else 5).replace("\n", "").encode("utf-8")


def giant_table(quick: bool) -> Iterator[tuple[str, bytes]]:
    """An HTML 任务分工表 of 50,000 rows (about 4 MB)."""
    rows = 2000 if quick else 50000
    units = ["市公安局", "市司法局", "市民政局", "市教育局", "团市委", "市妇联"]
    out = ["<html><head><meta charset='utf-8'><title>任务分工</title></head><body><div>",
           "<p>关于印发平安建设任务分工方案的通知</p><table>",
           "<tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>责任单位</td><td>完成时限</td></tr>"]
    for i in range(rows):
        out.append(f"<tr><td>{i + 1}</td><td>加强第{i + 1}片区治安防控，案件发案率下降10%以上</td>"
                   f"<td>{units[i % 6]}</td><td>{units[(i + 1) % 6]}、{units[(i + 2) % 6]}</td>"
                   f"<td>2015年{i % 12 + 1}月底前</td></tr>")
    out.append("</table></div></body></html>")
    yield "giant_table.html", "\n".join(out).encode("utf-8")


def _docx_with(document_xml: Callable[[zipfile.ZipFile], None]) -> bytes:
    """The corpus DOCX with its ``word/document.xml`` written by ``document_xml``."""
    src = zipfile.ZipFile(CORPUS / "002_1eaf0ab2d51e31a4.docx")
    buf = io.BytesIO()
    # level 1 keeps generating the bomb fast; the ratio stays in the hundreds
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in src.infolist():
            if info.filename == "word/document.xml":
                document_xml(out)
            else:
                out.writestr(info, src.read(info))
    return buf.getvalue()


def zip_bomb(quick: bool) -> Iterator[tuple[str, bytes]]:
    """A DOCX whose document.xml unpacks to 1 GB (3.4 MB on disk), and one whose zip
    headers lie about the size (declared small, actually large)."""
    size = (64 if quick else 1024) << 20
    head = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    para = "<w:p><w:r><w:t>平安建设</w:t></w:r></w:p>".encode() * 4096

    def bomb(out: zipfile.ZipFile) -> None:
        with out.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(head)
            for _ in range(size // len(para)):
                member.write(para)
            member.write(b"</w:body></w:document>")

    yield "zip_bomb.docx", _docx_with(bomb)

    def liar(out: zipfile.ZipFile) -> None:
        out.writestr("word/document.xml", head + para * (16 if quick else 256) + b"</w:body></w:document>")

    data = bytearray(_docx_with(liar))
    # rewrite the declared uncompressed size of document.xml to 1000 bytes
    name = b"word/document.xml"
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = 0
        while (pos := data.find(sig, pos)) >= 0:
            name_len = int.from_bytes(data[pos + size_at + 4:pos + size_at + 6], "little")
            header = 30 if sig == b"PK\x03\x04" else 46
            if data[pos + header:pos + header + name_len] == name:
                data[pos + size_at:pos + size_at + 4] = (1000).to_bytes(4, "little")
            pos += 4
    yield "zip_liar.docx", bytes(data)


def utf16(quick: bool) -> Iterator[tuple[str, bytes]]:
    """UTF-16 with a BOM, with lone surrogates and an odd final byte."""
    text = (CORPUS / "003_a230dda529796dcc.txt").read_text(encoding="utf-8")
    half = len(text) // 2
    for codec, bom in (("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)):
        tag = codec[-2:]
        good = text.encode(codec)
        cut = 2 * half
        high = "\ud83d".encode(codec, "surrogatepass")
        low = "\ude00".encode(codec, "surrogatepass")
        yield f"utf16{tag}_bom.txt", bom + good
        yield f"utf16{tag}_lone_high.txt", bom + good[:cut] + high + good[cut:]
        yield f"utf16{tag}_lone_low.txt", bom + good[:cut] + low + good[cut:]
        yield f"utf16{tag}_odd_byte.txt", bom + good + b"\x00"
        if not quick:
            yield f"utf16{tag}_surrogates.html", bom + (
                "<html><body><div>" + text.replace("\n", "<br>") + "\ud800</div></body></html>"
            ).encode(codec, "surrogatepass")


def control_chars(quick: bool) -> Iterator[tuple[str, bytes]]:
    """HTML and text with NUL and other control characters inside the article."""
    html = (CORPUS / "003_a230dda529796dcc.html").read_bytes()
    cut = len(html) // 2
    cut = html.rfind(b"<p", 0, cut) + 3
    for name, junk in (("nul", b"\x00"), ("ctrl", b"\x01\x02\x0b\x1b\x7f"), ("c1", "\u0085\u009b".encode())):
        yield f"html_{name}.html", html[:cut] + junk + html[cut:]
        if not quick or name == "nul":
            text = (CORPUS / "004_bb63232fd99ff2b4.txt").read_bytes()
            yield f"text_{name}.txt", text[:len(text) // 3] + junk + text[len(text) // 3:]


def numeral_headings(quick: bool) -> Iterator[tuple[str, bytes]]:
    """Heading labels no numeral converter expects: 十十、, 十一十、, 〇、, 第百百章."""
    body = "市公安局要加强治安巡逻，发案率下降10%。"
    for label in ("十十、", "十一十、", "〇、", "第百百章", "(十十)"):
        yield (f"heading_{len(label)}_{ord(label[-2])}.txt",
               f"关于加强平安建设的通知\n一、总体要求\n{body}\n{label}工作措施\n{body}\n二、保障\n{body}\n".encode())


def bad_bytes(quick: bool) -> Iterator[tuple[str, bytes]]:
    """Corpus .txt and .html files with a few bytes damaged (mutated at random)."""
    rng = random.Random(12)
    files = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.html"))
    for i in range(5 if quick else 50):
        path = files[i % len(files)]
        data = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[pos] = rng.choice([0xFF, 0xFE, 0xC3, 0x80, 0xE4, 0xA0])
            else:
                data[pos:pos] = bytes([rng.choice([0xFF, 0xC0, 0xED, 0xF8])])
        yield f"mutated_{i:02d}{path.suffix}", bytes(data)


def xhtml(quick: bool) -> Iterator[tuple[str, bytes]]:
    """XHTML pages opening with an XML declaration, in UTF-8 and in GB2312."""
    page = (CORPUS / "001_17064f152b303dcd.html").read_bytes()
    text = page.decode("utf-8", "replace")
    text = re.sub(r"<meta[^>]*charset[^>]*>", "", text, flags=re.IGNORECASE)
    body = re.sub(r"^.*?<html[^>]*>", "", text, flags=re.DOTALL)
    doctype = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
               '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n')
    ns = '<html xmlns="http://www.w3.org/1999/xhtml">'
    for enc in ("utf-8", "gb2312") if quick else ("utf-8", "gb2312", "gbk", "GB18030", "big5"):
        decl = f'<?xml version="1.0" encoding="{enc}"?>\n'
        yield f"xhtml_{enc.lower()}.html", (decl + doctype + ns + body).encode(
            "gb18030" if enc.lower().startswith("gb") else enc, "replace")
    yield "xhtml_single_quotes.html", ("<?xml version='1.0' encoding='utf-8' ?>" + ns + body).encode()


def _pdf_sources() -> list[Path]:
    return [CORPUS / "000_819b2f747ba95bfb.pdf", *sorted(DEV.glob("*.pdf"))]


def damaged_pdf(quick: bool) -> Iterator[tuple[str, bytes]]:
    """PDFs cut short, with a broken cross-reference table, a garbled trailer or
    overwritten bytes (the damage download tools and old archives do)."""
    rng = random.Random(7)
    for k, path in enumerate(_pdf_sources()[:1] if quick else _pdf_sources()):
        data = path.read_bytes()
        xref = data.rfind(b"startxref")
        damages: dict[str, bytes] = {
            "truncated50": data[:len(data) // 2],
            "truncated90": data[:int(len(data) * 0.9)],
            "no_xref": data[:xref] + b"startxref\n999999\n%%EOF\n",
            "xref_zeroed": re.sub(rb"\d{10} \d{5} n", b"0000000000 00000 n", data),
            "no_trailer": data[:data.rfind(b"trailer")] if b"trailer" in data else data[:xref],
        }
        if not quick:
            damages.update({
                "truncated75": data[:int(len(data) * 0.75)],
                "no_header": data[8:],
                "junk_prefix": b"\x00" * 64 + data,
                "xref_shifted": data.replace(b"\nxref", b"\n\n\nxref", 1),
            })
            for j in range(6):
                d = bytearray(data)
                for _ in range(20):
                    pos = rng.randrange(len(d))
                    d[pos:pos + 16] = bytes(rng.randrange(256) for _ in range(16))
                damages[f"garbled{j}"] = bytes(d)
        for name, damaged in damages.items():
            yield f"pdf{k}_{name}.pdf", damaged


def text_pdf(quick: bool) -> Iterator[tuple[str, bytes]]:
    """A long text PDF (500 pages in the full run) printed the GB/T 9704 way."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    # 28 characters a line, 22 lines a page (GB/T 9704), paragraphs indented two
    printed: list[str] = []
    for para in (ln.strip() for ln in _corpus_text().splitlines()):
        para = "\u3000\u3000" + para
        printed.extend(para[k:k + 28] for k in range(0, len(para), 28))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    n = 0
    for page in range(20 if quick else 500):
        c.setFont("STSong-Light", 16)
        for row in range(22):
            c.drawString(72, 760 - 30 * row, printed[n % len(printed)].replace("\u3000", "  "))
            n += 1
        c.drawCentredString(297, 50, f"— {page + 1} —")
        c.showPage()
    c.save()
    yield f"text_{'20' if quick else '500'}_pages.pdf", buf.getvalue()


ORGANS = ["市公安局", "市司法局", "市民政局", "市教育局", "团市委", "市妇联", "区综治办", "市财政局",
          "市卫生健康委", "市应急管理局", "市市场监管局", "市城管执法局"]


def unit_list(quick: bool) -> Iterator[tuple[str, bytes]]:
    """One sentence naming thousands of units joined by 、 (the case that was quadratic)."""
    for n in (400,) if quick else (2000, 4000):
        for kind, names in (("mixed", "、".join(ORGANS[i % 7] for i in range(n))), ("same", "、".join(["市公安局"] * n))):
            yield f"units_{kind}_{n}.txt", (f"关于加强平安建设的通知\n一、工作任务\n{names}等部门要加强治安防控，"
                                            "2015年底前完成。\n").encode()


def plain_refusals(quick: bool) -> Iterator[tuple[str, bytes]]:
    """Files that are not documents at all: they must be refused, not crash."""
    rng = random.Random(3)
    yield "binary.txt", bytes(rng.randrange(256) for _ in range(20000))
    yield "empty.html", b"   \n"
    yield "not_a_zip.docx", b"PK\x03\x04" + bytes(200)
    yield "script_only.html", b"<html><head><script>var a=1;</script></head><body></body></html>"


@dataclass
class InputClass:
    name: str
    make: Callable[[bool], Iterator[tuple[str, bytes]]]
    budget: float  # seconds per file in the full run (one process per file)


CLASSES = [
    InputClass("huge_text", huge_text, 900),
    InputClass("one_paragraph", one_paragraph, 300),
    InputClass("giant_table", giant_table, 300),
    InputClass("zip_bomb", zip_bomb, 60),
    InputClass("utf16", utf16, 60),
    InputClass("control_chars", control_chars, 60),
    InputClass("numeral_headings", numeral_headings, 60),
    InputClass("bad_bytes", bad_bytes, 60),
    InputClass("xhtml", xhtml, 60),
    InputClass("damaged_pdf", damaged_pdf, 120),
    InputClass("text_pdf", text_pdf, 600),
    InputClass("unit_list", unit_list, 120),
    InputClass("not_documents", plain_refusals, 60),
]


# ---------------------------------------------------------------- running

@dataclass
class Outcome:
    cls: str
    name: str
    size: int
    status: str  # ok / refused / crashed / timed out
    detail: str
    seconds: float
    peak_mb: float | None


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it (the CLI, its fork server and workers)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, todo = [root], [root]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parent.items() if pp == pid]
        tree += kids
        todo += kids
    return tree


def _pss_kb(pid: int) -> int:
    """The proportional resident set of a process: its private pages plus its share of
    the pages it shares (a forked worker shares the pipeline its fork server loaded)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return int(next(line.split()[1] for line in rollup if line.startswith("Pss:")))
    except (OSError, StopIteration, ValueError):
        return 0


def _run_child(args: list[str], budget: float) -> tuple[int | None, str, float, float | None]:
    """Run the CLI with ``args`` and a time budget: (exit status or None if killed,
    stderr, seconds, peak MB). The peak is the largest total, over the run, of the
    proportional resident sets of all its processes — the CLI, the fork server and the
    worker that extracts — read every 50 ms."""
    peak = 0
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "pingan_docs.cli", *args],
                                stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT)
        status: int | None = None
        while True:
            peak = max(peak, sum(_pss_kb(pid) for pid in _descendants(proc.pid)))
            try:
                status = proc.wait(timeout=0.05)
                break
            except subprocess.TimeoutExpired:
                if time.perf_counter() - t0 > budget:
                    proc.kill()
                    proc.wait()
                    status = None
                    break
        seconds = time.perf_counter() - t0
        err.seek(0)
        return status, err.read().decode("utf-8", "replace"), seconds, peak / 1024 or None


def _classify(path: Path, out_dir: Path, code: int | None, stderr: str) -> tuple[str, str]:
    target = out_dir / f"{doc_id_for(path)}.json"
    if code is None:
        return "timed out", ""
    if "Traceback" in stderr or code not in (0, 1):
        return "crashed", stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {code}"
    line = next((ln.strip() for ln in stderr.splitlines() if ln.strip().startswith(f"{path}:")), None)
    if line is not None:
        reason = line[len(f"{path}:"):].strip()
        if reason.startswith("internal error") or target.exists():
            return "crashed", reason
        return "refused", reason
    if not target.exists():
        return "crashed", f"exit {code}, no output and no reason"
    doc = Document.model_validate_json(target.read_bytes())
    errors = span_errors(doc)
    if errors:
        return "crashed", f"{len(errors)} invalid span(s), e.g. {errors[0]}"
    warnings = doc.source.warnings
    return "ok", (f"{len(doc.tasks)} tasks" + (f"; warning: {warnings[0]}" if warnings else ""))


def generate(classes: list[InputClass], quick: bool, folder: Path) -> list[tuple[InputClass, Path]]:
    """Write each class's inputs under ``folder`` (kept between runs until this script
    changes: the 1 GB bomb and the 50 MB text take a while to make)."""
    version = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    files: list[tuple[InputClass, Path]] = []
    for cls in classes:
        sub = folder / cls.name
        stamp = sub / ".complete"
        if not stamp.exists() or stamp.read_text() != version:
            shutil.rmtree(sub, ignore_errors=True)
            sub.mkdir(parents=True)
            for name, data in cls.make(quick):
                (sub / name).write_bytes(data)
            stamp.write_text(version)
        files.extend((cls, p) for p in sorted(sub.iterdir()) if not p.name.startswith("."))
    return files


def run_full(files: list[tuple[InputClass, Path]], out_dir: Path) -> Iterator[Outcome]:
    for cls, path in files:
        out = out_dir / cls.name
        out.mkdir(parents=True, exist_ok=True)
        code, err, secs, peak = _run_child(["extract", str(path), "--out", str(out), "--quiet"], cls.budget)
        status, detail = _classify(path, out, code, err)
        yield Outcome(cls.name, path.name, path.stat().st_size, status, detail, secs, peak)


def run_quick(files: list[tuple[InputClass, Path]], out_dir: Path, budget: float) -> Iterator[Outcome]:
    """All files in one CLI run: the corpus loop must get past every one of them."""
    paths = [p for _, p in files]
    code, err, secs, peak = _run_child(["extract", *map(str, paths), "--out", str(out_dir), "--quiet"],
                                       budget)
    aborted = code is None or "Traceback" in err or code not in (0, 1)
    for cls, path in files:
        if aborted:
            status, detail = ("timed out" if code is None else "crashed"), "the run did not finish"
        else:
            status, detail = _classify(path, out_dir, 1, err)
        yield Outcome(cls.name, path.name, path.stat().st_size, status, detail, secs, peak)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one CLI run (make test)")
    parser.add_argument("--only", nargs="*", default=None, help="class names to run")
    parser.add_argument("--dir", type=Path, default=None,
                        help="where generated inputs are kept (default build/robustness[-quick])")
    parser.add_argument("--budget", type=float, default=600, help="seconds for the whole --quick run")
    parser.add_argument("--json", action="store_true", help="one JSON object per input (for tests)")
    args = parser.parse_args()
    classes = [c for c in CLASSES if args.only is None or c.name in args.only]
    folder = args.dir or ROOT / "build" / ("robustness-quick" if args.quick else "robustness")
    files = generate(classes, args.quick, folder)
    with tempfile.TemporaryDirectory(prefix="robustness-") as tmp:
        outcomes = (run_quick(files, Path(tmp), args.budget) if args.quick
                    else run_full(files, Path(tmp)))
        bad = 0
        for o in outcomes:
            if args.json:
                print(json.dumps(asdict(o), ensure_ascii=False), flush=True)
            else:
                peak = f"{o.peak_mb:7.0f} MB" if o.peak_mb is not None else "        "
                print(f"{o.cls:16} {o.name:32} {o.size / 1e6:8.2f} MB  {o.status:9} {o.seconds:6.1f} s "
                      f"{peak}  {o.detail}", flush=True)
            bad += o.status in ("crashed", "timed out")
    if not args.json:
        print(f"{bad} crashed or timed out" if bad else "all inputs ok or refused with a reason")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
