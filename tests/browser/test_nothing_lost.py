"""At 390 px (a phone), nothing chosen or typed in the format isian is lost (issue #23,
decision 0013): a save refused for one bad number keeps the PDF chosen in a card (uploaded as
soon as it was chosen, listed in its card after the refusal); «Ajukan» with an unsaved edit
saves it first and names it; leaving through another form of the page asks first."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

PDF = {
    "name": "daftar-hadir.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4 daftar hadir pemeriksaan koperasi\n%%EOF\n",
}
OUTPUT = "IK.2.17.03.2.01.0004.01"
IKU = "IK.S1.1.01"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_refused_save_keeps_the_chosen_file(
    size: str,
    live_server: Any,
    page: Any,
    small_plan: Any,
    step_done: Any,
    open_form: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Evidence, Realization
    from monev.planning.models import Indicator

    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    step_done(1)
    open_form()
    iku = Indicator.objects.get(code=IKU)
    output = Indicator.objects.get(code=OUTPUT)
    page.locator(f"#v_{output.pk}").fill("12")
    page.locator(f"#v_{iku.pk}").fill("6l,5")  # a typo: a letter l for the digit 1
    page.locator(f"#e_{output.pk}").set_input_files(PDF)
    card = page.locator(f"tr[data-indicator='{OUTPUT}']")
    # Uploaded as soon as it is chosen, said in its card.
    expect(card.get_by_test_id("evidence-status")).to_contain_text("sudah diunggah")
    expect(page.get_by_test_id("unsaved")).to_contain_text(f"Realisasi {IKU}")
    shoot(f"isian-evidence-uploaded-{size}")
    page.get_by_test_id("save-draft").click()
    # Refused for the one bad number …
    expect(page.get_by_text("«6l,5» bukan angka")).to_be_visible()
    # … with the typed values back and the file listed in its card, nothing lost.
    expect(page.locator(f"#v_{iku.pk}")).to_have_value("6l,5")
    expect(page.locator(f"#v_{output.pk}")).to_have_value("12")
    expect(card.get_by_role("link", name="daftar-hadir.pdf")).to_be_visible()
    expect(page.get_by_test_id("unsaved")).to_contain_text("belum disimpan")
    if size == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(f"isian-refused-keeps-file-{size}")
    assert Evidence.objects.filter(realization__indicator=output).count() == 1
    assert not Realization.objects.filter(indicator=output, value__isnull=False).exists()
    # Corrected and saved: the values are stored, the file still there once.
    page.locator(f"#v_{iku.pk}").fill("61,5")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible()
    expect(card.get_by_role("link", name="daftar-hadir.pdf")).to_be_visible()
    assert Evidence.objects.filter(realization__indicator=output).count() == 1


def test_submit_with_an_unsaved_edit_saves_it_and_names_it_on_a_phone(
    live_server: Any,
    page: Any,
    small_plan: Any,
    step_done: Any,
    open_form: Any,
    shoot: Any,
) -> None:
    from monev.collection.models import Realization, Submission
    from monev.planning.models import Indicator

    page.set_viewport_size(PHONE)
    step_done(1)
    open_form()
    iku = Indicator.objects.get(code=IKU)
    output = Indicator.objects.get(code=OUTPUT)
    page.locator(f"#v_{output.pk}").fill("12")
    page.locator(f"#v_{iku.pk}").fill("61,5")
    page.get_by_test_id("save-draft").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible()
    expect(page.get_by_test_id("unsaved")).to_be_hidden()
    # An edit not saved: named on the page at once.
    page.locator(f"#n_{output.pk}").fill("Dua koperasi baru dari UPTD")
    expect(page.get_by_test_id("unsaved")).to_contain_text(f"Catatan {OUTPUT}")
    # Leaving through another form of the page asks first, naming it; «Batal» stays.
    questions: list[str] = []

    def dismiss(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("evidence-upload").click()
    assert questions and f"Catatan {OUTPUT}" in questions[0]
    expect(page.locator(f"#n_{output.pk}")).to_have_value("Dua koperasi baru dari UPTD")
    shoot("isian-unsaved-edit-phone")
    # «Ajukan» saves it first and says so.
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("submission-status")).to_have_text("Diajukan")
    expect(page.get_by_text("ikut disimpan sebelum diajukan")).to_contain_text(f"Catatan {OUTPUT}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot("isian-submitted-with-edit-phone")
    assert Realization.objects.get(indicator=output).note == "Dua koperasi baru dari UPTD"
    assert Submission.objects.get(unit__code="BID-KOP").status == "diajukan"
