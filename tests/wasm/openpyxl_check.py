"""Independent reading and writing of .xlsx files for tests/wasm/xlsx_openpyxl.test.mjs.

  python3 openpyxl_check.py read FILE.xlsx...       what openpyxl reads in each FILE (a list)
  python3 openpyxl_check.py write FIXTURE OUT.xlsx  writes a fixture workbook (openpyxl, or
                                                    XlsxWriter for shared strings), then prints
                                                    what openpyxl reads back from it

Prints JSON: {"sheets": [{"title", "state", "cells": [[ref, kind, text, quotePrefix, numberFormat]],
"freeze" (the top-left cell of the scrolling pane, or null), "autofilter" (its range, or null)}],
"warnings": [...], "epoch1904": bool}. kind is str, int, float, bool, datetime, date, time,
timedelta, formula or error; text is the value as a string (float: repr, the shortest text that
reads back as the same double; datetime: isoformat; timedelta: total seconds). Empty cells are
left out. Any Python warning raised while reading is listed; an exception exits non-zero.
"""
import datetime
import json
import sys
import warnings

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def describe(value):
    if isinstance(value, bool):
        return 'bool', 'TRUE' if value else 'FALSE'
    if isinstance(value, int):
        return 'int', str(value)
    if isinstance(value, float):
        return 'float', repr(value)
    if isinstance(value, datetime.datetime):
        return 'datetime', value.isoformat()
    if isinstance(value, datetime.date):
        return 'date', value.isoformat()
    if isinstance(value, datetime.time):
        return 'time', value.isoformat()
    if isinstance(value, datetime.timedelta):
        return 'timedelta', repr(value.total_seconds())
    if isinstance(value, str):
        return 'str', value
    raise TypeError(f'unexpected cell value {value!r}')


def read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        wb = openpyxl.load_workbook(path, data_only=True)
        sheets = []
        for ws in wb.worksheets:
            cells = []
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    kind, text = describe(c.value)
                    if c.data_type == 'e':
                        kind = 'error'
                    cells.append([c.coordinate, kind, text, bool(c.quotePrefix), c.number_format])
            sheets.append({'title': ws.title, 'state': ws.sheet_state, 'cells': cells,
                           'freeze': ws.freeze_panes, 'autofilter': ws.auto_filter.ref})
    return {
        'sheets': sheets,
        'warnings': [str(w.message) for w in caught],
        'epoch1904': wb.epoch == CALENDAR_MAC_1904,
    }


D = datetime.datetime
TEXTS = ['plain', ' lead and trail ', 'a & b <c> "q" \'s\'', 'line1\nline2', 'cr\rlf\r\nend',
         'é 東京 😀 e\u0301', '00123', '1e5', '=not a formula', 'tab\tinside', '']


def write_openpyxl(out, write_only=False, iso_dates=False, epoch1904=False):
    wb = openpyxl.Workbook(write_only=write_only, iso_dates=iso_dates)
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.create_sheet('Mixed') if write_only else wb.active
    if not write_only:
        ws.title = 'Mixed'
    rows = [
        ['text', 'int', 'float', 'bool', 'datetime', 'date', 'time', 'duration'],
        [TEXTS[0], 0, 1.5, True, D(2021, 3, 4, 5, 6, 7), datetime.date(2020, 1, 2),
         datetime.time(13, 14, 15), datetime.timedelta(hours=30, minutes=1)],
        [TEXTS[1], -42, 0.1 + 0.2, False, D(1900, 3, 1), datetime.date(1999, 12, 31),
         datetime.time(0, 0, 1), datetime.timedelta(seconds=59)],
        [],  # an empty row in the middle
        [TEXTS[2], 10 ** 15, 1e20, None, D(2024, 2, 29, 23, 59, 59), None, None, None],
        [TEXTS[3], None, -2.5e-7, True, None, datetime.date(2038, 1, 19)],
        [None, None, None, None, None, None, None, None],
        [TEXTS[4], 7, 123456.789, None, D(2000, 1, 1, 12, 0, 0, 250000)],
        [TEXTS[5], None, None, None, None, None, None, TEXTS[6]],
        [TEXTS[7], 1, 2, 3, '=1+1'],  # a formula without a cached value reads as empty
        [TEXTS[8][1:], 9007199254740993, TEXTS[9]],  # an int past 2**53 keeps its digits
    ]
    for r in rows:
        ws.append(r)
    second = wb.create_sheet('Second sheet')
    second.append([None, None, 'C1 only'])
    second.append([])
    second.append(['A3', None, None, None, 'E3'])
    wb.create_sheet('Empty').sheet_state = 'hidden'
    wb.save(out)


def write_xlsxwriter(out):
    import xlsxwriter  # shared strings (openpyxl 3.0 writes inline strings only)
    wb = xlsxwriter.Workbook(out, {'strings_to_numbers': False, 'strings_to_formulas': False})
    ws = wb.add_worksheet('Shared')
    bold = wb.add_format({'bold': True})
    date = wb.add_format({'num_format': 'dd/mm/yyyy'})
    stamp = wb.add_format({'num_format': 'yyyy-mm-dd hh:mm:ss'})
    pct = wb.add_format({'num_format': '0.00%'})
    money = wb.add_format({'num_format': '#,##0.00 "EUR"'})
    for i, t in enumerate(TEXTS[:-1]):
        ws.write_string(i, 0, t)
        ws.write_string(i + 2, 1, t)  # the same strings again: shared
    ws.write_string(0, 2, 'literal _x0041_ escape')
    ws.write_rich_string(1, 2, 'rich ', bold, 'bold', ' text')
    ws.write_number(2, 2, 0.125, pct)
    ws.write_number(3, 2, 1234567.5, money)
    ws.write_datetime(4, 2, D(2022, 11, 5), date)
    ws.write_datetime(5, 2, D(2022, 11, 5, 8, 30), stamp)
    ws.write_boolean(6, 2, True)
    ws.write_blank(7, 2, None, bold)  # a styled empty cell
    ws.write_number(12, 5, 99)  # empty rows, then a far cell
    ws.write_formula(13, 0, '=1+2', None, 3)  # a formula with a cached value
    other = wb.add_worksheet('Other')
    other.write_string(0, 0, 'only')
    wb.close()


FIXTURES = {
    'openpyxl': lambda out: write_openpyxl(out),
    'openpyxl-write-only': lambda out: write_openpyxl(out, write_only=True),
    'openpyxl-iso-dates': lambda out: write_openpyxl(out, iso_dates=True),
    'openpyxl-1904': lambda out: write_openpyxl(out, epoch1904=True),
    'xlsxwriter': write_xlsxwriter,
}


def main(argv):
    if len(argv) >= 3 and argv[1] == 'read':
        result = [read(path) for path in argv[2:]]
    elif len(argv) == 4 and argv[1] == 'write' and argv[2] in FIXTURES:
        FIXTURES[argv[2]](argv[3])
        result = read(argv[3])
    else:
        sys.exit(f'usage: {argv[0]} read FILE | write {"|".join(FIXTURES)} OUT')
    json.dump(result, sys.stdout, ensure_ascii=True)


if __name__ == '__main__':
    main(sys.argv)
