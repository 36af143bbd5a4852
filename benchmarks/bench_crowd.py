"""Crowd benchmark: N browser sessions at once on the public pages, over Streamlit's websocket.

    python benchmarks/bench_crowd.py                 # sizes 1, 10, 30, 100 and a class of 30
    python benchmarks/bench_crowd.py --quick         # sizes 1 and 10 (CI)
    python benchmarks/bench_crowd.py --url http://127.0.0.1:8080   # an app already running

Each session is what a browser is: one websocket on `/_stcore/stream`, BackMsg `rerun_script`
messages carrying the widget states, ForwardMsg deltas until `script_finished`. A widget is
found in the deltas by its key and set the way the browser sets it (a radio's label, a number,
a button's trigger), inside its fragment when it has one. Flows:

- quiz: open the page, start, then per item answer / check / next; the last `next` records the
  attempt (counted in `quiz_attempts`);
- survey: open, fill each step (each answer is a rerun, as in the browser), next ... send
  (counted in `barometer_responses`);
- map: open, then change the measure, the period and the per-1,000 toggle in turn;
- trivial: a one-line Streamlit page whose button is clicked: the baseline, served by its own
  `streamlit run` process and measured interleaved with each page, same sizes, same client.

Back to back (no think time) gives the reruns/s a process sustains; a class of 30 with think
time (one quiz item every 10 s: three reruns) gives the feedback time a pupil sees.
The numbers are ratios to the trivial page in the same run, since the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TRIVIAL_APP = 'import streamlit as st\nst.button("Go", key="go")\n'
FLOWS = ("quiz", "survey", "map")
COUNTED = {"quiz": "quiz_attempts", "survey": "barometer_responses"}
DONE_STATUSES = {ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
                 ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
                 ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR}


class FlowError(RuntimeError):
    pass


@dataclass
class Widget:
    id: str
    kind: str
    proto: object
    fragment_id: str


@dataclass
class Session:
    """One browser tab: a websocket and the widgets its last runs drew."""

    url: str
    page: str
    cookie: str = ""
    ws: object = None
    widgets: dict[str, Widget] = field(default_factory=dict)
    values: dict[str, WidgetState] = field(default_factory=dict)
    page_hash: str = ""
    errors: list[str] = field(default_factory=list)

    async def open(self) -> float:
        ws_url = self.url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        headers = {"Cookie": self.cookie} if self.cookie else None
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"],
                                           additional_headers=headers, max_size=2**26,
                                           open_timeout=120, ping_interval=None)
        return await self.rerun()

    async def reopen(self) -> float:
        """Close the tab and open the page again: a new visitor (a new Streamlit session)."""
        await self.close()
        self.widgets, self.values, self.page_hash = {}, {}, ""
        return await self.open()

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, trigger: str | None = None,
                    set_value: tuple[str, str, object] | None = None) -> float:
        """Send one rerun as the browser does and wait until its script has finished."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = ""
        cs.page_name = self.page
        cs.page_script_hash = self.page_hash
        fragment = ""
        if set_value is not None:
            key, attr, value = set_value
            w = self.widget(key)
            state = WidgetState(id=w.id)
            if attr == "string_array_value":
                state.string_array_value.data.extend(value)
            else:
                setattr(state, attr, value)
            self.values[w.id] = state
            fragment = w.fragment_id
        live = {w.id for w in self.widgets.values()}
        for wid, state in self.values.items():
            if wid in live:
                cs.widget_states.widgets.append(state)
        if trigger is not None:
            w = self.widget(trigger)
            cs.widget_states.widgets.append(WidgetState(id=w.id, trigger_value=True))
            fragment = w.fragment_id
        if fragment:
            cs.fragment_id = fragment
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await self._until_finished(fragment)
        return time.perf_counter() - start

    async def _until_finished(self, fragment: str) -> None:
        """Read deltas until the run has finished: a full run redraws every widget, a
        fragment's run only its own (the browser keeps the rest)."""
        self.widgets = {k: w for k, w in self.widgets.items()
                        if fragment and w.fragment_id != fragment}
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout=300)
            fmsg = ForwardMsg()
            fmsg.ParseFromString(raw)
            kind = fmsg.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fmsg.new_session.page_script_hash or self.page_hash
            elif kind == "navigation":
                self.page_hash = fmsg.navigation.page_script_hash or self.page_hash
            elif kind == "delta" and fmsg.delta.WhichOneof("type") == "new_element":
                el = fmsg.delta.new_element
                etype = el.WhichOneof("type")
                if etype == "exception":
                    self.errors.append(f"{el.exception.type}: {el.exception.message}"[:200])
                    continue
                proto = getattr(el, etype)
                wid = getattr(proto, "id", "") if etype else ""
                if isinstance(wid, str) and wid.startswith("$$ID-"):
                    key = wid.split("-", 2)[2] if wid.count("-") >= 2 else wid
                    self.widgets[key] = Widget(wid, etype, proto, fmsg.delta.fragment_id)
            elif kind == "script_finished" and fmsg.script_finished in DONE_STATUSES:
                return

    def widget(self, key: str) -> Widget:
        if key not in self.widgets:
            raise FlowError(f"no widget {key!r} on {self.page} (have {sorted(self.widgets)[:12]})")
        return self.widgets[key]

    def keys(self, prefix: str) -> list[str]:
        return [k for k in self.widgets if k.startswith(prefix)]


