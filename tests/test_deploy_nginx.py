"""Two app processes behind nginx (deploy/nginx.conf.template, deploy/serve.py) on one SQLite
database: a quick crowd through the proxy loses nothing, each browser stays on its process, and
the throughput with one and with two processes is printed (not asserted: benchmarks/ does that)."""

import os
import sys
import urllib.request

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "deploy"))

import bench_crowd as bc  # noqa: E402
import serve  # noqa: E402

# Skipped on a developer's machine without nginx; under CI (.ci/run installs it) it must run.
pytestmark = pytest.mark.skipif(serve.nginx_binary() is None and not os.environ.get("CI"),
                                reason="nginx is not installed (apt-get install nginx)")


def test_the_configuration_is_valid_and_sticky(tmp_path):
    text = serve.render_config("127.0.0.1:8080", [8501, 8502], tmp_path)
    assert "hash $sticky_key consistent;" in text
    assert "server 127.0.0.1:8501" in text and "server 127.0.0.1:8502" in text
    assert "@@" not in text


def test_two_processes_behind_nginx_lose_nothing(tmp_path):
    db = bc.demo_database(tmp_path)
    rates = {}
    for processes in (1, 2):
        with serve.Cluster(processes, f"127.0.0.1:{bc.free_port()}", db) as cluster:
            with urllib.request.urlopen(cluster.url + "/quiz") as page:
                assert "antirumour_node=" in (page.headers.get("Set-Cookie") or "")
            with urllib.request.urlopen(cluster.url + "/app/static/README.md") as static:
                assert static.headers.get("Expires"), "static files come from nginx itself"
            bc.run_counted(cluster.url, db, "quiz", 2, 0, 0, 1, sticky=True)  # warm both
            for flow in ("quiz", "survey"):
                result = bc.run_counted(cluster.url, db, flow, 10, 6, 0, processes, sticky=True)
                assert not result.errors, result.errors[:3]
                assert result.completed >= 1
                assert result.recorded == result.completed, f"{flow}: lost through the proxy"
                rates[(flow, processes)] = result.rate
    for flow in ("quiz", "survey"):
        print(f"{flow}, 10 sessions through nginx: 1 process {rates[(flow, 1)]:.1f} reruns/s, "
              f"2 processes {rates[(flow, 2)]:.1f} reruns/s "
              f"({rates[(flow, 2)] / rates[(flow, 1)]:.2f}x)")
