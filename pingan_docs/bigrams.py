"""Which task texts contain a string, without reading them all: an inverted index from
character bigrams to text numbers, with where in each text the bigram first and last
occurs.

A text that contains a word contains every bigram of it, so the texts listed under all
of the word's bigrams are a superset of the answer. The positions decide most of them
without reading the text: cover the word with bigrams at offsets 0, 2, 4, … (the last
one ending with the word). Where the word can start lies, by each bigram, between its
first and last position less its offset: when these ranges do not meet, the word is not
there; when at an end of where they meet every bigram is known to be in place (its
first or last position is there), the word is. Only the rest (a bigram repeated
between, positions past :data:`_FAR`) is left for the caller to check in the text.

Characters outside the Basic Multilingual Plane share one code with U+FFFF, which only
adds candidates to words that hold one of them (such words are always checked). The
index is numpy arrays in segments of about :data:`SEGMENT_CHARS` characters of text (so
building it never holds more than one segment's temporaries), saved as one ``.npy``
file that later processes memory-map instead of rebuilding.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FORMAT = 4
_OTHER = 0xFFFF  # the code of every character from U+FFFF up
SEGMENT_CHARS = 1 << 21
_LOW = np.uint64(0xFFFFFFFF)
_FAR = 0xFFFF  # a position this far or further is recorded as this (not known)

# bigram codes, their offsets, text numbers, first and last positions in each text (uint16)
Segment = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def _code(a: str, b: str) -> int:
    return min(ord(a), _OTHER) << 16 | min(ord(b), _OTHER)


def _codes(words: list[str]) -> list[int]:
    return sorted({_code(a, b) for word in words for a, b in itertools.pairwise(word)})


def _cover(word: str) -> list[int]:
    """Offsets of bigrams that together hold every character of ``word``."""
    offsets = list(range(0, len(word) - 1, 2))
    if offsets[-1] != len(word) - 2:
        offsets.append(len(word) - 2)
    return offsets


def _segment(texts: Sequence[str], first: int) -> Segment:
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    np.minimum(points, np.uint64(_OTHER), out=points)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    starts = np.cumsum(lengths) - lengths
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    at = np.flatnonzero(owner[:-1] == owner[1:]).astype(np.uint64)  # a bigram never spans two texts
    # bigram code, then where in the segment: equal bigrams of one text sort by position
    keys = np.sort((points[at] << np.uint64(16) | points[at + np.uint64(1)]) << np.uint64(32) | at)
    codes = (keys >> np.uint64(32)).astype(np.uint32)
    where = (keys & _LOW).astype(np.int64)
    texts_of = owner[where]
    if len(keys):
        new = np.flatnonzero(np.r_[True, (codes[1:] != codes[:-1]) | (texts_of[1:] != texts_of[:-1])])
    else:
        new = np.zeros(0, np.int64)
    last = np.r_[new[1:], len(keys)] - 1
    firsts = np.minimum(where[new] - starts[texts_of[new]], _FAR).astype(np.uint16)
    lasts = np.minimum(where[last] - starts[texts_of[last]], _FAR).astype(np.uint16)
    codes, numbers = codes[new], (texts_of[new] + first).astype(np.uint32)
    distinct = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
    return codes[distinct], np.r_[distinct, len(codes)].astype(np.uint32), numbers, firsts, lasts


class BigramIndex:
    def __init__(self, segments: list[Segment], size: int) -> None:
        self.segments = segments
        self.size = size  # number of texts

    @classmethod
    def build(cls, texts: Sequence[str]) -> BigramIndex:
        segments, start = [], 0
        while start < len(texts):
            end, chars = start, 0
            while end < len(texts) and (end == start or chars + len(texts[end]) <= SEGMENT_CHARS):
                chars += len(texts[end])
                end += 1
            segments.append(_segment(texts[start:end], start))
            start = end
        return cls(segments, len(texts))

    def find(self, words: list[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """The texts that may hold every word, ascending, and which of them the index
        could not decide (the caller reads those); the others hold every word. None
        when the words are single characters (they have no bigram: every text is a
        candidate)."""
        codes = _codes(words)
        if not codes:
            return None
        postings = self._postings(codes)
        lists = sorted(postings.values(), key=lambda p: len(p[0]))
        hits = lists[0][0]
        for numbers, *_ in lists[1:]:
            at = np.minimum(np.searchsorted(numbers, hits), max(len(numbers) - 1, 0))
            hits = hits[numbers[at] == hits] if len(numbers) else hits[:0]
        no, unsure = np.zeros(len(hits), bool), np.zeros(len(hits), bool)
        for word in words:
            word_no, word_unsure = self._decide(postings, hits, word)
            no |= word_no
            unsure |= word_unsure
        keep = ~no & (hits < self.size)  # a damaged file can only lose candidates, never crash
        return hits[keep], unsure[keep]

    def _postings(self, codes: list[int]) -> dict[int, tuple[np.ndarray, ...]]:
        """Each bigram's texts (ascending), and its first and last position in each,
        over all segments."""
        parts: dict[int, list[tuple[np.ndarray, ...]]] = {c: [] for c in codes}
        wanted = np.array(codes, np.uint32)
        for distinct, offsets, *columns in self.segments:
            if not len(distinct):
                continue
            at = np.searchsorted(distinct, wanted)
            found = distinct[np.minimum(at, len(distinct) - 1)] == wanted
            for code, i, there in zip(codes, at.tolist(), found.tolist(), strict=True):
                if there:
                    lo, hi = int(offsets[i]), int(offsets[i + 1])
                    parts[code].append(tuple(column[lo:hi] for column in columns))
        empty = (np.zeros(0, np.uint32), np.zeros(0, np.uint16), np.zeros(0, np.uint16))
        return {c: tuple(map(np.concatenate, zip(*p, strict=True))) if p else empty for c, p in parts.items()}

    @staticmethod
    def _decide(postings: dict[int, tuple[np.ndarray, ...]], hits: np.ndarray,
                word: str) -> tuple[np.ndarray, np.ndarray]:
        """Which texts of ``hits`` (each holding every bigram of ``word``) surely do not
        hold ``word``, and which the positions leave open."""
        if len(word) < 2 or max(map(ord, word)) >= _OTHER:
            return np.zeros(len(hits), bool), np.ones(len(hits), bool)
        earliest, latest, first_known, last_known = [], [], [], []
        for o in _cover(word):
            numbers, firsts, lasts = postings[_code(word[o], word[o + 1])]
            at = np.searchsorted(numbers, hits)
            first, last = firsts[at].astype(np.int64), lasts[at].astype(np.int64)
            earliest.append(first - o)  # where the word would start, by this bigram's first
            latest.append(last - o)
            first_known.append(first < _FAR)
            last_known.append(last < _FAR)
        early, late, early_known, late_known = map(np.array, (earliest, latest, first_known, last_known))
        # the word starts between the latest earliest start and the earliest latest one
        lower = early.max(axis=0)  # (a position past _FAR only makes it lower than it is)
        upper = np.where(late_known, late, np.iinfo(np.int64).max).min(axis=0)

        def fits(start: np.ndarray) -> np.ndarray:  # each bigram is known to be where a word at ``start`` has it
            return (((early == start) & early_known) | ((late == start) & late_known)).all(axis=0)

        no = lower > upper
        yes = ~no & (fits(lower) | fits(upper))
        return no, ~yes & ~no

    # -- on disk ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """One flat uint32 array: format, size, segment count, each segment's lengths,
        then the arrays (positions two to a word). Written to a temporary file and
        renamed into place."""
        head = [FORMAT, self.size, len(self.segments)]
        for distinct, _, numbers, _, _ in self.segments:
            head += [len(distinct), len(numbers)]
        arrays = [np.array(head, np.uint32)]
        for distinct, offsets, numbers, *positions in self.segments:
            arrays += [distinct, offsets, numbers]
            for column in positions:
                packed = np.zeros(len(column) + len(column) % 2, "<u2")
                packed[:len(column)] = column
                arrays.append(packed.view("<u4").astype(np.uint32))
        flat = np.concatenate(arrays)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                np.save(handle, flat)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @classmethod
    def load(cls, path: Path) -> BigramIndex | None:
        """The index saved at ``path`` (memory-mapped), or None when it is missing or
        not a whole index of this format."""
        try:  # a plain array over the mapping: a memmap's slices cost more than a search
            flat = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
        except (OSError, ValueError, EOFError):
            return None
        if flat.dtype != np.uint32 or flat.ndim != 1 or len(flat) < 3 or flat[0] != FORMAT:
            return None
        size, count = int(flat[1]), int(flat[2])
        at = 3 + 2 * count
        if len(flat) < at:
            return None
        segments = []
        for i in range(count):
            n_codes, n_numbers = int(flat[3 + 2 * i]), int(flat[4 + 2 * i])
            ends = np.cumsum([n_codes, n_codes + 1, n_numbers, (n_numbers + 1) // 2, (n_numbers + 1) // 2]) + at
            if ends[-1] > len(flat):
                return None
            distinct, offsets, numbers = flat[at:ends[0]], flat[ends[0]:ends[1]], flat[ends[1]:ends[2]]
            firsts, lasts = (flat[a:b].astype("<u4", copy=False).view("<u2")[:n_numbers]
                             for a, b in ((ends[2], ends[3]), (ends[3], ends[4])))
            if n_codes and (offsets[-1] != n_numbers or (distinct[1:] <= distinct[:-1]).any()):
                return None
            segments.append((distinct, offsets, numbers, firsts, lasts))
            at = int(ends[-1])
        return cls(segments, size) if at == len(flat) else None
