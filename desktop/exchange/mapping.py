"""Which column of a file holds which field of an import, and how to read its cells.

A mapping is suggested from the header names (English and Chinese), shown to the user,
edited, and saved as JSON for the next file of the same shape (``--mapping MAP.json``).
Everything that would otherwise be a guess — a D/M or M/D date, a decimal comma, a
misspelt store — is a mapping entry the user decides.
"""

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from desktop.exchange.report import ExchangeError

KINDS = ("org", "actuals", "targets", "opportunities", "spend")
DATE_FORMATS = ("auto", "ISO", "YMD", "MDY", "DMY", "excel")
FORMAT = "targetflow-mapping"
VERSION = 1

# field -> header names meaning it (compared without case, spaces, _ - . or trailing
# punctuation). Order matters: the first field to claim a header gets it.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "org": {
        "code": ("code", "unitcode", "id", "unitid", "employeekey", "employeeid", "编码",
                 "代码", "编号", "工号", "单位编码", "机构编码"),
        "parent": ("parent", "parentid", "parentcode", "parentkey", "parentemployeekey",
                   "reportsto", "managerid", "上级", "上级编码", "上级单位", "父级", "父级编码"),
        "name": ("name", "unitname", "fullname", "名称", "姓名", "单位名称", "部门名称"),
        "kind": ("kind", "type", "unitkind", "类型", "层级"),
        "manager": ("manager", "managername", "负责人", "经理", "主管"),
        "headcount": ("headcount", "人数", "编制"),
        "ended": ("enddate", "ended", "leftdate", "离职日期", "结束日期"),
    },
    "actuals": {
        "unit": ("unit", "unitcode", "orgunit", "store", "location", "region", "rep",
                 "employee", "salesperson", "单位", "单位编码", "组织", "部门", "门店", "大区",
                 "区域", "员工", "销售员"),
        "metric": ("metric", "metriccode", "kpi", "measure", "指标", "指标编码"),
        "day": ("date", "day", "transactiondate", "orderdate", "日期", "业务日期",
                "交易日期"),
        "value": ("value", "actual", "amount", "sales", "revenue", "income", "数值", "实际",
                  "实际值", "金额", "销售额", "回款"),
        "denominator": ("denominator", "分母"),
    },
    "targets": {
        "unit": ("unit", "unitcode", "orgunit", "store", "location", "employee", "employeekey",
                 "rep", "单位", "单位编码", "门店", "员工", "部门"),
        "metric": ("metric", "metriccode", "kpi", "指标", "指标编码"),
        "period": ("period", "periodcode", "周期", "期间"),
        "year": ("year", "calendaryear", "年", "年度"),
        "quarter": ("quarter", "calendarquarter", "季度"),
        "value": ("target", "value", "quota", "salestarget", "monthlytarget",
                  "salesamountquota", "目标", "目标值", "指标值"),
    },
    "opportunities": {
        "crm_id": ("opportunityid", "dealid", "crmid", "id", "商机编号", "商机id"),
        "name": ("name", "opportunityname", "dealname", "商机名称", "名称"),
        "owner": ("owner", "owneremail", "ownername", "salesrep", "负责人", "销售"),
        "product_line": ("productline", "product", "产品线", "产品"),
        "stage": ("stage", "stagename", "阶段"),
        "probability": ("probability", "概率", "赢率"),
        "amount": ("amount", "value", "金额"),
        "created": ("created", "createddate", "createdon", "创建日期"),
        "close": ("closedate", "close", "closeon", "成交日期", "预计成交日期"),
        "is_won": ("iswon", "won", "赢单"),
        "is_closed": ("isclosed", "closed", "已关闭"),
    },
    "spend": {
        "unit": ("unit", "unitcode", "orgunit", "store", "region", "employee", "单位", "门店",
                 "员工", "部门"),
        "day": ("date", "day", "paiddate", "paymentdate", "日期", "发放日期"),
        "amount": ("amount", "spend", "incentive", "payout", "金额", "激励金额", "奖金"),
        "metric": ("metric", "metriccode", "指标"),
        "product_line": ("productline", "product", "产品线", "产品"),
    },
}

REQUIRED: dict[str, tuple[str, ...]] = {
    "org": (),  # code+parent, or levels: checked by the org import
    "actuals": ("unit", "metric", "day", "value"),
    "targets": ("unit", "metric", "value"),
    "opportunities": ("crm_id", "owner", "stage", "amount", "created"),
    "spend": ("unit", "day", "amount"),
}

