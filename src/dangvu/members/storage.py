"""Where the app keeps members' photos: a folder under var/ that is never served publicly (DANGVU_FILES_DIR, as
attached documents); the photo is sent by a scoped view."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class MemberPhotoStorage(FileSystemStorage):
    """The folder is read from settings on each use, so tests can point it at a temporary folder."""

    @property  # type: ignore[override]  # FileSystemStorage caches it; here it follows the setting
    def base_location(self) -> str:
        return str(getattr(settings, "DANGVU_FILES_DIR", None) or settings.VAR_DIR / "files")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


member_photo_storage = MemberPhotoStorage()
