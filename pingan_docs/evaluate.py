"""The scoring of ``tests/gold/FORMAT.md``: P/R/F1 per field, metadata accuracy.

Each extracted document is scored against the gold file of its document id (an id such
as ``000_….pdf``, given when one document was extracted from several formats, is scored
against ``000_…``), so every format gets its own figures. Matching is one-to-one; an
extracted item that matches only an optional gold item is neither rewarded nor punished.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .extract import document_key, iter_documents
from .models import Document

FIELDS = ("sections", "assignments", "targets", "deadlines")
META_FIELDS = ("title", "doc_number", "issuer", "issue_date", "region")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)

Item = dict[str, Any]


def _clean(text: str | None) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text or ""))


def _unit(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _under(extracted: str, gold: str) -> bool:
    return extracted == gold or (gold != "" and extracted.startswith(gold + "/"))


def _num_eq(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-6


def _section_match(e: Item, g: Item) -> bool:
    return e["path"] == g["path"] and _clean(e["title"])[:6] == _clean(g["title"])[:6]


def _assignment_match(e: Item, g: Item) -> bool:
    return _unit(e["unit"]) == _unit(g["unit"]) and e["role"] == g["role"] \
        and _under(e["path"], g["path"])


def _target_match(e: Item, g: Item) -> bool:
    return (e["comparator"] == g["comparator"] and _num_eq(e["value"], g["value"])
            and _num_eq(e.get("value_max"), g.get("value_max"))
            and (e.get("unit") or None) == (g.get("unit") or None)
            and _under(e["path"], g["path"]))


def _deadline_match(e: Item, g: Item) -> bool:
    if e["kind"] != g["kind"] or not _under(e["path"], g["path"]):
        return False
    if e["kind"] == "recurring":
        return e.get("frequency") == g.get("frequency")
    if e.get("end") != g.get("end"):
        return False
    return e["kind"] != "period" or e.get("start") == g.get("start")


_MATCHERS: dict[str, Callable[[Item, Item], bool]] = {
    "sections": _section_match, "assignments": _assignment_match,
    "targets": _target_match, "deadlines": _deadline_match,
}


def _pair(extracted: list[Item], gold: list[Item], match: Callable[[Item, Item], bool],
          used_e: set[int]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, exact paths first so a deeper match does not take a
    gold item an exact one needs."""
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    for exact in (True, False):
        for gi, g in enumerate(gold):
            if gi in used_g:
                continue
            for ei, e in enumerate(extracted):
                if ei in used_e or (e["path"] == g["path"]) != exact or not match(e, g):
                    continue
                pairs.append((ei, gi))
                used_e.add(ei)
                used_g.add(gi)
                break
    return pairs


def score_field(extracted: list[Item], gold: list[Item], name: str) -> dict[str, Any]:
    match = _MATCHERS[name]
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    used: set[int] = set()
    hits = _pair(extracted, required, match, used)
    absorbed = _pair(extracted, optional, match, used)
    hit_gold = {gi for _, gi in hits}
    denominator = len(extracted) - len(absorbed)
    tp = len(hits)
    p = tp / denominator if denominator else (1.0 if not required else 0.0)
    r = tp / len(required) if required else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    result: dict[str, Any] = {"tp": tp, "extracted": len(extracted), "absorbed": len(absorbed),
                              "gold": len(required), "precision": p, "recall": r, "f1": f,
                              "missed": [g for gi, g in enumerate(required) if gi not in hit_gold],
                              "spurious": [e for ei, e in enumerate(extracted) if ei not in used]}
    if name == "targets":
        wording = [_shares_half(extracted[ei]["indicator"], (required + optional)[gi]["indicator"])
                   for ei, gi in hits + [(e, g + len(required)) for e, g in absorbed]]
        result["indicator_ok"] = sum(wording)
        result["indicator_matched"] = len(wording)
    return result


def _shares_half(extracted: str, gold: str) -> bool:
    gold_chars = _clean(gold)
    if not gold_chars:
        return True
    have = set(_clean(extracted))
    return sum(ch in have for ch in gold_chars) >= len(gold_chars) / 2


def _meta_equal(field: str, e: str | None, g: str | None) -> bool:
    a, b = _clean(e), _clean(g)
    if a == b:
        return True
    return field in ("issuer", "region") and bool(a) and bool(b) and (a in b or b in a)


def items_of(document: Document) -> dict[str, list[Item]]:
    """The extraction flattened into the gold file's shape."""
    assignments: dict[tuple[str, str, str], Item] = {}
    targets: list[Item] = []
    deadlines: list[Item] = []
    for task in document.tasks:
        for u in task.units:
            assignments.setdefault((task.path, u.name, u.role),
                                   {"path": task.path, "unit": u.name, "role": u.role})
        for t in task.targets:
            targets.append({"path": task.path, **t.model_dump(exclude={"span", "text"})})
        for d in task.deadlines:
            deadlines.append({"path": task.path, **d.model_dump(exclude={"span"})})
    return {
        "sections": [{"path": s.path, "title": s.title} for s in document.sections],
        "assignments": list(assignments.values()),
        "targets": targets,
        "deadlines": deadlines,
    }