_NOISE = re.compile(r"[\s_\-.:：()（）]+")


def normalise(header: str) -> str:
    return _NOISE.sub("", header).lower()


@dataclass(slots=True)
class ColumnMapping:
    kind: str
    # field -> header (an org unit's name may be several, e.g. first and last name)
    columns: dict[str, Any] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)  # field -> value for every row
    levels: list[str] = field(default_factory=list)  # org charts with a column per level
    date_format: str = "auto"
    decimal: str = "."
    thousands: str = ","
    aliases: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {seen: known}
    aggregate: str | None = None  # "sum": rows sharing a natural key are added up
    wide: dict[str, Any] | None = None  # {"columns": [...], "field": "day"|"period", "year": N}
    skip: dict[str, list[str]] = field(default_factory=dict)  # header -> values to leave out
    fill_down: list[str] = field(default_factory=list)  # headers blank below their first row
    history_key: str | None = None  # org: rows of one person over time share this column
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def column(self, name: str) -> str | None:
        return self.columns.get(name)

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, **asdict(self)}

    def save(self, path: Path | str) -> None:
        from desktop.exchange.export import write_atomically

        text = json.dumps(self.as_json(), indent=2, ensure_ascii=False) + "\n"
        write_atomically(Path(path), lambda f: f.write(text.encode("utf-8")))


def suggest(kind: str, header: list[str]) -> ColumnMapping:
    """A first mapping from the header names: exact synonyms first, then a header that
    contains a synonym ("Sales Target" → value); each header is used once."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r} (one of {', '.join(KINDS)})")
    names = {h: normalise(h) for h in header}
    taken: set[str] = set()
    mapping = ColumnMapping(kind)
    synonyms = SYNONYMS[kind]
    for exact in (True, False):
        for fname, words in synonyms.items():
            if fname in mapping.columns:
                continue
            for word in words:
                found = next((h for h, n in names.items() if h not in taken and (
                    n == word if exact else len(word) > 2 and word in n)), None)
                if found is not None:
                    mapping.columns[fname] = found
                    taken.add(found)
                    break
    return mapping


def load(path: Path | str, kind: str | None = None) -> ColumnMapping:
    """Read a saved mapping; every problem names the file and the key."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExchangeError(path, f"not a readable mapping file ({exc})") from None
    if not isinstance(data, dict):
        raise ExchangeError(path, "a mapping file holds one JSON object")
    if data.get("format", FORMAT) != FORMAT:
        raise ExchangeError(path, f"\"format\" must be {FORMAT!r}")
    if int(data.get("version", VERSION)) > VERSION:
        raise ExchangeError(path, f"mapping version {data['version']} is newer than this "
                                  "TargetFlow understands")
    data.pop("format", None)
    data.pop("version", None)
    data.setdefault("kind", kind)
    if kind is not None and data["kind"] != kind:
        raise ExchangeError(path, f"this mapping is for {data['kind']}, not {kind}")
    allowed = set(ColumnMapping.__dataclass_fields__)
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ExchangeError(path, f"unknown mapping key(s): {', '.join(unknown)}")
    checks = {"columns": dict, "constants": dict, "levels": list, "aliases": dict,
              "skip": dict, "fill_down": list}
    for key, typ in checks.items():
        if key in data and not isinstance(data[key], typ):
            raise ExchangeError(path, f"\"{key}\" must be a JSON {typ.__name__}")
    if data.get("kind") not in KINDS:
        raise ExchangeError(path, f"\"kind\" must be one of {', '.join(KINDS)}")
    if data.get("date_format", "auto") not in DATE_FORMATS:
        raise ExchangeError(path, f"\"date_format\" must be one of {', '.join(DATE_FORMATS)}")
    if data.get("aggregate") not in (None, "sum"):
        raise ExchangeError(path, "\"aggregate\" may only be \"sum\"")
    return ColumnMapping(**data)


def merged(base: ColumnMapping, override: ColumnMapping | None) -> ColumnMapping:
    """The suggestion with a user's saved choices on top (their columns win)."""
    if override is None:
        return base
    used = {h for spec in override.columns.values()
            for h in ([spec] if isinstance(spec, str) else spec or [])}
    columns = {} if override.levels else {
        f: h for f, h in base.columns.items() if h not in used and f not in override.columns}
    columns.update(override.columns)
    # a constant replaces the column it names; an empty header means "no such column"
    columns = {f: h for f, h in columns.items() if h and f not in override.constants}
    return ColumnMapping(**{**asdict(override), "columns": columns})
