"""`dangvu relink_documents`: rebuild the links from records citing a document number to the registered documents
(documents/uses.py), after loads that bypass the services (imports, bulk demo data)."""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from dangvu.core.cache import bump
from dangvu.documents.uses import relink


class Command(BaseCommand):
    help = "Liên kết lại các bản ghi ghi số văn bản với văn bản đã đăng ký."

    def handle(self, *args: Any, **opts: Any) -> None:
        t0 = time.perf_counter()
        with transaction.atomic():
            n = relink()
            if n:  # bulk inserts bypass the services' audit: kept results are recomputed
                bump("data_relink", "dangvu relink_documents", after={"links": n})
        self.stdout.write(f"Đã ghi {n} liên kết mới tới văn bản ({time.perf_counter() - t0:.1f} s).")
