"""The local server compresses the site's files as CloudFront does (dev/edge_compression.py):
text types over 1,000 bytes, gzip (or Brotli first) only when the request's Accept-Encoding
allows it, with ``Vary: Accept-Encoding``; everything else goes out as is."""

from __future__ import annotations

import gzip
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from dev import edge_compression, local_stack

SCRIPT = ("export const figures = " + repr(list(range(600))) + ";\n").encode()
SMALL_SCRIPT = b"export const one = 1;\n"
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


@pytest.fixture
def site_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "app-abc123.js").write_bytes(SCRIPT)
    (assets / "tiny-abc123.js").write_bytes(SMALL_SCRIPT)
    (assets / "logo-abc123.png").write_bytes(PICTURE)
    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>" + " " * 2000)
    monkeypatch.setattr(local_stack, "SITE_DIR", tmp_path)
    monkeypatch.setenv("LOCAL_STACK_QUIET", "1")
    server = local_stack._Server(("127.0.0.1", 0), local_stack._handler_class(None))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str, accept_encoding: str | None) -> tuple[dict[str, str], bytes]:
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding is not None else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (local URL)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return {name.lower(): value for name, value in response.headers.items()}, response.read()


def test_a_script_goes_out_gzipped_to_a_client_that_accepts_gzip(site_url: str) -> None:
    headers, body = _get(f"{site_url}/assets/app-abc123.js", "gzip")

    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body) < len(SCRIPT) / 2
    assert gzip.decompress(body) == SCRIPT
    assert headers["content-type"] == "text/javascript; charset=utf-8"


def test_a_script_goes_out_as_is_without_accept_encoding(site_url: str) -> None:
    for accept_encoding in (None, "identity", "gzip;q=0"):
        headers, body = _get(f"{site_url}/assets/app-abc123.js", accept_encoding)

        assert "content-encoding" not in headers, accept_encoding
        assert headers["vary"] == "Accept-Encoding"
        assert body == SCRIPT


def test_small_files_and_binary_types_are_never_compressed(site_url: str) -> None:
    small_headers, small = _get(f"{site_url}/assets/tiny-abc123.js", "gzip, br")
    picture_headers, picture = _get(f"{site_url}/assets/logo-abc123.png", "gzip, br")

    assert "content-encoding" not in small_headers and small == SMALL_SCRIPT
    assert "content-encoding" not in picture_headers and picture == PICTURE
    assert "vary" not in picture_headers


def test_a_deep_link_gets_the_compressed_index(site_url: str) -> None:
    headers, body = _get(f"{site_url}/inicio", "gzip")

    assert headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"<!doctype html>")


@pytest.mark.skipif(edge_compression.BROTLI is None, reason="brotli is not installed")
def test_brotli_comes_first_when_the_client_accepts_it(site_url: str) -> None:
    headers, body = _get(f"{site_url}/assets/app-abc123.js", "gzip, deflate, br")

    assert headers["content-encoding"] == "br"
    assert edge_compression.BROTLI is not None
    assert edge_compression.BROTLI.decompress(body) == SCRIPT
