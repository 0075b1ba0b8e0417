"""The second database's run (`--database-tests-only`, decision 0021) keeps every test that can
reach a database: a test is dropped only when pytest-django would refuse it any query."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import exercises_the_backend, uses_the_database


def test_a_test_without_the_database_is_left_to_the_first_run(request: Any) -> None:
    assert not uses_the_database(request.node)
    from django.db import connection

    with pytest.raises(RuntimeError, match="Database access not allowed"):
        connection.cursor().execute("SELECT 1")


@pytest.mark.django_db
def test_a_marked_test_runs_on_both_databases(request: Any) -> None:
    """Also the one test scripts/run-tests runs to migrate a run's template ahead
    (TEMPLATE_TEST there): renamed, the template would be made by the run's first worker."""
    assert uses_the_database(request.node)


def test_a_test_asking_for_the_database_runs_on_both(db: Any, request: Any) -> None:
    assert uses_the_database(request.node)


def test_a_test_whose_fixture_asks_for_the_database_runs_on_both(
    personas: dict[str, Any], request: Any
) -> None:
    assert request.node.get_closest_marker("django_db") is None
    assert uses_the_database(request.node)


def test_a_transactional_test_runs_on_both(transactional_db: Any, request: Any) -> None:
    assert uses_the_database(request.node)


@pytest.mark.django_db
def test_the_narrow_run_keeps_a_test_showing_a_backend_sign(request: Any) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: None)  # a sign: on_commit
    assert exercises_the_backend(request.node)


@pytest.mark.django_db
@pytest.mark.backend_neutral(reason="on_commit here only to show the marker")
def test_the_narrow_run_leaves_out_a_backend_neutral_test(request: Any) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: None)  # the same sign, declared incidental
    assert not exercises_the_backend(request.node)
