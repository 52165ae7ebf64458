"""The project's own error for bad input data, naming file, record and field."""

from __future__ import annotations

from pathlib import Path


class DataError(Exception):
    """A curated data file is wrong; the message says where and what."""

    def __init__(self, file: Path | str, record: str | None, field: str | None, message: str):
        self.file = Path(file)
        self.record = record
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [str(self.file)]
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field {self.field!r}")
        return f"{': '.join(parts)}: {self.message}"
