"""The API fuzzed from its own OpenAPI document (schemathesis): whatever a client sends, the
answer is never a 5xx. Writes are sent with an administrator's token, so the fuzzing reaches
the services behind the role checks, not only the 401."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from parity.wsgi import application

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

MAX_EXAMPLES = 25  # per operation: one to two minutes for the whole API


@pytest.fixture
def world(users, tokens, activities, settings, tmp_path):
    """Data for the fuzzer to hit: activities, a review, an import run; uploads under tmp."""
    from parity.activities.models import ImportRun
    from parity.mainstreaming import services

    settings.DATA_DIR = tmp_path
    services.review_start(activities[0], "planning", users["editor"])
    ImportRun.objects.create(status=ImportRun.FAILED, upload="uploads/none.xml")
    return {"Authorization": f"Bearer {tokens['administrator']}"}


@pytest.mark.django_db(transaction=False)
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_never_answers_5xx(case, world):
    case.call_and_validate(headers=world, checks=[not_a_server_error])
