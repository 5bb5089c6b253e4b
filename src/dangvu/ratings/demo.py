"""Demo data of this app, called by dangvu.demo.generator after members exist (see DEMO_EXTENSIONS)."""

from typing import Any


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    return {}
