"""jieba's dictionary, loaded faster than jieba loads it.

Every process that segments pays for the dictionary before its first word: a corpus
run's fork server, the site build (indicator wording), a notebook's first
``extract_file``.
"""

from __future__ import annotations

import marshal
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba


def initialize_jieba(tokenizer: jieba.Tokenizer | None = None) -> None:
    """``jieba.initialize()``, reading the dictionary's cache in one piece.

    jieba unmarshals its prefix-dictionary cache straight from the file, which marshal
    reads in many small pieces: 0.46 s of every start. From the file's bytes it takes
    0.2 s. The cache is jieba's own (same file, same rules for when it is valid); without
    one, jieba builds and writes it as usual.
    """
    tok = tokenizer or jieba.dt
    if tok.initialized or tok.dictionary != jieba.DEFAULT_DICT:
        tok.initialize()
        return
    cache = Path(tok.tmp_dir or tempfile.gettempdir()) / (tok.cache_file or "jieba.cache")
    try:
        tok.FREQ, tok.total = marshal.loads(cache.read_bytes())
        tok.initialized = True
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or unreadable: jieba's way
        tok.initialize()


# the tags _opens_with_verb tells apart; every other word has none
_TAGGED_LINE = re.compile(r"^(\S+) \d+ (vd|vn|v|d|c)\r?$", re.MULTILINE)


@lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """The adverbs, conjunctions and verbs of jieba's dictionary, with their tags.

    Read from the dictionary file with one regex (0.06 s) rather than through
    ``jieba.posseg``, whose import tags all 350,000 words (0.2 s): every corpus run and
    every ``extract_file`` caller pays this once before its first file.
    """
    dictionary = jieba.dt.dictionary or Path(jieba.__file__).with_name("dict.txt")
    return dict(_TAGGED_LINE.findall(Path(dictionary).read_text(encoding="utf-8")))
