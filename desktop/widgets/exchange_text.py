"""Import problems in the user's language: desktop/exchange words each problem as a key
and parameters (desktop/exchange/messages.py, English); these are the same templates
through ``self.tr``. A problem without a key, or with a key not listed here, is shown in
its English wording (tests/gui/test_exchange_text.py keeps the keys in step). Suggestions
are read back from their English (messages.read_hint) and translated the same way."""

from PySide6.QtCore import QObject

from desktop.exchange.messages import read_hint


class ExchangeText(QObject):
    def templates(self) -> dict[str, str]:
        return {
            "bad_number": self.tr("“{value}” is not a number (decimal “{decimal}”, "
                                  "thousands “{thousands}”)"),
            "number_required": self.tr("a number is required here"),
            "bad_date": self.tr("“{value}” is not a date (format {format})"),
            "date_required": self.tr("a date is required here"),
            "mixed_dates": self.tr("the column holds both D/M/YYYY and M/D/YYYY dates; they "
                                   "cannot be told apart"),
            "ambiguous_date": self.tr("“{value}” could be day/month or month/day and no date "
                                      "in the column decides it"),
            "unknown_name": self.tr("unknown {what} “{value}”"),
            "unknown_name_close": self.tr("unknown {what} “{value}”; probably “{close}”"),
            "name_required": self.tr("a {what} is required here"),
            "skip_column_missing": self.tr("the mapping skips rows by column “{column}”, "
                                           "which the file does not have"),
            "column_missing": self.tr("no column “{column}” in the file (columns: "
                                      "{columns})"),
            "field_unmapped": self.tr("no column is mapped to “{field}”"),
            "header_no_period": self.tr("“{column}” names no month or quarter"),
            "targets_per_quarter": self.tr("targets are per period (quarter), not per month"),
            "same_row": self.tr("same {what} as row {row}"),
            "negative_value": self.tr("{value} is negative and the metric does not allow it"),
            "negative_spend": self.tr("an incentive spend cannot be negative"),
            "spend_no_target": self.tr("a spend must name a metric or a product line"),
            "missing_denominator": self.tr("a ratio metric needs a denominator (e.g. the "
                                           "total the share is of)"),
            **self._org_templates(), **self._plan_templates(), **self._package_templates(),
        }

    def _org_templates(self) -> dict[str, str]:
        return {
            "column_missing_for": self.tr("no column “{column}” for {field}"),
            "level_column_missing": self.tr("no level column “{column}”"),
            "bad_headcount": self.tr("headcount “{value}” is not a whole number ≥ 0"),
            "level_gap": self.tr("a level above this unit is blank and no row above gives it"),
            "level_duplicate": self.tr("“{name}” under {parent} is already on row {row}"),
            "level_duplicate_top": self.tr("“{name}” under the top is already on row {row}"),
            "code_required": self.tr("a unit needs a code"),
            "code_duplicate": self.tr("code {code} is already on row {row}"),
            "bad_kind": self.tr("unknown unit kind “{kind}” (company, region, team, person, "
                                "project)"),
            "unknown_parent": self.tr("parent {parent} is neither in the file nor in the "
                                      "workspace"),
            "parent_cycle": self.tr("{code}'s parent chain comes back to {parent}"),
            "history_parent": self.tr("parent {parent} is an ended history row (row {row}) of "
                                      "the unit now coded {current}; using {current}"),
            "ended_parent": self.tr("parent {parent} is an ended row (row {row}) with no "
                                    "current row"),
            "ended_rows": self.tr("{count} ended row(s) left out: {codes}"),
            "forest": self.tr("{count} top-level units (a forest): {codes}"),
        }

    def _plan_templates(self) -> dict[str, str]:
        return {
            "period_unmapped": self.tr("no column gives the period"),
            "no_cascade_for_period": self.tr("no cascade for period “{period}”"),
            "cascades_for_period": self.tr("{count} cascades for period {period}; name one"),
            "no_node": self.tr("unit {unit} has no node in cascade “{cascade}”"),
            "target_duplicate": self.tr("a second target for this unit, metric and period "
                                        "(first on row {row})"),
            "deal_duplicate": self.tr("deal {deal} is already on row {row}"),
            "probability_unmapped": self.tr("open deals need a probability column (for the "
                                            "stage-weighted forecast)"),
        }

    def _package_templates(self) -> dict[str, str]:
        return {
            "id_required": self.tr("every row needs a UUID"),
            "unknown_reference": self.tr("“{value}” is no {what} at head office"),
            "not_office_unit": self.tr("“{value}” is no unit of this office"),
            "bad_state": self.tr("“{state}” is not an alert state"),
            "bad_iso_date": self.tr("“{value}” is not an ISO date"),
        }

    def nouns(self) -> dict[str, str]:
        return {"unit": self.tr("unit"), "metric": self.tr("metric"),
                "owner unit": self.tr("owner unit"), "product line": self.tr("product line"),
                "day": self.tr("day"), "crm id": self.tr("CRM id"),
                "unit of this office": self.tr("unit of this office"),
                "period": self.tr("period"), "published version": self.tr("published version"),
                "alert": self.tr("alert"), "action-pack rule": self.tr("action-pack rule")}

    def hints(self) -> dict[str, str]:
        """Suggestions (messages.HINTS): the JSON stays, the words around it translate."""
        return {
            "did_you_mean": self.tr("did you mean {close}?"),
            "split_or_date_format": self.tr('split the file, or set "date_format"'),
            "set_date_format": self.tr('set "date_format": "DMY" or "MDY" in the mapping'),
            "history_key": self.tr('"history_key": "<column the rows of one person share>"'),
            "code_or_levels": self.tr('"columns": {{"code": ..., "parent": ...}} or '
                                      '"levels": [...]'),
            "map_field": self.tr('"columns": {{"{field}": "<header>"}} or "constants": '
                                 '{{"{field}": "<value>"}}'),
            "wide_year": self.tr('"wide": {{"year": <year>}} for headers without one'),
            "period_columns": self.tr('"columns": {{"period": ...}} or {{"year": ..., '
                                      '"quarter": ...}}'),
            "name_cascade": self.tr('"constants": {{"cascade": "<cascade name>"}}'),
            "aggregate_sum": self.tr('"aggregate": "sum" to add such rows up'),
        }

    def issue(self, issue) -> str:
        """An exchange Issue's message (with its suggestion) in the current language."""
        message = self.message(issue.text) if issue.text is not None else issue.message
        if not issue.suggestion:
            return message
        return self.tr("{message} ({suggestion})").format(
            message=message, suggestion=self.suggestion(issue.suggestion))

    def suggestion(self, suggestion: str) -> str:
        """A suggestion in the current language: a known hint translated, anything else
        (an alias entry, which is JSON) as written."""
        hint = read_hint(suggestion)
        template = self.hints().get(hint.key) if hint is not None else None
        if template is None:
            return suggestion
        try:
            return template.format(**dict(hint.params))
        except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
            return suggestion

    def message(self, text) -> str:
        template = self.templates().get(text.key)
        if template is None:
            return text.english()
        nouns = self.nouns()
        params = dict(text.params)
        if "what" in params:  # "unit + metric + day" → each noun translated
            params["what"] = " + ".join(nouns.get(w, w) for w in params["what"].split(" + "))
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
            return text.english()
