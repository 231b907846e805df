"""`healthmod serve`: the HTTP API (schema-valid verdicts, error codes, limits), the page, the CLI wiring,
and one real server process answering over loopback."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import LAYOUT, PLAIN_BODY
from healthmod.report import SUGGESTIONS
from healthmod.serve import (
    ServeSettings,
    allowed_hosts_for,
    bind_warning,
    create_app,
    is_loopback,
)
from healthmod.verdict import validate

with warnings.catch_warnings():  # starlette announces a move from httpx to httpx2 on import
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

LIMIT = 50_000


@pytest.fixture(scope="module")
def client(pipeline):
    with TestClient(create_app(pipeline, ServeSettings(max_body_bytes=LIMIT))) as c:
        yield c


def check(client: TestClient, payload: Any) -> httpx.Response:
    return client.post("/v1/check", json=payload)


def error_of(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


# --- the verdict -----------------------------------------------------------------------------------


def test_check_text_returns_a_schema_valid_verdict(client):
    response = check(client, {"text": LAYOUT.read_text(encoding="utf-8"), "id": "layout"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    verdict = response.json()
    validate(verdict)
    assert verdict["id"] == "layout"
    assert verdict["status"] == "ok"
    assert verdict["decision"] == "reject"
    missing = {k for k, d in verdict["disclosures"].items() if d["required"] and not d["present"]}
    assert {"medical_advice", "regulatory_status"} <= missing
    # The cleaned text is there and every flagged sentence's offsets point into it.
    text = verdict["text"]
    sentences = verdict["promotional"]["sentences"]
    assert sentences
    for s in sentences:
        assert text[s["start"] : s["end"]] == s["text"]
    # The linter's findings: missing disclosures first, with the shipped wording; one finding per sentence.
    findings = verdict["lint"]["findings"]
    doc = [f for f in findings if f["rule"].startswith("missing-disclosure/")]
    assert findings[: len(doc)] == doc
    by_kind = {f["rule"].split("/")[1]: f for f in doc}
    assert by_kind["medical_advice"]["suggestion"] == SUGGESTIONS["medical_advice"]
    assert by_kind["regulatory_status"]["suggestion"] == SUGGESTIONS["regulatory_status"]
    per_sentence = [f for f in findings if f.get("scope") == "sentence"]
    assert len(per_sentence) == len(sentences)
    for f, s in zip(per_sentence, sentences, strict=True):
        assert s["text"].endswith(f["text"])
        assert f["suggestion"]


def test_check_matches_the_pipeline(client, pipeline):
    text = LAYOUT.read_text(encoding="utf-8")
    direct = pipeline.moderate(text, id="x", include_text=True)
    served = check(client, {"text": text, "id": "x", "lint": False}).json()
    for key in ("decision", "reasons", "promotional", "disclosures", "text"):
        assert served[key] == direct[key], key
    assert "lint" not in served


def test_check_html_and_markdown(client):
    html = (
        "<html><body><article><h1>Miracle joint formula</h1>"
        f"<p>{PLAIN_BODY}</p><p>Our capsules cure arthritis in seven days, guaranteed, with no side effects. "
        "Order now while stocks last!</p></article></body></html>"
    )
    verdict = check(client, {"html": html}).json()
    validate(verdict)
    assert verdict["source"]["format"] == "html"
    assert verdict["promotional"]["sentences"]
    detected = check(client, {"text": html}).json()
    assert detected["source"]["format"] == "html"

    markdown = f"# Walking\n\n**{PLAIN_BODY}**\n\nSee [the study](https://example.org/study) for more.\n"
    verdict = check(client, {"text": markdown}).json()
    validate(verdict)
    assert verdict["source"]["format"] == "markdown"
    assert "**" not in verdict["text"] and "](" not in verdict["text"]
    plain = check(client, {"text": markdown, "format": "text"}).json()
    assert plain["source"]["format"] == "text"


def test_check_without_text(client):
    verdict = check(client, {"text": PLAIN_BODY, "include_text": False}).json()
    validate(verdict)
    assert "text" not in verdict


def test_unmoderatable_input_still_gets_a_verdict(client):
    verdict = check(client, {"text": "   \n  "}).json()
    validate(verdict)
    assert verdict["status"] == "skipped"
    assert verdict["reasons"][0]["code"] == "empty"


# --- errors ------------------------------------------------------------------------------------------


def test_malformed_json_is_400(client):
    response = client.post("/v1/check", content=b'{"text": "unterminated', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


def test_body_not_utf8_is_400(client):
    response = client.post("/v1/check", content=b'{"text": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "malformed_json"


@pytest.mark.parametrize(
    ("payload", "where"),
    [
        ({}, "body"),
        ({"id": "only an id"}, "body"),
        ({"text": "a text", "html": "<p>and html</p>"}, "body"),
        ({"text": 42}, "text"),
        ({"text": ""}, "text"),
        ({"text": "fine", "colour": "blue"}, "colour"),
        ({"text": "fine", "format": "pdf"}, "format"),
        (["text"], "body"),
        ("just a string", "body"),
    ],
)
def test_invalid_request_is_422(client, payload, where):
    response = check(client, payload)
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "invalid_request"
    assert any(d["loc"][-1] == where for d in error["details"]), error


def test_unpaired_surrogate_is_422(client):
    body = b'{"text": "broken \\ud800 text"}'
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None])
def test_wrong_content_type_is_415(client, ctype):
    headers = {"content-type": ctype} if ctype else {}
    response = client.post("/v1/check", content=b'{"text": "hello"}', headers=headers)
    assert response.status_code == 415
    assert error_of(response)["code"] == "unsupported_media_type"


def test_json_with_charset_is_accepted(client):
    body = json.dumps({"text": PLAIN_BODY}).encode()
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json; charset=utf-8"})
    assert response.status_code == 200


def test_body_over_the_limit_is_413(client):
    response = check(client, {"text": "x" * (LIMIT + 1)})
    assert response.status_code == 413
    error = error_of(response)
    assert error["code"] == "payload_too_large"
    assert str(LIMIT) in error["message"]


def test_streamed_body_over_the_limit_is_413(client):
    """No Content-Length (chunked): the limit still holds, counted as the body arrives."""

    def chunks():
        yield b'{"text": "'
        for _ in range(LIMIT // 1000 + 2):
            yield b"y" * 1000
        yield b'"}'

    response = client.post("/v1/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_body_just_under_the_limit_is_accepted(client):
    words = (PLAIN_BODY + " ") * 200
    body = json.dumps({"text": words[: LIMIT - 100]}).encode()
    assert len(body) <= LIMIT
    response = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 200


def test_unknown_route_and_method_are_json(client):
    response = client.get("/v1/nothing")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"
    response = client.get("/v1/check")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_no_route_serves_files(client):
    for path in ("/static/../pyproject.toml", "/static/verdict.schema.json", "/static/%2e%2e/cli.py", "/docs"):
        assert client.get(path).status_code == 404, path


# --- time budget and queue -------------------------------------------------------------------------


class SlowPipeline:
    """Stands in for a Pipeline whose check takes ``delay`` seconds."""

    def __init__(self, real, delay: float):
        self.real, self.delay = real, delay
        self.config, self.provenance = real.config, real.provenance
        self.release = threading.Event()

    def run(self, article, include_text=False):
        self.release.wait(self.delay)
        return self.real.run(article, include_text)


def test_check_over_the_time_budget_is_504(pipeline):
    slow = SlowPipeline(pipeline, delay=5)
    with TestClient(create_app(slow, ServeSettings(timeout_s=0.2))) as c:
        started = time.monotonic()
        response = check(c, {"text": PLAIN_BODY})
        slow.release.set()
        assert time.monotonic() - started < 3
    assert response.status_code == 504
    error = error_of(response)
    assert error["code"] == "timeout"
    assert "0.2 s" in error["message"]


def test_full_queue_is_503(pipeline):
    slow = SlowPipeline(pipeline, delay=10)
    app = create_app(slow, ServeSettings(timeout_s=30, max_pending=1))
    with TestClient(app) as c:
        first = threading.Thread(target=check, args=(c, {"text": PLAIN_BODY}))
        first.start()
        deadline = time.monotonic() + 5
        while app.state.checker.pending < 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        response = check(c, {"text": PLAIN_BODY})
        slow.release.set()
        first.join()
    assert response.status_code == 503
    assert error_of(response)["code"] == "overloaded"


# --- service routes ----------------------------------------------------------------------------------


def test_healthz(client, pipeline):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["model_sha256"] == pipeline.provenance["model_sha256"]
    assert body["profile"] == "platform"


def test_openapi_documents_check(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    post = spec["paths"]["/v1/check"]["post"]
    body_ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = spec["components"]["schemas"][body_ref.rsplit("/", 1)[1]]
    assert {"text", "html", "id", "format"} <= set(request["properties"])
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    verdict = spec["components"]["schemas"][ok.rsplit("/", 1)[1]]
    assert {"decision", "promotional", "disclosures", "lint", "text"} <= set(verdict["properties"])
    for code in ("400", "413", "415", "422", "503", "504"):
        assert code in post["responses"], code
    # Every reference resolves inside the document (the verdict schema's $defs were moved along).
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(spec)))
    for ref in refs:
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.rsplit("/", 1)[1] in spec["components"]["schemas"], ref
    assert "/healthz" in spec["paths"]


def test_page_is_self_contained(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    page = response.text
    assert 'id="draft"' in page and 'id="check"' in page and 'type="file"' in page
    for asset in ("/static/app.js", "/static/app.css"):
        assert asset in page
        assert client.get(asset).status_code == 200
    everything = page + client.get("/static/app.js").text + client.get("/static/app.css").text
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", everything)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", everything)
    assert "innerHTML" not in client.get("/static/app.js").text


def test_unknown_host_is_refused(pipeline):
    settings = ServeSettings(allowed_hosts=allowed_hosts_for("127.0.0.1"))
    with TestClient(create_app(pipeline, settings), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/healthz").status_code == 200
        assert c.get("/healthz", headers={"host": "localhost:8000"}).status_code == 200
        response = c.get("/healthz", headers={"host": "attacker.example:8000"})
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_host"


# --- binding and the command line --------------------------------------------------------------------


def test_loopback_and_warnings():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("192.168.1.10")
    assert bind_warning("127.0.0.1") is None
    for host in ("0.0.0.0", "::"):
        assert "every network interface" in bind_warning(host)
    assert "not a loopback address" in bind_warning("192.168.1.10")
    assert allowed_hosts_for("0.0.0.0") is None


@pytest.fixture
def shared_pipeline(monkeypatch, pipeline):
    """`healthmod serve` run in-process gets the session's loaded Pipeline instead of loading another."""
    monkeypatch.setattr("healthmod.pipeline.Pipeline", lambda *args, **kwargs: pipeline)


