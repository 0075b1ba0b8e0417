"""pytest plugin loaded first (`-p monev.testing` in pyproject): test-only environment.

Tests run with DEBUG off, like production, so they need a signing key; and Playwright's sync
API runs inside the live server's event loop, which Django must be told is fine.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Two-factor enrolment is tested on its own (accounts tests); elsewhere no role must enrol.
os.environ.setdefault("TWO_FACTOR_REQUIRED_ROLES", "")