def score_document(document: Document, gold: dict[str, Any]) -> dict[str, Any]:
    items = items_of(document)
    fields = {name: score_field(items[name], gold.get(name, []), name) for name in FIELDS}
    meta = {f: _meta_equal(f, getattr(document.meta, f), gold["meta"].get(f)) for f in META_FIELDS}
    return {"doc_id": document.doc_id, "format": document.source.format, "fields": fields,
            "meta": meta, "meta_accuracy": sum(meta.values()) / len(meta)}


def _totals(docs: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in FIELDS:
        tp = sum(d["fields"][name]["tp"] for d in docs)
        denominator = sum(d["fields"][name]["extracted"] - d["fields"][name]["absorbed"] for d in docs)
        gold = sum(d["fields"][name]["gold"] for d in docs)
        p = tp / denominator if denominator else 0.0
        r = tp / gold if gold else 0.0
        out[name] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "tp": tp, "extracted": denominator, "gold": gold}
    matched = sum(d["fields"]["targets"]["indicator_matched"] for d in docs)
    ok = sum(d["fields"]["targets"]["indicator_ok"] for d in docs)
    out["indicator_wording"] = ok / matched if matched else 0.0
    out["meta_accuracy"] = sum(d["meta_accuracy"] for d in docs) / len(docs) if docs else 0.0
    return out


_EMPTY: dict[str, Any] = {"source": {"path": "", "format": "txt", "sha256": ""}, "meta": {},
                          "text": "", "raw_text": ""}


def gold_key(doc_id: str, gold_ids: set[str]) -> str | None:
    key = doc_id if doc_id in gold_ids else document_key(doc_id)
    return key if key in gold_ids else None


def evaluate_dirs(gold_dir: Path, extracted_dir: Path) -> dict[str, Any]:
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))}
    docs = []
    scored: set[str] = set()
    for document in iter_documents(extracted_dir):
        key = gold_key(document.doc_id, set(gold))
        if key is not None:
            docs.append(score_document(document, gold[key]))
            scored.add(key)
    for key in sorted(set(gold) - scored):  # no output at all: every gold item is missed
        docs.append(score_document(Document.model_validate(_EMPTY | {"doc_id": key}), gold[key]))
        docs[-1]["format"] = "missing"
    formats = sorted({d["format"] for d in docs})
    return {"documents": docs, "total": _totals(docs),
            "by_format": {f: _totals([d for d in docs if d["format"] == f]) for f in formats}}


def format_report(report: dict[str, Any], details: bool = False) -> str:
    """One line per document (F1 per field, metadata accuracy), then totals overall and
    per format; with ``details``, every missed and spurious item under its document."""
    width = max([len(d["doc_id"]) for d in report["documents"]] + [12]) + 2
    head = f"{'document':<{width}}" + "".join(f"{n[:11]:>12}" for n in FIELDS) + f"{'meta':>7}"
    lines = [head]
    for d in report["documents"]:
        bad = [f for f, ok in d["meta"].items() if not ok]
        lines.append(f"{d['doc_id']:<{width}}" + "".join(f"{d['fields'][n]['f1']:12.3f}" for n in FIELDS)
                     + f"{d['meta_accuracy']:7.2f}" + (f"  wrong: {', '.join(bad)}" if bad else "")
                     + ("  (no output)" if d["format"] == "missing" else ""))
        if details:
            for n in FIELDS:
                for kind in ("missed", "spurious"):
                    for item in d["fields"][n][kind]:
                        shown = {k: v for k, v in item.items() if k not in ("note",)}
                        lines.append(f"    {n} {kind}: {json.dumps(shown, ensure_ascii=False)}")
    groups = [("ALL", report["total"])] + [(f, t) for f, t in report["by_format"].items()]
    lines += ["", f"{'total':<{width}}{'field':<13}{'P':>7}{'R':>7}{'F1':>7}   tp/ext/gold"]
    for label, t in groups:
        for name in FIELDS:
            s = t[name]
            lines.append(f"{label:<{width}}{name:<13}{s['precision']:7.3f}{s['recall']:7.3f}"
                         f"{s['f1']:7.3f}   {s['tp']}/{s['extracted']}/{s['gold']}")
        lines.append(f"{label:<{width}}{'meta':<13}{t['meta_accuracy']:7.3f}"
                     f"   indicator wording {t['indicator_wording']:.3f}")
    return "\n".join(lines)
