"""Problem texts as a key and parameters, so each user interface words them in its own
language: English here (the CLI, JSON reports, exception messages), translated templates
in the GUI (desktop/widgets/exchange_text.py, the same keys and placeholders — a test
keeps the two in step). Parameters are plain strings; ``{name!r}`` quotes one in English.

A problem without a key (``Issue.text`` is None) is shown in English everywhere.
"""

from dataclasses import dataclass
from string import Formatter

ENGLISH: dict[str, str] = {
    # cells (values.py)
    "bad_number": "{value!r} is not a number (decimal {decimal!r}, thousands {thousands!r})",
    "number_required": "a number is required here",
    "bad_date": "{value!r} is not a date (format {format})",
    "date_required": "a date is required here",
    "mixed_dates": "the column holds both D/M/YYYY and M/D/YYYY dates; they cannot be told "
                   "apart",
    "ambiguous_date": "{value!r} could be day/month or month/day and no date in the column "
                      "decides it",
    "unknown_name": "unknown {what} {value!r}",
    "unknown_name_close": "unknown {what} {value!r}; probably {close!r}",
    "name_required": "a {what} is required here",
    # columns (prepare.py)
    "skip_column_missing": "the mapping skips rows by column {column!r}, which the file does "
                           "not have",
    "column_missing": "no column {column!r} in the file (columns: {columns})",
    "field_unmapped": "no column is mapped to {field!r}",
    "header_no_period": "{column!r} names no month or quarter",
    "targets_per_quarter": "targets are per period (quarter), not per month",
    # rows
    "same_row": "same {what} as row {row}",
    "negative_value": "{value} is negative and the metric does not allow it",
    "negative_spend": "an incentive spend cannot be negative",
    "spend_no_target": "a spend must name a metric or a product line",
    "missing_denominator": "a ratio metric needs a denominator (e.g. the total the share is "
                           "of)",
}

# The nouns ``{what}`` stands for, so the GUI can translate them too.
NOUNS = ("unit", "metric", "owner unit", "product line", "day", "crm id")


@dataclass(frozen=True, slots=True)
class Text:
    key: str
    params: tuple[tuple[str, str], ...] = ()

    def english(self) -> str:
        return ENGLISH[self.key].format(**dict(self.params))

    def as_json(self) -> dict:
        return {"key": self.key, "params": dict(self.params)}


def text(key: str, **params: object) -> Text:
    if key not in ENGLISH:
        raise KeyError(f"no English text for problem {key!r}")
    return Text(key, tuple((name, str(value)) for name, value in params.items()))


def placeholders(template: str) -> set[str]:
    """The parameter names of a template (``{value!r}`` and ``{value}`` are both value)."""
    return {name for _, name, _, _ in Formatter().parse(template) if name}
