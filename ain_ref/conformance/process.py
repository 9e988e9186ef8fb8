"""
An implementation under test, as a child process speaking adapter protocol v1.

Every exchange is bounded by a timeout; a crash, a hang, garbage on stdout or a message of the
wrong shape becomes an ``ExchangeError`` of a named kind, never a hung or crashed runner.

Spec: spec/conformance.md, "Adapter protocol" and "Runner" ([AIN-CONF-RUNNER-ROBUST.1]).
Layer: conformance tooling.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shlex
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import IO, Any

import attrs
import jsonschema

from ain_ref import ADAPTER_PROTOCOL_VERSION
from ain_ref.repository import repository_root


class ExchangeError(Exception):
    """One request that got no proper answer: kind is timeout, crashed, garbage or protocol."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


def load_protocol_schemas() -> dict[str, dict[str, Any]]:
    """The adapter protocol's JSON Schemas, by name (conformance/schemas/)."""
    directory = repository_root() / "conformance" / "schemas"
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.schema.json"))
    }


def read_lines(stream: IO[str], lines: queue.Queue[str | None]) -> None:
    """Move lines from the child's stdout into a queue; None marks end of output."""
    for line in stream:
        lines.put(line)
    lines.put(None)


@attrs.define
class ImplementationProcess:
    """
    A running implementation: start, hello, exchange requests with timeouts, restart, stop.

    References
    ----------
    [AIN-CONF-RUNNER-ROBUST.1] A crashed implementation is restarted; a hung one is killed.
    """

    command: str
    timeout_seconds: float
    validate_protocol: bool = False
    process: subprocess.Popen[str] | None = None
    lines: queue.Queue[str | None] = attrs.field(factory=queue.Queue)
    stderr_file: IO[bytes] | None = None
    schemas: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    hello: dict[str, Any] | None = None
    restarts: int = 0

    def start(self) -> dict[str, Any]:
        """Start the process and exchange hello; return the implementation's hello."""
        if self.validate_protocol and not self.schemas:
            self.schemas = load_protocol_schemas()
        self.stderr_file = tempfile.TemporaryFile()  # noqa: SIM115  closed by kill()
        self.lines = queue.Queue()
        environment = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            shlex.split(self.command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
            env=environment,
            cwd=Path.cwd(),
        )
        assert self.process.stdout is not None
        threading.Thread(
            target=read_lines, args=(self.process.stdout, self.lines), daemon=True
        ).start()
        self.hello = self.exchange_hello()
        return self.hello

    def exchange_hello(self) -> dict[str, Any]:
        """
        Send hello and check the answer: the protocol version must be the runner's.

        References
        ----------
        [AIN-CONF-ADAPTER-HELLO.1]
        """
        request = {"cmd": "hello", "protocol": ADAPTER_PROTOCOL_VERSION}
        response = self.exchange(request, "hello-response")
        version = response.get("protocol")
        if version != ADAPTER_PROTOCOL_VERSION:
            raise ExchangeError(
                "protocol",
                f"speaks protocol {version!r}; the runner speaks {ADAPTER_PROTOCOL_VERSION}",
            )
        if not isinstance(response.get("areas"), dict):
            raise ExchangeError("protocol", "hello without an areas object")
        return response

    def exchange(self, request: dict[str, Any], response_schema: str) -> dict[str, Any]:
        """Send one request and wait, at most the timeout, for its one-line answer."""
        if self.validate_protocol:
            self.validate(request, "request", "runner sent")
        self.send(request)
        line = self.receive()
        try:
            response = json.loads(line)
        except json.JSONDecodeError:
            raise ExchangeError("garbage", f"not JSON: {line.strip()[:200]!r}") from None
        if not isinstance(response, dict):
            raise ExchangeError("garbage", f"not a JSON object: {line.strip()[:200]!r}")
        if self.validate_protocol:
            self.validate(response, response_schema, "implementation sent")
        if "seq" in request and response.get("seq") != request["seq"]:
            raise ExchangeError("protocol", f"seq {response.get('seq')!r} for {request['seq']}")
        return response

    def validate(self, message: dict[str, Any], schema_name: str, who: str) -> None:
        """Check a message against its schema (``--validate-protocol``)."""
        try:
            jsonschema.validate(message, self.schemas[schema_name])
        except jsonschema.ValidationError as error:
            raise ExchangeError(
                "protocol", f"{who} an invalid {schema_name}: {error.message}"
            ) from None

    def send(self, request: dict[str, Any]) -> None:
        """Write one request line."""
        process = self.require_process()
        assert process.stdin is not None
        try:
            process.stdin.write(json.dumps(request, sort_keys=True) + "\n")
            process.stdin.flush()
        except (BrokenPipeError, OSError, ValueError):
            raise ExchangeError("crashed", self.crash_detail()) from None

    def receive(self) -> str:
        """Wait for one non-empty line of output, at most the timeout."""
        while True:
            try:
                line = self.lines.get(timeout=self.timeout_seconds)
            except queue.Empty:
                raise ExchangeError(
                    "timeout", f"no answer within {self.timeout_seconds:g} s"
                ) from None
            if line is None:
                raise ExchangeError("crashed", self.crash_detail())
            if line.strip():
                return line

    def crash_detail(self) -> str:
        """The exit status and the tail of stderr of a process that went away."""
        process = self.require_process()
        try:
            status = process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            status = None
        tail = ""
        if self.stderr_file is not None:
            self.stderr_file.seek(0)
            tail = self.stderr_file.read().decode("utf-8", "replace")[-400:].strip()
        return f"exit status {status}; stderr: {tail or '(empty)'}"

    def require_process(self) -> subprocess.Popen[str]:
        """The running process (a programming error if there is none)."""
        if self.process is None:
            raise RuntimeError("implementation not started")
        return self.process

    def restart(self) -> dict[str, Any]:
        """Kill whatever is left and start afresh."""
        self.kill()
        self.restarts += 1
        return self.start()

    def kill(self) -> None:
        """Kill the process and release its pipes."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                if stream is not None:
                    stream.close()
        if self.stderr_file is not None:
            self.stderr_file.close()
            self.stderr_file = None
        self.process = None

    def stop(self) -> None:
        """Ask politely, then make sure."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.send({"cmd": "stop"})
                self.process.wait(timeout=2)
            except (ExchangeError, subprocess.TimeoutExpired):
                pass
        self.kill()
