"""Import problems in the user's language: desktop/exchange words each problem as a key
and parameters (desktop/exchange/messages.py, English); these are the same templates
through ``self.tr``. A problem without a key, or with a key not listed here, is shown in
its English wording (tests/gui/test_exchange_text.py keeps the keys in step)."""

from PySide6.QtCore import QObject


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
        }

    def nouns(self) -> dict[str, str]:
        return {"unit": self.tr("unit"), "metric": self.tr("metric"),
                "owner unit": self.tr("owner unit"), "product line": self.tr("product line"),
                "day": self.tr("day"), "crm id": self.tr("CRM id")}

    def issue(self, issue) -> str:
        """An exchange Issue's message (with its suggestion) in the current language."""
        message = self.message(issue.text) if issue.text is not None else issue.message
        return message + (f" ({issue.suggestion})" if issue.suggestion else "")

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
