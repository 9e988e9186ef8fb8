"""
An implementation under test, as a child process speaking adapter protocol v2.

Every exchange is bounded: by a timeout, by the length of a line, by the nesting of its JSON;
standard error is kept as a bounded tail. A crash, a hang, garbage on stdout or a message of
the wrong shape becomes an ``ExchangeError`` of a named kind, never a hung, crashed or
exhausted runner. The process starts in an empty working directory, in a process group of its
own, and the whole group is killed when it misbehaves.

Spec: spec/conformance.md, "Adapter protocol" and "Runner" ([AIN-CONF-RUNNER-ROBUST.1],
[AIN-CONF-RUNNER-BOUNDS.1], [AIN-CONF-ADAPTER-HELLO.2]).
Layer: conformance tooling.
"""

from __future__ import annotations

import collections
import contextlib
import json
import os
import queue
import select
import shlex
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any, Final

import attrs
import jsonschema

from ain_ref import ADAPTER_PROTOCOL_VERSION
from ain_ref.conformance.protocol import check_hello_response, check_run_response
from ain_ref.conformance.typed_json import json_depth
from ain_ref.repository import protocol_schemas_root

MAX_LINE_BYTES: Final = 16 * 1024 * 1024
"""The longest response line read; a longer one is garbage [AIN-CONF-RUNNER-BOUNDS.1]."""
MAX_JSON_DEPTH: Final = 256
"""The deepest JSON nesting a response may have [AIN-CONF-RUNNER-BOUNDS.1]."""
STDERR_TAIL_BYTES: Final = 4096
"""How much of the end of an implementation's standard error the runner keeps."""
STARTUP_SECONDS: Final = 60.0
"""The least time an implementation gets to answer hello (start-up is not a vector's work)."""
QUEUED_LINES: Final = 8
"""Lines read ahead of the runner; an implementation that floods waits on its pipe."""


class ExchangeError(Exception):
    """One request that got no proper answer: kind is timeout, crashed, garbage or protocol."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class CommandError(ValueError):
    """An ``--impl`` command that cannot be started: badly quoted, empty, or not found."""


def load_protocol_schemas() -> dict[str, dict[str, Any]]:
    """The adapter protocol's JSON Schemas, by name (conformance/schemas/, shipped in the wheel)."""
    directory = protocol_schemas_root()
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.schema.json"))
    }


def resolve_command(command: str) -> list[str]:
    """
    Split an ``--impl`` command and make it independent of the working directory.

    The program is looked up on PATH (or, when it holds a slash, relative to the current
    directory); every other argument that names an existing file or folder relative to the
    current directory becomes absolute, since the implementation runs in an empty folder.

    Raises
    ------
    CommandError
        When the command is badly quoted, empty, or its program is not found.
    """
    try:
        words = shlex.split(command)
    except ValueError as error:
        raise CommandError(f"--impl is badly quoted: {error}") from None
    if not words:
        raise CommandError("--impl is empty")
    program = shutil.which(words[0]) if "/" not in words[0] else words[0]
    if program is None or not Path(program).is_file():
        raise CommandError(f"--impl: program {words[0]!r} not found")
    arguments = [
        os.path.abspath(word) if not word.startswith("-") and Path(word).exists() else word
        for word in words[1:]
    ]
    return [os.path.abspath(program), *arguments]  # symlinks kept: a venv's python is one


def read_lines(
    stream: IO[bytes], lines: queue.Queue[bytes | None], stopping: threading.Event
) -> None:
    r"""
    Move lines from the child's stdout into a queue; None marks the end of output.

    A line longer than ``MAX_LINE_BYTES`` is replaced by an empty marker line (``b"\\0"``) and
    the rest of it discarded, so memory stays bounded whatever the child writes.
    """
    with contextlib.suppress(OSError, ValueError):
        while not stopping.is_set():
            line = stream.readline(MAX_LINE_BYTES + 1)
            if not line:
                break
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while True:  # discard the rest of the overlong line
                    rest = stream.readline(MAX_LINE_BYTES)
                    if not rest or rest.endswith(b"\n"):
                        break
                line = b"\0"
            put_until_stopped(lines, line, stopping)
    put_until_stopped(lines, None, stopping)
    with contextlib.suppress(OSError):
        stream.close()


