"""Demo data for Đảng vụ: `dangvu demo [--seed N] [--scale tiny|bloc|province]` (see generator.py)."""
