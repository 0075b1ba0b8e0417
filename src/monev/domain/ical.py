"""An iCalendar (RFC 5545) invitation for a monev visit: the `.ics` attached to the e-mail.

Pure Python: the caller passes the times (aware datetimes) and the stamp.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Event:
    uid: str
    start: datetime
    end: datetime
    summary: str
    location: str = ""
    description: str = ""
    organizer: str = ""  # e-mail address
    attendees: tuple[tuple[str, str], ...] = ()  # (name, e-mail)


def _escape(text: str) -> str:
    """Escape TEXT values (RFC 5545 §3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line to at most 75 octets per physical line (RFC 5545 §3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode("utf-8")
        limit = 75 if not out else 74  # continuation lines start with one space
        if len(current) + len(encoded) > limit:
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, stamp: datetime) -> str:
    """Return a VCALENDAR with METHOD:REQUEST holding `events` (CRLF line ends)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Monev Kinerja//Jadwal Monev//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{_utc(stamp)}",
            f"DTSTART:{_utc(event.start)}",
            f"DTEND:{_utc(event.end)}",
            f"SUMMARY:{_escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.organizer:
            lines.append(f"ORGANIZER:mailto:{event.organizer}")
        for name, email in event.attendees:
            lines.append(f'ATTENDEE;CN="{name.replace(chr(34), "")}";RSVP=FALSE:mailto:{email}')
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
