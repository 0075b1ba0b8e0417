"""The pengesahan is signed by the person the final document's signature block names (DOMAIN
§8.2: the Kepala Dinas, or a Plt./Plh. with their own name and NIP): another holder of the
role is refused with the reason and nothing changes; the Plt.'s own account signs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from monev.reports.models import Report
from monev.signing.selectors import signatures_of

pytestmark = pytest.mark.django_db

PLT = {
    "mode": "plt",
    "jabatan": "Kepala Dinas Koperasi, UKM dan Tenaga Kerja",
    "name": "Hj. Rusmiati, S.Sos., M.AP.",
    "pangkat": "Pembina (IV/a)",
    "nip": "197508222002122003",  # the Sekretaris' own NIP: she is the Plt.
}


@pytest.fixture
def plt_named(final_submitted: Report, personas: Any) -> Report:
    """The final document re-made naming the Sekretaris as Plt. Kepala Dinas."""
    from monev.reports import services
    from monev.reports.models import Report as ReportModel

    report = final_submitted
    kasubag = personas["kasubag"]
    ReportModel.objects.filter(pk=report.pk).update(status="diverifikasi")
    from monev.reports.tests.conftest import place_at

    place_at(report.cycle, 12)
    report.refresh_from_db()
    services.final_set(actor=kasubag, report=report, sequence=18,
                       number_date=timezone.localdate() + timedelta(days=1), **PLT)  # fmt: skip
    report.refresh_from_db()
    services.version_render(actor=kasubag, report=report)
    services.final_submit(actor=kasubag, report=report)
    report.refresh_from_db()
    return report


def test_the_kepala_dinas_cannot_sign_a_block_naming_the_plt(
    plt_named: Report, personas: Any, seal: Any, sign: Any
) -> None:
    report = plt_named
    sign("kasubag", report)
    sign("sekretaris", report)
    version = report.versions.order_by("-number").first()
    before = (report.status, signatures_of(version).count(), version.sha256)
    with pytest.raises(ValidationError) as refused:
        sign("kadis", report)
    message = " ".join(refused.value.messages)
    assert "Hj. Rusmiati" in message and "197508222002122003" in message
    report.refresh_from_db()
    version.refresh_from_db()
    assert (report.status, signatures_of(version).count(), version.sha256) == before


def test_the_plt_signs_from_her_own_account(
    plt_named: Report, personas: Any, seal: Any, sign: Any
) -> None:
    from monev.accounts.choices import Role
    from monev.accounts.models import RoleAssignment, User
    from monev.reports import services

    report = plt_named
    sekretaris = personas["sekretaris"]
    sign("kasubag", report)
    sign("sekretaris", report)  # her paraf as Sekretaris
    RoleAssignment.objects.create(user=sekretaris, role=Role.KEPALA_DINAS)  # then Plt.
    plt = User.objects.get(pk=sekretaris.pk)  # her roles read again
    number = services.latest_version(report).number
    row = services.report_sign(actor=plt, report=report, version_number=number)
    assert row.kind == "pengesahan"
    report.refresh_from_db()
    assert report.status == "disahkan"
