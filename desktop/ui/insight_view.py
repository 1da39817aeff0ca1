"""The Insight page: interviewer calibration, question statistics and loop reliability, with charts.

Everything is computed by the core (`desktop.core.insight`) on a worker (`tasks.QueryOp`): the
page opens at once and fills in when the figures arrive. The charts are small QPainter widgets
(an interval plot, a bar chart, two line charts): four simple charts do not need a plotting
library, and their colours come from the palette, so a dark scheme just works.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shiboken6

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import theme
from desktop.core.bank.catalog import competencies as list_competencies
from desktop.core.bank.catalog import roles as list_roles
from desktop.core.bank.questions import question_prompts
from desktop.core.insight import TOO_FEW, Insight, insight_for
from desktop.core.insight.reliability import TARGET
from desktop.ui.tasks import QueryOp, no_progress, on_changes, plain_message
from desktop.ui.widgets import fit_columns, flow_row



@dataclass(frozen=True)
class Names:
    """What a person reads in place of ids: roles to choose from, question prompts, competencies."""

    roles: list[tuple[str, str]]
    prompts: dict[str, str]
    competencies: dict[str, str]


def load_insight(store, role: str | None) -> tuple[Insight, Names]:
    """Worker side: its own session, plain data back (the figures and the names to show)."""
    with store.session() as s:
        found = insight_for(s, role)
        names = Names([(r.id, r.name) for r in list_roles(s)],
                      question_prompts(s, [q.id for q in found.questions]),
                      {c.id: c.name for c in list_competencies(s)})
        return found, names


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _loop_size(size: float) -> str:
    return f"{size:.0f}" if abs(size - round(size)) < 0.05 else f"{size:.1f}"


def _fmt(value: float | None, signed: bool = False) -> str:
    if value is None:
        return TOO_FEW
    return f"{value:+.2f}" if signed else f"{value:.2f}"


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows: (header, how a row shows that column); `tips`, how a
    row's tooltip reads (the whole question, say, where the cell is cut)."""

    def __init__(self, columns: Sequence[tuple[str, Any]], parent=None, tips: Any = None,
                 header_tips: Sequence[str] = ()):
        super().__init__(parent)
        self.columns = list(columns)
        self.tips = tips
        self.header_tips = tuple(header_tips)
        self.rows: list[Any] = []
        self._cells: list[list[str]] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cells = [[str(show(r)) for _, show in self.columns] for r in self.rows]  # data() stays O(1)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            tip = self.tips(self.rows[index.row()]) if self.tips is not None else ""
            cell = self._cells[index.row()][index.column()]
            if index.column() and cell:  # a figure or flags cut in a narrow column: whole here
                return f"{tip}\n{self.columns[index.column()][0]}: {cell}" if tip else cell
            return tip or None
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and \
                section < len(self.header_tips) and self.header_tips[section]:
            return self.header_tips[section]
        return None


class Chart(QWidget):
    """A plotting area with a caption; subclasses draw inside `plot_rect`."""

    def __init__(self, caption: str = "", parent=None):
        super().__init__(parent)
        self.caption = caption
        self.setMinimumHeight(160)

    def plot_rect(self, left: float = 40) -> QRectF:
        return QRectF(left, 10, max(10, self.width() - left - 14), max(10, self.height() - 44))

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        # A caption wider than a narrow chart (200% scale) ends in "…", whole in the tooltip.
        caption = p.fontMetrics().elidedText(self.caption, Qt.TextElideMode.ElideRight, self.width() - 8)
        self.setToolTip(self.caption if caption != self.caption else "")
        p.drawText(QRectF(0, self.height() - 18, self.width(), 16), Qt.AlignmentFlag.AlignCenter, caption)
        self.draw(p, pal)
        p.end()

    def draw(self, p: QPainter, pal: QPalette) -> None:
        raise NotImplementedError

    def empty(self, p: QPainter, pal: QPalette) -> None:
        p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, TOO_FEW)


