"""The headless CLI: `python -m simulator run SCENARIO.yaml`."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "scenarios" / "node-down.yaml"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", "run", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_prints_the_trace_as_json_lines_and_writes_the_state(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    done = run_cli(str(SCENARIO), "--output-state", str(state))
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert all({"t", "actor", "target", "verb", "object", "message"} <= set(e) for e in events)
    assert any(e["actor"] == "kube-scheduler" and e["verb"] == "bind" for e in events)
    assert any(e["actor"].startswith("kubelet/") and "Lease" in e["message"] for e in events)
    listing = json.loads(state.read_text())
    assert listing["kind"] == "List" and listing["apiVersion"] == "v1"
    kinds = {item["kind"] for item in listing["items"]}
    assert {"Node", "Pod", "Deployment", "ReplicaSet", "Simulation", "Namespace", "Service", "Lease"} <= kinds


@pytest.mark.parametrize(("text", "expected"), [
    ("cluster: {workers: three}\n", "cluster: field 'workers'"),
    ("steps:\n  - at: -1\n    apply: {}\n", "step 1: field 'at'"),
    ("steps:\n  - at: 0\n    apply: |\n      kind: Widget\n      apiVersion: v9\n",
     "step 1: field 'apply': document 1"),
    ("steps:\n  - at: 0\n  - at: 5\n    delete: {kind: Fault}\n", "step 1: needs exactly one of"),
    ("steps:\n  - at: 0\n    delete: {kind: Fault, apiVersion: sim.clusterviz.io/v1}\n",
     "step 1: field 'delete.name'"),
    ("cluster: [1, 2\n", "scenario:"),
    ("steps: !!python/object/apply:os.system ['true']\n", "scenario:"),
])
def test_a_bad_scenario_gets_a_clear_error_and_exit_status_2(tmp_path: Path, text: str,
                                                             expected: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    done = run_cli(str(path))
    assert done.returncode == 2
    assert expected in done.stderr, done.stderr
