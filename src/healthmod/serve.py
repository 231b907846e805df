"""`healthmod serve`: a local web page for publishers and an HTTP API for content systems.

One :class:`~healthmod.pipeline.Pipeline` (one loaded model) serves every request. Routes:

- ``GET /``: the page: paste or upload a draft, see its promotional sentences highlighted by
  category with their explanation and a rewording hint, the missing disclosures (first) with
  wording to copy, and the decision. Plain HTML, CSS and vanilla JS served from the package; no
  CDN, no network.
- ``POST /v1/check``: ``{"text": ...}`` or ``{"html": ...}`` (optional ``id``, ``format``) in, the
  verdict out, as ``healthmod check --format json --include-text`` writes it (the cleaned text
  under ``text``, the linter's findings with suggestions under ``lint``); it follows
  ``verdict.schema.json``.
- ``GET /healthz``; ``GET /openapi.json`` (request and response documented; the verdict's JSON
  Schema is in ``components.schemas.Verdict``).

Limits: a request body cap (413), JSON only (415), a clear 400/422 for malformed or invalid
input, a per-request time budget (504) and a bounded queue (503), all answered as JSON
``{"error": {"code", "message"}}``. Hosts other than the bound one are refused (a guard against
DNS rebinding). No route reads a file named by the client.
"""

from __future__ import annotations

import asyncio
import copy
import ipaddress
import json
import socket
import sys
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .document import Article
from .html import looks_like_html
from .markup import looks_like_markdown
from .verdict import schema as verdict_schema

DEFAULT_MAX_BODY_BYTES = 2_000_000
DEFAULT_TIMEOUT_S = 10.0
DEFAULT_MAX_PENDING = 32
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
WILDCARD_HOSTS = {"0.0.0.0", "::", ""}

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


# --- request model ------------------------------------------------------------------------------


