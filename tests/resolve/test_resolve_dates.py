"""Dates and times as people write them, in the form date and time inputs take."""

from __future__ import annotations

import pytest

from pytest_skyvern.resolve.dates import in_format, to_input_value


@pytest.mark.parametrize(
    ("value", "input_type", "expected"),
    [
        ("05/20/2010", "date", "2010-05-20"),
        ("5/2/2010", "date", "2010-05-02"),  # month first, as in US English
        ("20/05/2010", "date", "2010-05-20"),  # a first number above 12 is the day
        ("20.05.2010", "date", "2010-05-20"),  # dots: day first
        ("2010-05-20", "date", "2010-05-20"),
        ("May 20, 2010", "date", "2010-05-20"),
        ("20th May 2010", "date", "2010-05-20"),
        ("03/03/90", "date", "1990-03-03"),
        ("9:37 PM", "time", "21:37"),
        ("9:37 pm", "time", "21:37"),
        ("12:05 AM", "time", "00:05"),
        ("21:37", "time", "21:37"),
        ("9pm", "time", "21:00"),
        ("07:05:09", "time", "07:05:09"),
        ("05/20/2010 9:37 PM", "datetime-local", "2010-05-20T21:37"),
        ("May 20, 2010 at 21:37", "datetime-local", "2010-05-20T21:37"),
        ("May 2010", "month", "2010-05"),
        ("05/2010", "month", "2010-05"),
    ],
)
def test_human_forms_become_iso(value: str, input_type: str, expected: str) -> None:
    assert to_input_value(value, input_type) == expected


@pytest.mark.parametrize(
    ("value", "input_type"),
    [("13/13/2010", "date"), ("tomorrow", "date"), ("25:00", "time"), ("13 PM", "time"),
     ("9", "time"), ("05/20/2010", "text"), ("05/20/2010", None)],
)
def test_anything_else_is_left_as_written(value: str, input_type: str | None) -> None:
    assert to_input_value(value, input_type) == value


@pytest.mark.parametrize(
    ("value", "pattern", "expected"),
    [("November 20, 2016", "mm/dd/yyyy", "11/20/2016"), ("11/03/2016", "mm/dd/yyyy", "11/03/2016"),
     ("20.05.2010", "yyyy-mm-dd", "2010-05-20"), ("2010-05-20", "dd.mm.yyyy", "20.05.2010"),
     ("May 4, 2026", "m/d/yy", "5/4/26"), ("tomorrow", "mm/dd/yyyy", None),
     ("05/20/2010", "hh:mm", None)],
)
def test_dates_in_the_format_a_text_field_shows(value: str, pattern: str,
                                                expected: str | None) -> None:
    assert in_format(value, pattern) == expected
