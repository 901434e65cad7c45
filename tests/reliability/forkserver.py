"""A warm fork server for the crash and concurrency tests.

Starting a fresh Python process for every crash point would cost tens of seconds each
(importing the stack, spaCy's model, dateparser compiling its locale regexes on first
use), most of the reliability budget. Instead one server process imports and warms
everything up once, single-threaded, and forks a child per job; each child is a real,
separate process that the server (or the child itself) kills with ``SIGKILL``.

The server runs as ``python -m tests.reliability.forkserver`` and speaks JSON lines on
stdin/stdout. Every wait is bounded: a child that outlives its timeout is killed and
reported as hung, and the client gives up on a server that stops answering.

Requests: ``{"op": "run", "job": {...}, "timeout": s, "kill_after": s|null}`` forks and
waits; ``{"op": "spawn", "job": {...}}`` forks and returns the pid; ``{"op": "wait",
"pid": n, "timeout": s}`` waits for a spawned child; ``{"op": "exit"}``.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _wait(pid: int, timeout: float, kill_after: float | None = None) -> dict[str, Any]:
    """Wait for a child; SIGKILL it at ``kill_after`` (a timed crash) or at ``timeout`` (hung)."""
    started = time.monotonic()
    killed_by_us = hung = False
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        elapsed = time.monotonic() - started
        if kill_after is not None and not killed_by_us and elapsed >= kill_after:
            os.kill(pid, signal.SIGKILL)
            killed_by_us = True
        elif elapsed >= timeout and not hung:
            os.kill(pid, signal.SIGKILL)
            hung = True
        time.sleep(0.005)
    return {
        "pid": pid,
        "seconds": round(time.monotonic() - started, 3),
        "exitcode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "killed_by_server": killed_by_us,
        "hung": hung,
    }


def _fork(job: dict[str, Any]) -> int:
    pid = os.fork()
    if pid == 0:  # the child: never returns into the server loop
        code = 1
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            from tests.reliability import scenario

            code = scenario.child_main(job)
        finally:
            os._exit(code)
    return pid


def serve() -> None:
    """The server loop (runs in its own process)."""
    from tests.reliability import scenario

    out = sys.stdout
    warm = scenario.warm_up()
    out.write(json.dumps({"ready": True, "warm_s": round(warm, 2)}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        op = request.get("op")
        if op == "exit":
            break
        if op == "run":
            pid = _fork(request["job"])
            reply = _wait(pid, float(request.get("timeout", 300)), request.get("kill_after"))
        elif op == "spawn":
            reply = {"pid": _fork(request["job"])}
        elif op == "wait":
            reply = _wait(int(request["pid"]), float(request.get("timeout", 300)))
        else:
            reply = {"error": f"unknown op {op!r}"}
        out.write(json.dumps(reply) + "\n")
        out.flush()


class ForkServer:
    """Client side: starts the server and sends it requests with bounded waits."""

    def __init__(self, start_timeout: float = 300.0) -> None:
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.forkserver"],
            cwd=REPO,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.ready = self._read(start_timeout)

    def _read(self, timeout: float) -> dict[str, Any]:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise TimeoutError(f"fork server did not answer within {timeout}s")
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"fork server exited (code {self.proc.poll()})")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()
        return self._read(timeout)

    def run(
        self, job: dict[str, Any], timeout: float = 240.0, kill_after: float | None = None
    ) -> dict[str, Any]:
        """Fork a child for ``job`` and wait for it (it is killed at ``kill_after`` if set)."""
        message = {"op": "run", "job": job, "timeout": timeout, "kill_after": kill_after}
        return self.request(message, timeout + 30)

    def spawn(self, job: dict[str, Any]) -> int:
        return int(self.request({"op": "spawn", "job": job}, 30)["pid"])

    def wait(self, pid: int, timeout: float = 240.0) -> dict[str, Any]:
        return self.request({"op": "wait", "pid": pid, "timeout": timeout}, timeout + 30)

    def close(self) -> None:
        if self.proc.poll() is None:
            try:
                assert self.proc.stdin is not None
                self.proc.stdin.write(json.dumps({"op": "exit"}) + "\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)


_SHARED: ForkServer | None = None


def shared() -> ForkServer:
    """One warm server per test process (the crash and concurrency tests share it)."""
    global _SHARED
    if _SHARED is None or _SHARED.proc.poll() is not None:
        _SHARED = ForkServer()
        atexit.register(_SHARED.close)
    return _SHARED


if __name__ == "__main__":
    serve()
