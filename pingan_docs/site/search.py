"""Tuning Material's search index once the search plugin wrote it, for how people search units.

Material segments Chinese with jieba at build time and, in the browser, cuts a query
into the index's own words (``市公安局`` → ``市…`` ``公安…``). jieba keeps a place and its
level together (``呼和浩特市``/``公安局``), so a query's ``市`` matched no word of
呼和浩特市公安局. Here a word of three or more characters ending in a level of
administration (省 市 区 县 州 盟 旗 镇 乡) is split before it: ``呼和浩特`` ``市``
``公安局``, and every part of ``市公安局`` or ``呼和浩特市公安局`` matches a word of the
unit's name. (The rest of the query handling is in ``assets/site.js``.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SEPARATOR = "\u200b"  # what Material's segmentation puts between words (in the separator)
LEVEL_WORD = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,})([省市区县州盟旗镇乡])(?![\u4e00-\u9fff])")


def split_levels(text: str) -> str:
    """``呼和浩特市\u200b公安局`` → ``呼和浩特\u200b市\u200b公安局``."""
    return LEVEL_WORD.sub(lambda m: m.group(1) + SEPARATOR + m.group(2), text)


def tune_search_index(site: Path) -> None:
    """Rewrite ``search/search_index.json`` (before the offline plugin makes a script
    of it), in UTF-8 rather than ``\\u`` escapes: half the size for Chinese."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        entry["title"] = split_levels(entry["title"])
        entry["text"] = split_levels(entry["text"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