class CheckRequest(BaseModel):
    """A draft to check: exactly one of ``text`` and ``html``."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"text": "Our miracle capsules cure arthritis in seven days, with no side effects. Order now!"},
                {"html": "<article><h1>Knee pain</h1><p>Exercise helps many people.</p></article>", "id": "a1"},
            ]
        },
    )

    text: str | None = Field(
        None, min_length=1, description="The draft as plain text or Markdown (or HTML, detected with format auto)."
    )
    html: str | None = Field(None, min_length=1, description="The draft as an HTML page or fragment.")
    id: str = Field("draft", min_length=1, max_length=500, description="The verdict's id.")
    format: Literal["auto", "text", "markdown", "html"] = Field(
        "auto",
        description="How to read `text`: auto detects HTML and Markdown; `html` input is always read as HTML.",
    )
    include_text: bool = Field(True, description="Add the cleaned text (`text`), which sentence offsets refer to.")
    lint: bool = Field(True, description="Add the linter's findings with positions and suggestions (`lint`).")

    @field_validator("text", "html", "id")
    @classmethod
    def _encodable(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError("contains an unpaired surrogate (not valid Unicode text)") from exc
        return value

    @model_validator(mode="after")
    def _one_input(self) -> CheckRequest:
        if (self.text is None) == (self.html is None):
            raise ValueError('give exactly one of "text" and "html"')
        return self


class ErrorBody(BaseModel):
    code: str = Field(description="payload_too_large, unsupported_media_type, malformed_json, invalid_request, ...")
    message: str
    details: list[dict[str, Any]] | None = None


class ErrorResponse(BaseModel):
    error: ErrorBody


class ServeError(Exception):
    """The server cannot start (the address is in use, not available, not permitted)."""


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status)


# --- the work -------------------------------------------------------------------------------------


def check_document(pipeline: Any, req: CheckRequest) -> dict[str, Any]:
    """The verdict of one draft, as `healthmod check --format json --include-text` writes it."""
    from .lint import lint, to_json

    if req.html is not None:
        content, is_html, fmt = req.html, True, "html"
    else:
        content = req.text or ""
        fmt = req.format
        if fmt == "auto":
            fmt = "html" if looks_like_html(content) else "markdown" if looks_like_markdown(content) else "text"
        is_html = fmt == "html"
    article = Article(id=req.id, raw=content, is_html=is_html, source={"format": fmt, "path": None})
    verdict = pipeline.run(article, include_text=True)
    data = to_json(lint(article, verdict, pipeline.config)) if req.lint else verdict
    if not req.include_text:
        data.pop("text", None)
    return data


class Checker:
    """Runs checks on one worker thread (one pipeline, used by one thread at a time), with a time
    budget per request and a bounded number of requests waiting."""

    def __init__(self, pipeline: Any, timeout_s: float, max_pending: int):
        self.pipeline = pipeline
        self.timeout_s = timeout_s
        self.max_pending = max_pending
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthmod-check")
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return self._pending

    def _done(self, _future: Any) -> None:
        with self._lock:
            self._pending -= 1

    async def __call__(self, req: CheckRequest) -> dict[str, Any]:
        with self._lock:
            if self._pending >= self.max_pending:
                raise ApiError(503, "overloaded", f"{self._pending} checks are already waiting; try again shortly.")
            self._pending += 1
        future = self.executor.submit(check_document, self.pipeline, req)
        future.add_done_callback(self._done)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except TimeoutError:
            future.cancel()  # a check still waiting for the worker never starts
            raise ApiError(
                504, "timeout", f"The check did not finish within the time budget of {self.timeout_s:g} s."
            ) from None

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


# --- the ASGI guard: hosts, content type, body size ----------------------------------------------


def _host_name(header: str) -> str:
    """The host of a Host header, without port and brackets, lower-cased."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Guard:
    """Pure ASGI middleware, outermost: refuses unknown Host headers (400), non-JSON bodies on the JSON
    routes (415) and bodies over ``max_body_bytes`` (413) before the application sees the request.
    The body is read here, up to the limit, and handed on in one piece."""

    def __init__(self, app: Any, max_body_bytes: int, json_routes: set[str], allowed_hosts: set[str] | None):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.json_routes = json_routes
        self.allowed_hosts = allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None and _host_name(headers.get("host", "")) not in self.allowed_hosts:
            await self._reject(scope, receive, send, 400, "invalid_host", "This server does not answer for that host.")
            return
        if scope["method"] == "POST" and scope["path"] in self.json_routes:
            ctype = headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype != "application/json" and not ctype.endswith("+json"):
                await self._reject(
                    scope,
                    receive,
                    send,
                    415,
                    "unsupported_media_type",
                    f"Send the request body as JSON (Content-Type: application/json), not {ctype or 'no type'}.",
                )
                return
        length = headers.get("content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_body_bytes):
            if length.strip().isdigit():
                await self._too_large(scope, receive, send)
            else:
                await self._reject(scope, receive, send, 400, "bad_request", "Invalid Content-Length header.")
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body_bytes:
                await self._too_large(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        if scope["path"] in self.json_routes:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError as exc:
                message = f"The request body is not valid JSON: not UTF-8 at byte {exc.start}."
                await self._reject(scope, receive, send, 400, "malformed_json", message)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._reject(
            scope,
            receive,
            send,
            413,
            "payload_too_large",
            f"The request body is over the limit of {self.max_body_bytes} bytes (healthmod serve --max-body-bytes).",
        )

    @staticmethod
    async def _reject(scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str) -> None:
        await error_response(status, code, message)(scope, receive, send)


# --- the application ------------------------------------------------------------------------------


@dataclass
class ServeSettings:
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_pending: int = DEFAULT_MAX_PENDING
    allowed_hosts: set[str] | None = None  # None: any Host header (tests; a server bound to all interfaces)


def _web_asset(name: str) -> str:
    return resources.files("healthmod").joinpath("web", name).read_text(encoding="utf-8")


PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def _openapi_verdict_schemas() -> dict[str, Any]:
    """The verdict's JSON Schema as OpenAPI components: Verdict, plus its $defs as Verdict_<name>."""
    source = copy.deepcopy(verdict_schema())
    defs = source.pop("$defs", {})
    for key in ("$schema", "$id"):
        source.pop(key, None)
    text = json.dumps({"Verdict": source, **{f"Verdict_{k}": v for k, v in defs.items()}})
    for name in defs:
        text = text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/Verdict_{name}"')
    return json.loads(text)


def create_app(pipeline: Any, settings: ServeSettings | None = None) -> FastAPI:
    """The FastAPI application around one loaded ``pipeline``."""
    settings = settings or ServeSettings()
    checker = Checker(pipeline, settings.timeout_s, settings.max_pending)
    page = {name: _web_asset(name) for name in ("index.html", "app.js", "app.css")}

    @asynccontextmanager
    async def lifespan(_app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        checker.close()

    app = FastAPI(
        title="healthmod",
        version=__version__,
        description="Moderation of health articles: promotional language, missing disclosures and a decision "
        "(pass, review or reject) for a draft. POST a draft to /v1/check; the page at / does the same for people.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN: not served. /openapi.json is.
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.checker = checker
    app.state.settings = settings

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            detail = next(e for e in errors if e.get("type") == "json_invalid")
            message = (detail.get("ctx") or {}).get("error") or detail.get("msg", "")
            return error_response(400, "malformed_json", f"The request body is not valid JSON: {message}")
        details = [
            {"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", ""), "type": e.get("type", "")}
            for e in errors
        ]
        summary = "; ".join(f"{'.'.join(d['loc'][1:]) or 'body'}: {d['message']}" for d in details)
        return error_response(422, "invalid_request", f"The request is not a valid check request: {summary}", details)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed", 400: "bad_request"}
        response = error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(page["index.html"], headers=PAGE_HEADERS)

    @app.get("/static/app.js", include_in_schema=False)
    async def app_js() -> Response:
        return Response(page["app.js"], media_type="text/javascript; charset=utf-8", headers=PAGE_HEADERS)

    @app.get("/static/app.css", include_in_schema=False)
    async def app_css() -> Response:
        return Response(page["app.css"], media_type="text/css; charset=utf-8", headers=PAGE_HEADERS)

    @app.get("/healthz", summary="Liveness, with the loaded model and config", tags=["service"])
    async def healthz() -> dict[str, Any]:
        return {
            "status": "ok",
            "healthmod_version": __version__,
            "model_sha256": pipeline.provenance.get("model_sha256"),
            "config_sha256": pipeline.provenance.get("config_sha256"),
            "profile": pipeline.provenance.get("profile"),
            "pending": checker.pending,
        }

    error_docs: dict[int | str, dict[str, Any]] = {
        400: {"model": ErrorResponse, "description": "Malformed JSON (code malformed_json) or a bad header."},
        413: {"model": ErrorResponse, "description": f"Body over the size limit ({settings.max_body_bytes} bytes)."},
        415: {"model": ErrorResponse, "description": "The body is not application/json."},
        422: {"model": ErrorResponse, "description": "Valid JSON but not a check request (missing or extra field)."},
        503: {"model": ErrorResponse, "description": "Too many checks waiting."},
        504: {"model": ErrorResponse, "description": f"The check took over {settings.timeout_s:g} s."},
    }

    @app.post(
        "/v1/check",
        summary="Check one draft",
        description="The verdict of one draft (plain text, Markdown or HTML), as `healthmod check --format json "
        "--include-text` writes it: status, decision and reasons, flagged sentences with categories, cues and "
        "offsets into `text` (the cleaned text), every disclosure (required, present, trigger, evidence), removed "
        "boilerplate, and under `lint` the findings with positions in the draft and suggestions. An input that "
        "cannot be moderated (empty, no body, not English, over limits.max_article_bytes) still gets a verdict, "
        "with status skipped or error.",
        tags=["check"],
        responses={
            200: {
                "description": "The verdict (verdict.schema.json).",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Verdict"}}},
            },
            **error_docs,
        },
    )
    async def check(payload: CheckRequest) -> JSONResponse:
        return JSONResponse(await checker(payload))

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            spec = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            spec.setdefault("components", {}).setdefault("schemas", {}).update(_openapi_verdict_schemas())
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    app.add_middleware(
        Guard,  # type: ignore[arg-type]
        max_body_bytes=settings.max_body_bytes,
        json_routes={"/v1/check"},
        allowed_hosts=settings.allowed_hosts,
    )
    return app


# --- running it -----------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """The warning to print when ``host`` is not a loopback address; None when it is."""
    if is_loopback(host):
        return None
    if host in WILDCARD_HOSTS:
        return (
            f"healthmod serve: warning: listening on {host or 'all interfaces'} (every network interface): anyone "
            "who can reach this machine can use the page and the API. There is no authentication; bind to "
            "127.0.0.1 (the default) unless a reverse proxy in front of it controls access."
        )
    return (
        f"healthmod serve: warning: listening on {host}, which is not a loopback address: other machines can use "
        "the page and the API. There is no authentication."
    )


def allowed_hosts_for(host: str) -> set[str] | None:
    """The Host header values to answer for: loopback names when bound to loopback, else any."""
    if is_loopback(host):
        return LOOPBACK_NAMES | {host.strip("[]").lower()}
    return None


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (port 0: a free port chosen by the system)."""
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, socktype, proto, _name, address = infos[0]
    sock = socket.socket(family, socktype, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def url_for(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "::"):
        shown = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
    return f"http://{shown}:{port}/"


def run_server(app: FastAPI, sock: socket.socket, log_level: str = "info") -> None:
    import uvicorn

    config = uvicorn.Config(app, log_level=log_level, access_log=log_level == "debug", timeout_keep_alive=5)
    uvicorn.Server(config).run(sockets=[sock])


def serve(
    pipeline: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    settings: ServeSettings | None = None,
    log_level: str = "info",
) -> None:
    """Bind, print the page's address, and serve until interrupted."""
    settings = settings or ServeSettings()
    if settings.allowed_hosts is None:
        settings.allowed_hosts = allowed_hosts_for(host)
    warning = bind_warning(host)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    try:
        sock = bind_socket(host, port)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    app = create_app(pipeline, settings)
    url = url_for(sock)
    print(f"healthmod serve: page {url}  API POST {url}v1/check  OpenAPI {url}openapi.json", flush=True)
    run_server(app, sock, log_level)
