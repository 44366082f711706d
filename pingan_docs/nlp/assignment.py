"""The records the role finders exchange: where a section sits, and one assignment."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SectionInfo:
    path: str
    start: int        # label start (or body start for the intro)
    title_start: int  # first character after the label
    end: int
    title: str


@dataclass
class Assignment:
    start: int
    end: int
    name: str  # as written; its kind and canonical name are decided at assembly (organs.py)
    role: str
    cue: str
    scope: str | None = None          # a section path when the evidence covers a whole section
    shared_prefix: str | None = None  # 省 of 省工业和信息化厅、财政厅, for 财政厅's canonical name
