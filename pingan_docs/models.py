"""The contract between the pipeline's steps and with users.

Everything written to ``extracted/`` is one of these models, so a reader of the JSON
can validate it with :func:`Document.model_validate_json` and every later step (graph,
exports, site) reads only these types, never the extractors' internals.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["lead", "responsible", "cooperate", "guide"]
Comparator = Literal[">=", "<=", "<", ">", "=", "range", "increase", "decrease"]
DeadlineKind = Literal["due", "period", "recurring"]
Frequency = Literal["daily", "weekly", "monthly", "quarterly", "half-yearly", "yearly"]
UnitKind = Literal["organ", "collective", "generic"]
ProgressStatus = Literal["已完成", "正常推进", "滞后", "未启动"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Where a piece sits: ``start``/``end`` in the normalised text, ``orig_*`` in the
    text as ingested (before width folding, page-number and wrap-space repair)."""

    start: int
    end: int
    orig_start: int
    orig_end: int


class Source(_Model):
    path: str
    format: Literal["txt", "pdf", "html", "docx", "md"]
    sha256: str
    encoding: str | None = None
    warnings: list[str] = Field(
        default_factory=list,
        description="what reading the file had to repair (bytes replaced, control characters "
                    "removed, a damaged PDF recovered): the text may differ from the file there")


class Meta(_Model):
    title: str | None = None
    doc_number: str | None = None
    signer: str | None = None
    issuer: str | None = None
    issue_date: str | None = None
    region: str | None = None
    addressees: str | None = None
    forwarded_by: str | None = None
    page_fields: dict[str, str] = Field(default_factory=dict)


class Section(_Model):
    id: str = Field(description="s-<path anchor>, e.g. s-二-一-3: stable across re-extractions")
    path: str
    level: int
    label: str
    title: str
    text: str
    span: Span


class UnitRef(_Model):
    name: str
    canonical: str
    role: Role
    kind: UnitKind
    span: Span
    cue: str = Field(description="the wording that gave the role, e.g. 责任单位, 牵头, 要")


class Target(_Model):
    indicator: str
    comparator: Comparator
    value: float
    value_max: float | None = None
    unit: str | None = None
    text: str
    span: Span


class Deadline(_Model):
    text: str
    kind: DeadlineKind
    start: str | None = None
    end: str | None = None
    frequency: Frequency | None = None
    count: int | None = None
    span: Span


class Task(_Model):
    id: str = Field(description="<doc_id>#t-<path anchor>, a table row t-…-r<n>: stable across re-extractions")
    path: str
    text: str
    span: Span
    units: list[UnitRef] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)


class Document(_Model):
    doc_id: str
    source: Source
    meta: Meta
    text: str = Field(description="the normalised text every span's start/end points into")
    raw_text: str = Field(description="the text as ingested; spans' orig_start/orig_end point here")
    preamble: Span | None = None
    closing: Span | None = None
    sections: list[Section] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)


class Progress(_Model):
    """What the responsible units reported back on one task (the 台账's 进展情况/完成情况/备注
    columns), kept beside ``extracted/`` and joined to tasks by ``Task.id``."""

    status: ProgressStatus | None = None
    report: str | None = Field(default=None, description="进展情况 as the unit wrote it")
    remark: str | None = Field(default=None, description="备注")
    updated: str | None = Field(default=None, description="ISO date the report was imported")
    source: str | None = Field(default=None, description="the returned ledger file it came from")
