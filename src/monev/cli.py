"""The `monev` console command: Django's management commands under the product's name.

`monev migrate`, `monev createsuperuser`, `monev demo`, `monev send_reminders`, …
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monev.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["monev", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
