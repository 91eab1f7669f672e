"""CloudFront's compression of the site's files, played by the local server.

The distribution's site behaviour compresses (``compress=True`` and the CachingOptimized policy,
``infra/stacks/api.py``): a file of a text type between 1,000 bytes and 10 MB goes out as Brotli
or gzip when the viewer's Accept-Encoding allows it (Brotli first), with ``Vary:
Accept-Encoding``. The API's behaviour caches nothing, so CloudFront compresses no API answer;
neither does the local server. Brotli is used only when the ``brotli`` package (Google's) is
installed; gzip always.
"""

from __future__ import annotations

import functools
import gzip
from pathlib import Path
from types import ModuleType

MIN_BYTES = 1_000
MAX_BYTES = 10_000_000
COMPRESSIBLE_TYPES = frozenset({
    "application/javascript", "application/json", "application/manifest+json",
    "application/x-javascript", "application/xhtml+xml", "application/xml", "font/otf",
    "font/ttf", "image/svg+xml", "image/vnd.microsoft.icon", "image/x-icon", "text/css",
    "text/csv", "text/html", "text/javascript", "text/plain", "text/xml",
})
"""The text types of CloudFront's list that a static site serves."""
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
"""CloudFront compresses on the fly; a middle setting, not the archive-grade 11."""


def _brotli() -> ModuleType | None:
    try:
        import brotli
    except ImportError:
        return None
    return brotli


BROTLI = _brotli()


def is_compressible(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() in COMPRESSIBLE_TYPES


def chosen_encoding(accept_encoding: str, content_type: str, size: int) -> str | None:
    """``br``, ``gzip`` or None (send as is), as CloudFront decides for this request."""
    if not is_compressible(content_type) or not MIN_BYTES <= size <= MAX_BYTES:
        return None
    accepted = _accepted_codings(accept_encoding)
    if BROTLI is not None and "br" in accepted:
        return "br"
    return "gzip" if "gzip" in accepted else None


def _accepted_codings(accept_encoding: str) -> set[str]:
    """The codings named with a weight above zero (``gzip;q=0`` refuses gzip)."""
    accepted: set[str] = set()
    for part in accept_encoding.split(","):
        coding, _, parameter = part.partition(";")
        name, _, value = parameter.partition("=")
        if coding.strip() and (name.strip().lower() != "q" or _weight(value) > 0):
            accepted.add(coding.strip().lower())
    return accepted


def _weight(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def site_file_answer(path: Path, content_type: str,
                     accept_encoding: str) -> tuple[list[tuple[str, str]], bytes]:
    """A site file's body and its encoding headers, compressed when CloudFront would."""
    stat = path.stat()
    encoding = chosen_encoding(accept_encoding, content_type, stat.st_size)
    headers = [("Vary", "Accept-Encoding")] if is_compressible(content_type) else []
    if encoding is None:
        return headers, path.read_bytes()
    body = _compressed(str(path), stat.st_mtime_ns, stat.st_size, encoding)
    return [*headers, ("Content-Encoding", encoding)], body


@functools.lru_cache(maxsize=256)
def _compressed(path: str, mtime_ns: int, size: int, encoding: str) -> bytes:
    """Cached by the file's path, modification time and size: a rebuilt site is compressed
    again, an unchanged one once per encoding."""
    raw = Path(path).read_bytes()
    if encoding == "br" and BROTLI is not None:
        return bytes(BROTLI.compress(raw, quality=BROTLI_QUALITY))
    return gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
