"""Deadlines as an iCalendar feed a 督办 office can subscribe to.

A due date is an all-day event on that date, a period spans its dates, a recurring
obligation repeats (RRULE) from the document's issue date.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from ..graph import PolicyGraph

_RRULE = {"daily": {"FREQ": "DAILY"}, "weekly": {"FREQ": "WEEKLY"}, "monthly": {"FREQ": "MONTHLY"},
          "quarterly": {"FREQ": "MONTHLY", "INTERVAL": 3},
          "half-yearly": {"FREQ": "MONTHLY", "INTERVAL": 6}, "yearly": {"FREQ": "YEARLY"}}


def build_calendar(graph: PolicyGraph) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//pingan_docs//deadlines//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "平安建设任务时限")
    for task in sorted(graph.all_tasks(), key=lambda t: (t.doc_id, t.span.start)):
        issued = graph.documents[task.doc_id].meta.issue_date
        units = "、".join(u for role in ("lead", "responsible") for u in task.roles.get(role, []))
        for i, d in enumerate(task.deadlines):
            if d.kind == "recurring":
                if not issued or d.frequency not in _RRULE:
                    continue
                start = date.fromisoformat(issued)
                end = start + timedelta(days=1)
            elif d.end:
                end_day = date.fromisoformat(d.end)
                start = date.fromisoformat(d.start) if d.kind == "period" and d.start else end_day
                end = end_day + timedelta(days=1)
            else:
                continue
            event = Event()
            event.add("uid", f"{task.id}-{i}@pingan-docs")
            event.add("summary", f"{units or task.path}：{d.text}")
            event.add("dtstart", start)
            event.add("dtend", end)
            event.add("dtstamp", date.fromisoformat(issued) if issued else start)
            event.add("description", f"{task.doc_title or task.doc_id} {task.path}\n{task.text[:300]}")
            if d.kind == "recurring":
                event.add("rrule", _RRULE[d.frequency])  # type: ignore[index]
            cal.add_component(event)
    return cal


def write_ics(graph: PolicyGraph, path: Path) -> None:
    path.write_bytes(build_calendar(graph).to_ical())
