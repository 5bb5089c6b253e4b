from collections.abc import Iterator
from pathlib import Path

import pytest

from .site import Site, drop_site, make_site


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A deployment with its own database holding the tiny demo (see site.py)."""
    s = make_site(tmp_path / "site")
    try:
        yield s
    finally:
        drop_site(s)
