"""Problem texts as a key and parameters, so each user interface words them in its own
language: English here (the CLI, JSON reports, exception messages), translated templates
in the GUI (desktop/widgets/exchange_text.py, the same keys and placeholders — a test
keeps the two in step). Parameters are plain strings; ``{name!r}`` quotes one in English.

A problem without a key (``Issue.text`` is None) is shown in English everywhere.
"""

import re
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
    # org charts (org_import.py)
    "column_missing_for": "no column {column!r} for {field}",
    "level_column_missing": "no level column {column!r}",
    "bad_headcount": "headcount {value!r} is not a whole number ≥ 0",
    "level_gap": "a level above this unit is blank and no row above gives it",
    "level_duplicate": "{name!r} under {parent} is already on row {row}",
    "level_duplicate_top": "{name!r} under the top is already on row {row}",
    "code_required": "a unit needs a code",
    "code_duplicate": "code {code} is already on row {row}",
    "bad_kind": "unknown unit kind {kind!r} (company, region, team, person, project)",
    "unknown_parent": "parent {parent} is neither in the file nor in the workspace",
    "parent_cycle": "{code}'s parent chain comes back to {parent}",
    "history_parent": "parent {parent} is an ended history row (row {row}) of the unit now "
                      "coded {current}; using {current}",
    "ended_parent": "parent {parent} is an ended row (row {row}) with no current row",
    "ended_rows": "{count} ended row(s) left out: {codes}",
    "forest": "{count} top-level units (a forest): {codes}",
    # targets (targets_import.py)
    "period_unmapped": "no column gives the period",
    "no_cascade_for_period": "no cascade for period {period!r}",
    "cascades_for_period": "{count} cascades for period {period}; name one",
    "no_node": "unit {unit} has no node in cascade {cascade!r}",
    "target_duplicate": "a second target for this unit, metric and period (first on row "
                        "{row})",
    # deals (deals.py)
    "deal_duplicate": "deal {deal} is already on row {row}",
    "probability_unmapped": "open deals need a probability column (for the stage-weighted "
                            "forecast)",
    # office return packages (return_package.py)
    "id_required": "every row needs a UUID",
    "unknown_reference": "{value!r} is no {what} at head office",
    "not_office_unit": "{value!r} is no unit of this office",
    "bad_state": "{state!r} is not an alert state",
    "bad_iso_date": "{value!r} is not an ISO date",
}

# The nouns ``{what}`` stands for, so the GUI can translate them too.
NOUNS = ("unit", "metric", "owner unit", "product line", "day", "crm id",
         "unit of this office", "period", "published version", "alert", "action-pack rule")


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


# Suggestions stay plain strings on an Issue (the CLI prints them as they are); the GUI
# reads a hint back from its English wording (``read_hint``) to say it in its language.
# Mapping entries are JSON and stay as written; only the words around them translate.
HINTS: dict[str, str] = {
    "did_you_mean": "did you mean {close}?",
    "split_or_date_format": 'split the file, or set "date_format"',
    "set_date_format": 'set "date_format": "DMY" or "MDY" in the mapping',
    "history_key": '"history_key": "<column the rows of one person share>"',
    "code_or_levels": '"columns": {{"code": ..., "parent": ...}} or "levels": [...]',
    "map_field": '"columns": {{"{field}": "<header>"}} or "constants": {{"{field}": '
                 '"<value>"}}',
    "wide_year": '"wide": {{"year": <year>}} for headers without one',
    "period_columns": '"columns": {{"period": ...}} or {{"year": ..., "quarter": ...}}',
    "name_cascade": '"constants": {{"cascade": "<cascade name>"}}',
    "aggregate_sum": '"aggregate": "sum" to add such rows up',
}


def hint(key: str, **params: object) -> str:
    """A suggestion's English wording (see HINTS)."""
    return HINTS[key].format(**{name: str(value) for name, value in params.items()})


def _hint_pattern(template: str) -> re.Pattern[str]:
    parts, seen = [], set()
    for literal, name, _, _ in Formatter().parse(template):
        parts.append(re.escape(literal))
        if name:
            parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
            seen.add(name)
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


_HINT_PATTERNS = {key: _hint_pattern(template) for key, template in HINTS.items()}


def read_hint(suggestion: str) -> Text | None:
    """The hint a suggestion was worded from (a HINTS key, not an ENGLISH one), or None
    for an alias entry or any other free text."""
    for key, pattern in _HINT_PATTERNS.items():
        found = pattern.match(suggestion)
        if found:
            return Text(key, tuple(found.groupdict().items()))
    return None
