"""Targets (chỉ tiêu): indicators computed from the records, yearly or term targets, and their achievement."""
