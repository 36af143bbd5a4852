"""A wheel installed outside the checkout finds its data and runs the app: build the wheel,
install it under a fresh prefix, then `init --demo` and `serve` from an unrelated folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT
from tools.browser import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "wheel"),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next((base / "wheel").glob("*.whl"))
    prefix = base / "prefix"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--prefix",
                    str(prefix), str(wheel)], check=True, capture_output=True)
    site = next(prefix.glob("lib/python*/site-packages"))
    work = base / "work"
    work.mkdir()
    env = dict(os.environ, PYTHONPATH=str(site))
    env.pop("ANTIRUMOUR_DB", None)
    return work, env, site


def _network(work, env, *args, **kwargs):
    return subprocess.run([sys.executable, "-m", "network", *args], cwd=work, env=env,
                          capture_output=True, text=True, **kwargs)


def test_the_installed_package_is_the_one_imported_and_finds_its_data(installed):
    work, env, site = installed
    probe = _network(work, env, "--help")
    assert probe.returncode == 0
    where = subprocess.run([sys.executable, "-c", "import network; print(network.__file__, "
                            "network.DATA_DIR, network.APP_DIR, network.IN_CHECKOUT)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert str(site) in where and str(ROOT) not in where and "False" in where


def test_init_with_demo_data_and_serve_work_outside_the_checkout(installed):
    work, env, _ = installed
    init = _network(work, env, "init", "--demo")
    assert init.returncode == 0, init.stderr
    assert (work / "antirumour.db").is_file()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "network", "serve", "--server.headless", "true",
                             "--server.port", str(port)], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                    assert r.status == 200
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the installed app did not answer")
        # The page script (a Streamlit app's HTML shell) and static serving both answer.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/app/static/README.md", timeout=5) as r:
            assert r.status == 200
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert "Traceback" not in out, out[-2000:]
