"""Import problems in the user's language: the exchange layer gives a key and parameters
(English for the CLI), the GUI words them through self.tr — the two catalogues in step,
and the wizard's validation table in Chinese when the UI is Chinese."""

from desktop.exchange.messages import ENGLISH, NOUNS, placeholders, text
from desktop.exchange.report import ImportReport
from desktop.widgets import language
from desktop.widgets.exchange_text import ExchangeText


def test_every_problem_key_has_a_gui_template_with_the_same_placeholders():
    words = ExchangeText()
    templates = words.templates()
    assert set(templates) == set(ENGLISH)
    for key, english in ENGLISH.items():
        assert placeholders(templates[key]) == placeholders(english), key
    assert set(NOUNS) <= set(words.nouns())


def test_english_stays_for_the_cli_and_chinese_in_the_gui():
    report = ImportReport("a.csv", "actuals")
    report.error(2, "value", "bad_number", text("bad_number", value="12x", decimal=".",
                                                 thousands=","))
    report.error(3, "unit", "unknown_unit", text("unknown_name_close", what="unit",
                                                  value="Yorkk", close="York"), "alias")
    report.error(4, None, "duplicate", text("same_row", what="unit + metric + day", row=2))
    report.error(5, None, "legacy", "said only in English")
    bad, unknown, same, legacy = report.errors
    assert str(bad) == ("a.csv, row 2, column 'value': '12x' is not a number (decimal '.', "
                        "thousands ',')")
    assert report.as_json()["errors"][0]["text"] == {
        "key": "bad_number", "params": {"value": "12x", "decimal": ".", "thousands": ","}}
    words = ExchangeText()
    assert words.issue(unknown) == "unknown unit “Yorkk”; probably “York” (alias)"
    try:
        language.apply("zh_CN")
        assert words.issue(bad) == "“12x”不是数字（小数点“.”，千位分隔符“,”）"
        assert words.issue(unknown) == "未知的组织单元“Yorkk”；可能是“York” (alias)"
        assert words.issue(same) == "组织单元 + 指标 + 日期与第 2 行相同"
        assert words.issue(legacy) == "said only in English"
    finally:
        language.apply("en")


def test_the_wizard_lists_problems_in_chinese(qtbot, window, workspace_path, open_in,
                                              tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("unit,metric,date,value\nR1T1P1,collections,2025-04-07,12x\n"
                   "NOBODY,collections,2025-04-08,5\n", encoding="utf-8")
    language.apply("zh_CN")
    open_in(window, workspace_path)
    window.exchange.import_action.trigger()
    wizard = window.exchange.wizard
    wizard.choose_page.file_edit.setText(str(bad))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    wizard.next()
    page = wizard.validation_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=20_000)
    problems = {page.table.item(i, 2).text(): page.table.item(i, 3).text()
                for i in range(page.table.rowCount())}
    assert problems["value"].startswith("“12x”不是数字")
    assert problems["unit"].startswith("未知的组织单元“NOBODY”")
    wizard.reject()
