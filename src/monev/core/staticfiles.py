"""Static files storage: hashed, compressed names in production, built by `collectstatic`.

The storage used to be chosen when settings load: the manifest storage only if
`staticfiles.json` already existed. `monev collectstatic` on a fresh release therefore ran
with the plain storage, which writes no manifest — so hashed names never switched on
(issue 21, item 12). This storage is always the manifest one: `collectstatic` hashes,
compresses and writes the manifest; until it has run (development, tests) a name missing
from the empty manifest is served under its plain name, as the plain storage would.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CollectedStaticStorage(CompressedManifestStaticFilesStorage):
    """Whitenoise's compressed manifest storage that falls back to plain names while no
    manifest was collected."""

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:  # nothing collected yet: the plain name
            return name
        return str(super().stored_name(name))
