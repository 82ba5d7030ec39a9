"""The readable PDF of a subject access export (export.build's data), in DejaVu Sans (bundled in fonts/ with
its licence) so that names in any script the font covers print rather than fail."""

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = Path(__file__).parent / "fonts" / "DejaVuSans.ttf"
SECTIONS = [
    ("register_entry", "Your entry in the register"),
    ("parents_and_carers", "Parents and carers"),
    ("children", "Children"),
    ("consents", "Consents"),
    ("evidence", "Evidence of consent"),
    ("consent_requests", "Consent requests"),
    ("media", "Photographs and videos you are tagged in"),
    ("posts", "Posts that named or showed you"),
    ("posts_in_harbour", "Posts in Harbour that name or show you, published or not"),
    ("takedowns", "Posts taken down"),
    ("safeguarding", "Safeguarding records"),
]
NOTHING = "Nothing held."


def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value(value) -> str:
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return "; ".join(
            _value(v)
            if not isinstance(v, dict)
            else ", ".join(f"{label(k)}: {_value(x)}" for k, x in v.items())
            for v in value
        )
    return str(value)


class _Pdf(FPDF):
    def footer(self):
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.cell(0, 8, f"Page {self.page_no()}", align="C")


def render(data: dict) -> bytes:
    pdf = _Pdf(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_title(f"Subject access: {data['about']}")
    pdf.set_creator("Harbour")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: int = 10, gap: float = 1.5) -> None:
        pdf.set_font("DejaVu", size=size)
        pdf.multi_cell(width, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode="CHAR")
        pdf.ln(gap)

    line(f"What {data['organisation']} holds about {data['about']}", size=16, gap=3)
    line(f"{data['request']}, received {data['received']}.")
    for key, title in SECTIONS:
        pdf.ln(2)
        line(title, size=13)
        value = data.get(key)
        rows = [value] if isinstance(value, dict) else (value or [])
        if not rows:
            line(NOTHING)
        for row in rows:
            for name, item in row.items():
                line(f"{label(name)}: {_value(item)}", gap=0.5)
            pdf.ln(2)
    return bytes(pdf.output())
