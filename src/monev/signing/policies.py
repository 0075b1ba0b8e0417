"""Who may put their signature under a document's signature block."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def not_the_named_signer(user: Any, *, name: str, nip: str) -> str:
    """Why `user` may not sign the block that names `name` (NIP `nip`), "" when they may: a
    signature block names one person (the Kepala Dinas, or a Plt./Plh. with their own NIP),
    and a user whose own NIP is known signs only a block with that NIP. (An account without
    an official's NIP cannot be compared; the role check stays the services'.)"""
    official = getattr(user, "official", None)
    own = str(getattr(official, "nip", "") or "")
    named = "".join(ch for ch in str(nip or "") if ch.isdigit())
    if not own or not named or own == named:
        return ""
    return _(
        "Blok tanda tangan dokumen ini menyebut %(name)s (NIP %(nip)s), bukan Anda. Yang "
        "menandatangani adalah orang yang tertulis di blok itu: minta Kasubag Program "
        "memperbaiki blok tanda tangan, atau Administrator memberi peran Kepala Dinas kepada "
        "%(name)s (Plt./Plh.)."
    ) % {"name": name, "nip": named}
