"""Text cells that a spreadsheet must not take for a formula, in every CSV the portal writes.

A cell starting with one of FORMULA_START is a formula to Excel and LibreOffice
("=HYPERLINK(…)"), even in a CSV file. Such cells get a leading apostrophe, which
spreadsheets show as text and hide.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text(row) -> list:
    return [
        f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
        for cell in row
    ]
