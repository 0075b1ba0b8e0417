"""Step actions through the one transition service: the whole cross product on real runs,
the approver's return with its note on the holder's card, and concurrent clicks."""

from __future__ import annotations

import itertools
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, close_old_connections, connection, transaction
from django.test import Client
from django.urls import reverse

from monev.core.models import AuditEntry
from monev.domain import sop_flow
from monev.sop import policies, services
from monev.sop.models import Cycle, StepRun, StepTransition
from monev.sop.tests.test_engine import _run_to, at, attach

pytestmark = pytest.mark.django_db

MOMENT = at(2026, 10, 8, 9, 0)
PERSONAS = ("kasubag", "sekretaris", "kadis", "operator.koperasi")


class _Undo(Exception):
    pass


def _try(persona: Any, run: StepRun, state: str, action: str) -> bool:
    """Put `run` in `state`, try `action` as `persona`; undo everything; True if accepted."""
    accepted = False
    try:
        with transaction.atomic():
            StepRun.objects.filter(pk=run.pk).update(status=state)
            try:
                services.step_act(actor=persona, run=run, action=action, note="catatan", now=MOMENT)
                accepted = True
            except (PermissionDenied, ValidationError):
                accepted = False
            raise _Undo
    except _Undo:
        pass
    return accepted


def _submit_or_complete(action: str, run: StepRun) -> str:
    # The holder's "complete" is a submission on a step with an approver (one button).
    if action == sop_flow.Action.SUBMIT:
        return sop_flow.Action.COMPLETE
    return action


@pytest.mark.parametrize("number", [1, 4, 11, 12])
def test_every_state_action_and_persona_on_a_real_run_follows_the_table(
    sop_cycle: Cycle, personas: Any, number: int
) -> None:
    run = _run_to(sop_cycle, number, personas, MOMENT)
    attach(run, personas["sekretaris" if run.step.actor == "sekretaris" else "kasubag"])
    run.refresh_from_db()
    walked = 0
    for state, action, name in itertools.product(sop_flow.State, sop_flow.Action, PERSONAS):
        user = personas[name]
        parties = policies.run_parties(user, run)
        holder_action = sop_flow.holder_action(has_approver=bool(run.step.approver))
        if action in (sop_flow.Action.COMPLETE, sop_flow.Action.SUBMIT):
            # both name the holder's one button; the service picks by the step's shape
            expected = action == holder_action and sop_flow.STEP_RUN.allows(
                state, holder_action, parties
            )
            if action != holder_action:
                continue
        else:
            expected = sop_flow.STEP_RUN.allows(state, action, parties)
        got = _try(user, run, state, _submit_or_complete(action, run))
        assert got == expected, (number, state, action, name, parties)
        walked += 1
    assert walked >= len(sop_flow.State) * 4 * len(PERSONAS)


def test_the_approver_returns_with_a_note_that_stands_on_the_holders_card(
    sop_cycle: Cycle, personas: Any
) -> None:
    kasubag, sekretaris = personas["kasubag"], personas["sekretaris"]
    step4 = _run_to(sop_cycle, 4, personas, MOMENT)
    attach(step4, kasubag, "jadwal.pdf")
    services.step_complete(actor=kasubag, run=step4, now=MOMENT)
    step4.refresh_from_db()
    assert step4.status == "menunggu_persetujuan" and step4.holder_role == "sekretaris"
    client = Client()
    client.force_login(sekretaris)
    refused = client.post(
        reverse("sop:run_return_approval", args=[step4.pk]), {"refuse-note": "   "}
    )
    assert refused.status_code == 400
    step4.refresh_from_db()
    assert step4.status == "menunggu_persetujuan"
    typed = "Jadwal bentrok dengan rapat kerja; geser kunjungan ke minggu kedua."
    # a refusal keeps what the user typed: the approver's note goes back into the page
    page = client.post(reverse("sop:run_complete", args=[step4.pk]), {"note": typed})
    assert page.status_code == 403  # the approver is not the holder
    response = client.post(
        reverse("sop:run_return_approval", args=[step4.pk]), {"refuse-note": typed}
    )
    assert response.status_code == 302
    step4.refresh_from_db()
    assert (step4.status, step4.round, step4.awaiting_approval_since) == ("berjalan", 1, None)
    assert step4.holder_role == "kasubag_program"
    back = StepTransition.objects.filter(run=step4, action="return_approval").get()
    assert (back.actor, back.note) == (sekretaris, typed)
    client.force_login(kasubag)
    page = client.get(reverse("sop:cycle_detail", args=[sop_cycle.pk])).content.decode()
    assert 'data-testid="returned-4-1"' in page
    assert typed in page and sekretaris.full_name in page
    # the holder fixes it and submits again; the approver approves
    services.step_complete(actor=kasubag, run=step4, now=MOMENT)
    services.step_approve(actor=sekretaris, run=step4, now=MOMENT)
    step4.refresh_from_db()
    assert step4.status == "selesai"


