"""The status machines as tables: every (state, action, party) triple, in and out of the table.

The expected moves are written here once more, by hand, from SPEC §2/§4; the test walks the
whole cross product of states × actions × parties and shows that exactly these are allowed.
"""

from __future__ import annotations

import itertools

import pytest

from monev.domain import report_flow, sop_flow, submission_flow
from monev.domain.transitions import TransitionRefused

S, A, P = sop_flow.State, sop_flow.Action, sop_flow.Party

STEP_RUN_EXPECTED = {
    (S.BERJALAN, A.COMPLETE, P.HOLDER): S.SELESAI,
    (S.BERJALAN, A.SUBMIT, P.SUBMITTER): S.MENUNGGU_PERSETUJUAN,
    (S.BERJALAN, A.RETURN, P.DECIDER): S.DIKEMBALIKAN,
    (S.MENUNGGU_PERSETUJUAN, A.APPROVE, P.APPROVER): S.SELESAI,
    (S.MENUNGGU_PERSETUJUAN, A.RETURN_APPROVAL, P.APPROVER): S.BERJALAN,
}

SS, SA, SP = submission_flow.State, submission_flow.Action, submission_flow.Party

SUBMISSION_EXPECTED = {
    (SS.DRAFT, SA.SUBMIT, SP.FILLER): SS.DIAJUKAN,
    (SS.DIKEMBALIKAN, SA.SUBMIT, SP.FILLER): SS.DIAJUKAN,
    (SS.DIAJUKAN, SA.RETURN, SP.REVIEWER): SS.DIKEMBALIKAN,
    (SS.DIAJUKAN, SA.ACCEPT, SP.REVIEWER): SS.DITERIMA,
}

RS, RA, RP = report_flow.State, report_flow.Action, report_flow.Party

REPORT_EXPECTED = {
    (RS.DRAF, RA.BAHAS, RP.KASUBAG_PROGRAM): RS.DIBAHAS,
    (RS.DIBAHAS, RA.PERBAIKI, RP.KASUBAG_PROGRAM): RS.DIPERBAIKI,
    (RS.DIPERBAIKI, RA.VERIFIKASI, RP.SEKRETARIS): RS.DIVERIFIKASI,
    (RS.DIPERBAIKI, RA.KEMBALIKAN, RP.SEKRETARIS): RS.DIPERBAIKI,
    (RS.DIVERIFIKASI, RA.SAHKAN, RP.KEPALA_DINAS): RS.DISAHKAN,
    (RS.DIVERIFIKASI, RA.KEMBALIKAN, RP.KEPALA_DINAS): RS.DIVERIFIKASI,
    (RS.DISAHKAN, RA.ARSIPKAN, RP.KASUBAG_PROGRAM): RS.DIARSIPKAN,
}

CASES = [
    (sop_flow.STEP_RUN, S, A, P, STEP_RUN_EXPECTED),
    (submission_flow.SUBMISSION, SS, SA, SP, SUBMISSION_EXPECTED),
    (report_flow.REPORT, RS, RA, RP, REPORT_EXPECTED),
]


@pytest.mark.parametrize(("machine", "states", "actions", "parties", "expected"), CASES)
def test_every_triple_in_the_table_is_allowed_and_every_other_is_refused(
    machine, states, actions, parties, expected
) -> None:
    walked = 0
    for state, action, party in itertools.product(states, actions, parties):
        walked += 1
        wanted = expected.get((state, action, party))
        if wanted is None:
            assert not machine.allows(state, action, {party}), (state, action, party)
            with pytest.raises(TransitionRefused):
                machine.next_state(state, action, {party})
        else:
            assert machine.next_state(state, action, {party}) == wanted
    assert walked == len(states) * len(actions) * len(parties)


@pytest.mark.parametrize(("machine", "states", "actions", "parties", "expected"), CASES)
def test_a_user_without_party_is_refused_everything(
    machine, states, actions, parties, expected
) -> None:
    for state, action in itertools.product(states, actions):
        assert not machine.allows(state, action, set())


def test_the_parties_follow_the_steps_shape() -> None:
    plain = sop_flow.parties(
        {"kasubag_program"}, actor="kasubag_program", approver="", is_decision=False
    )
    assert plain == {P.HOLDER}
    step4 = dict(actor="kasubag_program", approver="sekretaris", is_decision=False)
    assert sop_flow.parties({"kasubag_program"}, **step4) == {P.SUBMITTER}
    assert sop_flow.parties({"sekretaris"}, **step4) == {P.APPROVER}
    step11 = dict(actor="sekretaris", approver="", is_decision=True)
    assert sop_flow.parties({"sekretaris"}, **step11) == {P.HOLDER, P.DECIDER}
    assert sop_flow.parties({"operator_bidang"}, **step11) == frozenset()


def test_the_models_statuses_are_the_tables_states() -> None:
    from monev.collection.choices import SubmissionStatus
    from monev.sop.choices import StepStatus

    assert set(StepStatus.values) == {s.value for s in S}
    assert set(SubmissionStatus.values) == {s.value for s in SS}


def test_the_reports_statuses_are_the_tables_states_and_parties_are_roles() -> None:
    from monev.accounts.choices import Role
    from monev.reports.choices import ReportStatus

    assert set(ReportStatus.values) == {s.value for s in RS} == set(report_flow.REPORT.states)
    assert {p.value for p in RP} <= set(Role.values)
    assert report_flow.parties({"kepala_bidang", "pemeriksa"}) == frozenset()
    assert report_flow.parties({"sekretaris", "kepala_bidang"}) == {RP.SEKRETARIS}
