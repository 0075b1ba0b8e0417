"""A signing that did not happen, with the reason in Indonesian for the signer."""

from __future__ import annotations

from django.utils.translation import gettext as _


class SigningError(Exception):
    """`code`: user (NIK not registered), passphrase, expired, unavailable (service down or
    timed out), refused (any other answer of the service), seal, other."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def unavailable(self) -> bool:
        return self.code == "unavailable"

    @classmethod
    def user(cls) -> SigningError:
        return cls(
            _("NIK ini tidak terdaftar sebagai pengguna TTE BSrE. Periksa NIK Anda atau "
              "hubungi admin TTE instansi untuk pendaftaran."), "user",
        )  # fmt: skip

    @classmethod
    def passphrase(cls) -> SigningError:
        return cls(_("Passphrase TTE salah. Dokumen tidak ditandatangani; ulangi dengan "
                     "passphrase yang benar."), "passphrase")  # fmt: skip

    @classmethod
    def expired(cls) -> SigningError:
        return cls(_("Sertifikat elektronik Anda sudah kedaluwarsa atau dicabut. Perbarui "
                     "sertifikat di BSrE, lalu ulangi."), "expired")  # fmt: skip

    @classmethod
    def unavailable_(cls) -> SigningError:
        return cls(_("Layanan TTE BSrE tidak dapat dihubungi (gangguan jaringan atau layanan). "
                     "Dokumen tidak ditandatangani; coba lagi nanti."), "unavailable")  # fmt: skip

    @classmethod
    def refused(cls, detail: str) -> SigningError:
        return cls(_("BSrE menolak permintaan tanda tangan: %(d)s") % {"d": detail[:300]},
                   "refused")  # fmt: skip

    @classmethod
    def other(cls, error: Exception) -> SigningError:
        return cls(_("Dokumen tidak dapat ditandatangani (%(e)s). Hubungi Administrator.")
                   % {"e": type(error).__name__}, "other")  # fmt: skip
