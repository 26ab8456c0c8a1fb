"""The landbridge web service (FastAPI): the REST API, long jobs, saved plans, the map page.

A thin interface over the Python API: every endpoint calls the same functions as the
``landbridge`` command, so both give the same answers. Start it with ``landbridge serve``, or::

    import uvicorn
    from landbridge.api import Settings, create_app
    uvicorn.run(create_app(Settings(db_url="sqlite:///landbridge.sqlite3")))

Layout: :mod:`~landbridge.api.app` (the app factory), :mod:`~landbridge.api.settings`,
:mod:`~landbridge.api.schemas` (request and response bodies), ``endpoints/`` (one router per
concern), :mod:`~landbridge.api.jobs` (job kinds and worker processes),
:mod:`~landbridge.api.jobkinds` (the registered kinds), :mod:`~landbridge.api.store`
(SQLAlchemy persistence).
"""

from landbridge.api.app import create_app
from landbridge.api.jobkinds import JOB_KINDS
from landbridge.api.jobs import JobKind, Progress
from landbridge.api.settings import Settings

__all__ = ["JOB_KINDS", "JobKind", "Progress", "Settings", "create_app"]
