"""Import problems in the user's language: the exchange layer gives a key and parameters
(English for the CLI), the GUI words them through self.tr — the two catalogues in step,
and the wizard's validation table in Chinese when the UI is Chinese."""

import ast
from pathlib import Path

from desktop.exchange.messages import (
    ENGLISH,
    HINTS,
    NOUNS,
    hint,
    placeholders,
    read_hint,
    text,
)
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
    hints = words.hints()
    assert set(hints) == set(HINTS)
    for key, english in HINTS.items():
        assert placeholders(hints[key]) == placeholders(english), key


def test_a_hint_is_read_back_from_its_english_wording():
    for key in HINTS:
        params = {name: f"<{name}>" for name in placeholders(HINTS[key])}
        found = read_hint(hint(key, **params))
        assert found is not None and found.key == key and dict(found.params) == params
    assert read_hint('"aliases": {"unit": {"Yorkk": "York"}}') is None
    assert read_hint("did you mean R1? or not") is None


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
        assert words.issue(unknown) == "未知的组织单元“Yorkk”；可能是“York”（alias）"
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


# --- every problem the exchange layer reports is a key, never a plain English string ---

EXCHANGE = Path(__file__).resolve().parents[2] / "desktop" / "exchange"
REPORTING = {"error", "warn", "warning", "error_rows"}  # ImportReport's problem methods
MESSAGE_AT = 3  # (row, column, code, message, ...)


def _is_key(node: ast.AST, bound: dict[str, list[ast.AST]], depth: int = 0) -> bool:
    """Whether ``node`` can only be a ``text(key, ...)``: the call itself, a choice
    between such calls, a lambda returning one, or a name bound only to one."""
    if depth > 10:
        return False
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Name) and func.id == "text") or (
            isinstance(func, ast.Attribute) and func.attr == "text"
            and isinstance(func.value, ast.Name) and func.value.id == "messages")
    if isinstance(node, ast.IfExp):
        return _is_key(node.body, bound, depth + 1) and _is_key(node.orelse, bound, depth + 1)
    if isinstance(node, ast.Lambda):
        args = node.args.posonlyargs + node.args.args
        defaults = dict(zip([a.arg for a in args[len(args) - len(node.args.defaults):]],
                            node.args.defaults, strict=True))
        inner = {**bound, **{a.arg: [] for a in args}}
        inner.update({name: [value] for name, value in defaults.items()})
        return _is_key(node.body, inner, depth + 1)
    if isinstance(node, ast.Name):
        values = bound.get(node.id, [])
        return bool(values) and all(_is_key(v, bound, depth + 1) for v in values)
    return False  # a str constant, an f-string, a concatenation, a call to str.format...


def _bindings(function: ast.AST) -> dict[str, list[ast.AST]]:
    bound: dict[str, list[ast.AST]] = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    bound.setdefault(target.id, []).append(node.value)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target,
                                                                              ast.Name):
            bound.setdefault(node.target.id, []).append(node.value or node)
    return bound


def plain_problems(source: str, name: str) -> tuple[int, list[str]]:
    """(report calls seen, those whose message is not a key) in one module."""
    tree = ast.parse(source)
    seen, plain = 0, []
    scopes = [n for n in ast.walk(tree)
              if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)] or [tree]
    for scope in [tree, *scopes]:
        bound = _bindings(scope)
        for call in ast.walk(scope):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and call.func.attr in REPORTING
                    and "report" in ast.unparse(call.func.value).lower()):
                continue
            if scope is tree and scopes != [tree] and any(call in ast.walk(s)
                                                          for s in scopes):
                continue  # judged with its function's bindings
            seen += 1
            message = (call.args[MESSAGE_AT] if len(call.args) > MESSAGE_AT else
                       next((k.value for k in call.keywords if k.arg == "message"), None))
            if message is None or not _is_key(message, bound):
                plain.append(f"{name}:{call.lineno}: {ast.unparse(call)[:100]}")
    return seen, plain


