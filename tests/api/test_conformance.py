"""Schema-driven test of the whole API: schemathesis generates requests from the OpenAPI
schema, valid and not, and every answer must have a documented status, the documented content
type and a body that fits the documented schema, and never be a 5xx.

Bounded: EXAMPLES_PER_OPERATION requests per operation, derandomized so every run sends the
same ones (about three minutes in all on 2 cores). The app runs without its lifespan: jobs are
queued, not run.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from landbridge.api import Settings, create_app

EXAMPLES_PER_OPERATION = 8
#: Seconds an answer may take. The test checks what is answered, not how fast (benchmarks/
#: measure speed): a 10,000-sample comparison took over schemathesis' default 10 s on a
#: 2-core machine busy with other work.
ANSWER_TIMEOUT_S = 120


def _schema() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="landbridge-conformance-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    app = create_app(Settings(db_url=f"sqlite:///{folder / 'lb.sqlite3'}"))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = _schema()


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_answer_conforms_to_the_schema(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance,
                                   content_type_conformance, response_schema_conformance],
                           timeout=ANSWER_TIMEOUT_S)
