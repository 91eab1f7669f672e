"""The PDF copy of a Libro de Reclamaciones sheet (fpdf2, the core Helvetica font like the
reports: Latin-1 covers Spanish, so no font file travels with the function).

fpdf2 is imported inside ``render`` so the tickets function pays its import only when a sheet
is filed, not on every buzón request.
"""

from __future__ import annotations

from chalicelib.domain.complaints.complaint import Complaint
from chalicelib.domain.complaints.sheet import sheet_lines
from chalicelib.domain.shared.emails import Attachment

BLUE = (11, 42, 91)
LABEL_WIDTH = 55.0
LINE_HEIGHT = 5.5


def render(complaint: Complaint) -> bytes:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from chalicelib.services.reports.pdf_report import latin1

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(latin1(f"Hoja de reclamación {complaint.code}"))
    pdf.set_author("COOPAC PETROPERU")
    pdf.set_margins(15, 15, 15)
    pdf.add_page()
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, pdf.w, 22, style="F")
    pdf.set_text_color(255, 255, 255)
    pdf.set_font("Helvetica", "B", 15)
    pdf.set_xy(15, 5)
    pdf.cell(0, 7, "COOPAC PETROPERÚ", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, "Libro de Reclamaciones virtual - Hoja de reclamación",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_y(30)
    for label, value in sheet_lines(complaint):
        pdf.set_font("Helvetica", "B", 9.5)
        top = pdf.get_y()
        pdf.multi_cell(LABEL_WIDTH, LINE_HEIGHT, latin1(label), new_x=XPos.RIGHT,
                       new_y=YPos.TOP)
        pdf.set_font("Helvetica", "", 9.5)
        pdf.multi_cell(0, LINE_HEIGHT, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(max(pdf.get_y(), top + LINE_HEIGHT) + 1.5)
    pdf.ln(4)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 4.5, latin1(
        "La formulación del reclamo no impide acudir a otras vías de solución de controversias "
        "ni es requisito previo para interponer una denuncia ante el INDECOPI. El proveedor "
        "deberá dar respuesta al reclamo en el plazo legal."))
    return bytes(pdf.output())


def attachment(complaint: Complaint) -> Attachment:
    from chalicelib.domain.complaints.sheet import file_name

    return Attachment(filename=file_name(complaint), content_type="application/pdf",
                      data=render(complaint))