class LeniencyChart(Chart):
    """Each interviewer's leniency as a dot with its 95% interval; zero dashed."""

    def __init__(self, parent=None):
        super().__init__("stricter  ←  leniency in rating points  →  more lenient", parent)
        self.rows: list = []

    def set_figures(self, figures) -> None:
        self.rows = [f for f in figures if f.leniency is not None]
        self.setMinimumHeight(60 + 18 * len(self.rows))
        self.update()

    def draw(self, p, pal) -> None:
        if not self.rows:
            return self.empty(p, pal)
        area = self.plot_rect(left=150)
        extent = max([0.5] + [max(abs(f.low), abs(f.high)) for f in self.rows]) + 0.05

        def x(v):
            return area.left() + (v + extent) / (2 * extent) * area.width()
        text = pal.color(QPalette.ColorRole.WindowText)
        accent = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(pal.color(QPalette.ColorRole.PlaceholderText), 1, Qt.PenStyle.DashLine))
        p.drawLine(QPointF(x(0), area.top()), QPointF(x(0), area.bottom()))
        for tick, align in ((-extent, Qt.AlignmentFlag.AlignLeft), (0.0, Qt.AlignmentFlag.AlignHCenter),
                            (extent, Qt.AlignmentFlag.AlignRight)):  # the outer ones kept inside the chart
            box = QRectF(x(tick) - 30, area.bottom() + 2, 60, 14)
            if tick:
                box.moveLeft(x(tick)) if tick < 0 else box.moveRight(x(tick))
            p.drawText(box, align | Qt.AlignmentFlag.AlignTop, f"{tick:+.1f}" if tick else "0")
        step = area.height() / len(self.rows)
        for n, f in enumerate(self.rows):
            y = area.top() + step * (n + 0.5)
            p.setPen(text)
            p.drawText(QRectF(0, y - 8, area.left() - 8, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f.interviewer)
            colour = theme.color("warning") if f.low > 0 or f.high < 0 else accent
            p.setPen(QPen(colour, 2))
            p.drawLine(QPointF(x(f.low), y), QPointF(x(f.high), y))
            p.setBrush(colour)
            p.drawEllipse(QPointF(x(f.leniency), y), 3.5, 3.5)


class BarChart(Chart):
    """How many 1s, 2s, 3s and 4s a question got."""

    def __init__(self, parent=None):
        super().__init__("ratings 1–4", parent)
        self.counts: tuple[int, ...] = ()

    def set_counts(self, counts) -> None:
        self.counts = tuple(counts)
        self.update()

    def draw(self, p, pal) -> None:
        if not self.counts or not sum(self.counts):
            return self.empty(p, pal)
        area = self.plot_rect()
        top = max(self.counts)
        width = area.width() / len(self.counts)
        p.setPen(Qt.PenStyle.NoPen)
        for n, count in enumerate(self.counts):
            h = area.height() * count / top
            p.setBrush(pal.color(QPalette.ColorRole.Highlight))
            p.drawRect(QRectF(area.left() + n * width + 6, area.bottom() - h, width - 12, h))
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(area.left() + n * width, area.bottom() + 2, width, 14), Qt.AlignmentFlag.AlignCenter,
                       f"{n + 1}: {count}")
            p.setPen(Qt.PenStyle.NoPen)


class LineChart(Chart):
    """Lines of (x, y) points over fixed y bounds; the first series muted, the others strong."""

    def __init__(self, caption: str, y_range: tuple[float, float], parent=None, x_ticks: bool = False):
        super().__init__(caption, parent)
        self.y_range = y_range
        self.x_ticks = x_ticks  # label each whole x under the axis (the loop sizes 1..8)
        self.series: list[list[tuple[float, float]]] = []
        self.guide: float | None = None  # a dashed horizontal line (the 0.8 target)

    def set_series(self, series, guide: float | None = None) -> None:
        self.series = [list(s) for s in series]
        self.guide = guide
        self.update()

    def draw(self, p, pal) -> None:
        points = [pt for s in self.series for pt in s]
        if len(points) < 2:
            return self.empty(p, pal)
        area = self.plot_rect()
        x0, x1 = min(pt[0] for pt in points), max(pt[0] for pt in points)
        y0, y1 = self.y_range

        def at(pt):
            return QPointF(area.left() + (pt[0] - x0) / ((x1 - x0) or 1) * area.width(),
                           area.bottom() - (pt[1] - y0) / ((y1 - y0) or 1) * area.height())
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        p.setPen(muted)
        p.drawText(QRectF(0, area.top() - 6, area.left() - 4, 14), Qt.AlignmentFlag.AlignRight, f"{y1:g}")
        p.drawText(QRectF(0, area.bottom() - 8, area.left() - 4, 14), Qt.AlignmentFlag.AlignRight, f"{y0:g}")
        p.drawLine(area.bottomLeft(), area.bottomRight())
        if self.x_ticks:
            for x in sorted({pt[0] for pt in points}):
                p.drawText(QRectF(at((x, y0)).x() - 20, area.bottom() + 2, 40, 14), Qt.AlignmentFlag.AlignCenter, f"{x:g}")
        if self.guide is not None:
            p.setPen(QPen(theme.color("warning"), 1, Qt.PenStyle.DashLine))
            y = at((x0, self.guide)).y()
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        for n, series in enumerate(self.series):
            path = QPainterPath()
            for i, pt in enumerate(series):
                path.moveTo(at(pt)) if i == 0 else path.lineTo(at(pt))
            colour = muted if n == 0 and len(self.series) > 1 else (theme.color("warning") if n else pal.color(QPalette.ColorRole.Highlight))
            p.setPen(QPen(colour, 2))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)


