"""The builders of the report catalogue, by subject; reports/catalog.py registers them."""
