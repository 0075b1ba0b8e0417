"""Demo organisation: the agency, its units, officials, and one user per role.

Names of people are fictional; NIPs are well-formed but invented.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from monev.accounts import services as account_services
from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.demo.logo import demo_logo_png
from monev.organization import services
from monev.organization.models import Agency, Official, Unit

AGENCY_SHORT_NAME = "DKUKMTK"

UNITS = [
    # code, name, kind, parent code
    ("SEK", "Sekretariat", "sekretariat", None),
    ("SUBBAG-PROG", "Subbagian Perencanaan, Evaluasi dan Pelaporan", "subbagian", "SEK"),
    ("SUBBAG-UMPEG", "Subbagian Umum dan Kepegawaian", "subbagian", "SEK"),
    ("SUBBAG-KEU", "Subbagian Keuangan dan Aset", "subbagian", "SEK"),
    ("BID-KOP", "Bidang Koperasi", "bidang", None),
    ("BID-UKM", "Bidang Usaha Kecil dan Menengah", "bidang", None),
    ("BID-NAKER", "Bidang Tenaga Kerja", "bidang", None),
    ("UPTD-BLK", "UPTD Balai Latihan Kerja", "uptd", "BID-NAKER"),
]

OFFICIALS = [
    # key, name, NIP, golongan, jabatan, unit code
    (
        "kadis",
        "H. Ahmad Fauzan Noor, S.E., M.M.",
        "197103152000031004",
        "IV/b",
        "Kepala Dinas Koperasi, Usaha Kecil Menengah dan Tenaga Kerja",
        None,
    ),
    (
        "sekretaris",
        "Hj. Rusmiati, S.Sos., M.AP.",
        "197508222002122003",
        "IV/a",
        "Sekretaris",
        "SEK",
    ),
    (
        "kasubag",
        "Muhammad Ridwan Hakim, S.T.",
        "198402112009031002",
        "III/d",
        "Kepala Subbagian Perencanaan, Evaluasi dan Pelaporan",
        "SUBBAG-PROG",
    ),
    (
        "staf.program",
        "Nor Hasanah, S.E.",
        "199107072019032011",
        "III/b",
        "Analis Perencanaan, Evaluasi dan Pelaporan",
        "SUBBAG-PROG",
    ),
    (
        "kasubag.umpeg",
        "Rahmadi, S.AP.",
        "197912302006041007",
        "III/d",
        "Kepala Subbagian Umum dan Kepegawaian",
        "SUBBAG-UMPEG",
    ),
    (
        "admin",
        "Fajar Ramadhan, A.Md.Kom.",
        "199512152020121005",
        "II/d",
        "Pranata Komputer Terampil",
        "SUBBAG-UMPEG",
    ),
    (
        "kasubag.keu",
        "Siti Maulida, S.E., Ak.",
        "198205192008012014",
        "III/d",
        "Kepala Subbagian Keuangan dan Aset",
        "SUBBAG-KEU",
    ),
    (
        "kabid.koperasi",
        "Drs. Khairil Anwar",
        "196907241994031006",
        "IV/a",
        "Kepala Bidang Koperasi",
        "BID-KOP",
    ),
    (
        "operator.koperasi",
        "Dewi Rahmawati, S.E.",
        "199303282022032008",
        "III/a",
        "Pengawas Koperasi Ahli Pertama",
        "BID-KOP",
    ),
    (
        "kabid.ukm",
        "Hairul Saleh, S.Hut., M.Si.",
        "197711042005011009",
        "IV/a",
        "Kepala Bidang Usaha Kecil dan Menengah",
        "BID-UKM",
    ),
    (
        "operator.ukm",
        "Ahmad Syarifuddin, S.Kom.",
        "199609102020121003",
        "III/a",
        "Penyuluh Koperasi dan UKM",
        "BID-UKM",
    ),
    (
        "kabid.naker",
        "Ir. Mahyuni",
        "197002181998031005",
        "IV/a",
        "Kepala Bidang Tenaga Kerja",
        "BID-NAKER",
    ),
    (
        "operator.naker",
        "Lina Marlina, S.Psi.",
        "199404062019022006",
        "III/b",
        "Pengantar Kerja Ahli Pertama",
        "BID-NAKER",
    ),
    (
        "staf.koperasi",  # no account: the Administrator's pages give one to a new operator
        "Rina Apriani, S.E.",
        "199704142023032001",
        "III/a",
        "Penyuluh Koperasi Ahli Pertama",
        "BID-KOP",
    ),
    (
        "kauptd.blk",
        "Syahrani, S.Pd.",
        "198010102005011012",
        "III/d",
        "Kepala UPTD Balai Latihan Kerja",
        "UPTD-BLK",
    ),
]

USERS = [
    # username, roles, official key
    ("admin", [Role.ADMINISTRATOR], "admin"),
    ("kadis", [Role.KEPALA_DINAS], "kadis"),
    ("sekretaris", [Role.SEKRETARIS], "sekretaris"),
    ("kasubag", [Role.KASUBAG_PROGRAM], "kasubag"),
    ("staf.program", [Role.KASUBAG_PROGRAM], "staf.program"),
    ("kabid.koperasi", [Role.KEPALA_BIDANG], "kabid.koperasi"),
    ("operator.koperasi", [Role.OPERATOR_BIDANG], "operator.koperasi"),
    ("kabid.ukm", [Role.KEPALA_BIDANG], "kabid.ukm"),
    ("operator.ukm", [Role.OPERATOR_BIDANG], "operator.ukm"),
    ("kabid.naker", [Role.KEPALA_BIDANG], "kabid.naker"),
    ("operator.naker", [Role.OPERATOR_BIDANG], "operator.naker"),
    ("kepala.blk", [Role.KEPALA_BIDANG], "kauptd.blk"),
    ("pemeriksa", [Role.PEMERIKSA], None),
]

#: The logins printed by `monev demo` (one per role, as the README lists them).
PRINTED_LOGINS = [
    "admin",
    "kadis",
    "sekretaris",
    "kasubag",
    "kabid.koperasi",
    "operator.koperasi",
    "kabid.naker",
    "pemeriksa",
    "bappeda",  # monev.demo.kabupaten: reads every agency of the instance
]


def demo_agency() -> Agency | None:
    return Agency.objects.filter(short_name=AGENCY_SHORT_NAME).first()


def load(*, password: str) -> Agency:
    agency = Agency.objects.create(
        name="Dinas Koperasi, Usaha Kecil Menengah dan Tenaga Kerja",
        short_name=AGENCY_SHORT_NAME,
        government="Pemerintah Kabupaten Balangan",
        address=(
            "Jln. Poros Mantimin Batumandi-Lampihong Desa Mampari No. 44, "
            "Kecamatan Batumandi, Kabupaten Balangan, Kalimantan Selatan 71663"
        ),
        city="Paringin",
        phone="(0526) 2028 100",
        email="dkukmtk@balangankab.go.id",
        website="dkukmtk.balangankab.go.id",
        letterhead_lines=(
            "Jln. Poros Mantimin Batumandi-Lampihong Desa Mampari No. 44 Kecamatan Batumandi\n"
            "Telp. (0526) 2028 100 Laman: dkukmtk.balangankab.go.id "
            "Pos-el: dkukmtk@balangankab.go.id\n"
            "BATUMANDI 71663"
        ),
        # The regional planning agency signs E.81 as evaluator; its head is entered in the
        # app (Organisasi → Instansi) once known.
        evaluator_title="Kepala Bappeda Kabupaten Balangan",
    )
    # A generic emblem of our own for the kop surat (never a real coat of arms); a reload of
    # the demo replaces the file instead of adding another one beside it.
    storage, name = agency.logo.storage, "agency/logo-dkukmtk.png"
    if storage.exists(name):
        storage.delete(name)
    agency.logo.save("logo-dkukmtk.png", ContentFile(demo_logo_png()), save=True)
    units: dict[str, Unit] = {}
    for order, (code, name, kind, parent) in enumerate(UNITS, start=1):
        units[code] = services.unit_create(
            actor=None,
            agency=agency,
            code=code,
            name=name,
            kind=kind,
            parent=units[parent] if parent else None,
            order=order,
        )
    officials: dict[str, Official] = {}
    for key, name, nip, golongan, position, unit in OFFICIALS:
        officials[key] = services.official_create(
            actor=None,
            agency=agency,
            name=name,
            nip=nip,
            golongan=golongan,
            position=position,
            unit=units[unit] if unit else None,
        )
    for username, roles, official in USERS:
        user = account_services.user_create(
            actor=None,
            agency=agency,
            username=username,
            password=password,
            roles=roles,
            official=officials[official] if official else None,
            email=f"{username.replace('.', '_')}@balangankab.go.id",
        )
        if official is None:  # the Pemeriksa comes from the Inspektorat, not the agency
            user.first_name, user.last_name = "Pemeriksa", "Inspektorat Kabupaten Balangan"
            user.save(update_fields=["first_name", "last_name"])
    return agency


def demo_logins() -> list[tuple[str, str, str]]:
    users = {
        u.username: u
        for u in User.objects.filter(username__in=PRINTED_LOGINS).select_related("official")
    }
    rows = []
    for username in PRINTED_LOGINS:
        user = users.get(username)
        if user is not None:
            labels = ", ".join(str(Role(r).label) for r in sorted(user.roles))
            rows.append((username, labels, user.full_name))
    return rows
