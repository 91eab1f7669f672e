"""The whole portal on one machine: moto as AWS, the Chalice app behind a local gateway, the built
site, and the workers fed by their queues. ``make run`` starts it; Ctrl-C stops everything.

    python -m dev.local_stack [--port 8000] [--moto-port 5055] [--no-demo] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import logging
import mimetypes
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "static-site" / "dist"
PARKED_MAIL_SWEEP_SECONDS = 30
"""The notifier's sweep of e-mails parked while SQS was down (five minutes in AWS)."""
LOCAL_ENVIRONMENT = {
    "STAGE": "local",
    "AWS_ACCESS_KEY_ID": "local",
    "AWS_SECRET_ACCESS_KEY": "local",
    "AWS_DEFAULT_REGION": "us-east-1",
    "TABLE_PREFIX": "coopac-local-",
}


def configure_environment(moto_port: int, site_url: str) -> None:
    """Before any app module is imported: models read table names at import time."""
    os.environ.update(LOCAL_ENVIRONMENT)
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{moto_port}"
    os.environ["SITE_URL"] = site_url
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        os.environ.pop(name, None)


class LocalStack:
    """Everything ``make run`` starts, in this process; ``stop`` undoes it."""

    def __init__(self, port: int, moto_port: int, load_demo: bool) -> None:
        self.port = port
        self.moto_port = moto_port
        self.load_demo = load_demo
        self.url = f"http://127.0.0.1:{port}"
        self._moto: Any = None
        self._background: list[Any] = []
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> None:
        configure_environment(self.moto_port, self.url)
        from dev.s3_post_policy import GuardedMotoServer

        # moto reads no POST policy: the guard refuses an upload over the form's size limit
        # (and a wrong key or content type) as S3 does.
        self._moto = GuardedMotoServer(self.moto_port, allowed_origin=self.url)
        self._moto.start()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's per-request lines

        from app import app
        from chalicelib.domain.accounts.member_alerts import ALERTS_LIMA_HOUR
        from chalicelib.domain.admin.daily_summary import DAILY_SUMMARY_LIMA_HOUR
        from chalicelib.handlers.alerts import alerts
        from chalicelib.handlers.import_worker import import_worker
        from chalicelib.handlers.notifier import notifier
        from chalicelib.settings import settings
        from chalicelib.store.shared.aws import client
        from dev import resources
        from dev.gateway import ApiGateway
        from dev.queue_poller import QueuePoller, drain
        from dev.scheduler import DailyAtLimaHour, Schedule, member_alerts_event

        resources.ensure_all()
        sqs = client("sqs")
        imports_queue = sqs.get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
        mail_queue = sqs.get_queue_url(QueueName=settings().notifications_queue_name)["QueueUrl"]
        if self.load_demo:
            from dev import seed

            seed.upload_core_system_files()
            drain(imports_queue, import_worker)
            seed.create_demo_users()
            from dev.demo_holidays import load_demo_holidays

            load_demo_holidays()
            from dev.credit_products import load_demo_credit_products

            load_demo_credit_products()
            seed.set_demo_routing()
            from dev.public_content import load_demo_public_content

            load_demo_public_content()
        self._background = [QueuePoller(imports_queue, import_worker),
                            QueuePoller(mail_queue, notifier),
                            Schedule("notifier", notifier, every_seconds=PARKED_MAIL_SWEEP_SECONDS),
                            DailyAtLimaHour("summary", notifier, DAILY_SUMMARY_LIMA_HOUR),
                            DailyAtLimaHour("alerts", alerts, ALERTS_LIMA_HOUR,
                                            event=member_alerts_event)]
        for worker in self._background:
            worker.start()

        handler = _handler_class(ApiGateway(app))
        self._server = _Server(("127.0.0.1", self.port), handler)
        threading.Thread(target=self._server.serve_forever, daemon=True, name="http").start()

    def stop(self) -> None:
        for worker in self._background:
            worker.stop()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._moto:
            self._moto.stop()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """socketserver's default backlog of 5 overflows when many clients connect while the
    requests are busy (the load test's 60 users): the kernel then resets connections."""


def _handler_class(gateway: Any) -> type[BaseHTTPRequestHandler]:
    return type("BoundLocalHandler", (LocalHandler,), {"gateway": gateway})


