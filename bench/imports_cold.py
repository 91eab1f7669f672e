"""Cold import of each deployed function's entry point, as Lambda meets it: from the package.

The functions, their handlers, environment, code zip and layer are read from the synthesized
templates in ``infra/cdk.out`` (``make synth``; run here when missing or older than the
repository's code). Both zips are unpacked into a temporary directory and made read-only, the way
Lambda mounts ``/var/task`` and ``/opt``. Each run is a fresh interpreter with ``-I -S -B``: no
venv site-packages, no user site, no bytecode written; ``sys.path`` holds only the code directory,
the layer's ``python/lib/python3.12/site-packages`` and a stand-in for the runtime's own boto3
(Lambda provides boto3 and s3transfer, which the layer deliberately does not ship), so modules
load from the compiled files the packages ship.

Next to each function: ``import chalice; import pynamodb.models`` from the same package (the floor
any function of ours pays) and the ratio to it. The runs are interleaved (every round runs the
baseline and every function once), so a busy machine slows them alike; medians of ``RUNS``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from bench.figures import Figures

ROOT = Path(__file__).resolve().parent.parent
CDK_OUT = ROOT / "infra" / "cdk.out"
API_TEMPLATE = "coopac-prod-api"
RUNS = 5
LAYER_SITE = "opt/python/lib/python3.12/site-packages"
RUNTIME_PACKAGES = ("boto3", "s3transfer")
"""What Lambda's python3.12 runtime provides itself (``requirements.txt`` says why it is not
listed); botocore and its dependencies come with pynamodb in the layer and win on the path."""
BASELINE = "baseline"
BASELINE_MODULES = ("chalice", "pynamodb.models")
RATIO_TARGET = 1.2
PROBE = """\
import importlib, sys, time
sys.path[:0] = {paths!r}
started, cpu = time.perf_counter(), time.process_time()
for name in {modules!r}:
    importlib.import_module(name)
elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
outside = [m.__name__ for m in list(sys.modules.values())
           if 'site-packages' in (getattr(m, '__file__', None) or '')
           and not (m.__file__ or '').startswith({roots!r})]
print(elapsed, cpu, len(sys.modules), len(outside))
"""


@dataclass(frozen=True)
class Function:
    name: str
    """The capability (``CAPABILITY``) or the worker's name."""
    modules: tuple[str, ...]
    """What Lambda imports for the handler: ``app.app`` → ``app``."""
    environment: dict[str, str]
    code: Path
    layer: Path


def _assets(stack: str) -> dict[str, Path]:
    manifest = json.loads((CDK_OUT / f"{stack}.assets.json").read_text())
    return {digest: CDK_OUT / entry["source"]["path"]
            for digest, entry in manifest["files"].items()}


def _asset_key(code: dict) -> str:
    key = code.get("S3Key") or code.get("Key") or ""
    return str(key).removesuffix(".zip")


def functions() -> list[Function]:
    """Every function of ours in the API stack (the handlers in ``app.py``/``chalicelib``)."""
    template = json.loads((CDK_OUT / f"{API_TEMPLATE}.template.json").read_text())
    resources = template["Resources"]
    assets = _assets(API_TEMPLATE)
    found = []
    for resource in resources.values():
        properties = resource.get("Properties", {})
        handler = properties.get("Handler", "")
        if resource["Type"] not in ("AWS::Lambda::Function", "AWS::Serverless::Function") \
                or not (handler == "app.app" or handler.startswith("chalicelib.")):
            continue
        variables = properties.get("Environment", {}).get("Variables", {})
        environment = {k: v for k, v in variables.items() if isinstance(v, str)}
        layer = resources[properties["Layers"][0]["Ref"]]["Properties"]
        module = handler.rsplit(".", 1)[0]
        found.append(Function(
            name=environment.get("CAPABILITY") or module.rsplit(".", 1)[-1],
            modules=(module,), environment=environment,
            code=assets[_asset_key(properties.get("Code") or properties["CodeUri"])],
            layer=assets[_asset_key(layer.get("Content") or layer["ContentUri"])]))
    return found


def _stale(code_zip: Path) -> list[str]:
    """The repository's app sources that differ from the synthesized code zip's."""
    sources = [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]
    with zipfile.ZipFile(code_zip) as archive:
        shipped = {name: hashlib.sha256(archive.read(name)).digest()
                   for name in archive.namelist() if name.endswith(".py")}
    return [str(p.relative_to(ROOT)) for p in sources
            if shipped.get(p.relative_to(ROOT).as_posix())
            != hashlib.sha256(p.read_bytes()).digest()]


