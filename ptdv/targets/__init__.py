"""Targets (chỉ tiêu) per organisation, period and category; terms; configurable categories."""
