"""Who may do what to monev visits, checklist templates and recommendations (SPEC §11).

Two kinds of answer, one naming style across every app's `policies.py`:

- `<entity>_parties(user, obj)`: the user's relations to the object, the *parties* of the
  status tables in `monev.domain.monitoring_flow` (the transition service asks the table);
- `may_<verb>_<entity>(user, obj)`: a yes/no for a write outside the tables.

Services enforce them (403 on a no); views and templates ask them to show a button. None of
them reads another agency's object as allowed.
"""

from __future__ import annotations

from collections.abc import Callable

from monev.accounts.choices import Role
from monev.accounts.models import User
from monev.domain.monitoring_flow import may_edit
from monev.monitoring.models import Recommendation, TeamMember, Visit
from monev.monitoring.selectors import team_of
from monev.sop.models import Cycle


def visit_parties(user: User, visit: Visit) -> frozenset[str]:
    """Return the user's relations to a visit (the parties of `monitoring_flow`): none for a
    user of another agency, whatever their roles."""
    if not user.is_authenticated or user.agency_id != visit.cycle.agency_id:
        return frozenset()
    found: set[str] = set()
    if user.has_role(Role.KASUBAG_PROGRAM):
        found.add("kasubag_program")
    if user.has_role(Role.SEKRETARIS):
        found.add("sekretaris")
    if user.has_role(Role.KEPALA_BIDANG) and user.unit_id == visit.unit_id:
        found.add("kepala_bidang")
    if user.official_id:
        for member in team_of(visit):
            if member.official_id == user.official_id:
                found.add("team_member")
                if member.is_leader:
                    found.add("team_leader")
    return frozenset(found)


def recommendation_parties(
    user: User, recommendation: Recommendation, cycle: Cycle
) -> frozenset[str]:
    """Parties on a recommendation's verification in `cycle`: the Kasubag Program, and the team
    of that cycle's visit to the recommendation's Bidang (the "next visit"); none for a user
    of another agency."""
    return recommendation_parties_of(user, cycle)(recommendation)


def recommendation_parties_of(
    user: User, cycle: Cycle
) -> Callable[[Recommendation], frozenset[str]]:
    """`recommendation_parties` for many recommendations of one cycle (a list page): the
    user's visit teams of the cycle are read once (one query)."""
    if not user.is_authenticated or user.agency_id != cycle.agency_id:
        return lambda _recommendation: frozenset()
    roles: set[str] = set()
    if user.has_role(Role.KASUBAG_PROGRAM):
        roles.add("kasubag_program")
    team_units = (
        set(
            TeamMember.objects.filter(visit__cycle=cycle, official_id=user.official_id).values_list(
                "visit__unit_id", flat=True
            )
        )
        if user.official_id
        else set()
    )
    bidang = user.has_role(Role.KEPALA_BIDANG, Role.OPERATOR_BIDANG)

    def parties(recommendation: Recommendation) -> frozenset[str]:
        found = set(roles)
        if recommendation.unit_id in team_units:
            found.add("team_member")
        if bidang and user.unit_id == recommendation.unit_id:
            found.add("bidang")
        return frozenset(found)

    return parties


def may_edit_checklists(user: User | None) -> bool:
    """The Kasubag Program (and the administrator) keep the agency's checklist templates."""
    return user is not None and user.has_role(Role.KASUBAG_PROGRAM, Role.ADMINISTRATOR)


def may_plan_visits(user: User, cycle: Cycle) -> bool:
    """The Kasubag Program of the cycle's agency plans its visits (step 4)."""
    return user.has_role(Role.KASUBAG_PROGRAM) and user.agency_id == cycle.agency_id


def may_edit_plan(user: User, visit: Visit) -> bool:
    """A planned visit may be changed or removed while the plan table allows it."""
    return may_edit("plan", visit.status, visit_parties(user, visit))


def may_fill_blangko(user: User, visit: Visit) -> bool:
    """The visit's team fills its blangko (whether its status still allows it is a separate,
    explained refusal of the service)."""
    return bool(visit_parties(user, visit) & {"team_member", "team_leader"})


def correction_parties(user: User, visit: Visit) -> frozenset[str]:
    """The parties of `monitoring_flow.CORRECTION` on a proposed correction of `visit`: the
    Kasubag Program of the visit's agency."""
    own_agency = user.agency_id == visit.cycle.agency_id
    return (
        frozenset({"kasubag_program"})
        if user.has_role(Role.KASUBAG_PROGRAM) and own_agency
        else frozenset()
    )
