"""Notification channels (issue #23): each chosen channel gets the message with a direct link,
unchosen ones get nothing, failed sends are retried without blocking the workflow, and a user
links their Telegram account from their profile."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monev.notifications import services
from monev.notifications.models import Delivery, DeliveryStatus
from monev.notifications.tests.fake_channels import FakeChannels, start
from monev.sop.models import Notification
from monev.sop.notifications import notify, send_reminders
from monev.sop.testing import run_of

BASE = "https://monev.contoh.go.id"


@pytest.fixture
def fake(settings: Any) -> Iterator[FakeChannels]:
    channels = FakeChannels()
    server = start(channels)
    settings.MONEV_PUBLIC_URL = BASE
    settings.MONEV_TELEGRAM_BOT_TOKEN = "123:ABC"
    settings.MONEV_TELEGRAM_BOT_USERNAME = "monev_contoh_bot"
    settings.MONEV_TELEGRAM_API_URL = channels.base + "/tg"
    settings.MONEV_WHATSAPP_GATEWAY_URL = channels.base + "/wa/send"
    settings.MONEV_WHATSAPP_GATEWAY_TOKEN = "rahasia-gateway"
    settings.MONEV_NOTIFY_TIMEOUT = 3
    yield channels
    server.shutdown()
    server.server_close()


def choose(
    user: Any, *, email: bool = False, telegram: bool = False, whatsapp: bool = False
) -> Any:
    user.notify_email = email
    user.notify_telegram = telegram
    user.telegram_chat_id = f"90{user.pk}" if telegram else ""
    user.notify_whatsapp = whatsapp
    user.phone = f"62812000{user.pk:04d}" if whatsapp else ""
    user.save()
    return user


def test_a_notification_reaches_each_chosen_channel_with_a_direct_link(
    personas: Any, fake: FakeChannels, django_capture_on_commit_callbacks: Any
) -> None:
    every = choose(personas["kabid.koperasi"], email=True, telegram=True, whatsapp=True)
    bell_only = choose(personas["operator.koperasi"])
    only_wa = choose(personas["kasubag"], whatsapp=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [every, bell_only, only_wa],
            title="Blangko menunggu tanggapan Anda",
            body="Batas waktu: 14 Oktober 2026 16.00 WITA.",
            url="/monitoring/kunjungan/7/",
        )
    link = f"{BASE}/monitoring/kunjungan/7/"

    sent = fake.telegram()
    assert [m["chat_id"] for m in sent] == [every.telegram_chat_id]
    assert "Blangko menunggu tanggapan Anda" in sent[0]["text"] and link in sent[0]["text"]
    wa = fake.whatsapp()
    assert sorted(r.body["phone"] for r in wa) == sorted([every.phone, only_wa.phone])
    assert all(link in r.body["message"] for r in wa)
    assert all(r.headers["Authorization"] == "Bearer rahasia-gateway" for r in wa)
    assert [m.to for m in mail.outbox] == [[every.email]]
    assert link in mail.outbox[0].body
    # The one who chose nothing has the bell only; everyone has the bell.
    assert not Delivery.objects.filter(user=bell_only).exists()
    assert Notification.objects.filter(user=bell_only, url="/monitoring/kunjungan/7/").exists()
    assert set(Delivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_channel_not_configured_sends_nothing_even_when_chosen(
    personas: Any, fake: FakeChannels, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MONEV_WHATSAPP_GATEWAY_URL = ""
    user = choose(personas["kabid.koperasi"], whatsapp=True, telegram=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="T", body="B", url="/x/")
    assert fake.whatsapp() == [] and len(fake.telegram()) == 1


def test_nothing_is_sent_when_the_workflow_rolls_back(personas: Any, fake: FakeChannels) -> None:
    from django.db import transaction

    user = choose(personas["kabid.koperasi"], telegram=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        notify([user], title="T", body="B", url="/x/")
        raise RuntimeError("the workflow failed")
    assert fake.requests == [] and not Delivery.objects.exists()


def test_a_failed_send_is_retried_later_and_the_workflow_action_succeeded(
    personas: Any, sop_definition: Any, fake: FakeChannels, django_capture_on_commit_callbacks: Any
) -> None:
    from monev.sop import services as sop_services
    from monev.sop.models import Cycle

    for user in personas.values():
        choose(user, telegram=True, whatsapp=True)
    fake.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        cycle = sop_services.cycle_open(
            actor=personas["sekretaris"],
            agency=sop_definition.agency,
            year=2026,
            quarter=3,
            disposition="Segera siapkan format isian.",
            now=datetime(2026, 10, 7, 8, 0, tzinfo=ZoneInfo("Asia/Makassar")),
        )
    # The cycle is open and step 1 runs although every outside send failed.
    assert Cycle.objects.filter(pk=cycle.pk).exists()
    assert run_of(cycle, 1).status != "menunggu"
    holders = set(Notification.objects.values_list("user_id", flat=True))
    assert holders
    pending = Delivery.objects.filter(status=DeliveryStatus.PENDING)
    assert set(pending.values_list("user_id", flat=True)) == holders
    assert set(pending.values_list("channel", flat=True)) == {"telegram", "whatsapp"}
    # One failed try per channel; the channel being down, the others wait untouched.
    tried = pending.filter(attempts=1)
    assert sorted(tried.values_list("channel", flat=True)) == ["telegram", "whatsapp"]
    assert all("500" in d.last_error for d in tried)
    assert set(pending.exclude(attempts=1).values_list("attempts", flat=True)) <= {0}
    tried = len(fake.requests)
    assert tried == 2

    # The next run tries the untouched ones (still down), then none before its pause is over …
    assert services.retry_due(timezone.now()) == 0
    assert len(fake.requests) == tried + 2
    assert set(pending.values_list("attempts", flat=True)) == {1}
    tried = len(fake.requests)
    assert services.retry_due(timezone.now()) == 0
    assert len(fake.requests) == tried
    # … then by `send_reminders` (cron), once the channel is back.
    fake.fail = False
    send_reminders(now=timezone.now() + timedelta(minutes=2))
    first = Delivery.objects.filter(created_at=run_of(cycle, 1).started_at)
    assert set(first.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert len(fake.requests) == tried + first.count()
    link = BASE + reverse("sop:cycle_detail", args=[cycle.pk]) + "#langkah-1"
    assert all(link in m["text"] for m in fake.telegram())
    assert all(link in r.body["message"] for r in fake.whatsapp())


def test_a_send_that_keeps_failing_is_given_up_after_the_last_attempt(
    personas: Any, fake: FakeChannels, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MONEV_NOTIFY_MAX_ATTEMPTS = 2
    user = choose(personas["kabid.koperasi"], telegram=True)
    fake.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="T", body="B", url="/x/")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    later = timezone.now() + timedelta(minutes=2)
    assert services.retry_due(later) == 0
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 2
    assert services.retry_due(later + timedelta(days=1)) == 0
    assert len(fake.telegram()) == 2


def test_telegram_linking_from_the_profile_page(
    personas: Any, fake: FakeChannels, django_capture_on_commit_callbacks: Any
) -> None:
    user = personas["kabid.koperasi"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200 and "Hubungkan Telegram" in page.content.decode()
    response = client.post(reverse("accounts:profile"), {"action": "telegram_kode"})
    assert response.status_code == 302
    user.refresh_from_db()
    code = user.telegram_link_code
    assert len(code) >= 12
    page = client.get(reverse("accounts:profile")).content.decode()
    assert f"https://t.me/monev_contoh_bot?start={code}" in page
    assert f"/start {code}" in page

    # Someone guessing, then the user's own /start from chat 777.
    fake.updates = [
        {"update_id": 41, "message": {"chat": {"id": 555}, "text": "/start salah-tebak"}},
        {"update_id": 42, "message": {"chat": {"id": 777}, "text": f"/start {code}"}},
    ]
    call_command("telegram_poll")
    user.refresh_from_db()
    assert user.telegram_chat_id == "777" and user.notify_telegram
    assert user.telegram_link_code == ""
    replies = {m["chat_id"]: m["text"] for m in fake.telegram()}
    assert "terhubung" in replies[777] and "tidak dikenal" in replies[555]
    assert fake.telegram("getUpdates")[-1]["offset"] == 43  # confirmed to Telegram
    assert fake.updates == []

    # The code was for one use only.
    services.telegram_handle_update({"message": {"chat": {"id": 888}, "text": f"/start {code}"}})
    user.refresh_from_db()
    assert user.telegram_chat_id == "777"
    assert "Terhubung" in client.get(reverse("accounts:profile")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="Rekomendasi lewat batas", body="B", url="/monitoring/")
    assert fake.telegram()[-1]["chat_id"] == "777"

    client.post(reverse("accounts:profile"), {"action": "telegram_putus"})
    user.refresh_from_db()
    assert user.telegram_chat_id == "" and not user.notify_telegram


def test_an_expired_link_code_links_nothing(personas: Any, fake: FakeChannels) -> None:
    user = personas["kabid.koperasi"]
    code = services.telegram_new_code(user, now=timezone.now() - timedelta(hours=25))
    services.telegram_handle_update({"message": {"chat": {"id": 9}, "text": f"/start {code}"}})
    user.refresh_from_db()
    assert user.telegram_chat_id == ""


def test_the_profile_page_saves_the_chosen_channels_and_refuses_what_cannot_work(
    personas: Any, fake: FakeChannels
) -> None:
    user = personas["operator.koperasi"]
    client = Client()
    client.force_login(user)
    url = reverse("accounts:profile")

    refused = client.post(url, {"action": "simpan", "notify_whatsapp": "on", "phone": ""})
    assert refused.status_code == 400
    assert "Isi nomor WhatsApp" in refused.content.decode()
    refused = client.post(url, {"action": "simpan", "notify_telegram": "on"})
    assert refused.status_code == 400
    assert "Hubungkan akun Telegram Anda dulu" in refused.content.decode()
    refused = client.post(url, {"action": "simpan", "phone": "12ab"})
    assert refused.status_code == 400 and "bukan nomor ponsel" in refused.content.decode()
    user.refresh_from_db()
    assert not user.notify_whatsapp and user.phone == ""

    saved = client.post(
        url, {"action": "simpan", "notify_whatsapp": "on", "phone": "0812-3456 7890"}
    )
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.notify_whatsapp and not user.notify_email and user.phone == "6281234567890"


def test_a_channel_not_configured_cannot_be_chosen(personas: Any, settings: Any) -> None:
    settings.MONEV_WHATSAPP_GATEWAY_URL = ""
    settings.MONEV_TELEGRAM_BOT_TOKEN = ""
    user = personas["operator.koperasi"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Gateway WhatsApp belum diatur" in page and "Bot Telegram belum diatur" in page
    client.post(
        reverse("accounts:profile"),
        {"action": "simpan", "notify_email": "on", "notify_whatsapp": "on", "phone": "081234567"},
    )
    user.refresh_from_db()
    assert user.notify_email and not user.notify_whatsapp and user.phone == "6281234567"


def test_the_profile_page_is_each_users_own(personas: Any) -> None:
    client = Client()
    assert client.get(reverse("accounts:profile")).status_code == 302  # to sign-in
    client.force_login(personas["kabid.naker"])
    client.post(reverse("accounts:profile"), {"action": "simpan", "phone": "081299998888"})
    personas["kabid.koperasi"].refresh_from_db()
    assert personas["kabid.koperasi"].phone == ""
    personas["kabid.naker"].refresh_from_db()
    assert personas["kabid.naker"].phone == "6281299998888"


def test_a_channel_that_is_down_costs_one_attempt_per_run_not_one_per_recipient(
    personas: Any, fake: FakeChannels, django_capture_on_commit_callbacks: Any
) -> None:
    users = [choose(personas[n], telegram=True) for n in ("kabid.koperasi", "kasubag", "kadis")]
    fake.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(users, title="T", body="B", url="/x/")
    assert len(fake.telegram()) == 1
    assert sorted(Delivery.objects.values_list("attempts", flat=True)) == [0, 0, 1]
    fake.fail = False
    assert services.retry_due(timezone.now() + timedelta(minutes=2)) == 3
    assert sorted(m["chat_id"] for m in fake.telegram()[1:]) == sorted(
        u.telegram_chat_id for u in users
    )


def test_within_quiet_only_the_bell_is_written(personas: Any, fake: FakeChannels) -> None:
    user = choose(personas["kabid.koperasi"], email=True, telegram=True)
    with services.quiet():
        notify([user], title="T", body="B", url="/x/")
    assert Notification.objects.filter(user=user).exists()
    assert not Delivery.objects.exists()


def test_the_kepala_bidang_is_told_in_telegram_that_a_blangko_awaits_his_tanggapan(
    personas: Any,
    small_plan: Any,
    sop_cycle: Any,
    fake: FakeChannels,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """An existing call site (monitoring's step 5) goes out through the chosen channels."""
    from monev.monitoring import services as monitoring
    from monev.monitoring.tests.conftest import prepare_plan_cycle
    from monev.monitoring.tests.test_flow import approve_plan, fill, plan

    cycle = prepare_plan_cycle(sop_cycle, small_plan, personas)
    kop, _w = plan(cycle, personas, "BID-KOP", 12)
    approve_plan(cycle, personas)
    kop.refresh_from_db()
    fill(kop, personas)
    kabid = choose(personas["kabid.koperasi"], telegram=True)
    naker = choose(personas["kabid.naker"], telegram=True)
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.visit_submit(actor=personas["kasubag"], visit=kop)
    told = [m for m in fake.telegram() if "menunggu tanggapan Anda" in m["text"]]
    assert [m["chat_id"] for m in told] == [kabid.telegram_chat_id]
    assert f"{BASE}{reverse('monitoring:visit', args=[kop.pk])}" in told[0]["text"]
    assert not any(m["chat_id"] == naker.telegram_chat_id for m in fake.telegram())


def test_a_gateway_refusal_in_a_200_answer_is_a_failed_send(
    personas: Any, fake: FakeChannels, django_capture_on_commit_callbacks: Any
) -> None:
    user = choose(personas["kabid.koperasi"], whatsapp=True)
    fake.wa_answer = {"status": False, "reason": "device not connected"}
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="T", body="B", url="/x/")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "device not connected" in delivery.last_error
    fake.wa_answer = {"status": True}
    assert services.retry_due(timezone.now() + timedelta(minutes=2)) == 1


