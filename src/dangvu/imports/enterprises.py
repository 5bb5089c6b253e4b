"""The enterprise import (dangvu.enterprises.importing, its own bulk checks and writes) as a kind of this engine:
a thin adapter that only calls importing's public functions — its columns, its dry run, its confirmation."""

import io
from typing import Any

from dangvu.core.errors import DomainError
from dangvu.enterprises import importing
from dangvu.enterprises.models import ImportBatch

from .kinds import (
    NEW,
    UNCHANGED,
    UPDATE,
    Actor,
    Column,
    ImportKind,
    ProgressFn,
    RowOutcome,
    Sheet,
    Sheets,
    split_reason,
)

SHEET = Sheet("enterprises", "Doanh nghiệp", tuple(
    Column(key, label, required=key in importing.REQUIRED) for key, label in importing.COLUMNS
))


def _as_xlsx(rows: list[dict[str, Any]]) -> bytes:
    """The stored rows as importing's own template reads them (its upload takes an xlsx)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([label for _k, label in importing.COLUMNS])
    for row in rows:
        ws.append([row.get(key, "") for key, _l in importing.COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class EnterprisesKind(ImportKind):
    key = "enterprises"
    label = "Doanh nghiệp"
    sheets = (SHEET,)
    action = "manage_org"
    guide = tuple(importing.GUIDE[1:])

    def apply(self, *, actor: Actor, sheets: Sheets, plan: Any, progress: ProgressFn, write: bool,
              filename: str = "") -> list[RowOutcome]:
        rows = sheets.get(SHEET.key, [])
        # importing's line numbers are the positions it was given: keep the upload's own (blank lines skipped).
        lines = [int(r.get("_line") or i + 2) for i, r in enumerate(rows)]
        if write:
            batch = importing.import_upload(actor=actor, filename=filename or "doanh-nghiep.xlsx",
                                            data=_as_xlsx(rows))
            try:
                results = importing.import_confirm(actor=actor, batch=batch)
            except DomainError:
                results = importing.import_dry_run(actor=actor, batch=batch)
        else:
            results = importing.import_dry_run(actor=actor, batch=ImportBatch(rows=rows), progress=None)
        out = []
        for i, res in enumerate(results):
            line = lines[i] if i < len(lines) else res.line
            o = RowOutcome(SHEET.title, line, res.name or res.tax_code)
            if res.action == "error":
                column, detail = split_reason(res.reason)
                o.fail(column or SHEET.label("tax_code"), detail)
            else:
                o.action = NEW if res.action == "new" else (UPDATE if res.changes else UNCHANGED)
                o.changes = [f"{c['label']}: {c['old']} → {c['new']}" for c in res.changes]
            out.append(o)
            progress(i + 1)
        return out
