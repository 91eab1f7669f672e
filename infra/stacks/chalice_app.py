"""Packaging the one Chalice app with ``chalice.cdk.Chalice``.

Chalice packages a project directory that holds ``.chalice/config.json``. The repository root has
none (the app needs no Chalice config to run locally), so the app's files are copied into
``infra/.build/chalice-app`` with a generated one. That directory also keeps Chalice's
package cache (``.chalice/deployments``): the dependency layer is rebuilt only when
``requirements.txt`` changes.

``Chalice`` writes its package under ``<cwd>/chalice.out``; it is pointed at a temporary
directory that lives until the process ends (the assets are copied into ``cdk.out`` first).

Lambda's code directories are read-only, so Python would compile every imported module at each
cold start: both zips get ``__pycache__/*.cpython-312.pyc`` files (unchecked-hash pycs, so they
are used whatever the files' times), cached in ``infra/.build/bytecode`` by the zip's digest.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from chalice.cdk import Chalice
from constructs import Construct
from stages import APP_NAME

REPO_ROOT = Path(__file__).resolve().parents[2]
BUILD_DIR = REPO_ROOT / "infra" / ".build"
APP_DIR = BUILD_DIR / "chalice-app"
BYTECODE_DIR = BUILD_DIR / "bytecode"
BYTECODE_KEEP = 6
"""Compiled packages kept in the cache (the layer's and the last few versions of the code)."""
LAMBDA_PYTHON = (3, 12)
APP_FILES = ("app.py", "requirements.txt")
APP_PACKAGES = ("chalicelib",)
API_GATEWAY_STAGE = "api"
"""API Gateway's stage name: the first segment of the execute-api URL (CloudFront's origin path)."""


def _stage_sources() -> Path:
    (APP_DIR / ".chalice").mkdir(parents=True, exist_ok=True)
    for name in APP_FILES:
        shutil.copy2(REPO_ROOT / name, APP_DIR / name)
    for name in APP_PACKAGES:
        shutil.rmtree(APP_DIR / name, ignore_errors=True)
        shutil.copytree(REPO_ROOT / name, APP_DIR / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    config = {"version": "2.0", "app_name": APP_NAME}
    (APP_DIR / ".chalice" / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    return APP_DIR


def _package_dir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="coopac-chalice-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _rezip(source_dir: Path, target: Path, modes: dict[str, int]) -> None:
    """A deterministic zip (sorted names, fixed times), so the asset hash follows the content;
    files keep the permissions they had in the original package (``modes``)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
            name = path.relative_to(source_dir).as_posix()
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.external_attr = modes.get(name, 0o100644 << 16)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def add_bytecode(package: Path) -> None:
    """Put compiled modules next to the sources in ``package`` (a zip), in place."""
    if sys.version_info[:2] != LAMBDA_PYTHON:
        return  # pycs of another version would be ignored on Lambda
    cached = BYTECODE_DIR / f"{_digest(package)}.zip"
    if not cached.exists():
        BYTECODE_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="coopac-bytecode-") as work:
            tree = Path(work) / "tree"
            with zipfile.ZipFile(package) as archive:
                archive.extractall(tree)
                modes = {info.filename: info.external_attr for info in archive.infolist()}
            # A child process: compileall's worker pool would re-import this process's __main__.
            subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
                [sys.executable, "-m", "compileall", "-q", "-q", "-j", "0",
                 "--invalidation-mode", "unchecked-hash", str(tree)],
                check=False)  # a module that does not compile (py2 test files) stays source-only
            partial = Path(work) / "package.zip"
            _rezip(tree, partial, modes)
            shutil.move(partial, cached)
    cached.touch()
    shutil.copyfile(cached, package)
    for stale in sorted(BYTECODE_DIR.glob("*.zip"), key=lambda p: p.stat().st_mtime)[
            :-BYTECODE_KEEP]:
        stale.unlink(missing_ok=True)


class _Chalice(Chalice):
    """``chalice.cdk.Chalice`` with compiled modules in the packages it makes."""

    def _package_app(self) -> None:
        super()._package_app()
        for name in ("deployment.zip", "layer-deployment.zip"):
            package = Path(self._sam_package_dir) / name
            if package.exists():
                add_bytecode(package)


def package_app(scope: Construct, construct_id: str) -> Chalice:
    """The packaged app: ``sam_template`` holds the REST API, the all-in-one ``APIHandler`` and
    one function per ``@blueprint.lambda_function``; the construct's children hold the code asset
    (``ChaliceAppCode``) and the dependency layer asset."""
    stage_config: dict[str, Any] = {
        "automatic_layer": True,
        "api_gateway_stage": API_GATEWAY_STAGE,
        # CloudFront is the edge: an edge-optimised API would put a second distribution behind it.
        "api_gateway_endpoint_type": "REGIONAL",
        "xray": False,
    }
    source_dir = _stage_sources()
    with contextlib.chdir(_package_dir()):
        return _Chalice(scope, construct_id, source_dir=str(source_dir),
                        stage_config=stage_config)
