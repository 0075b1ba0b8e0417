"""Pages of quarterly collection, one module per sub-area: the completeness board and the
preview (`board`), a Bidang's format isian (`form`, with reading and saving what was posted in
`posted`), its actions — submit, review, remind, correct a value (`actions`) —, evidence files
(`evidence`), the workbook download and upload (`workbook`) and the correction page after the
lock (`correction`). `urls.py` names each view by its module.

A Bidang user sees and edits only their own Bidang's form (404 for another Bidang's); the
Kasubag Program reviews every form; everyone else of the agency reads them.
"""
