"""Draws a ``ReportDocument`` as the cooperative's corporate PDF with fpdf2.

Only the reports capability imports this module, and only when it builds its first report
(``services.reports.reports`` imports it inside the function): fpdf2 costs ~0.6 s to import, which
no
other function should pay for.

The table is a ``cell()`` loop (fpdf2's ``table()`` is ~5× slower) with our own header, drawn
again on every new page. Text uses the core Helvetica font, which covers Latin-1 — all of
Spanish, "S/" and the "Ú" of PETROPERÚ — so no font file has to travel with the function;
characters outside Latin-1 are replaced by safe look-alikes. Everything is real text, so screen
readers and text extractors read it.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from chalicelib.domain.reports.reports import Column, ReportDocument
from chalicelib.domain.shared.clock import LIMA

COOPERATIVE = "COOPAC PETROPERÚ"
LONG_NAME = "Cooperativa de Ahorro y Crédito de los Trabajadores de Petroperú"
BLUE = (11, 42, 91)  # #0b2a5b
LIGHT = (232, 237, 245)
GREY = (90, 90, 90)
BAND_HEIGHT = 20.0
ROW_HEIGHT = 6.0
HEADER_ROW_HEIGHT = 7.0
FOOTER_MARGIN = 18.0

_SUBSTITUTES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'",
                              "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2022": "·",
                              "\u00a0": " ", "\u20ac": "EUR"})


def latin1(text: str) -> str:
    """Text the core fonts can draw: typographic dashes and quotes become ASCII, any other
    character outside Latin-1 becomes ``?`` (never an exception mid-report)."""
    return text.translate(_SUBSTITUTES).encode("latin-1", "replace").decode("latin-1")


class _ReportPdf(FPDF):
    def __init__(self, document: ReportDocument, verification: str, generated: datetime,
                 check_url: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document = document
        self.verification = verification
        self.check_url = check_url
        self.generated_text = generated.astimezone(LIMA).strftime("%d/%m/%Y %H:%M")
        self.table_open = False
        self.set_margins(10, 10, 10)
        self.set_auto_page_break(auto=True, margin=FOOTER_MARGIN)

    def header(self) -> None:
        self._band()
        if self.table_open:
            self.table_header()

    def _band(self) -> None:
        """The logo band: dark blue, a drawn emblem and the cooperative's name."""
        self.set_fill_color(*BLUE)
        self.rect(0, 0, self.w, BAND_HEIGHT, style="F")
        self.set_fill_color(255, 255, 255)
        self.ellipse(10, 3.5, 13, 13, style="F")
        self.set_fill_color(*BLUE)
        self.ellipse(13.5, 7, 6, 6, style="F")  # an oil drop's ring inside the emblem
        self.set_text_color(255, 255, 255)
        self.set_xy(27, 4)
        self.set_font("Helvetica", "B", 15)
        self.cell(120, 7, COOPERATIVE, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 8)
        self.cell(150, 5, latin1(LONG_NAME))
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, BAND_HEIGHT + 4)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_draw_color(*BLUE)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_font("Helvetica", "", 7.5)
        self.set_text_color(*GREY)
        self.cell(95, 5, f"Generado el {self.generated_text} (hora de Lima)")
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="R",
                  new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.cell(0, 4, latin1(f"Código de verificación: {self.verification} · verifíquelo en "
                               f"{self.check_url}"), link=self.check_url)
        self.set_text_color(0, 0, 0)

    def table_header(self) -> None:
        self.set_font("Helvetica", "B", 8.5)
        self.set_fill_color(*BLUE)
        self.set_text_color(255, 255, 255)
        for column in self.document.columns:
            self.cell(column.width, HEADER_ROW_HEIGHT, latin1(column.title), align=column.align,
                      fill=True)
        self.ln(HEADER_ROW_HEIGHT)
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", "", 8.5)


def _width(pdf: FPDF, text: str) -> float:
    """The text's width in mm from the core font's metrics: ~10× cheaper than
    ``get_string_width``, which would otherwise be a third of a long report's time."""
    widths = getattr(pdf.current_font, "cw", None)
    if not isinstance(widths, dict):
        return float(pdf.get_string_width(text))
    return float(sum(widths.get(char, 600) for char in text) * pdf.font_size / 1000)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """Shorten a cell's text with "..." so it never spills into the next column."""
    if _width(pdf, text) <= width - 2:
        return text
    while text and _width(pdf, text + "...") > width - 2:
        text = text[:-1]
    return text + "..."


def _title_block(pdf: _ReportPdf) -> None:
    document = pdf.document
    pdf.set_font("Helvetica", "B", 14)
    pdf.set_text_color(*BLUE)
    pdf.cell(0, 8, latin1(document.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    lines = [("Socio(a)", document.member_name), ("DNI", document.dni),
             ("Periodo", document.period), ("Información al", document.as_of),
             *document.summary]
    for label, value in lines:
        pdf.set_font("Helvetica", "B", 9)
        pdf.cell(45, 5.5, latin1(f"{label}:"))
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(0, 5.5, _fit(pdf, latin1(value), pdf.epw - 45), new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
    pdf.ln(3)


def _row(pdf: _ReportPdf, columns: tuple[Column, ...], values: tuple[str, ...],
         fill: bool) -> None:
    if pdf.will_page_break(ROW_HEIGHT):
        pdf.add_page()  # header() draws the band and the table's header again
    for column, value in zip(columns, values, strict=True):
        pdf.cell(column.width, ROW_HEIGHT, _fit(pdf, latin1(value), column.width),
                 align=column.align, fill=fill)
    pdf.ln(ROW_HEIGHT)


def _table(pdf: _ReportPdf) -> None:
    document = pdf.document
    pdf.table_open = True
    pdf.table_header()
    pdf.set_fill_color(*LIGHT)
    for index, values in enumerate(document.rows):
        _row(pdf, document.columns, values, fill=index % 2 == 1)
    if not document.rows:
        pdf.set_font("Helvetica", "I", 9)
        pdf.cell(0, ROW_HEIGHT * 1.5, latin1(document.empty_message), new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 8.5)
    pdf.set_draw_color(*BLUE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    for values in document.totals:
        _row(pdf, document.columns, values, fill=False)
    pdf.table_open = False


def render(document: ReportDocument, verification: str, generated: datetime,
           check_url: str) -> bytes:
    """The PDF's bytes: band, title block, table (header repeated on each page), totals and a
    footer with "Página X de Y", the Lima generation time, the verification code and the public
    page that checks it (``check_url``, also a link)."""
    pdf = _ReportPdf(document, verification, generated, check_url)
    pdf.set_title(latin1(f"{document.title} - {document.member_name}"))
    pdf.set_author(COOPERATIVE)
    pdf.set_subject(latin1(f"{document.title}, DNI {document.dni}"))
    pdf.set_creator("Portal del socio - COOPAC PETROPERÚ")
    pdf.set_keywords(f"verificación {verification}")
    pdf.set_lang("es-PE")
    pdf.set_creation_date(generated)
    pdf.add_page()
    _title_block(pdf)
    _table(pdf)
    return bytes(pdf.output())