def test_the_scan_catches_plain_english():
    source = '''
def check(report, value, rows):
    report.error(1, "a", "bad", f"{value!r} is bad")
    report.warn(None, None, "note", "said in English")
    report.error_rows(rows, "a", "dup", lambda i: "row " + str(i))
    why = "plain" if value else text("level_gap")
    report.error(2, "b", "why", why)
    report.error(3, "c", "ok", text("level_gap"))
    report.error_rows(rows, "c", "ok", lambda i, m=text("code_required"): m)
    report.error(4, "d", "ok", message=messages.text("id_required") if value
                 else text("code_required"))
'''
    seen, plain = plain_problems(source, "sample.py")
    assert seen == 7
    assert [p.split(":")[1] for p in plain] == ["3", "4", "5", "7"]


def test_every_exchange_problem_is_a_key_with_parameters():
    seen, plain = 0, []
    for module in sorted(EXCHANGE.glob("*.py")):
        if module.name == "report.py":  # the methods themselves
            continue
        count, found = plain_problems(module.read_text(encoding="utf-8"), module.name)
        seen, plain = seen + count, plain + found
    assert seen >= 40, "the scan no longer finds the report calls"
    assert plain == [], "say these with messages.text(key, ...):\n" + "\n".join(plain)


def test_org_problems_in_chinese():
    report = ImportReport("org.csv", "org units")
    report.error(3, "code", "duplicate", text("code_duplicate", code="R1", row=2))
    report.error(4, "parent", "unknown_parent", text("unknown_parent", parent="r2"),
                 hint("did_you_mean", close="R2"))
    report.error(5, "kind", "bad_kind", text("bad_kind", kind="squad"))
    report.warn(None, "parent", "forest", text("forest", count=2, codes="A, B"))
    report.error(6, "x", "unknown_reference", text("unknown_reference", value="u-1",
                                                   what="published version"))
    dup, parent, kind = report.errors[:3]
    assert str(parent) == ("org.csv, row 4, column 'parent': parent r2 is neither in the file "
                           "nor in the workspace (suggestion: did you mean R2?)")
    assert str(kind) == ("org.csv, row 5, column 'kind': unknown unit kind 'squad' (company, "
                         "region, team, person, project)")
    words = ExchangeText()
    try:
        language.apply("zh_CN")
        assert words.issue(dup) == "编码 R1 已在第 2 行出现"
        assert words.issue(parent) == "上级单元 r2 既不在文件中，也不在工作区中（是否指 R2？）"
        assert words.issue(report.warnings[0]) == "有 2 个顶层单元（多棵树）：A, B"
        assert words.issue(report.errors[3]) == "总部没有已发布版本“u-1”"
    finally:
        language.apply("en")


def test_the_wizard_lists_org_chart_problems_in_chinese(qtbot, window, workspace_path,
                                                        open_in, tmp_path):
    bad = tmp_path / "org.csv"
    bad.write_text("code,name,parent,kind\nX1,Region X,HQ,region\nX1,Again,HQ,region\n"
                   ",Nameless,X1,team\nX2,Squad,x1,squad\n", encoding="utf-8")
    language.apply("zh_CN")
    open_in(window, workspace_path)
    window.exchange.import_action.trigger()
    wizard = window.exchange.wizard
    choose = wizard.choose_page
    choose.file_edit.setText(str(bad))
    choose.kind_combo.setCurrentIndex(choose.kind_combo.findData("org"))
    wizard.next()
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    wizard.next()
    page = wizard.validation_page
    qtbot.waitUntil(lambda: page.table.rowCount() == 4, timeout=20_000)
    problems = [(page.table.item(i, 1).text(), page.table.item(i, 3).text())
                for i in range(page.table.rowCount())]
    assert problems == [
        ("3", "编码 X1 已在第 2 行出现"),
        ("4", "组织单元必须有编码"),
        ("5", "未知的单元类型“squad”（可用 company、region、team、person、project，"
              "或 公司、大区、团队、个人、项目）"),
        ("5", "上级单元 x1 既不在文件中，也不在工作区中（是否指 X1？）"),
    ]
    wizard.reject()