def _synth() -> None:
    print("(infra/cdk.out missing or older than the code: running `make synth`)", flush=True)
    done = subprocess.run(["make", "--no-print-directory", "synth"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit("imports_cold needs the synthesized package: `make synth` failed "
                         f"(run it yourself; it needs `make deps` for the CDK CLI):\n"
                         f"{done.stdout[-2000:]}{done.stderr[-2000:]}")


def _synthesized() -> list[Function]:
    if not (CDK_OUT / f"{API_TEMPLATE}.template.json").exists():
        _synth()
    found = functions()
    if found and _stale(found[0].code):
        _synth()
        found = functions()
    if len({(f.code, f.layer) for f in found}) != 1:
        raise SystemExit("imports_cold: the functions no longer share one code zip and layer")
    return found


def _read_only(tree: Path) -> None:
    for path in tree.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o555 if path.is_dir() else 0o444)
    tree.chmod(0o555)


def _writable(tree: Path) -> None:
    tree.chmod(0o755)
    for path in tree.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def _runtime_stand_in(target: Path) -> None:
    """boto3 and s3transfer as this venv has them, compiled modules included."""
    import importlib.util

    for name in RUNTIME_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise SystemExit(f"imports_cold: {name} is not installed in this venv")
        shutil.copytree(Path(spec.origin).parent, target / name)


def _unpack(function: Function, root: Path) -> list[str]:
    with zipfile.ZipFile(function.code) as archive:
        archive.extractall(root / "task")
    with zipfile.ZipFile(function.layer) as archive:
        archive.extractall(root / "opt")
    _runtime_stand_in(root / "runtime")
    _read_only(root)
    return [str(root / "task"), str(root / LAYER_SITE), str(root / "runtime")]


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float
    modules: int


def _probe(paths: list[str], modules: tuple[str, ...], environment: dict[str, str],
           root: Path) -> Sample:
    code = PROBE.format(paths=paths, modules=modules, roots=str(root))
    env = {"PATH": os.environ.get("PATH", ""), "AWS_DEFAULT_REGION": "us-east-1",
           "AWS_REGION": "us-east-1", **environment}
    output = subprocess.run([sys.executable, "-I", "-S", "-B", "-c", code], cwd=root,
                            env=env, check=True, capture_output=True, text=True).stdout.split()
    if int(output[3]):
        raise SystemExit(f"imports_cold: {output[3]} modules loaded from outside the package")
    return Sample(float(output[0]), float(output[1]), int(output[2]))


def measure(found: list[Function], root: Path, paths: list[str]) -> dict[str, Sample]:
    """Per function and for the baseline: median wall and CPU seconds, modules loaded."""
    probes = {BASELINE: (BASELINE_MODULES, {})} | {
        f.name: (f.modules, f.environment) for f in found}
    samples: dict[str, list[Sample]] = {name: [] for name in probes}
    for _ in range(RUNS):
        for name, (imported, environment) in probes.items():
            samples[name].append(_probe(paths, imported, environment, root))
    return {name: Sample(statistics.median(s.wall for s in runs),
                         statistics.median(s.cpu for s in runs), runs[-1].modules)
            for name, runs in samples.items()}


def run() -> Figures:
    figures = Figures()
    found = _synthesized()
    root = Path(tempfile.mkdtemp(prefix="coopac-cold-"))
    try:
        results = measure(found, root, _unpack(found[0], root))
    finally:
        _writable(root)
        shutil.rmtree(root, ignore_errors=True)
    base = results[BASELINE]
    print(f"from {found[0].code.relative_to(ROOT)} and {found[0].layer.relative_to(ROOT)}, "
          f"read-only, `python -I -S -B`; {RUNS} interleaved runs each, medians; the ratio is "
          f"of CPU time (the wall clock of a shared machine measures its neighbours)")
    print(f"{'function':<16}{'wall ms':>10}{'CPU ms':>10}{'modules':>10}{'ratio':>8}")
    print(f"{BASELINE:<16}{base.wall * 1000:>10.1f}{base.cpu * 1000:>10.1f}{base.modules:>10}"
          f"{1:>8.2f}  (import {', '.join(BASELINE_MODULES)})")
    for function in found:
        result = results[function.name]
        ratio = result.cpu / base.cpu
        flag = "" if ratio <= RATIO_TARGET or function.name == "reports" else \
            f"  above {RATIO_TARGET}"
        print(f"{function.name:<16}{result.wall * 1000:>10.1f}{result.cpu * 1000:>10.1f}"
              f"{result.modules:>10}{ratio:>8.2f}{flag}")
        figures.cold_import_ms[function.name] = result.cpu * 1000
    return figures
