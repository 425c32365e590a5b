"""The core stays a pure, deterministic Python library (ARCHITECTURE.md: layers).

`clusterviz → simulator`, never back; time and randomness are parameters of the core.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SIMULATOR = Path(__file__).resolve().parent.parent / "simulator"
WEB_PACKAGES = {"django", "channels", "daphne", "django_htmx", "template_partials", "clusterviz"}
# module → functions that read the wall clock or the global, unseeded rng.
NONDETERMINISTIC = {
    "time": {"time", "time_ns", "monotonic", "monotonic_ns", "perf_counter"},
    "datetime": {"now", "utcnow", "today"},
    "random": {"random", "randint", "randrange", "choice", "choices", "shuffle", "sample",
               "uniform", "gauss", "seed"},
    "uuid": {"uuid1", "uuid4"},
}


def simulator_modules() -> list[Path]:
    return sorted(SIMULATOR.rglob("*.py"))


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def imported_packages(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def dotted_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted_name(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def nondeterministic_uses(tree: ast.Module) -> list[str]:
    """Calls like ``time.time()`` or ``datetime.datetime.now()``; imports like ``from uuid import uuid4``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (name := dotted_name(node.func)) and "." in name:
            *_, module, function = name.split(".")
            if function in NONDETERMINISTIC.get(module, ()):
                found.append(f"line {node.lineno}: {name}()")
        elif isinstance(node, ast.ImportFrom) and node.module in NONDETERMINISTIC:
            for alias in node.names:
                if alias.name in NONDETERMINISTIC[node.module]:
                    found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return found


def test_simulator_package_exists():
    assert simulator_modules(), "simulator/ has no Python modules"


@pytest.mark.parametrize("path", simulator_modules(), ids=lambda p: str(p.relative_to(SIMULATOR)))
def test_simulator_module_imports_no_web_framework(path: Path):
    assert imported_packages(parse(path)) & WEB_PACKAGES == set()


@pytest.mark.parametrize("path", simulator_modules(), ids=lambda p: str(p.relative_to(SIMULATOR)))
def test_simulator_module_reads_no_wall_clock_or_global_randomness(path: Path):
    assert nondeterministic_uses(parse(path)) == []


@pytest.mark.parametrize(
    "source, expected",
    [
        ("import time\ntime.time()", ["line 2: time.time()"]),
        ("import datetime\ndatetime.datetime.now()", ["line 2: datetime.datetime.now()"]),
        ("from datetime import datetime\ndatetime.now(tz=None)", ["line 2: datetime.now()"]),
        ("import random\nrandom.random()", ["line 2: random.random()"]),
        ("import uuid\nuuid.uuid4()", ["line 2: uuid.uuid4()"]),
        ("from uuid import uuid4", ["line 1: from uuid import uuid4"]),
        ("import random\nrng = random.Random(1)\nrng.random()", []),
        ('"""never uuid4(): determinism"""\nself.rng.choice([1])', []),
    ],
)
def test_nondeterminism_detector(source: str, expected: list[str]):
    assert nondeterministic_uses(ast.parse(source)) == expected


def test_import_detector_sees_nested_and_from_imports():
    tree = ast.parse("def f():\n    import django.db\nfrom channels.layers import x\nfrom . import y")
    assert imported_packages(tree) == {"django", "channels"}
