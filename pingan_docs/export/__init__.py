"""Exports from the graph: the 任务分工台账 (xlsx/csv), graph formats, an ICS calendar."""
