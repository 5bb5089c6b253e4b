"""Where background jobs keep the files they make (review packs, exports) until the requester downloads them:
var/exports/ (setting DANGVU_EXPORTS_DIR), never served publicly — each kind's view checks who may fetch it."""

from pathlib import Path

from django.conf import settings


def exports_dir() -> Path:
    path = Path(getattr(settings, "DANGVU_EXPORTS_DIR", settings.VAR_DIR / "exports"))
    path.mkdir(parents=True, exist_ok=True)
    return path
