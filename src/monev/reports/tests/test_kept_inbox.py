"""The home page keeps each user's inbox per data token: a report write replaces the token, so
the discussion item appears the moment the discussion opens and goes when it closes (tested
with committed transactions, as the pages see them)."""

from __future__ import annotations

from typing import Any

import pytest

from monev.core import inbox
from monev.reports import services


@pytest.mark.django_db(transaction=True)
def test_the_kept_inbox_follows_the_reports_discussion(at_step9: Any, personas: Any) -> None:
    report, kasubag = at_step9, personas["kasubag"]
    kabid = personas["kabid.koperasi"]
    user_model = type(kabid)

    def discussion_items() -> list[str]:
        fresh = user_model.objects.get(pk=kabid.pk)  # a new request's user
        return [i.url for i in inbox.items_for(fresh) if "#versi-" in i.url]

    assert discussion_items() == [] == discussion_items()
    services.discussion_open(actor=kasubag, report=report)
    assert len(discussion_items()) == 1 and discussion_items()[0].endswith("#versi-1")
    services.discussion_close(actor=kasubag, report=report)
    assert discussion_items() == []
