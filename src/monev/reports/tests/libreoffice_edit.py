"""Edit a DOCX with LibreOffice Writer itself, as a user would, and save it as Word 2007–365
(.docx): run by the system python3, which has LibreOffice's UNO bridge (python3-uno), not by
the test's virtualenv. Used by test_roundtrip.py.

    /usr/bin/python3 libreoffice_edit.py JOB.json

JOB.json: {"source", "target", "profile" (a fresh directory: the isolated user profile),
"replace": [[old, new], ...] (Writer's search and replace over the body),
"append": [[text, new paragraph], ...] (a paragraph typed after the one holding `text`),
"cell": {"header": column heading, "row": text of a cell of the row, "value": new text}}.
Prints {"replaced": [count per pair], "cell_before": old text of the cell} as JSON.
"""

import contextlib
import json
import os
import subprocess
import sys
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

PARAGRAPH_BREAK = uno.getConstantByName("com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK")


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def set_cell(document, header, row_text, value):
    """Find the table with a column headed `header` and a row with a cell `row_text`; set
    that row's cell in that column to `value`; return its old text."""
    tables = document.getTextTables()
    for t in range(tables.getCount()):
        table = tables.getByIndex(t)
        rows, columns = table.getRows().getCount(), table.getColumns().getCount()
        heads = [table.getCellByPosition(c, 0).getString() for c in range(columns)]
        if header not in heads:
            continue
        column = heads.index(header)
        for r in range(1, rows):
            texts = [table.getCellByPosition(c, r).getString() for c in range(columns)]
            if row_text in texts:
                cell = table.getCellByPosition(column, r)
                before = cell.getString()
                cell.setString(value)
                return before
    raise SystemExit(f"no table with column {header!r} and row {row_text!r}")


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    pipe = f"monev_test_{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         "-env:UserInstallation=" + uno.systemPathToFileUrl(job["profile"]),
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                if office.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("LibreOffice did not start") from None
                time.sleep(0.2)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        url = uno.systemPathToFileUrl(os.path.abspath(job["source"]))
        document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
        replaced = []
        for old, new in job.get("replace", []):
            descriptor = document.createReplaceDescriptor()
            descriptor.SearchString, descriptor.ReplaceString = old, new
            replaced.append(document.replaceAll(descriptor))
        for anchor, added in job.get("append", []):  # Enter at a paragraph's end, and type
            search = document.createSearchDescriptor()
            search.SearchString = anchor
            found = document.findFirst(search)
            if found is None:
                raise SystemExit(f"text not found: {anchor!r}")
            text = found.getText()
            cursor = text.createTextCursorByRange(found.getEnd())
            cursor.gotoEndOfParagraph(False)
            text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
            text.insertString(cursor, added, False)
        cell = job.get("cell")
        before = set_cell(document, cell["header"], cell["row"], cell["value"]) if cell else None
        target = uno.systemPathToFileUrl(os.path.abspath(job["target"]))
        document.storeToURL(target, (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
        print(json.dumps({"replaced": replaced, "cell_before": before}))
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):  # it may already be gone
                desktop.terminate()
        try:
            office.wait(timeout=20)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
