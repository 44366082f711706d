"""Deadlines as an iCalendar (RFC 5545) feed a 督办 office can subscribe to.

A due date is an all-day event on that date, a period spans its dates, a recurring
obligation repeats (RRULE) from the document's issue date until the last date the plan
names (or :data:`HORIZON_DAYS` after its issue when it names none): an RRULE without an
end would put a plan's monthly meeting into every month for ever. Each event's SUMMARY
is the task's heading, its DESCRIPTION who answers for it and what it requires; DTSTAMP
is the export time in UTC, as RFC 5545 asks.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import IO

from icalendar import Calendar, Event

from ..graph import ROLES, PolicyGraph, TaskRef
from ..labels import ROLE_ZH
from .ledger import exclusive_units, heading, requirement

HORIZON_DAYS = 365
_RRULE: dict[str, dict[str, object]] = {"daily": {"FREQ": "DAILY"}, "weekly": {"FREQ": "WEEKLY"}, "monthly": {"FREQ": "MONTHLY"},
          "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
          "half-yearly": {"FREQ": "MONTHLY", "INTERVAL": 6}, "yearly": {"FREQ": "YEARLY"}}


def plan_end(graph: PolicyGraph, doc_id: str) -> date | None:
    """The last date a plan names (any task's deadline), if any."""
    ends = [d.end for t in graph.tasks(docs=[doc_id]) for d in t.deadlines if d.end]
    return date.fromisoformat(max(ends)) if ends else None


def _description(task: TaskRef, when: str) -> str:
    units = exclusive_units(task)
    lines = [f"{ROLE_ZH[r]}单位：{units[r]}" for r in ROLES if units[r]]
    lines += [f"时限：{when}", f"具体要求：{requirement(task)}",
              f"文件：{task.doc_title or task.doc_id}　{task.path}", f"任务编号：{task.id}"]
    return "\n".join(lines)


def build_calendar(graph: PolicyGraph, docs: list[str] | None = None,
                   stamp: datetime | None = None) -> Calendar:
    stamp = (stamp or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", "-//pingan_docs//deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "平安建设任务时限")
    ends: dict[str, date | None] = {}
    for task in graph.tasks(docs=docs):
        issued = graph.summaries[task.doc_id].meta.issue_date
        for i, d in enumerate(task.deadlines):
            rule: dict[str, object] | None = None
            if d.kind == "recurring":
                if not issued or d.frequency not in _RRULE:
                    continue
                start = date.fromisoformat(issued)
                end = start + timedelta(days=1)
                if task.doc_id not in ends:
                    ends[task.doc_id] = plan_end(graph, task.doc_id)
                until = ends[task.doc_id]
                if until is None or until <= start:
                    until = start + timedelta(days=HORIZON_DAYS)
                rule = {**_RRULE[d.frequency or ""], "UNTIL": until}
            elif d.end:
                end_day = date.fromisoformat(d.end)
                start = date.fromisoformat(d.start) if d.kind == "period" and d.start else end_day
                start = min(start, end_day)
                end = end_day + timedelta(days=1)
            else:
                continue
            summary = heading(task)
            if len(task.deadlines) > 1:
                summary += f"（{d.text}）"
            event = Event()
            event.add("uid", f"{task.id}-{i}@pingan-docs")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("summary", summary)
            event.add("description", _description(task, d.text))
            if rule:
                event.add("rrule", rule)
            cal.add_component(event)
    return cal


def write_ics(graph: PolicyGraph, out: IO[bytes], docs: list[str] | None = None) -> None:
    out.write(build_calendar(graph, docs).to_ical())
