"""An optional shared secret for every request, for serving beyond one machine.

The token is accepted from an ``Authorization: Bearer`` header, a ``token``
query parameter (a link a colleague can open; it then sets a cookie so the
page's own links work) or that cookie. Comparison is constant-time.
"""

from __future__ import annotations

import hmac

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp

COOKIE = "newscrawler_token"


class TokenMiddleware(BaseHTTPMiddleware):
    """Answers 401 to any request that does not carry the token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        super().__init__(app)
        self.token = token.encode("utf-8")

    def _given(self, request: Request) -> tuple[str, bool]:
        header = request.headers.get("authorization", "")
        if header.lower().startswith("bearer "):
            return header[7:].strip(), False
        if "token" in request.query_params:
            return request.query_params["token"], True
        return request.cookies.get(COOKIE, ""), False

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        given, from_query = self._given(request)
        if not hmac.compare_digest(given.encode("utf-8"), self.token):
            return PlainTextResponse(
                "401: this archive needs a token (?token=... or Authorization: Bearer ...)",
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        response = await call_next(request)
        if from_query:
            response.set_cookie(COOKIE, given, httponly=True, samesite="strict")
        return response