# ---- the flows: each yields the name of a step and an awaitable rerun --------------------------

def answer_value(w: Widget, rng: random.Random) -> tuple[str, object]:
    """The value a person would give this widget, as the browser encodes it."""
    if w.kind == "radio" or w.kind == "selectbox":
        options = list(w.proto.options)
        if not options:
            raise FlowError(f"{w.kind} {w.id} has no options")
        return "string_value", rng.choice(options[:2]) if w.kind == "radio" else options[0]
    if w.kind == "number_input":
        return "double_value", float(rng.randint(0, 100))
    if w.kind == "checkbox":
        return "bool_value", True
    raise FlowError(f"cannot answer a {w.kind}")


async def quiz_flow(s: Session, step, rng):
    await step("start", s.rerun(trigger="quiz_start"))
    while True:
        answer = s.keys("quiz_answer_")
        if answer:
            w = s.widget(answer[0])
            attr, value = answer_value(w, rng)
            await step("answer", s.rerun(set_value=(answer[0], attr, value)))
            await step("check", s.rerun(trigger="quiz_check"))
        elif "quiz_next" in s.widgets:
            await step("next", s.rerun(trigger="quiz_next"))
        elif "quiz_again" in s.widgets:
            return True  # the result page: the attempt is recorded
        else:
            raise FlowError(f"quiz: lost its way (widgets {sorted(s.widgets)})")
        if "quiz_again" in s.widgets:
            await step("again", s.rerun(trigger="quiz_again"))
            return True


PROFILE_ORDER = ("district_id", "barrio", "sex", "age_band", "born_abroad", "years_in_bilbao")


async def survey_flow(s: Session, step, rng):
    if not s.keys("survey_"):  # sent already (the thanks): the next respondent is a new visitor
        await step("open", s.reopen())
    for _ in range(40):
        fields = [k for k in s.keys("survey_") if s.widgets[k].kind in ("radio", "selectbox")]
        fields.sort(key=lambda k: PROFILE_ORDER.index(k[7:]) if k[7:] in PROFILE_ORDER else 99)
        for key in fields:
            if key in s.widgets:
                attr, value = answer_value(s.widgets[key], rng)
                await step("answer", s.rerun(set_value=(key, attr, value)))
        if "survey_send" in s.widgets:
            await step("send", s.rerun(trigger="survey_send"))
            if s.keys("survey_next") or "survey_send" in s.widgets:
                raise FlowError("survey: send did not finish (a validation error?)")
            return True
        await step("next", s.rerun(trigger="survey_next"))
    raise FlowError("survey: never reached send")


async def map_flow(s: Session, step, rng):
    for key in ("map_metric", "map_period"):
        w = s.widget(key)
        options = list(w.proto.options)
        await step("filter", s.rerun(set_value=(key, "string_value", rng.choice(options[1:] or options))))
    await step("filter", s.rerun(set_value=("map_per_1000", "bool_value", rng.random() < 0.5)))
    return True


async def trivial_flow(s: Session, step, rng):
    await step("click", s.rerun(trigger="go"))
    return True


FLOW_FUNCS = {"quiz": quiz_flow, "survey": survey_flow, "map": map_flow, "trivial": trivial_flow}


@dataclass
class Result:
    flow: str
    sessions: int
    think: float
    seconds: float = 0.0
    times: dict[str, list[float]] = field(default_factory=dict)
    completed: int = 0
    recorded: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def reruns(self) -> int:
        return sum(len(v) for v in self.times.values())

    @property
    def rate(self) -> float:
        return self.reruns / self.seconds if self.seconds else 0.0

    def all_times(self) -> list[float]:
        return [t for v in self.times.values() for t in v]

    @property
    def lost(self) -> int | None:
        return None if self.recorded is None else self.completed - self.recorded


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


