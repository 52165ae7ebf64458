"""Stored decimals are shown as they were published."""

from kg.numbers import published_number


def test_published_numbers_read_back_as_published():
    assert [published_number(v) for v in ("2150.0", "184.7", "6.84", "487200.0", "0.0")] == [
        "2150", "184.7", "6.84", "487200", "0"]