@pytest.fixture
def fake_server(monkeypatch, shared_pipeline):
    """Replace the socket and uvicorn so `healthmod serve` can be run in-process without listening."""
    import healthmod.serve as serve_module

    calls: dict[str, Any] = {}

    class FakeSocket:
        def getsockname(self):
            return (calls["host"], 54321)

    def bind(host, port):
        calls.update(host=host, port=port)
        return FakeSocket()

    def run(app, sock, log_level):
        calls.update(app=app, log_level=log_level)

    monkeypatch.setattr(serve_module, "bind_socket", bind)
    monkeypatch.setattr(serve_module, "run_server", run)
    return calls


def test_serve_defaults_to_loopback(run_cli, fake_server):
    result = run_cli("serve")
    assert result.code == 0
    assert fake_server["host"] == "127.0.0.1" and fake_server["port"] == 8000
    assert "warning" not in result.err
    assert "http://127.0.0.1:54321/" in result.out
    assert fake_server["app"].state.settings.max_body_bytes == 2_000_000
    assert fake_server["app"].state.settings.allowed_hosts == {"127.0.0.1", "localhost", "::1"}


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serve_warns_on_all_interfaces(run_cli, fake_server, host):
    result = run_cli("serve", "--host", host, "--port", "9000", "--max-body-bytes", "1000", "--timeout", "3")
    assert result.code == 0
    assert "warning" in result.err and "every network interface" in result.err
    settings = fake_server["app"].state.settings
    assert (settings.max_body_bytes, settings.timeout_s, settings.allowed_hosts) == (1000, 3.0, None)