def test_the_telegram_webhook_links_with_the_right_secret_only(
    personas: Any, fake: FakeChannels, settings: Any
) -> None:
    import json

    user = personas["kabid.koperasi"]
    code = services.telegram_new_code(user)
    url = reverse("notifications:telegram_webhook")
    message = {"chat": {"id": 321}, "text": f"/start {code}"}
    update = json.dumps({"update_id": 1, "message": message})
    client = Client()
    assert client.post(url, update, content_type="application/json").status_code == 404
    settings.MONEV_TELEGRAM_WEBHOOK_SECRET = "s3cret-webhook"
    wrong = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": "tebakan"}
    assert client.post(url, update, content_type="application/json", **wrong).status_code == 403
    user.refresh_from_db()
    assert user.telegram_chat_id == ""
    right = {"HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN": "s3cret-webhook"}
    broken = client.post(url, "{bukan json", content_type="application/json", **right)
    assert broken.status_code == 400
    assert client.post(url, update, content_type="application/json", **right).status_code == 200
    user.refresh_from_db()
    assert user.telegram_chat_id == "321" and user.notify_telegram


def test_the_administrator_sees_a_given_up_send_and_sends_it_again(
    personas: Any, fake: FakeChannels, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A send given up after its last attempt shows on the Administrator's page "Pengiriman
    notifikasi" with the channel's error (it showed only in Django's admin); "Kirim ulang",
    once the channel works again, sends it and it shows as sent. Others may not see it."""
    settings.MONEV_NOTIFY_MAX_ATTEMPTS = 1
    user = choose(personas["kabid.koperasi"], telegram=True)
    fake.fail = True
    with django_capture_on_commit_callbacks(execute=True):
        notify([user], title="Langkah 2 menunggu", body="B", url="/x/")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    admin = Client()
    admin.force_login(personas["admin"])
    page = admin.get("/notifikasi/pengiriman/", {"status": "failed"}).content.decode()
    assert 'data-testid="delivery-failed"' in page and "Langkah 2 menunggu" in page
    assert "500" in page  # the channel's last error is shown
    kasubag = Client()
    kasubag.force_login(personas["kasubag"])
    assert kasubag.get("/notifikasi/pengiriman/").status_code == 403
    assert kasubag.post(f"/notifikasi/pengiriman/{delivery.pk}/kirim-ulang/").status_code == 403
    fake.fail = False
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin.post(f"/notifikasi/pengiriman/{delivery.pk}/kirim-ulang/", follow=True)
    assert "dikirim ulang" in answer.content.decode()
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT and len(fake.telegram()) == 2
    page = admin.get("/notifikasi/pengiriman/").content.decode()
    assert 'data-testid="delivery-sent"' in page and 'data-testid="retry"' not in page
    again = admin.post(f"/notifikasi/pengiriman/{delivery.pk}/kirim-ulang/", follow=True)
    assert "Hanya pengiriman yang gagal" in again.content.decode()