def put_until_stopped(
    lines: queue.Queue[bytes | None], item: bytes | None, stopping: threading.Event
) -> None:
    """Queue an item, waiting for room unless the process is being stopped."""
    while not stopping.is_set():
        try:
            lines.put(item, timeout=0.5)
            return
        except queue.Full:
            continue


def keep_tail(stream: Any, tail: collections.deque[bytes]) -> None:
    """Read the child's stderr to its end, keeping only the last ``STDERR_TAIL_BYTES``."""
    with contextlib.suppress(OSError, ValueError):
        while chunk := stream.read1(65536):
            tail.append(chunk)
            while sum(map(len, tail)) > 2 * STDERR_TAIL_BYTES and len(tail) > 1:
                tail.popleft()
    with contextlib.suppress(OSError):
        stream.close()


@attrs.define
class ImplementationProcess:
    """
    A running implementation: start, hello, exchange requests with timeouts, restart, stop.

    References
    ----------
    [AIN-CONF-RUNNER-ROBUST.1] A crashed implementation is restarted; a hung one is killed with
    its whole process group.
    [AIN-CONF-RUNNER-BOUNDS.1] Lines, nesting and stderr are bounded.
    """

    command: str
    timeout_seconds: float
    validate_protocol: bool = False
    process: subprocess.Popen[bytes] | None = None
    lines: queue.Queue[bytes | None] = attrs.field(factory=lambda: queue.Queue(QUEUED_LINES))
    stopping: threading.Event = attrs.field(factory=threading.Event)
    stderr_tail: collections.deque[bytes] = attrs.field(factory=collections.deque)
    working_directory: str | None = None
    schemas: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    hello: dict[str, Any] | None = None
    restarts: int = 0

    def start(self) -> dict[str, Any]:
        """Start the process in an empty folder and exchange hello; return its hello."""
        if self.validate_protocol and not self.schemas:
            self.schemas = load_protocol_schemas()
        try:
            argv = resolve_command(self.command)
        except CommandError as error:
            raise ExchangeError("crashed", str(error)) from None
        self.lines = queue.Queue(QUEUED_LINES)
        self.stopping = threading.Event()
        self.stderr_tail = collections.deque()
        self.working_directory = tempfile.mkdtemp(prefix="ain-adapter-")
        environment = dict(os.environ, PYTHONUNBUFFERED="1")
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment,
                cwd=self.working_directory,
                start_new_session=True,  # its own process group, killed as a whole
            )
        except OSError as error:
            raise ExchangeError("crashed", f"cannot start {argv[0]}: {error}") from None
        assert self.process.stdout is not None and self.process.stderr is not None
        assert self.process.stdin is not None
        os.set_blocking(self.process.stdin.fileno(), False)
        threading.Thread(
            target=read_lines, args=(self.process.stdout, self.lines, self.stopping), daemon=True
        ).start()
        threading.Thread(
            target=keep_tail, args=(self.process.stderr, self.stderr_tail), daemon=True
        ).start()
        self.hello = self.exchange_hello()
        return self.hello

    def exchange_hello(self) -> dict[str, Any]:
        """
        Send hello and check the answer: the protocol version must be the runner's.

        References
        ----------
        [AIN-CONF-ADAPTER-HELLO.2]
        """
        request = {"cmd": "hello", "protocol": ADAPTER_PROTOCOL_VERSION}
        timeout = max(self.timeout_seconds, STARTUP_SECONDS)
        response = self.exchange(request, "hello-response", timeout)
        problem = check_hello_response(response)
        if problem is not None:
            raise ExchangeError("protocol", problem)
        return response

    def exchange(
        self, request: dict[str, Any], response_schema: str, timeout: float | None = None
    ) -> dict[str, Any]:
        """Send one request and wait, at most the timeout, for its one-line answer."""
        if self.validate_protocol:
            self.validate(request, "request", "runner sent")
        seconds = self.timeout_seconds if timeout is None else timeout
        self.send(request, seconds)
        response = parse_response(self.receive(seconds))
        if self.validate_protocol:
            self.validate(response, response_schema, "implementation sent")
        if "seq" in request:
            problem = check_run_response(response, request["seq"], request["cmd"])
            if problem is not None:
                raise ExchangeError("protocol", problem)
        return response

    def validate(self, message: dict[str, Any], schema_name: str, who: str) -> None:
        """Check a message against its schema (``--validate-protocol``)."""
        try:
            jsonschema.validate(message, self.schemas[schema_name])
        except jsonschema.ValidationError as error:
            raise ExchangeError(
                "protocol", f"{who} an invalid {schema_name}: {error.message[:300]}"
            ) from None

    def send(self, request: dict[str, Any], seconds: float) -> None:
        """Write one request line, giving up (as a timeout) if the child stops reading."""
        process = self.require_process()
        assert process.stdin is not None
        data = (json.dumps(request, sort_keys=True) + "\n").encode("utf-8")
        descriptor = process.stdin.fileno()
        deadline = time.monotonic() + seconds
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ExchangeError("timeout", f"not reading its input within {seconds:g} s")
            try:
                _, writable, _ = select.select([], [descriptor], [], remaining)
                if writable:
                    data = data[os.write(descriptor, data) :]
            except BlockingIOError:
                continue
            except (BrokenPipeError, OSError, ValueError):
                raise ExchangeError("crashed", self.crash_detail()) from None

    def receive(self, seconds: float) -> bytes:
        """Wait for one non-empty line of output, at most ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise ExchangeError("timeout", f"no answer within {seconds:g} s") from None
            if line is None:
                raise ExchangeError("crashed", self.crash_detail())
            if line == b"\0":
                raise ExchangeError("garbage", f"a line longer than {MAX_LINE_BYTES} bytes")
            if line.strip():
                return line

    def crash_detail(self) -> str:
        """The exit status and the tail of stderr of a process that went away."""
        process = self.require_process()
        try:
            status = process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            status = None
        return f"exit status {status}; stderr: {self.stderr_text() or '(empty)'}"

    def stderr_text(self) -> str:
        """The last ``STDERR_TAIL_BYTES`` of standard error, decoded leniently."""
        tail = b"".join(list(self.stderr_tail))[-STDERR_TAIL_BYTES:]
        return tail.decode("utf-8", "replace").strip()

    def require_process(self) -> subprocess.Popen[bytes]:
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
        """Kill the process group and release the pipes; nothing here can block."""
        process = self.process
        if process is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            self.stopping.set()  # the reader threads close stdout and stderr themselves
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
        if self.working_directory is not None:
            shutil.rmtree(self.working_directory, ignore_errors=True)
            self.working_directory = None
        self.process = None

    def stop(self) -> None:
        """Ask politely, then make sure."""
        if self.process is not None and self.process.poll() is None:
            try:
                self.send({"cmd": "stop"}, 2.0)
                self.process.wait(timeout=2)
            except (ExchangeError, subprocess.TimeoutExpired):
                pass
        self.kill()


def parse_response(line: bytes) -> dict[str, Any]:
    """
    Read one response line as a JSON object, within the nesting bound.

    References
    ----------
    [AIN-CONF-RUNNER-BOUNDS.1]
    """
    shown = line.strip()[:200].decode("utf-8", "backslashreplace")
    try:
        response = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ExchangeError("garbage", f"not UTF-8: {shown!r}") from None
    except RecursionError:
        raise ExchangeError("garbage", f"JSON nested deeper than {MAX_JSON_DEPTH}") from None
    except ValueError:  # not JSON, or an integer too long to read
        raise ExchangeError("garbage", f"not JSON: {shown!r}") from None
    if not isinstance(response, dict):
        raise ExchangeError("garbage", f"not a JSON object: {shown!r}")
    if json_depth(response) > MAX_JSON_DEPTH:
        raise ExchangeError("garbage", f"JSON nested deeper than {MAX_JSON_DEPTH}")
    return response
