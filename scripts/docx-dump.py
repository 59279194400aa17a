#!/usr/bin/env python3
"""Read a .docx with python-docx, an independent reader, and print what a
reviewer checks as JSON: the page, the paragraphs with their fonts and
sizes, the tables, the footers and the font table.

Usage: scripts/docx-dump.py FILE.docx
"""
import json
import sys
import zipfile

import docx
from docx.oxml.ns import qn


def fonts(rpr):
    """eastAsia and ascii font names of a run's (or a mark's) properties."""
    if rpr is None or rpr.rFonts is None:
        return {}
    f = rpr.rFonts
    return {"eastAsia": f.get(qn("w:eastAsia")), "ascii": f.get(qn("w:ascii"))}


def paragraph(p):
    fmt = p.paragraph_format
    runs = []
    for r in p.runs:
        runs.append(
            {
                "text": r.text,
                "size": r.font.size.pt if r.font.size is not None else None,
                "fonts": fonts(r._r.rPr),
            }
        )
    return {
        "text": p.text,
        "align": str(fmt.alignment) if fmt.alignment is not None else None,
        "first_line_indent_pt": fmt.first_line_indent.pt if fmt.first_line_indent is not None else None,
        "right_indent_pt": fmt.right_indent.pt if fmt.right_indent is not None else None,
        "left_indent_pt": fmt.left_indent.pt if fmt.left_indent is not None else None,
        "line_spacing_pt": fmt.line_spacing.pt if hasattr(fmt.line_spacing, "pt") else fmt.line_spacing,
        "line_rule": str(fmt.line_spacing_rule) if fmt.line_spacing_rule is not None else None,
        "runs": runs,
        "fields": [i.text for i in p._p.iter(qn("w:instrText"))],
    }


def main(path):
    d = docx.Document(path)
    s = d.sections[0]
    out = {
        "page": {
            "width_mm": s.page_width.mm,
            "height_mm": s.page_height.mm,
            "top_mm": s.top_margin.mm,
            "bottom_mm": s.bottom_margin.mm,
            "left_mm": s.left_margin.mm,
            "right_mm": s.right_margin.mm,
            "footer_distance_mm": s.footer_distance.mm,
        },
        "odd_and_even": d.settings.odd_and_even_pages_header_footer,
        "paragraphs": [paragraph(p) for p in d.paragraphs],
        "tables": [
            [[c.text for c in row.cells] for row in t.rows] for t in d.tables
        ],
        "footer": [paragraph(p) for p in s.footer.paragraphs],
        "even_footer": [paragraph(p) for p in s.even_page_footer.paragraphs],
    }
    # The font table, for the fallback names.
    with zipfile.ZipFile(path) as z:
        from xml.etree import ElementTree as ET

        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        root = ET.fromstring(z.read("word/fontTable.xml"))
        table = {}
        for f in root.iter(w + "font"):
            alt = f.find(w + "altName")
            table[f.get(w + "name")] = alt.get(w + "val") if alt is not None else None
        out["font_table"] = table
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1])
