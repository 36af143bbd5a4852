"""Serve the app as N `streamlit run` processes behind nginx, on one host and one database.

    python deploy/serve.py --processes 2 --listen 127.0.0.1:8080
    python deploy/serve.py --processes 2 --listen 0.0.0.0:80 --first-port 8501 --print-config

The processes share one SQLite database in WAL mode (ANTIRUMOUR_DB, else the default path),
which serialises writes across processes and lets reads go on meanwhile. nginx (Debian's
`nginx-light` is enough) keeps each browser on one process (a cookie, see
deploy/nginx.conf.template) and serves Streamlit's frontend files and the Leaflet files itself.
Ctrl-C stops nginx and every process. One process per core is the rule of thumb: a Streamlit
process runs its scripts under one interpreter lock.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
# Streamlit's built frontend (found without importing Streamlit into this launcher)
STREAMLIT_STATIC = Path(find_spec("streamlit").origin).resolve().parent / "static"


def nginx_binary() -> str | None:
    """nginx on PATH or in Debian's place (sbin is not on every PATH)."""
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None)


def render_config(listen: str, ports: list[int], prefix: Path) -> str:
    upstreams = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in ports)
    text = TEMPLATE.read_text()
    for name, value in (("LISTEN", listen), ("UPSTREAMS", upstreams),
                        ("STREAMLIT_STATIC", str(STREAMLIT_STATIC)),
                        ("APP_STATIC", str(ROOT / "static")), ("PREFIX", str(prefix))):
        text = text.replace(f"@@{name}@@", value)
    if os.geteuid() == 0:  # workers would run as nobody and may not read the checkout
        text = "user root;\n" + text
    return text


def free_ports(n: int) -> list[int]:
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_http(url: str, proc: subprocess.Popen | None = None, timeout: float = 180) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


class Cluster:
    """N app processes and nginx in front of them; a context manager that stops them all."""

    def __init__(self, processes: int, listen: str, db: Path | str | None = None,
                 first_port: int | None = None, script: Path | str = ROOT / "app.py"):
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx is not installed (apt-get install nginx-light)")
        self.listen = listen
        self.ports = ([first_port + i for i in range(processes)] if first_port
                      else free_ports(processes))
        self.prefix = Path(tempfile.mkdtemp(prefix="antirumour-nginx-"))
        self.procs: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        if db is not None:
            env["ANTIRUMOUR_DB"] = str(db)
        try:
            for port in self.ports:
                log = open(self.prefix / f"app-{port}.log", "wb")  # noqa: SIM115 (kept by the child)
                self.procs.append(subprocess.Popen(
                    [sys.executable, "-m", "streamlit", "run", str(script),
                     "--server.headless", "true", "--server.address", "127.0.0.1",
                     "--server.port", str(port), "--server.fileWatcherType", "none",
                     "--server.enableStaticServing", "true",
                     "--browser.gatherUsageStats", "false", "--logger.level", "error"],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                    start_new_session=True))
            for port, proc in zip(self.ports, self.procs, strict=True):
                wait_http(f"http://127.0.0.1:{port}/_stcore/health", proc)
            host, port = listen.rsplit(":", 1)
            with socket.socket() as probe:  # a stale nginx there would answer for us
                if probe.connect_ex(("127.0.0.1" if host in ("0.0.0.0", "*") else host,
                                     int(port))) == 0:
                    raise OSError(f"{listen} is already in use")
            self.config = self.prefix / "nginx.conf"
            self.config.write_text(render_config(listen, self.ports, self.prefix))
            check = subprocess.run([binary, "-t", "-q", "-p", str(self.prefix), "-c", str(self.config)],
                                   capture_output=True, text=True)
            if check.returncode:
                raise RuntimeError(f"nginx rejects the configuration: {check.stderr.strip()}")
            self.nginx = subprocess.Popen(
                [binary, "-p", str(self.prefix), "-c", str(self.config), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL, stderr=open(self.prefix / "nginx.out", "wb"),  # noqa: SIM115
                start_new_session=True)
            wait_http(f"{self.url}/_stcore/health", self.nginx, timeout=30)
        except BaseException:
            self.close()
            raise

    @property
    def url(self) -> str:
        host, port = self.listen.rsplit(":", 1)
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '*') else host}:{port}"

    def close(self) -> None:
        for proc in [p for p in [self.nginx, *self.procs] if p is not None]:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [p for p in [self.nginx, *self.procs] if p is not None]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--listen", default="127.0.0.1:8080", help="nginx's address:port")
    parser.add_argument("--first-port", type=int, help="app processes on this port and up")
    parser.add_argument("--print-config", action="store_true",
                        help="print the nginx configuration and exit")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop the processes on SIGTERM too
    if args.print_config:
        ports = [args.first_port + i for i in range(args.processes)] if args.first_port else \
            [8501 + i for i in range(args.processes)]
        print(render_config(args.listen, ports, Path("/var/lib/antirumour-nginx")))
        return
    with Cluster(args.processes, args.listen, first_port=args.first_port) as cluster:
        print(f"serving {cluster.url} -> app processes on ports {cluster.ports} "
              f"(logs in {cluster.prefix}); Ctrl-C stops", flush=True)
        try:
            while all(p.poll() is None for p in [cluster.nginx, *cluster.procs]):
                time.sleep(1)
            print("a process stopped; stopping the rest", file=sys.stderr)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
