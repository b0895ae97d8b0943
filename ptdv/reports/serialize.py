"""Figures as JSON-ready data: dates as ISO strings, percentages and amounts as decimal strings."""

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """Dataclasses, dates and decimals turned into JSON types (decimals as strings: no float rounding)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return (
            str(value.quantize(Decimal("0.0001")).normalize())
            if value != value.to_integral_value()
            else str(int(value))
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
