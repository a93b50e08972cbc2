"""Tables as files people open in a spreadsheet: CSV (UTF-8 with a byte-order mark) and XLSX.

Text that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) is written with a leading apostrophe, so a KIM name or a report title typed by a
citizen can never become a formula on a staff member's computer (CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_cell(value):
    """A cell as written: dates and numbers unchanged, text defused when it would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # spreadsheets have no time zones; the values are local already
    return value


def table_response(heading: list, rows: Iterable[list], filename: str, fmt: str) -> HttpResponse:
    """The table as ``filename.csv`` or ``filename.xlsx``."""
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")  # spreadsheet programs then read the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([str(h) for h in heading])
        writer.writerows([safe_cell(value) for value in row] for row in rows)
        return response
    if fmt != "xlsx":
        raise ValueError(fmt)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=filename[:31])
    sheet.append([str(h) for h in heading])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