async def crowd(url: str, flow: str, sessions: int, seconds: float, think: float,
                seed: int = 1, sticky: bool = False) -> Result:
    """`sessions` sessions run `flow` over and over for `seconds`, each finishing the round it
    is in; with `think`, each waits about that long (uniform 0.5x-1.5x) before each step."""
    result = Result(flow, sessions, think)
    page = "" if flow == "trivial" else flow
    func = FLOW_FUNCS[flow]
    deadline = [0.0]

    async def one(i: int) -> None:
        rng = random.Random(seed * 1000 + i)
        cookie = f"antirumour_node=s{seed}-{i}-{rng.getrandbits(32):x}" if sticky else ""
        s = Session(url, page, cookie)

        async def step(name: str, rerun) -> None:
            if think:
                await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            result.times.setdefault(name, []).append(await rerun)
            if s.errors:
                raise FlowError(f"{flow}: the page raised {s.errors[0]}")

        try:
            if think:  # a class does not arrive in the same millisecond
                await asyncio.sleep(rng.uniform(0, think))
            result.times.setdefault("open", []).append(await s.open())
            if s.errors:
                raise FlowError(f"{flow}: the page raised {s.errors[0]}")
            while time.perf_counter() < deadline[0]:
                if await func(s, step, rng):
                    result.completed += 1
        except (TimeoutError, FlowError, OSError, websockets.WebSocketException) as err:
            result.errors.append(f"session {i}: {type(err).__name__}: {err}"[:300])
        finally:
            await s.close()

    start = time.perf_counter()
    deadline[0] = start + seconds
    await asyncio.gather(*(one(i) for i in range(sessions)))
    result.seconds = time.perf_counter() - start
    return result


# ---- servers ------------------------------------------------------------------------------------

def free_port(preferred: int | None = None) -> int:
    if preferred:
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = 180) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url.rstrip("/") + "/_stcore/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} not healthy after {timeout} s")


def start_streamlit(script: Path | str, port: int, db: Path, log: Path) -> subprocess.Popen:
    env = dict(os.environ, ANTIRUMOUR_DB=str(db), PYTHONPATH=str(ROOT))
    cmd = [PYTHON, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.address", "127.0.0.1", "--server.port", str(port),
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
           "--server.runOnSave", "false", "--logger.level", "error"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(log, "wb"),  # noqa: SIM115
                            stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def demo_database(directory: Path) -> Path:
    """The demo database, built once per checkout and copied fresh for each run."""
    cache = ROOT / ".cache" / "crowd-demo.db"
    if not cache.exists():
        cache.parent.mkdir(exist_ok=True)
        tmp = cache.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        subprocess.run([PYTHON, "-m", "network", "init", "--demo"], cwd=ROOT, check=True,
                       env=dict(os.environ, ANTIRUMOUR_DB=str(tmp)), stdout=subprocess.DEVNULL)
        con = sqlite3.connect(tmp)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.close()
        tmp.replace(cache)
    target = directory / "crowd.db"
    shutil.copy(cache, target)
    return target


def count_rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db, timeout=60)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 (fixed names)
    finally:
        con.close()


def run_counted(url: str, db: Path, flow: str, sessions: int, seconds: float, think: float,
                seed: int, sticky: bool = False) -> Result:
    table = COUNTED.get(flow)
    before = count_rows(db, table) if table else 0
    result = asyncio.run(crowd(url, flow, sessions, seconds, think, seed, sticky))
    if table:
        result.recorded = count_rows(db, table) - before
    return result


@dataclass
class Pair:
    """A page's result and the trivial page's, measured one right after the other."""

    page: Result
    trivial: Result

    @property
    def ratio(self) -> float:
        return self.page.rate / self.trivial.rate if self.trivial.rate else 0.0

    @property
    def p95_ratio(self) -> float:
        return pct(self.page.all_times(), 0.95) / pct(self.trivial.all_times(), 0.95)