class LocalHandler(BaseHTTPRequestHandler):
    """Site files, ``/api/*`` through the gateway, ``/dev/outbox``; security headers on all."""

    server_version = "coopac-local"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    gateway: Any = None

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if os.environ.get("LOCAL_STACK_QUIET") != "1":
            super().log_message(format, *args)

    def _send(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        from chalicelib.web_security import security_headers

        # The admin's browser POSTs CSV files straight to the imports bucket (moto here).
        moto_origin = os.environ.get("AWS_ENDPOINT_URL", "")

        self.send_response(status)
        names = {name.lower() for name, _ in headers}
        for name, value in headers:
            if name.lower() not in ("content-length", "connection"):
                self.send_header(name, value)
        for name, value in security_headers((moto_origin,) if moto_origin else ()).items():
            if name.lower() not in names:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        body = self._body()
        if path.startswith("/api/") or path == "/api":
            headers = _as_cloudfront_forwards(dict(self.headers.items()), self.client_address)
            answer = self.gateway.handle(self.command, self.path, headers, body or None)
            self._send(answer.status, answer.headers, answer.body)
        elif path == "/dev/outbox" and self.command == "GET":
            self._send_outbox()
        elif path == "/dev/jobs/alerts" and self.command == "POST":
            self._run_alerts_job()
        elif self.command in ("GET", "HEAD"):
            self._serve_site(path)
        else:
            self._send(405, [("Content-Type", "text/plain; charset=utf-8")], b"Method Not Allowed")

    def _send_outbox(self) -> None:
        from dev.local_outbox import sent_emails

        payload = json.dumps({"items": sent_emails()}, ensure_ascii=False).encode()
        self._send(200, [("Content-Type", "application/json; charset=utf-8"),
                         ("Cache-Control", "no-store")], payload)

    def _run_alerts_job(self) -> None:
        """Plays the alerts function's 07:00 rule now (the manual walk and browser tests): its
        answer says what it sent; the e-mails reach ``/dev/outbox`` through the queue."""
        from chalicelib.handlers.alerts import alerts
        from dev.scheduler import member_alerts_event

        payload = json.dumps(alerts(member_alerts_event(), None)).encode()
        self._send(200, [("Content-Type", "application/json; charset=utf-8"),
                         ("Cache-Control", "no-store")], payload)

    def _serve_site(self, path: str) -> None:
        target = _site_file(path)
        if target is None:
            self._send(404, [("Content-Type", "text/plain; charset=utf-8")], b"Not found")
            return
        if not target.is_file():
            self._send(503, [("Content-Type", "text/plain; charset=utf-8")],
                       "El sitio no está construido: ejecute «make site».".encode())
            return
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        cache = "no-cache" if target.name == "index.html" else "public, max-age=31536000, immutable"
        from dev.edge_compression import site_file_answer

        encoding, body = site_file_answer(target, content_type,
                                          self.headers.get("Accept-Encoding", ""))
        self._send(200, [("Content-Type", content_type), ("Cache-Control", cache), *encoding],
                   body)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _dispatch


VIEWER_ADDRESS_HEADER = "CloudFront-Viewer-Address"


def _as_cloudfront_forwards(headers: dict[str, str], peer: tuple[Any, ...]) -> dict[str, str]:
    """The request's headers as CloudFront passes them to the API: its own viewer-address header
    from the connection's real peer (``ip:port``), any copy the client sent dropped. A load test
    gives each user its own address by connecting from its own loopback address (127.0.0.0/8)."""
    forwarded = {name: value for name, value in headers.items()
                 if name.lower() != VIEWER_ADDRESS_HEADER.lower()}
    forwarded[VIEWER_ADDRESS_HEADER] = f"{peer[0]}:{peer[1]}"
    return forwarded


def _site_file(path: str) -> Path | None:
    """The file for ``path``; ``index.html`` for a deep link; None for a missing asset."""
    site = SITE_DIR.resolve()
    target = (SITE_DIR / path.lstrip("/")).resolve()
    if (site in target.parents or target == site) and target.is_file():
        return target
    if "." in path.rsplit("/", 1)[-1]:
        return None
    return SITE_DIR / "index.html"  # the SPA routes it


BANNER = """
  COOPAC PETROPERÚ · portal de socios (local)
  ─────────────────────────────────────────────
  Sitio y API:  {url}
  Correos:      {url}/dev/outbox
  Alertas:      POST {url}/dev/jobs/alerts (el trabajo diario de las 07:00, ahora)
{logins}
  Para probar el registro: DNI 40000100 a 40000199, nacidos el 1990-01-01 más
  (DNI − 40000100) días (p. ej. 40000150 → 20/02/1990). El enlace llega al correo
  registrado, socio<DNI>@demo.coopac.pe; del 40000190 al 40000199 no tienen correo:
  un operador genera su código en «Códigos de registro».
  Ctrl-C detiene todo.
"""


def banner(url: str) -> str:
    from dev.demo_data import DEMO_USERS

    lines = ["  Accesos de demostración:"]
    for user in DEMO_USERS:
        totp = f"  TOTP {user.totp_secret}" if user.totp_secret else ""
        lines.append(f"    {user.role:<12} {user.email:<28} {user.password}{totp}")
    return BANNER.format(url=url, logins="\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--moto-port", type=int, default=5055)
    parser.add_argument("--no-demo", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.quiet:
        os.environ["LOCAL_STACK_QUIET"] = "1"
    logging.basicConfig(level=logging.WARNING)
    stack = LocalStack(args.port, args.moto_port, load_demo=not args.no_demo)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        stack.start()
        print(banner(stack.url), flush=True)
        while not stopping.is_set():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        print("\nDeteniendo el stack local…", file=sys.stderr, flush=True)
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
