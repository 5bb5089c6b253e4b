"""Organisation references in exports and imports — one definition in dangvu.orgs.refs (the enterprise import,
below this app, reads them too)."""

from dangvu.orgs.refs import by_export_code, is_own_export_code, org_ref

__all__ = ["by_export_code", "is_own_export_code", "org_ref"]
