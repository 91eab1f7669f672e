"""Packaged size of what every function deploys: the app code zip and the dependency layer.

``infra/stacks/chalice_app.py`` packages one code asset (``app.py``, ``requirements.txt`` and
``chalicelib/``, with ``__pycache__/*.cpython-312.pyc`` compiled in) and Chalice's automatic
layer (``requirements.txt`` and everything it pulls in, installed under
``python/lib/python3.12/site-packages``, also with compiled modules). Every function, HTTP or
worker, gets both, so the size is the same for every capability; what differs is what each one
imports (the cold import figures).

Measured here, in memory, with zip deflate like the deployment:

- code: the repository's app files plus each module compiled (unchecked-hash pycs, as infra does);
- layer: every file of the installed distributions in the closure of ``requirements.txt``
  (resolved with ``importlib.metadata`` from this venv's site-packages, markers evaluated for
  this interpreter), sources and binaries as installed, without ``__pycache__``. infra also adds
  compiled modules to the layer: the last layer infra built (``infra/.build/bytecode``), if any,
  is reported next to it.
"""

from __future__ import annotations

import importlib.metadata as metadata
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
APP_FILES = ("app.py", "requirements.txt")
APP_PACKAGES = ("chalicelib",)
BYTECODE_CACHE = ROOT / "infra" / ".build" / "bytecode"


@dataclass(frozen=True)
class Package:
    name: str
    files: int
    unzipped: int
    zipped: int


def _zip(entries: list[tuple[str, bytes]]) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.tell()


def _package(name: str, entries: list[tuple[str, bytes]]) -> Package:
    return Package(name, len(entries), sum(len(d) for _, d in entries), _zip(entries))


def _pyc(source: bytes, path: str) -> bytes:
    """What ``compileall --invalidation-mode unchecked-hash`` writes for ``source``."""
    import importlib.util
    import marshal

    code = compile(source, path, "exec", dont_inherit=True)
    flags = 0b01  # hash-based, unchecked
    header = importlib.util.MAGIC_NUMBER + flags.to_bytes(4, "little") \
        + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


def code_package() -> Package:
    entries = []
    paths = [ROOT / name for name in APP_FILES]
    for package in APP_PACKAGES:
        paths += sorted(p for p in (ROOT / package).rglob("*")
                        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    tag = sys.implementation.cache_tag
    for path in paths:
        name = path.relative_to(ROOT).as_posix()
        data = path.read_bytes()
        entries.append((name, data))
        if path.suffix == ".py":
            compiled = f"{path.parent.relative_to(ROOT).as_posix()}/__pycache__/" \
                       f"{path.stem}.{tag}.pyc"
            entries.append((compiled.removeprefix("./"), _pyc(data, name)))
    return _package("app code (deployment.zip)", entries)


def _requirements() -> list[Requirement]:
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    return [Requirement(line.split("#")[0].strip()) for line in lines
            if line.split("#")[0].strip()]


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure() -> list[metadata.Distribution]:
    """The installed distributions ``requirements.txt`` needs, its own and theirs."""
    found: dict[str, metadata.Distribution] = {}
    pending = _requirements()
    while pending:
        requirement = pending.pop()
        name = _canonical(requirement.name)
        if name in found:
            continue
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        distribution = metadata.distribution(requirement.name)
        found[name] = distribution
        pending += [Requirement(text) for text in distribution.requires or []]
    return sorted(found.values(), key=lambda d: _canonical(d.metadata["Name"]))


def layer_package() -> tuple[Package, list[str]]:
    entries = []
    names = []
    for distribution in closure():
        names.append(f"{distribution.metadata['Name']} {distribution.version}")
        for file in distribution.files or []:
            if "__pycache__" in file.parts or str(file).startswith(".."):
                continue
            path = Path(str(file.locate()))
            if path.is_file():
                entries.append((f"python/lib/python3.12/site-packages/{file}", path.read_bytes()))
    return _package("dependency layer (sources as installed)", entries), names


def last_built_layer() -> int | None:
    """Size of the largest zip in infra's bytecode cache (the compiled layer), if infra ran."""
    zips = sorted(BYTECODE_CACHE.glob("*.zip"), key=lambda p: p.stat().st_size)
    return zips[-1].stat().st_size if zips else None
