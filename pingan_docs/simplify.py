"""Traditional Chinese text read as Simplified, character for character.

Policy documents reach users through mirrors and archives that serve them in Traditional
characters (清溪鎮…實施方案, 縣公安局). Every lexicon and cue here is Simplified, so such a
text is converted before anything reads it. The conversion keeps the length — one
character for one — so offsets into the converted text are offsets into the original too,
and ``raw_text`` keeps what the file said.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import load_list

# A Simplified text has none of the markers; in a Traditional one they are a few per cent
# of the Han characters. A Simplified document quoting a Traditional name stays as it is.
MIN_MARKERS = 5
MIN_SHARE = 0.01
_HAN = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _markers() -> re.Pattern[str]:
    return re.compile("[" + "".join(load_list("traditional_markers.txt")) + "]")


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in Traditional characters (by its marker characters)."""
    markers = len(_markers().findall(text))
    return markers >= MIN_MARKERS and markers >= MIN_SHARE * len(_HAN.findall(text))


def simplified(text: str) -> str | None:
    """``text`` in Simplified characters, the same length; None when it is not Traditional.

    OpenCC's phrase tables pick the right character where one Traditional character has
    several Simplified ones (瞭解 → 了解, 著名 stays 著名); should a phrase ever change its
    length (every character that is not Han would then not stay in place), each character
    is converted on its own instead.
    """
    if not is_traditional(text):
        return None
    import opencc

    converter = opencc.OpenCC("t2s.json")
    out = converter.convert(text)
    if _HAN.sub("字", out) == _HAN.sub("字", text):
        return out
    table = {ord(ch): s for ch in set(text) if len(s := converter.convert(ch)) == 1 and s != ch}
    return text.translate(table)