def measure(app_url: str, trivial_url: str, db: Path, flows, sizes, seconds: float,
            think: float = 0.0, seed: int = 1, sticky: bool = False, log=print) -> list[Pair]:
    pairs = []
    for n in sizes:
        for flow in flows:
            # Warm both processes' caches and imports first (a cold start is not a crowd).
            asyncio.run(crowd(trivial_url, "trivial", 1, 0, 0, seed))
            asyncio.run(crowd(app_url, flow, 1, 0, 0, seed))
            triv = run_counted(trivial_url, db, "trivial", n, seconds, think, seed, sticky)
            page = run_counted(app_url, db, flow, n, seconds, think, seed, sticky)
            pair = Pair(page, triv)
            pairs.append(pair)
            log(describe(pair))
    return pairs


def describe(pair: Pair) -> str:
    p, t = pair.page, pair.trivial
    steps = ", ".join(f"{name} {pct(v, 0.5) * 1000:.0f}/{pct(v, 0.95) * 1000:.0f}"
                      for name, v in p.times.items())
    lost = "" if p.recorded is None else f"; recorded {p.recorded}/{p.completed} expected"
    errs = f"; {len(p.errors) + len(t.errors)} session errors" if p.errors or t.errors else ""
    think = f", think {p.think:g} s" if p.think else ""
    return (f"{p.flow:7} x{p.sessions:<3}{think}: {p.rate:6.1f} reruns/s vs trivial {t.rate:6.1f}"
            f" = {pair.ratio:.2f}x; p50/p95 ms {pct(p.all_times(), 0.5) * 1000:.0f}/"
            f"{pct(p.all_times(), 0.95) * 1000:.0f} vs trivial {pct(t.all_times(), 0.5) * 1000:.0f}/"
            f"{pct(t.all_times(), 0.95) * 1000:.0f}; per step p50/p95 ms: {steps}{lost}{errs}")


class Servers:
    """The app and the trivial page, each one `streamlit run` process on loopback."""

    def __init__(self, ports: tuple[int | None, int | None] = (None, None)):
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-crowd-"))
        self.db = demo_database(self.tmp)
        trivial = self.tmp / "trivial_app.py"
        trivial.write_text(TRIVIAL_APP)
        self.app_port, self.trivial_port = free_port(ports[0]), free_port(ports[1])
        self.procs = [start_streamlit(ROOT / "app.py", self.app_port, self.db, self.tmp / "app.log"),
                      start_streamlit(trivial, self.trivial_port, self.db, self.tmp / "trivial.log")]
        try:
            wait_healthy(self.app_url, self.procs[0])
            wait_healthy(self.trivial_url, self.procs[1])
        except Exception:
            self.close()
            raise

    @property
    def app_url(self) -> str:
        return f"http://127.0.0.1:{self.app_port}"

    @property
    def trivial_url(self) -> str:
        return f"http://127.0.0.1:{self.trivial_port}"

    def close(self) -> None:
        for proc in self.procs:
            stop(proc)
        shutil.rmtree(self.tmp, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 1 and 10, short runs")
    parser.add_argument("--sizes", type=int, nargs="*", help="numbers of sessions")
    parser.add_argument("--flows", nargs="*", choices=FLOWS, default=list(FLOWS))
    parser.add_argument("--seconds", type=float, help="length of each back-to-back run")
    parser.add_argument("--class-size", type=int, default=30)
    parser.add_argument("--class-seconds", type=float, default=60)
    parser.add_argument("--no-class", action="store_true", help="skip the think-time run")
    args = parser.parse_args()
    sizes = args.sizes or ([1, 10] if args.quick else [1, 10, 30, 100])
    seconds = args.seconds or (5 if args.quick else 15)
    print(f"load average before: {load_average()} ({os.cpu_count()} cores)", flush=True)
    with Servers() as servers:
        pairs = measure(servers.app_url, servers.trivial_url, servers.db, args.flows, sizes,
                        seconds, log=lambda s: print(s, flush=True))
        if not args.no_class and "quiz" in args.flows:
            n = 10 if args.quick else args.class_size
            # One item every 10 s: answer, check, next, i.e. a step every 3.3 s on average.
            pairs += measure(servers.app_url, servers.trivial_url, servers.db, ["quiz"], [n],
                             20 if args.quick else args.class_seconds, think=10 / 3,
                             log=lambda s: print(s, flush=True))
    print(f"load average after: {load_average()}")
    lost = sum(p.page.lost or 0 for p in pairs)
    errors = sum(len(p.page.errors) + len(p.trivial.errors) for p in pairs)
    for p in pairs:
        for e in (p.page.errors + p.trivial.errors)[:3]:
            print("  error:", e)
    print(f"lost: {lost}; session errors: {errors}")
    sys.exit(1 if lost or errors else 0)


if __name__ == "__main__":
    main()