def _monthly(days: Sequence[float], values: Sequence[float]) -> list[tuple[float, float]]:
    buckets: dict[int, list[float]] = {}
    for day, value in zip(days, values):
        buckets.setdefault(int(day // 30), []).append(value)
    return [(m + 0.5, sum(v) / len(v)) for m, v in sorted(buckets.items())]


def _table(model: QAbstractTableModel, name: str, stretch: int = 0, by_header: bool = False) -> QTableView:
    """A table whose columns are as wide as their headers and figures (`by_header`: as their
    headers, a longer word wraps), the `stretch` one (a name or a question) taking what is
    left: no header cut, no sideways scrolling."""
    view = QTableView()
    view.setAccessibleName(name)
    view.horizontalHeader().setAccessibleName(f"{name}: columns")
    view.verticalHeader().setAccessibleName(f"{name}: rows")
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(by_header)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    model.modelReset.connect(lambda: _fit_figures(view, stretch, by_header))
    view.setAlternatingRowColors(True)
    _fit_figures(view, stretch, by_header)
    return view


def _cap_figures(view: QTableView, stretch: int) -> None:
    """Where even the figures kept are wider than the table (200% scale), each gets at most a
    quarter of it, cut with "…" (the cell's tooltip has it whole): nothing scrolls sideways."""
    header, room = view.horizontalHeader(), view.viewport().width()
    shown = [c for c in range(header.count()) if c != stretch and not view.isColumnHidden(c)]
    if sum(header.sectionSize(c) for c in shown) + header.minimumSectionSize() > room:
        for column in shown:
            view.setColumnWidth(column, min(view.columnWidth(column), room // 4))


def _fit_figures(view: QTableView, stretch: int, by_header: bool = False) -> None:
    """Each figure column as wide as its header or its widest figure (shown rows only: cheap)."""
    padding = view.fontMetrics().horizontalAdvance("  ")  # figures do not touch the next column
    header = view.horizontalHeader()
    for column in range(view.model().columnCount()):
        if column != stretch:
            if by_header:
                view.setColumnWidth(column, header.sectionSizeFromContents(column).width() + padding)
            else:
                view.resizeColumnToContents(column)
                view.setColumnWidth(column, view.columnWidth(column) + padding)


# The Questions table's columns: 0 the question, then the figures; on a narrow window these go
# first (last used, decision agreement, exposure: the tooltip and the flags still tell), in order.
QUESTION_DROPPABLE = (2, 6, 3, 7)  # then, at 200% scale, the drift (its chart is below)
QUESTION_KEPT = (1, 4, 5, 8)
# The Interviewers table's: the 95% interval (the chart draws it), raw mean, interviews, agreement.
INTERVIEWER_DROPPABLE = (2, 4, 3, 5)
# Reliability per competency's: the questions needed, then one interview's reliability.
COMPETENCY_DROPPABLE = (5, 2)


def _scrolling(page: QWidget) -> QScrollArea:
    """A tab's page that scrolls up and down in a short window (200% scale) rather than make
    the window taller than the screen; never sideways: its columns and charts fit the width."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    return area


class InsightView(QWidget):
    loaded = Signal()  # new figures are on screen (tests wait for it)

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.insight: Insight | None = None
        self._bank_series: list[tuple[float, float]] = []
        self.role = QComboBox()
        self.role.setAccessibleName("Role")
        self.role.view().setAccessibleName("Roles")
        self.role.addItem("Every role", None)
        self.role.activated.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setAccessibleName("Refresh the figures")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel("")
        bar = flow_row(QLabel("Role:"), self.role, self.refresh_button, self.status)  # a long status wraps below

        self.leniency_chart = LeniencyChart()
        self.interviewers = RowsModel([
            ("Interviewer", lambda f: f.interviewer), ("Leniency", lambda f: _fmt(f.leniency, True)),
            ("95% interval", lambda f: "" if f.low is None else f"{f.low:+.2f} to {f.high:+.2f}"),
            ("Interviews", lambda f: f.interviews), ("Raw mean", lambda f: f"{f.raw_mean:.2f}"),
            ("Agreement", lambda f: "" if f.agreement is None else f"{f.agreement:.2f}"),
            ("Flags", lambda f: ", ".join(f.flags))], self)
        people = QSplitter(Qt.Orientation.Vertical)
        people.addWidget(self.leniency_chart)
        self.interviewers_table = _table(self.interviewers, "Interviewers")
        people.addWidget(self.interviewers_table)
        people.setStretchFactor(0, 1)  # the chart and the table share the page
        people.setStretchFactor(1, 1)

        self.prompts: dict[str, str] = {}  # question id -> prompt, loaded with the figures
        self.questions = RowsModel([
            ("Question", lambda q: _one_line(self.prompts.get(q.id, q.id))), ("Uses", lambda q: q.uses),
            ("Last used", lambda q: q.last_used.strftime("%Y-%m-%d") if q.last_used else ""),
            ("Exposure", lambda q: f"{q.exposure:.0%}"), ("Mean", lambda q: "" if q.mean is None else f"{q.mean:.2f}"),
            ("Discrimination", lambda q: TOO_FEW if TOO_FEW in q.flags else _fmt(q.discrimination)),
            ("Decision", lambda q: "" if q.decision_agreement is None else f"{q.decision_agreement:.2f}"),
            ("Drift a year", lambda q: TOO_FEW if TOO_FEW in q.flags else _fmt(q.drift, True)),
            ("Flags", lambda q: ", ".join(q.flags))], self,
            tips=lambda q: f"{q.id}: {_one_line(self.prompts.get(q.id, ''))}")
        self.question_table = _table(self.questions, "Questions")
        self.questions.modelReset.connect(lambda: QTimer.singleShot(0, self._fit_question_columns))
        self.question_table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_question(cur.row()))
        self.distribution_chart = BarChart()
        self.drift_chart = LineChart("mean rating by month; grey: the whole bank", (1, 4))
        charts = QWidget()
        row = QHBoxLayout(charts)
        row.addWidget(self.distribution_chart)
        row.addWidget(self.drift_chart)
        questions = QSplitter(Qt.Orientation.Vertical)
        questions.addWidget(self.question_table)
        questions.addWidget(charts)

        self.reliability_text = QLabel("")
        self.reliability_text.setWordWrap(True)
        self.reliability_chart = LineChart(f"reliability by interviewers in the loop; dashed: the {TARGET} target",
                                           (0, 1), x_ticks=True)
        self.competency_names: dict[str, str] = {}
        self.competencies = RowsModel([
            ("Competency", lambda c: self.competency_names.get(c.competency, c.competency)),
            ("Interviewers", lambda c: c.interviewers),
            ("One interview", lambda c: _fmt(c.single_interview)), ("The loop", lambda c: _fmt(c.reliability)),
            (f"Interviewers for {TARGET}", lambda c: c.interviewers_needed or "–"),
            (f"Questions for {TARGET}", lambda c: c.questions_needed or "–")], self,
            header_tips=("", "Interviewers who assess it in a loop of this role, on average",
                         "Reliability of one interviewer's rating of it",
                         "Reliability of its score with the loop's interviewers",
                         f"Interviewers a loop needs for a reliability of {TARGET}",
                         f"Questions on it a loop needs for a reliability of {TARGET}"))
        loops = QWidget()
        column = QVBoxLayout(loops)
        column.addWidget(self.reliability_text)
        column.addWidget(self.reliability_chart, 1)
        self.competency_table = _table(self.competencies, "Reliability per competency", by_header=True)
        # Four rows at least, where the tab scrolls (200% scale), rather than a sliver below the chart.
        self.competency_table.setMinimumHeight(6 * self.fontMetrics().lineSpacing() + 2 * 24)
        column.addWidget(self.competency_table, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolling(people), "Interviewers")
        self.tabs.addTab(_scrolling(questions), "Questions")
        self.tabs.addTab(_scrolling(loops), "Loop reliability")
        self.tabs.currentChanged.connect(lambda _tab: QTimer.singleShot(0, self._fit_question_columns))  # laid out now
        heading = QLabel("Insight")
        heading.setProperty("role", "heading")  # as every page is headed
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(bar)
        layout.addWidget(self.tabs, 1)
        on_changes(self, {"interviews", "bank"}, self.refresh)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.insight is None:
            self.refresh()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self._fit_question_columns)  # once the layout has sized the tables

    def _fit_interviewer_columns(self) -> None:
        """On a narrow window (200% scale) the names keep ~120 px: the interval (the chart draws
        it), then the raw figures go first."""
        for column in INTERVIEWER_DROPPABLE:
            self.interviewers_table.setColumnHidden(column, False)
        _fit_figures(self.interviewers_table, 0)
        fit_columns(self.interviewers_table, droppable=INTERVIEWER_DROPPABLE, always=(1, 6), min_text=120)
        for column in COMPETENCY_DROPPABLE:
            self.competency_table.setColumnHidden(column, False)
        _fit_figures(self.competency_table, 0, by_header=True)
        fit_columns(self.competency_table, droppable=COMPETENCY_DROPPABLE, always=(1, 3, 4), min_text=120)
        for table in (self.interviewers_table, self.competency_table):
            _cap_figures(table, 0)

    def _fit_question_columns(self) -> None:
        """On a narrow window the question keeps ~220 px: drop the least read figures first."""
        if not shiboken6.isValid(self):
            return
        self._fit_interviewer_columns()
        for column in QUESTION_DROPPABLE:  # a hidden column is not sized: show them, size, then drop
            self.question_table.setColumnHidden(column, False)
        _fit_figures(self.question_table, 0)
        fit_columns(self.question_table, droppable=QUESTION_DROPPABLE, always=QUESTION_KEPT, min_text=220)
        _cap_figures(self.question_table, 0)

    def refresh(self) -> None:
        self.status.setText("Computing…")
        self.refresh_button.setEnabled(False)
        QueryOp(self.store, no_progress(load_insight), self.role.currentData()) \
            .success(self._show).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.status.setText(f"Could not compute the figures: {plain_message(exc)}")

    def _show(self, result: tuple[Insight, Names]) -> None:
        found, names = result
        roles = names.roles
        self.prompts, self.competency_names = names.prompts, names.competencies
        self.refresh_button.setEnabled(True)
        current = self.role.currentData()
        if self.role.count() != len(roles) + 1:
            self.role.clear()
            self.role.addItem("Every role", None)
            for role_id, name in roles:
                self.role.addItem(name, role_id)
            self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.insight = found
        self._bank_series = _monthly(found.data.day.tolist(), found.data.rating.tolist())
        self.status.setText(f"{found.interviews:,} scorecards, {found.ratings:,} ratings")
        self.leniency_chart.set_figures(found.interviewers)
        self.interviewers.set_rows(found.interviewers)
        self.questions.set_rows(found.questions)
        self.competencies.set_rows(found.reliability.competencies)
        rel = found.reliability
        if rel.single_interview is None:
            self.reliability_text.setText(f"{TOO_FEW}: reliability needs loops with two or more scorecards.")
        else:
            needed = (f"{rel.interviewers_needed} interviewers reach {TARGET}" if rel.interviewers_needed
                      else f"no loop size reaches {TARGET}")
            self.reliability_text.setText(
                f"One interview agrees with another of the same candidate at {rel.single_interview:.2f}; "
                f"a loop of {_loop_size(rel.loop_size)} interviewers gives its composite an estimated reliability of "
                f"{rel.composite:.2f}; {needed}.")
        self.reliability_chart.set_series([[(float(k), v) for k, v in rel.curve]], guide=TARGET)
        if found.questions:
            self.question_table.selectRow(0)
        self._show_question(0 if found.questions else -1)
        self.loaded.emit()

    def _show_question(self, row: int) -> None:
        if self.insight is None or not 0 <= row < len(self.questions.rows):
            self.distribution_chart.set_counts(())
            self.drift_chart.set_series([])
            return
        q = self.questions.rows[row]
        self.distribution_chart.caption = f"{q.id}: how often rated 1, 2, 3, 4"
        self.distribution_chart.set_counts(q.distribution)
        self.drift_chart.set_series([self._bank_series, _monthly(*self.insight.question_series(q.id))])
