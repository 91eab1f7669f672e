"""Lighthouse on a phone: the login page and the member's Inicio after sign-in.

Lighthouse (``static-site``'s pinned devDependency) drives Debian's Chromium headless with its
defaults: a mobile device and simulated throttling (slow 4G, 4× CPU). The local stack
(``tests/stack.py``) serves the built site compressed as CloudFront does, on 127.0.0.1 only;
Inicio is measured with the session cookie of a sign-in through the API, passed as an extra
header. Each page runs ``LIGHTHOUSE_RUNS`` times (3) and prints the run with the median LCP:
performance and accessibility scores, largest contentful paint and the bytes transferred.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path

from bench.figures import Figures

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "static-site"
LIGHTHOUSE = SITE / "node_modules" / ".bin" / "lighthouse"
RUN_TIMEOUT_SECONDS = 180
MEMBER = ("socio@demo.coopac.pe", "Socio-Demo-2026")
SESSION_COOKIE = "__Host-coopac_session"
PAGES = (("login", "/login", False), ("member's Inicio", "/inicio", True))


@dataclass(frozen=True)
class PageScore:
    performance: int
    accessibility: int
    lcp_ms: float
    total_kib: float

    def line(self, name: str) -> str:
        return (f"{name:<16} performance {self.performance:>3}, accessibility "
                f"{self.accessibility:>3}, LCP {self.lcp_ms / 1000:.1f} s, "
                f"{self.total_kib:.0f} KiB transferred")


def run() -> Figures:
    figures = Figures()
    missing = _missing_tools()
    if missing:
        print(f"(skipped: {missing})")
        return figures
    from tests.stack import started_local_stack

    runs = int(os.environ.get("LIGHTHOUSE_RUNS", "3"))
    print(f"Lighthouse {_version()}, mobile, simulated throttling; median LCP of {runs} runs")
    with started_local_stack() as stack:
        for name, path, signed_in in PAGES:
            cookie = _member_cookie(stack.url) if signed_in else None
            scores = [_lighthouse(f"{stack.url}{path}", cookie) for _ in range(runs)]
            median = _median_run(scores)
            print(median.line(name), flush=True)
            figures.extra_ms[f"lighthouse LCP {name}"] = median.lcp_ms
    return figures


def _missing_tools() -> str | None:
    if not LIGHTHOUSE.is_file():
        return "Lighthouse is not installed: make site (npm ci in static-site)"
    if not (SITE / "dist" / "index.html").is_file():
        return "the site is not built: make site"
    if not _chromium():
        return "no Chromium: make browser"
    return None


def _chromium() -> str | None:
    candidate = os.environ.get("CHROME_PATH") or "/usr/bin/chromium"
    return candidate if Path(candidate).is_file() else shutil.which("chromium")


def _version() -> str:
    package = SITE / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def _member_cookie(url: str) -> str:
    """The demo member's session cookie, from the same sign-in the site makes."""
    body = json.dumps({"email": MEMBER[0], "password": MEMBER[1], "remember": False}).encode()
    request = urllib.request.Request(  # noqa: S310 (the local stack on 127.0.0.1)
        f"{url}/api/auth/login", data=body, method="POST",
        headers={"Content-Type": "application/json", "X-Requested-With": "fetch"})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        for header in response.headers.get_all("Set-Cookie") or []:
            morsel = SimpleCookie(header).get(SESSION_COOKIE)
            if morsel is not None and morsel.value:
                return f"{SESSION_COOKIE}={morsel.value}"
    raise RuntimeError("the member's sign-in set no session cookie")


def _lighthouse(url: str, cookie: str | None) -> PageScore:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as folder:
        report = Path(folder) / "report.json"
        command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                   "--only-categories=performance,accessibility",
                   "--chrome-flags=--headless --no-sandbox --disable-gpu"]
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        env = {**os.environ, "CHROME_PATH": _chromium() or "", "TMPDIR": folder}
        subprocess.run(command, cwd=SITE, env=env, check=True,
                       timeout=RUN_TIMEOUT_SECONDS, stdout=subprocess.DEVNULL)
        answer = json.loads(report.read_text(encoding="utf-8"))
    landed = answer.get("finalDisplayedUrl", "")
    if not landed.startswith(url):
        raise RuntimeError(f"Lighthouse measured {landed}, not {url}")
    return _scores(answer)


def _scores(report: dict) -> PageScore:
    categories, audits = report["categories"], report["audits"]
    return PageScore(performance=round(categories["performance"]["score"] * 100),
                     accessibility=round(categories["accessibility"]["score"] * 100),
                     lcp_ms=float(audits["largest-contentful-paint"]["numericValue"]),
                     total_kib=float(audits["total-byte-weight"]["numericValue"]) / 1024)


def _median_run(scores: list[PageScore]) -> PageScore:
    middle = statistics.median_low([score.lcp_ms for score in scores])
    return next(score for score in scores if score.lcp_ms == middle)
