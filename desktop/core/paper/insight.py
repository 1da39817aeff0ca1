"""The Insight report as PDF: calibration, question statistics and loop reliability, with charts.

Charts are ReportLab graphics (vector, in the DejaVu fonts every export uses): interviewer
leniency with its interval, a question's rating distribution and its drift over time, and
the loop's reliability against its size.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table
from sqlalchemy.orm import Session

from desktop.core.insight import TOO_FEW, Insight, insight_for
from desktop.core.insight.calibration import MIN_INTERVIEWS
from desktop.core.insight.questions import MIN_USES
from desktop.core.insight.reliability import TARGET
from desktop.core.paper.blocks import heading
from desktop.core.paper.common import role_name
from desktop.core.paper.fonts import REGULAR
from desktop.core.paper.page import RunningText, render, usable_width
from desktop.core.paper.styles import ACCENT, INK, MUTED, RULE, grid_table_style, styles
from desktop.core.paper.text import markup, shorten

WARN = colors.HexColor("#c05621")
MAX_QUESTION_ROWS = 40


def _fmt(value, digits: int = 2, signed: bool = False) -> str:
    if value is None:
        return TOO_FEW
    return f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"


def leniency_chart(found: Insight, width: float) -> Drawing:
    """One row per interviewer: the estimate as a dot, its 95% interval as a bar, zero marked."""
    rows = [f for f in found.interviewers if f.leniency is not None]
    row_h, top, bottom, label_w = 13, 8, 30, 48 * mm
    height = top + bottom + row_h * max(1, len(rows))
    d = Drawing(width, height)
    plot_x, plot_w = label_w, width - label_w - 10
    extent = max([0.5] + [max(abs(f.low), abs(f.high)) for f in rows])
    extent = round(extent + 0.05, 1)

    def x_of(v: float) -> float:
        return plot_x + (v + extent) / (2 * extent) * plot_w

    d.add(Line(x_of(0), bottom - 4, x_of(0), height - top + 2, strokeColor=MUTED, strokeDashArray=[2, 2]))
    for tick in (-extent, -extent / 2, 0, extent / 2, extent):
        d.add(Line(x_of(tick), bottom - 4, x_of(tick), bottom - 7, strokeColor=MUTED))
        d.add(String(x_of(tick), bottom - 15, f"{tick:+.1f}" if tick else "0", fontName=REGULAR, fontSize=7,
                     fillColor=MUTED, textAnchor="middle"))
    d.add(String(plot_x, 2, "stricter", fontName=REGULAR, fontSize=7, fillColor=MUTED))
    d.add(String(plot_x + plot_w, 2, "more lenient (rating points)", fontName=REGULAR, fontSize=7,
                 fillColor=MUTED, textAnchor="end"))
    for n, f in enumerate(rows):
        y = height - top - row_h * (n + 0.5)
        d.add(String(label_w - 6, y - 3, shorten(f.interviewer, 28), fontName=REGULAR, fontSize=7.5,
                     fillColor=INK, textAnchor="end"))
        colour = WARN if f.low > 0 or f.high < 0 else ACCENT
        d.add(Line(x_of(f.low), y, x_of(f.high), y, strokeColor=colour, strokeWidth=1.6))
        d.add(Circle(x_of(f.leniency), y, 2.6, fillColor=colour, strokeColor=colour))
    return d


def distribution_chart(counts: tuple[int, int, int, int], width: float, height: float = 42 * mm) -> Drawing:
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 26, width - 40, height - 34
    chart.data = [list(counts)]
    chart.categoryAxis.categoryNames = ["1", "2", "3", "4"]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    d.add(chart)
    d.add(String(chart.x + chart.width / 2, 2, "rating", fontName=REGULAR, fontSize=7, fillColor=MUTED,
                 textAnchor="middle"))
    return d


def _monthly(days: list[float], values: list[float]) -> list[tuple[float, float]]:
    buckets: dict[int, list[float]] = {}
    for day, value in zip(days, values):
        buckets.setdefault(int(day // 30), []).append(value)
    return [(m + 0.5, sum(v) / len(v)) for m, v in sorted(buckets.items())]


def drift_chart(found: Insight, qid: str, width: float, height: float = 42 * mm) -> Drawing:
    """The question's mean rating month by month, against the whole bank's."""
    d = Drawing(width, height)
    mine = _monthly(*found.question_series(qid))
    bank = _monthly(found.data.day.tolist(), found.data.rating.tolist())
    if len(mine) < 2:
        d.add(String(width / 2, height / 2, TOO_FEW, fontName=REGULAR, fontSize=8, fillColor=MUTED,
                     textAnchor="middle"))
        return d
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 28, 26, width - 40, height - 34
    plot.data = [bank, mine]
    plot.lines[0].strokeColor = RULE
    plot.lines[0].strokeWidth = 1.2
    plot.lines[1].strokeColor = WARN
    plot.lines[1].strokeWidth = 1.4
    plot.lines[1].symbol = makeMarker("FilledCircle", size=3)
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 1, 4, 1
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
    d.add(plot)
    d.add(String(plot.x + plot.width / 2, 2, "month (30 days) since the first interview; grey: the bank",
                 fontName=REGULAR, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    return d


def reliability_chart(found: Insight, width: float, height: float = 50 * mm) -> Drawing:
    d = Drawing(width, height)
    curve = [(float(k), v) for k, v in found.reliability.curve]
    if not curve:
        d.add(String(width / 2, height / 2, TOO_FEW, fontName=REGULAR, fontSize=8, fillColor=MUTED,
                     textAnchor="middle"))
        return d
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 30, 26, width - 44, height - 34
    plot.data = [curve, [(1.0, TARGET), (8.0, TARGET)]]
    plot.lines[0].strokeColor = ACCENT
    plot.lines[0].strokeWidth = 1.6
    plot.lines[0].symbol = makeMarker("FilledCircle", size=3.5)
    plot.lines[1].strokeColor = WARN
    plot.lines[1].strokeDashArray = [3, 2]
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax, plot.xValueAxis.valueStep = 1, 8, 1
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax, plot.yValueAxis.valueStep = 0, 1, 0.2
    plot.yValueAxis.labelTextFormat = "%.1f"
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.labels.fontName = REGULAR
        axis.labels.fontSize = 7
    d.add(plot)
    size = found.reliability.loop_size
    if size:
        x = plot.x + (size - 1) / 7 * plot.width
        d.add(Rect(x - 0.5, plot.y, 1, plot.height, fillColor=MUTED, strokeColor=None))
        d.add(String(x + 3, plot.y + plot.height - 8, "today's loop", fontName=REGULAR, fontSize=7, fillColor=MUTED))
    d.add(String(plot.x + plot.width / 2, 2, f"interviewers in the loop; dashed: the {TARGET} target",
                 fontName=REGULAR, fontSize=7, fillColor=MUTED, textAnchor="middle"))
    return d


def _header(names: list[str]) -> list:
    st = styles()
    return [Paragraph(markup(n), st.head_cell) for n in names]


def _interviewer_table(found: Insight, width: float) -> Table:
    st = styles()
    rows: list[list] = [_header(["Interviewer", "Leniency", "95% interval", "Interviews", "Raw mean", "Agreement",
                                 "Flags"])]
    for f in found.interviewers:
        interval = "" if f.low is None else f"{f.low:+.2f} to {f.high:+.2f}"
        rows.append([Paragraph(markup(f.interviewer), st.cell), _fmt(f.leniency, signed=True) if f.leniency is not None
                     else Paragraph(TOO_FEW, st.cell), interval, str(f.interviews), f"{f.raw_mean:.2f}",
                     "" if f.agreement is None else f"{f.agreement:.2f}",
                     Paragraph(markup(", ".join(x for x in f.flags if x != TOO_FEW)), st.cell)])
    fixed = [18 * mm, 28 * mm, 20 * mm, 16 * mm, 20 * mm, 30 * mm]
    table = Table(rows, colWidths=[width - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (1, 0), (5, -1), "RIGHT")
    table.setStyle(style)
    return table


def _question_table(found: Insight, width: float) -> Table:
    st = styles()
    rows: list[list] = [_header(["Question", "Uses", "Last used", "Exposure", "Mean", "Discrimination", "Decision",
                                 "Drift a year", "Flags"])]
    for q in found.questions[:MAX_QUESTION_ROWS]:
        few = TOO_FEW in q.flags
        rows.append([q.id, str(q.uses), q.last_used.strftime("%d %b %Y") if q.last_used else "",
                     f"{q.exposure:.0%}", "" if q.mean is None else f"{q.mean:.2f}",
                     Paragraph(TOO_FEW, st.small) if few else _fmt(q.discrimination),
                     "" if q.decision_agreement is None else f"{q.decision_agreement:.2f}",
                     "" if few or q.drift is None else f"{q.drift:+.2f}",
                     Paragraph(markup(", ".join(x for x in q.flags if x != TOO_FEW)), st.small)])
    fixed = [12 * mm, 20 * mm, 18 * mm, 12 * mm, 26 * mm, 17 * mm, 18 * mm, 26 * mm]
    table = Table(rows, colWidths=[width - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (1, 0), (7, -1), "RIGHT")
    style.add("FONTSIZE", (0, 1), (-1, -1), 7.5)
    table.setStyle(style)
    return table


def _reliability_table(found: Insight, width: float) -> Table:
    st = styles()
    rows: list[list] = [_header(["Competency", "Interviewers per loop", "One interview", "Its score in the loop",
                                 f"Interviewers to reach {TARGET}", f"Questions to reach {TARGET}"])]

    def cell(v):
        return Paragraph(TOO_FEW, st.small) if v is None else f"{v:.2f}"
    for c in found.reliability.competencies:
        rows.append([c.competency, str(c.interviewers), cell(c.single_interview), cell(c.reliability),
                     str(c.interviewers_needed or "–"), str(c.questions_needed or "–")])
    fixed = [26 * mm, 22 * mm, 26 * mm, 28 * mm, 26 * mm]
    table = Table(rows, colWidths=[width - sum(fixed), *fixed], repeatRows=1, hAlign="LEFT")
    style = grid_table_style(rows=len(rows))
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    table.setStyle(style)
    return table


def insight_flowables(found: Insight, width: float, role_label: str) -> list:
    st = styles()
    facts = [("Role", role_label or "Every role"), ("Scorecards", str(found.interviews)),
             ("Ratings", str(found.ratings)), ("Interviewers", str(len(found.interviewers))),
             ("Questions", str(len(found.questions))), ("Loops", str(found.reliability.loops))]
    story = heading("Insight", "What our own interviews say about interviewers, questions and loops", facts, width)

    story.append(Paragraph("Interviewer calibration", st.h1))
    story.append(Paragraph(
        "Leniency is estimated with an additive model (rating = mean + candidate + interviewer + question), "
        "shrunk toward zero for interviewers with few interviews, so it is not confused with who they happened "
        f"to interview or which questions they asked. Below {MIN_INTERVIEWS} interviews it says "
        f"\u201c{TOO_FEW}\u201d. Orange: the interval excludes zero. Agreement: correlation of their interview "
        "scores with their colleagues' on the same candidates. Halo: little spread across questions; central "
        "tendency: few 1s and 4s.", st.muted))
    story.append(leniency_chart(found, width))
    story.append(Spacer(1, 3 * mm))
    story.append(_interviewer_table(found, width))

    story.append(Paragraph("Question statistics", st.h1))
    story.append(Paragraph(
        f"Flagged questions first (drift: ratings rising against the bank, a possible leak). Exposure: the share "
        f"of the last 90 days' loops that asked it. Discrimination: correlation of its rating with the rest of the "
        f"candidate's loop; decision: with the hire / no-hire decision. Below {MIN_USES} uses: \u201c{TOO_FEW}\u201d."
        f" The {MAX_QUESTION_ROWS} most relevant of {len(found.questions)} questions.", st.muted))
    story.append(_question_table(found, width))
    shown = [q for q in found.questions if "drift" in q.flags][:3] or \
        [q for q in found.questions if TOO_FEW not in q.flags][:1]
    half = (width - 6 * mm) / 2
    for q in shown:
        title = Paragraph(f"<b>{markup(q.id)}</b> · {q.uses} uses · drift {_fmt(q.drift, signed=True)} "
                          f"points a year" + (" · <font color='#c05621'>flagged: drift</font>" if "drift" in q.flags
                                              else ""), st.body)
        pair = Table([[distribution_chart(q.distribution, half), "", drift_chart(found, q.id, half)]],
                     colWidths=[half, 6 * mm, half], hAlign="LEFT")
        pair.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        story.append(KeepTogether([Spacer(1, 3 * mm), title, pair]))

    rel = found.reliability
    story.append(Paragraph("Loop reliability", st.h1))
    if rel.single_interview is None:
        story.append(Paragraph(f"{TOO_FEW}: reliability needs loops with two or more submitted scorecards.", st.body))
    else:
        needed = (f"{rel.interviewers_needed} interviewers reach {TARGET}" if rel.interviewers_needed
                  else f"no loop size reaches {TARGET}")
        story.append(Paragraph(
            f"One interview agrees with another of the same candidate at <b>{rel.single_interview:.2f}</b> "
            f"(ICC). A loop of {rel.loop_size:.1f} interviews gives its composite an estimated reliability of "
            f"<b>{rel.composite:.2f}</b> (Spearman-Brown); {needed}.", st.body))
        story.append(reliability_chart(found, width))
        story.append(_reliability_table(found, width))
    return story


def build_insight_report(session: Session, *, role: str | None = None, page_size: str = "a4") -> bytes:
    found = insight_for(session, role)
    label = role_name(session, role) if role else ""
    width = usable_width(page_size)
    story = insight_flowables(found, width, label)
    running = RunningText(header="Insight", header_right=label or "Every role",
                          footer=["Computed from submitted scorecards with their amendments; see docs/insight.md "
                                  "for the model and the minimum samples."])
    return render(story, running, size=page_size, title="Insight", subject="Interview insight")


__all__ = [
    "build_insight_report",
    "distribution_chart",
    "drift_chart",
    "insight_flowables",
    "leniency_chart",
    "reliability_chart",
]
