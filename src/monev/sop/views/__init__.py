"""Pages of the SOP engine, one module per sub-area: cycles and their timeline (`cycles`), step
actions (`steps`), the SOP itself (`definitions`), the working calendar (`work_calendar`),
compliance and notifications (`notifications`). `urls.py` names each view by its module.
"""
