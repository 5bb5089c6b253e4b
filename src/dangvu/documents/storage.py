"""Where the app keeps attached files (documents, evidence of progress): a folder under var/ that is never
served publicly; every download goes through a scoped view."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class DocumentStorage(FileSystemStorage):
    """The folder is read from settings on each use (DANGVU_FILES_DIR, default var/files), so tests can point it
    at a temporary folder."""

    @property  # type: ignore[override]  # FileSystemStorage caches it; here it follows the setting
    def base_location(self) -> str:
        return str(getattr(settings, "DANGVU_FILES_DIR", None) or settings.VAR_DIR / "files")

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


document_storage = DocumentStorage()
