"""`targetflow report PATH --month 2025-06 --out review.pdf`: the monthly review PDF without
a screen — the same writer as the review page's Export PDF. Qt is imported only inside
the command (the CLI itself starts without it), and draws offscreen unless told otherwise.
"""

import argparse
import os
from pathlib import Path


def add_parsers(sub) -> None:
    report = sub.add_parser("report", help="write the monthly review as a PDF")
    report.add_argument("path", type=Path)
    report.add_argument("--month", help="month to review, e.g. 2025-06 (default: the latest)")
    report.add_argument("--out", type=Path, required=True, metavar="OUT.pdf")
    report.add_argument("--language", choices=("en", "zh_CN"), default=None,
                        help="language of the report (default: the app's setting)")
    report.add_argument("--theme", choices=("light", "dark"), default="light")


def run(args: argparse.Namespace) -> int:
    from desktop.services.review import load_review
    from desktop.services.review_asof import load_history
    from desktop.store.workspace import Workspace

    with Workspace.open(args.path) as ws:
        data = load_review(ws)
        data.month_at(args.month)  # an unknown month fails here, with the months there are
        if args.month not in (None, data.months[-1]):  # the alerts open at that month's end
            data.history = load_history(ws, data)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop import app as desktop_app
    from desktop.widgets import language
    from desktop.widgets.review_export import write_review_pdf

    qapp = QApplication.instance() or QApplication(["targetflow"])
    desktop_app.configure(qapp)
    if args.language is not None:
        language.apply(args.language)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    pages = write_review_pdf(data, args.month, args.out, args.theme)
    qapp.processEvents()
    print(f"wrote {args.out}: monthly review {args.month or data.months[-1]}, {pages} pages")
    return 0
