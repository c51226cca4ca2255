"""How the inspector shows and reads a target figure (split from inspector.py)."""


def _figure(value: float, unit: str) -> str:
    if value != value:
        return "—"
    if unit == "%":
        return f"{value * 100:.2f}%"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"


def _parse(text: str, unit: str) -> float | None:
    cleaned = text.replace(",", "").replace(" ", "").rstrip("%")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value / 100 if unit == "%" else value


def _same(a: float, b: float) -> bool:
    return (a != a and b != b) or abs(a - b) <= 1e-9 * max(1.0, abs(a))
