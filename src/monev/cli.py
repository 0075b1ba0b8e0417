"""The `monev` console command: Django's management commands under the product's name.

`monev migrate`, `monev createsuperuser`, `monev demo`, `monev send_reminders`, …

`monev demo` writes the demo's environment (DEBUG on, …) to `var/.env`; every later `monev`
command of that checkout reads it, so `monev backup`, `monev audit_verify`, … run in the
demo exactly as README writes them. A variable set in the environment wins, and the file is
not read at all where `DATABASE_URL` is set (a deployment brings its own environment).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: The file `monev demo` writes its environment to (under MONEV_VAR_DIR, default var/).
ENV_FILE_NAME = ".env"


def var_dir() -> Path:
    """The directory of the SQLite database, media and backups (as settings.VAR_DIR)."""
    default = Path(__file__).resolve().parent.parent.parent / "var"
    return Path(os.environ.get("MONEV_VAR_DIR") or default)


def read_env_file(path: Path) -> dict[str, str]:
    """The `NAME=value` lines of an env file (blank lines and `#` comments skipped)."""
    values: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return values
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, _, value = line.partition("=")
        values[name.strip()] = value.strip()
    return values


def load_demo_environment() -> None:
    """Take the variables of var/.env that the environment does not set (not in a deployment,
    recognised by its DATABASE_URL)."""
    if os.environ.get("DATABASE_URL"):
        return
    for name, value in read_env_file(var_dir() / ENV_FILE_NAME).items():
        os.environ.setdefault(name, value)


def main(argv: list[str] | None = None) -> None:
    load_demo_environment()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "monev.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["monev", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
