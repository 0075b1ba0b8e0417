"""The status machine of a quarterly report (SOP steps 8–13), as one table
(see `monev.domain.transitions`).

States (the values of `monev.reports.choices.ReportStatus`):
- "draf": rendered at step 8, not yet shown to the participants;
- "dibahas": in discussion (step 9): participants comment on its sections;
- "diperbaiki": under revision (step 10) and verification (step 11); a return by the
  Sekretaris keeps it here, with the notes on the version;
- "diverifikasi": verified (step 11 done); the final document is prepared (step 12): nomor
  naskah, date, signature block; a return by the Kepala Dinas keeps it here;
- "disahkan": ratified by the Kepala Dinas: the ratified version is fixed;
- "diarsipkan": sealed in the archive (step 13).

Parties are the user's roles as far as the report is concerned (worked out by
`monev.reports.services.report_parties`).
"""

from __future__ import annotations

from enum import StrEnum

from monev.domain.transitions import StateMachine, rule


class State(StrEnum):
    DRAF = "draf"
    DIBAHAS = "dibahas"
    DIPERBAIKI = "diperbaiki"
    DIVERIFIKASI = "diverifikasi"
    DISAHKAN = "disahkan"
    DIARSIPKAN = "diarsipkan"


class Action(StrEnum):
    BAHAS = "bahas"  # the Kasubag Program opens the discussion (step 9)
    PERBAIKI = "perbaiki"  # the discussion is closed: revision (step 10)
    VERIFIKASI = "verifikasi"  # the Sekretaris verifies the current version (step 11)
    KEMBALIKAN = "kembalikan"  # returned with notes (Sekretaris at 11, Kepala Dinas at 12)
    SAHKAN = "sahkan"  # the Kepala Dinas ratifies the final document (step 12)
    ARSIPKAN = "arsipkan"  # sealed in the archive (step 13)


class Party(StrEnum):
    KASUBAG_PROGRAM = "kasubag_program"
    SEKRETARIS = "sekretaris"
    KEPALA_DINAS = "kepala_dinas"


REPORT = StateMachine[State, Action](
    "report",
    {
        (State.DRAF, Action.BAHAS): rule(State.DIBAHAS, Party.KASUBAG_PROGRAM),
        (State.DIBAHAS, Action.PERBAIKI): rule(State.DIPERBAIKI, Party.KASUBAG_PROGRAM),
        (State.DIPERBAIKI, Action.VERIFIKASI): rule(State.DIVERIFIKASI, Party.SEKRETARIS),
        (State.DIPERBAIKI, Action.KEMBALIKAN): rule(State.DIPERBAIKI, Party.SEKRETARIS),
        (State.DIVERIFIKASI, Action.SAHKAN): rule(State.DISAHKAN, Party.KEPALA_DINAS),
        (State.DIVERIFIKASI, Action.KEMBALIKAN): rule(State.DIVERIFIKASI, Party.KEPALA_DINAS),
        (State.DISAHKAN, Action.ARSIPKAN): rule(State.DIARSIPKAN, Party.KASUBAG_PROGRAM),
    },
)

#: States in which the narrative may change and new versions be made from it.
EDITABLE = frozenset({State.DRAF, State.DIBAHAS, State.DIPERBAIKI})

#: States in which the report is fixed: no edit, no new version.
FIXED = frozenset({State.DISAHKAN, State.DIARSIPKAN})


def parties(roles: frozenset[str] | set[str]) -> frozenset[Party]:
    """Return the parties a user with `roles` is to a report of their agency."""
    return frozenset(p for p in Party if p.value in roles)
