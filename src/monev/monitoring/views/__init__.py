"""Pages of steps 4–6 and the recommendation register, one module per sub-area: checklist
templates (`checklists`), the monev plan and its Jadwal PDF (`plan`, step 4), the visits and the
blangko filled on a phone (`blangko`, step 5) with its offline sync (`offline`), the answer
after the blangko and the berita acara (`answer`), the compilation, corrections and
follow-ups (`followup`, step 6 and SPEC §11). `urls.py` names each view by its module.
"""