def test_serve_bad_config_is_exit_2(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("limits:\n  max_artcle_bytes: 5\n", encoding="utf-8")
    result = run_cli("serve", "--config", bad)
    assert result.code == 2
    assert "max_artcle_bytes" in result.err


def test_serve_port_in_use_is_exit_2(run_cli, shared_pipeline):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        result = run_cli("serve", "--port", str(busy.getsockname()[1]))
    assert result.code == 2
    assert "cannot listen" in result.err


@pytest.mark.parametrize("port", ["99999", "-1", "http"])
def test_serve_refuses_a_port_that_is_no_port_number(run_cli, port):
    result = run_cli("serve", "--port", port)
    assert result.code == 2 and "port number" in result.err


# --- a real server process ---------------------------------------------------------------------------


def start_server(exe: Path, *args: str, timeout: float = 120) -> tuple[subprocess.Popen[str], str]:
    """Start `healthmod serve --port 0` and return the process and its base URL once it answers."""
    proc = subprocess.Popen(
        [str(exe), "serve", "--host", "127.0.0.1", "--port", "0", "--log-level", "warning", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"page (http://127\.0\.0\.1:\d+/)", line)
    if not match:
        proc.kill()
        raise AssertionError(f"healthmod serve did not start: {line!r} {proc.stderr.read() if proc.stderr else ''}")
    url = match.group(1)
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("healthmod serve did not answer /healthz")


def stop_server(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_real_server_over_loopback(healthmod_exe):
    proc, url = start_server(healthmod_exe)
    try:
        assert url.startswith("http://127.0.0.1:")
        response = httpx.post(url + "v1/check", json={"text": LAYOUT.read_text(encoding="utf-8")}, timeout=60)
        assert response.status_code == 200
        validate(response.json())
        assert httpx.get(url, timeout=10).status_code == 200
        too_big = httpx.post(url + "v1/check", json={"text": "z" * 2_000_001}, timeout=60)
        assert too_big.status_code == 413
    finally:
        stop_server(proc)
    # uvicorn shuts down gracefully on SIGTERM, then re-raises the signal: the conventional exit status.
    assert proc.returncode in (0, -15)


@pytest.mark.parametrize("command", ["serve", "report"])
def test_help(run_cli, command):
    result = run_cli(command, "--help")
    assert result.code == 0
    assert f"usage: healthmod {command}" in result.out
