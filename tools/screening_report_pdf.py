"""A screening batch item's report as a one-to-two-page PDF (reportlab)."""

from __future__ import annotations

import asyncio
import functools
import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import ListFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tools.actor import Actor
from tools.errors import Conflict
from tools.screening_batches import ItemReport, item_report

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts")


@functools.cache
def _fonts() -> tuple[str, str]:
    """DejaVu Sans when the system has it (Cyrillic, Greek, accents), else Helvetica (Latin-1)."""
    for folder in map(Path, FONT_DIRS):
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("HirebotSans", regular))
            pdfmetrics.registerFont(TTFont("HirebotSans-Bold", bold))
            return "HirebotSans", "HirebotSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=regular, fontSize=9.5, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5),
        "score": ParagraphStyle("score", parent=body, fontName=bold, fontSize=13, leading=17),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=bold),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=12, spaceBefore=8),
    }


STATUS_COLOURS = {"evidenced": "#1b7f3b", "claimed": "#a66a00", "missing": "#b3261e"}


def _p(text: object, style: str = "body") -> Paragraph:
    return Paragraph(escape(str(text)), _styles()[style])


def _bullets(lines: list[str]) -> list:
    if not lines:
        return [_p("None.", "small")]
    return [ListFlowable([_p(line) for line in lines], bulletType="bullet", leftIndent=12)]


def _skills_table(report: ItemReport) -> Table:
    rows = [[_p("Skill", "cell"), _p("Requirement", "cell"), _p("Status", "cell"), _p("Evidence", "cell")]]
    for s in report.evaluation.skills:
        evidence = ""
        if s.evidence:
            where = ", ".join(x for x in (s.evidence.title, s.evidence.company) if x)
            evidence = f"\u201c{s.evidence.quote}\u201d" + (f" ({where})" if where else "")
        colour = STATUS_COLOURS[s.status]
        rows.append([_p(s.skill, "cell"), _p(s.requirement.replace("_", " "), "cell"),
                     Paragraph(f'<font color="{colour}">{escape(s.status)}</font>', _styles()["cell"]), _p(evidence, "cell")])
    table = Table(rows, colWidths=[32 * mm, 24 * mm, 20 * mm, None], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#bbbbbb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def render_report(report: ItemReport) -> bytes:
    """The PDF bytes of a screened item (the caller ensures ``report.evaluation`` is set)."""
    ev = report.evaluation
    who = report.candidate.name if report.candidate and report.candidate.name else None
    story = [
        _p(f"Screening report: {report.batch_title}", "h1"),
        _p(f"Batch {report.batch_id}" + (f" \u00b7 vacancy {report.vacancy_id}" if report.vacancy_id else "")
           + f" \u00b7 item {report.id} \u00b7 file {report.filename or 'unnamed'}", "small"),
        _p(f"Candidate: {who or ('withheld (blind screening)' if ev.blind else 'name not found')}"),
        Spacer(1, 4),
        _p(f"Score {ev.score}/100 \u00b7 band {ev.band} \u00b7 recommendation {ev.recommendation.replace('_', ' ')}",
           "score"),
        _p("Skills", "h2"), _skills_table(report),
        _p("Strengths", "h2"), *_bullets(ev.strengths),
        _p("Concerns", "h2"), *_bullets(ev.concerns),
        _p("Red flags", "h2"), *_bullets(ev.red_flags),
        _p("Verdict", "h2"), _p(ev.verdict),
        Spacer(1, 8),
        _p(f"Evaluation {ev.id} \u00b7 engine {ev.engine} \u00b7 {ev.prompt_version or ''} \u00b7 "
           f"{ev.created_at:%Y-%m-%d %H:%M} UTC", "small"),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"Screening report {report.id}", author="Hirebot",
                      leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm).build(story)
    return out.getvalue()


async def item_report_pdf(actor: Actor, batch_id: str, ref: str) -> bytes:
    """One item's report as PDF; 409 while the item has no evaluation (pending, failed, cancelled)."""
    report = await item_report(actor, batch_id, ref)
    if report.evaluation is None:
        raise Conflict(f"item {report.id} has no evaluation to report (status {report.status})",
                       {"status": report.status, "error": report.error.model_dump() if report.error else None})
    return await asyncio.to_thread(render_report, report)
