"""Which task texts may contain a string, without reading them all: an inverted index
from character bigrams to text numbers.

A text that contains a word contains every bigram of it, so the texts listed under all
of the word's bigrams are a superset of the answer, which the caller checks: only a word
of two characters is its own bigram, found exactly (:meth:`BigramIndex.exact`; the
commonest length of a Chinese word). Characters outside the Basic Multilingual Plane
share one code with U+FFFF, which only adds candidates to words that hold one of them.
The index is numpy arrays in segments of about :data:`SEGMENT_CHARS`
characters of text (so building it never holds more than one segment's temporaries),
saved as one ``.npy`` file that later processes memory-map instead of rebuilding.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FORMAT = 2
_OTHER = 0xFFFF  # the code of every character from U+FFFF up
SEGMENT_CHARS = 1 << 21
_LOW = np.uint64(0xFFFFFFFF)

Segment = tuple[np.ndarray, np.ndarray, np.ndarray]  # bigram codes, their offsets, text numbers


def _codes(words: list[str]) -> list[int]:
    codes: set[int] = set()
    for word in words:
        points = [min(ord(c), _OTHER) for c in word]
        codes.update(a << 16 | b for a, b in itertools.pairwise(points))
    return sorted(codes)


def _segment(texts: Sequence[str], first: int) -> Segment:
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.uint64)
    np.minimum(points, np.uint64(_OTHER), out=points)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(first, first + len(texts), dtype=np.uint64), lengths)
    inside = owner[:-1] == owner[1:]  # a bigram never spans two texts
    keys = np.sort(((points[:-1] << np.uint64(16) | points[1:]) << np.uint64(32) | owner[:-1])[inside])
    keys = keys[np.r_[True, keys[1:] != keys[:-1]]] if len(keys) else keys  # np.unique, minus its slow path
    codes = (keys >> np.uint64(32)).astype(np.uint32)
    numbers = (keys & _LOW).astype(np.uint32)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]]) if len(codes) else np.zeros(0, np.int64)
    return codes[starts], np.r_[starts, len(codes)].astype(np.uint32), numbers


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

    @staticmethod
    def exact(word: str) -> bool:
        """Whether the texts listed for ``word`` are exactly those that contain it."""
        return len(word) == 2 and max(map(ord, word)) < _OTHER

    def candidates(self, words: list[str]) -> np.ndarray | None:
        """Ascending numbers of the texts that hold every bigram of every word; None
        when the words are single characters (they have no bigram)."""
        codes = _codes(words)
        if not codes:
            return None
        parts = []
        for distinct, offsets, numbers in self.segments:
            at = np.searchsorted(distinct, codes)
            if (at >= len(distinct)).any() or (distinct[np.minimum(at, len(distinct) - 1)] != codes).any():
                continue
            lists = sorted((numbers[offsets[i]:offsets[i + 1]] for i in at), key=len)
            hits = lists[0]
            for other in lists[1:]:
                hits = hits[np.isin(hits, other, assume_unique=True)]
            parts.append(hits)
        found = np.concatenate(parts) if parts else np.zeros(0, np.uint32)
        return found[found < self.size]  # a damaged file can only lose candidates, never crash

    # -- on disk ----------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """One flat uint32 array: format, size, segment count, each segment's lengths,
        then the arrays. Written to a temporary file and renamed into place."""
        head = [FORMAT, self.size, len(self.segments)]
        for distinct, _, numbers in self.segments:
            head += [len(distinct), len(numbers)]
        flat = np.concatenate([np.array(head, np.uint32), *(a for s in self.segments for a in s)])
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
        try:
            flat = np.load(path, mmap_mode="r", allow_pickle=False)
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
            ends = np.cumsum([n_codes, n_codes + 1, n_numbers]) + at
            if ends[-1] > len(flat):
                return None
            distinct, offsets, numbers = flat[at:ends[0]], flat[ends[0]:ends[1]], flat[ends[1]:ends[2]]
            if n_codes and (offsets[-1] != n_numbers or (np.diff(distinct.astype(np.int64)) <= 0).any()):
                return None
            segments.append((distinct, offsets, numbers))
            at = int(ends[-1])
        return cls(segments, size) if at == len(flat) else None
