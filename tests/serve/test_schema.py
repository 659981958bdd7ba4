"""Property-based fuzzing of the published OpenAPI spec: no generated request may make the server fail (5xx).

Schemathesis draws requests from the app's OpenAPI document — valid and invalid parameter values alike — and calls
the app in process on the seeds database. Writing is excluded: it needs the token and would change the database
under the other tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from marsad.serve.app import create_app

# the spec does not depend on the data: an app that never opens its store is enough to publish it
schema = schemathesis.openapi.from_dict(create_app("spec-only.db").openapi()).exclude(method="POST")


@pytest.fixture(scope="module")
def app(seeds_db: Path):
    return create_app(str(seeds_db))


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_no_request_makes_the_server_fail(case, app) -> None:
    case.call_and_validate(app=app, checks=[not_a_server_error])
