"""Language facts as data: lexicons and cue words, one item per line, ``#`` comments.

Code holds the mechanism; these files hold the knowledge, so someone who knows Chinese
administrative language but not Python can review and extend them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_list(name: str) -> tuple[str, ...]:
    """The non-comment lines of ``data/<name>``, longest first (so prefixes lose)."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    items = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    return tuple(sorted((i for i in items if i), key=lambda s: (-len(s), s)))