def test_a_refused_return_keeps_the_typed_note(sop_cycle: Cycle, personas: Any) -> None:
    step11 = _run_to(sop_cycle, 11, personas, MOMENT)
    client = Client()
    client.force_login(personas["sekretaris"])
    typed = "Tabel capaian <b>belum</b> lengkap"
    # Completing step 11 without its output is refused; the typed note stays in the form.
    response = client.post(reverse("sop:run_complete", args=[step11.pk]), {"note": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tabel capaian &lt;b&gt;belum&lt;/b&gt; lengkap" in page
    assert "Lampirkan dokumen output" in page


def _two_clicks(target: Any) -> list[str]:
    """Run `target()` in two threads at once; return what each one got."""
    barrier = threading.Barrier(2)
    results: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            target()
            results.append("ok")
        except (PermissionDenied, ValidationError) as error:
            results.append(type(error).__name__)
        except OperationalError as error:  # in-memory SQLite refuses the second writer at once
            assert "locked" in str(error)
            results.append("locked")
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if results == ["locked", "locked"]:
        # The in-memory test SQLite's shared cache can refuse both writers at once (a lock
        # conflict, not a busy wait: neither wrote anything). The user clicks again.
        target()
        close_old_connections()
        results[0] = "ok"
    return results


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_make_one_transition_and_one_audit_entry(
    personas: Any, sop_definition: Any
) -> None:
    cycle = services.cycle_open(
        actor=personas["sekretaris"],
        agency=sop_definition.agency,
        year=2026,
        quarter=3,
        disposition="Mulai",
        now=at(2026, 10, 7, 8, 0),
    )
    step4 = _run_to(cycle, 4, personas, MOMENT)
    attach(step4, personas["kasubag"])
    services.step_complete(actor=personas["kasubag"], run=step4, now=MOMENT)
    before_transitions = StepTransition.objects.count()
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    sekretaris = personas["sekretaris"]

    results = _two_clicks(
        lambda: services.step_approve(
            actor=type(sekretaris).objects.get(pk=sekretaris.pk),
            run=StepRun.objects.get(pk=step4.pk),
            now=MOMENT,
        )
    )
    # One click wins; the other waits for the row lock and finds the step already approved
    # (PostgreSQL, file SQLite), or is refused at once by the in-memory test SQLite.
    refused = (
        {"ValidationError"} if connection.vendor == "postgresql" else {"ValidationError", "locked"}
    )
    assert results.count("ok") == 1 and len(results) == 2
    assert set(results) - {"ok"} <= refused
    assert StepTransition.objects.count() == before_transitions + 1
    assert StepTransition.objects.filter(run__cycle=cycle, action="approve").count() == 1
    new_audit = AuditEntry.objects.filter(pk__gt=last_audit)
    assert new_audit.filter(action="transition").count() == 1
    assert cycle.runs.filter(number=5).count() == 1
