"""jieba's dictionary read from jieba's own cache gives jieba's own dictionary."""

from __future__ import annotations

from pathlib import Path

import jieba

from pingan_docs.nlp.jieba_dict import initialize_jieba


def test_cache_read_in_one_piece_is_jiebas_dictionary(tmp_path: Path) -> None:
    jieba.setLogLevel(60)
    first = jieba.Tokenizer()
    first.tmp_dir = str(tmp_path)
    initialize_jieba(first)  # no cache there yet: jieba builds the dictionary and writes it
    assert (tmp_path / "jieba.cache").is_file()
    second = jieba.Tokenizer()
    second.tmp_dir = str(tmp_path)
    initialize_jieba(second)  # read back from the cache
    assert second.initialized and second.total == first.total and second.FREQ == first.FREQ
    assert second.lcut("市公安局要加强巡逻防控") == first.lcut("市公安局要加强巡逻防控")


def test_unreadable_cache_falls_back_to_jieba(tmp_path: Path) -> None:
    (tmp_path / "jieba.cache").write_bytes(b"not a marshalled dictionary")
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(tmp_path)
    initialize_jieba(tok)
    assert tok.initialized and tok.total > 10_000_000
