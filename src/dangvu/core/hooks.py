"""Named hooks: a lower app asks, a higher app answers, without an upward import (issue 8's layers).

A higher app registers a function in its AppConfig.ready(); the lower app calls `collect(name, ...)` and gets
every registered answer. Used for
- "projection_checks": `() -> list[str]`, lines of differences `dangvu rebuild --check` reports beside the
  members' and organisations' own (the enterprise registry's dated links, enterprises.links.check_links);
- "recognition_warnings": `(member, on) -> list[str]`, warnings (never refusals) shown when a member is
  recognised as full member (the new-member course, known to admissions);
- "org_moved": `(effective_on) -> list[str]` (nothing to say: `[]`), an organisation moved under another parent
  from that day (a move, or a merge taking its children): members' month-end snapshots keep each organisation's
  root of the date and are recomputed from then on.
"""

from collections.abc import Callable
from typing import Any

HOOK_NAMES = ("projection_checks", "recognition_warnings", "org_moved")
_registry: dict[str, list[Callable[..., list[str]]]] = {name: [] for name in HOOK_NAMES}


def register(name: str, fn: Callable[..., list[str]]) -> None:
    """Add `fn` to the hook `name` (once: registering the same function again changes nothing)."""
    if name not in _registry:
        raise KeyError(f"unknown hook {name!r}; known: {', '.join(HOOK_NAMES)}")
    if fn not in _registry[name]:
        _registry[name].append(fn)


def collect(name: str, *args: Any, **kwargs: Any) -> list[str]:
    """Every registered function's lines for the hook, in registration order."""
    out: list[str] = []
    for fn in _registry[name]:
        out += fn(*args, **kwargs)
    return out
