"""The API fuzzed from its own OpenAPI document (schemathesis): whatever a client sends, the
answer is never a 5xx. Writes are sent with an administrator's token, so the fuzzing reaches
the services behind the role checks, not only the 401."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from parity.wsgi import application

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

MAX_EXAMPLES = 25  # per operation: one to two minutes for the whole API


@pytest.fixture
def one_connection():
    """Keep the test's database connection across requests, as Django's test client does:
    the WSGI handler would close it at each request (it is inside the test's transaction, so
    not in autocommit), and on PostgreSQL the next query would find it closed."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(one_connection, users, tokens, activities, settings, tmp_path):
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
