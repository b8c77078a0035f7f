"""The ASGI application: search, article, overview and download pages, and a JSON API.

Read-only towards the archive. Every value from the archive reaches HTML
through Jinja2's autoescaping; every filter reaches SQL as a bound parameter.
A bad parameter renders the page with a message (HTTP 400), never a traceback.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from newscrawler.web import i18n, views
from newscrawler.web.auth import TokenMiddleware
from newscrawler.web.params import ParamError, SearchParams, parse, to_query
from storage.db import Database

logger = logging.getLogger(__name__)
HERE = Path(__file__).parent
SECURITY_HEADERS = {
    # Everything the page needs is served from here: no CDN, no inline script.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def templates() -> Environment:
    """The Jinja2 environment, autoescaping every template."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        label=i18n.label,
        number=i18n.number,
        shown_date=i18n.shown_date,
        to_query=to_query,
    )
    return env


class Site:
    """The application's state: the archive and the templates."""

    def __init__(self, db: Database, tz: str) -> None:
        self.db = db
        self.tz = tz
        self.env = templates()
        self.choices = views.Choices()

    def render(self, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def params(self, request: Request) -> tuple[SearchParams | None, str, str | None]:
        """The page's parameters, its language, and an error message (or ``None``)."""
        lang = i18n.language(request.query_params.get("lang"))
        multi = {"site": request.query_params.getlist("site")}
        try:
            return parse(request.query_params, multi, lang), lang, None
        except ParamError as exc:
            return None, lang, str(exc)

    # -- pages -----------------------------------------------------------------

    def search_page(self, request: Request) -> Response:
        params, lang, error = self.params(request)
        context: dict[str, Any] = {"lang": lang, "params": params or SearchParams(lang=lang)}
        with self.db.read_session() as session:
            context["choices"] = self.choices.get(session)
            if params is not None:
                try:
                    context.update(views.results(session, params, self.tz))
                except ValueError as exc:  # a query with no word, a filter it cannot use
                    error = str(exc)
        context["error"] = error
        return self.render("search.html", 400 if error else 200, **context)

    def article_page(self, request: Request) -> Response:
        lang = i18n.language(request.query_params.get("lang"))
        article_id = request.path_params["article_id"]
        with self.db.read_session() as session:
            context = views.article_context(session, article_id)
        if context is None:
            return self.render("error.html", 404, lang=lang, message=i18n.label("not_found", lang))
        return self.render("article.html", lang=lang, **context)

    def overview_page(self, request: Request) -> Response:
        params, lang, error = self.params(request)
        context: dict[str, Any] = {"lang": lang, "params": params or SearchParams(lang=lang)}
        with self.db.read_session() as session:
            try:
                context.update(views.overview(session, params or SearchParams(), self.tz, lang))
            except ValueError as exc:
                error = str(exc)
        context["error"] = error
        return self.render("overview.html", 400 if error else 200, **context)

    def download(self, request: Request) -> Response:
        params, lang, error = self.params(request)
        fmt = request.path_params["fmt"]
        if params is None or fmt not in views.DOWNLOADS:
            message = error or f"unknown format {fmt!r}: csv or jsonl"
            return self.render("error.html", 400, lang=lang, message=message)
        try:
            chunks = views.download_chunks(self.db, params, self.tz, fmt)
        except ValueError as exc:
            return self.render("error.html", 400, lang=lang, message=str(exc))
        media, name = views.DOWNLOADS[fmt]
        headers = {"Content-Disposition": f'attachment; filename="{name}"', **SECURITY_HEADERS}
        return StreamingResponse(chunks, media_type=media, headers=headers)

    # -- API -------------------------------------------------------------------

    def api_search(self, request: Request) -> Response:
        params, _, error = self.params(request)
        if params is None:
            return JSONResponse({"error": error}, status_code=400)
        with self.db.read_session() as session:
            try:
                data = views.results(session, params, self.tz)
            except ValueError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(views.api_results(data))

    def api_article(self, request: Request) -> Response:
        with self.db.read_session() as session:
            context = views.article_context(session, request.path_params["article_id"])
        if context is None:
            return JSONResponse({"error": "no such article"}, status_code=404)
        return JSONResponse(views.api_article(context))

    def openapi(self, request: Request) -> Response:
        return JSONResponse(views.openapi_schema())


def create_app(db: Database, *, token: str | None = None, tz: str = "Asia/Dhaka") -> Starlette:
    """The application over an open archive; ``token`` (if set) is required on every request."""
    site = Site(db, tz)
    routes = [
        Route("/", site.search_page, name="search"),
        Route("/article/{article_id:int}", site.article_page, name="article"),
        Route("/overview", site.overview_page, name="overview"),
        Route("/download.{fmt}", site.download, name="download"),
        Route("/api/search", site.api_search, name="api_search"),
        Route("/api/articles/{article_id:int}", site.api_article, name="api_article"),
        Route("/api/openapi.json", site.openapi, name="openapi"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [Middleware(TokenMiddleware, token=token)] if token else []
    return Starlette(routes=routes, middleware=middleware, exception_handlers={
        404: lambda request, exc: site.render(
            "error.html", 404, lang="bn", message=i18n.label("not_found", "bn")
        ),
        500: lambda request, exc: site.render(
            "error.html", 500, lang="bn", message="internal error: see the server's log"
        ),
    })  # fmt: skip
