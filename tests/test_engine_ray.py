"""The Ray engine on a local Ray instance with two CPUs: the same bytes as the local engine."""

from __future__ import annotations

import pytest

from pipeline.build import WRITERS
from pipeline.engines import Ready, run_window
from tests.test_build import make_raw, outputs, run_build
from tests.test_engine import fail_on_three

ray = pytest.importorskip("ray")


def test_ray_build_is_byte_identical_to_local(tmp_path):
    raw = make_raw(tmp_path, 4)
    local = run_build(str(raw), "-o", str(tmp_path / "local"), "--jobs", "1",
                      "--jsonl", str(tmp_path / "local.jsonl"))
    on_ray = run_build(str(raw), "-o", str(tmp_path / "ray"), "--engine", "ray", "--jobs", "2",
                       "--jsonl", str(tmp_path / "ray.jsonl"))
    assert on_ray.returncode == local.returncode == 1
    assert "Traceback" not in on_ray.stderr
    assert "built 4, up to date 0, failed 2" in on_ray.stderr.splitlines()
    assert f"pipeline: {raw / 'empty.txt'}: empty file" in on_ray.stderr.splitlines()
    assert len(outputs(tmp_path / "ray")) == 4 * len(WRITERS)
    assert outputs(tmp_path / "ray") == outputs(tmp_path / "local")
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_ray_engine_runs_tasks_and_returns_their_exceptions():
    from pipeline.engines.ray import RayEngine

    engine = RayEngine(2)
    try:
        assert ray.cluster_resources().get("CPU") == 2
        finished = {d.index: d for d in run_window(
            engine, fail_on_three, [(1,), Ready("ready"), (3,), (4,)], 4)}
    finally:
        engine.close()
    assert not ray.is_initialized()
    assert [finished[i].value for i in (0, 1, 3)] == [1, "ready", 4]
    assert isinstance(finished[2].error, ZeroDivisionError)
    assert str(finished[2].error) == "three"


def test_an_unreachable_cluster_is_one_line_exit_2(tmp_path):
    raw = make_raw(tmp_path, 1, bad=False)
    result = run_build(str(raw), "-o", str(tmp_path / "out"), "--engine", "ray",
                       "--ray-address", "127.0.0.1:1")
    assert (result.returncode, result.stderr) == (
        2, "pipeline: cannot reach the Ray cluster at 127.0.0.1:1: Connection refused\n")
    assert not (tmp_path / "out").exists()


def test_a_ray_instance_started_elsewhere_is_used_and_left_running():
    from pipeline.engines.ray import RayEngine

    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")
    try:
        engine = RayEngine(4)
        assert [d.value for d in run_window(engine, fail_on_three, [(5,)], 1)] == [5]
        engine.close()
        assert ray.is_initialized()
        assert ray.cluster_resources().get("CPU") == 1
    finally:
        ray.shutdown()
