"""Spreadsheet import engine (issue 15): one registry of import kinds (organisations, members, enterprises…),
each with its template, row parser and apply function running the real services; upload → dry run (rolled back)
→ confirm (one transaction), both as background jobs (dangvu.jobs); exports in the templates' format."""
