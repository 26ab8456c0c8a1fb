"""The map page, its files, the npm-installed assets, and the API docs page.

Every file served is named in an allow-list here: a request picks an entry by name and never
builds a path. The npm assets (Natural Earth country shapes from ``world-atlas``, the
``topojson-client`` decoder, Swagger UI) are installed into ``landbridge/web/node_modules`` by
``npm ci --prefix src/landbridge/web`` before ``pip install``; without them the page still
works, without country outlines.
"""

from __future__ import annotations

import logging
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from landbridge.api.problems import ApiError

__all__ = ["basemap_installed", "router", "web_dir"]

log = logging.getLogger(__name__)

router = APIRouter(include_in_schema=False)

_STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "breakeven.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
_VENDOR = {
    "countries-50m.json": ("node_modules/world-atlas/countries-50m.json", "application/json"),
    "topojson-client.min.js": ("node_modules/topojson-client/dist/topojson-client.min.js",
                               "text/javascript; charset=utf-8"),
    "swagger-ui-bundle.js": ("node_modules/swagger-ui-dist/swagger-ui-bundle.js",
                             "text/javascript; charset=utf-8"),
    "swagger-ui.css": ("node_modules/swagger-ui-dist/swagger-ui.css", "text/css; charset=utf-8"),
    "favicon-32x32.png": ("node_modules/swagger-ui-dist/favicon-32x32.png", "image/png"),
}
_PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
                "frame-ancestors 'none'")
_NO_CACHE = {"cache-control": "no-cache"}
NPM_HINT = "npm ci --prefix src/landbridge/web (from a source checkout, before pip install)"


def web_dir() -> FilePath:
    """The folder of the page's files inside the installed package."""
    return FilePath(__file__).resolve().parents[2] / "web"


def _vendor_path(name: str) -> FilePath:
    return web_dir() / _VENDOR[name][0]


def basemap_installed() -> bool:
    """Whether the country shapes and their decoder are installed (by ``npm ci``)."""
    return all(_vendor_path(n).is_file() for n in ("countries-50m.json",
                                                   "topojson-client.min.js"))


@router.get("/")
def index() -> FileResponse:
    """The map page."""
    return FileResponse(web_dir() / "index.html", media_type="text/html; charset=utf-8",
                        headers={**_NO_CACHE, "content-security-policy": _PAGE_POLICY})


@router.get("/static/{name}")
def static(name: Annotated[str, Path(max_length=40)]) -> FileResponse:
    if name not in _STATIC:
        raise ApiError(404, "not_found", f"no file {name!r}")
    return FileResponse(web_dir() / name, media_type=_STATIC[name], headers=_NO_CACHE)


@router.get("/vendor/{name}")
def vendor(name: Annotated[str, Path(max_length=40)]) -> FileResponse:
    if name not in _VENDOR:
        raise ApiError(404, "not_found", f"no file {name!r}")
    path = _vendor_path(name)
    if not path.is_file():
        raise ApiError(404, "not_installed", f"{name} is not installed; run {NPM_HINT}")
    return FileResponse(path, media_type=_VENDOR[name][1],
                        headers={"cache-control": "public, max-age=86400"})


@router.get("/docs")
def docs() -> HTMLResponse:
    """Swagger UI over ``/openapi.json``, from the npm-installed copy (no internet needed);
    from FastAPI's default CDN if it is not installed."""
    title = "landbridge API"
    if not _vendor_path("swagger-ui-bundle.js").is_file():
        return get_swagger_ui_html(openapi_url="/openapi.json", title=title)
    return get_swagger_ui_html(openapi_url="/openapi.json", title=title,
                               swagger_js_url="/vendor/swagger-ui-bundle.js",
                               swagger_css_url="/vendor/swagger-ui.css",
                               swagger_favicon_url="/vendor/favicon-32x32.png")
