"""Run one function over many inputs on every core, with forked workers: `fork_map`; or one function beside the
parent's next stage: `Background`.

Used where a build spends its time: parsing record files (load/records.py) and rendering + writing pages
(site/frame.py). The contract, which every caller relies on:

- **Forked, read-only inherited state.** Workers are `fork()`ed, so they start with the parent's memory (the model,
  the Jinja environment, the theme) and nothing is pickled on the way in. They must treat it as read-only: a change a
  worker makes is lost, and the parent never sees it. Only the return values of `fn` travel back (pickled), so they
  must be plain data; a writer that returns None (pages written to disk) sends nothing back.
- **`gc.freeze()` around the fork.** CPython's collector writes to every object it visits (the reference count and
  the GC header live in the object), so a collection in a worker touches the inherited pages and the kernel copies
  them, so a worker slowly turns the shared model into a private copy. Freezing moves every existing object out of
  the collector's reach until `gc.unfreeze()`, keeping the shared pages shared.
  A build freezes too, for as long as it runs (`collector_frozen`): the loaded catalog and the rendered model are
  tens of millions of long-lived objects that every full collection would walk again (3.5 s of twelve collections in
  a 5-record build at 10k); frozen, they are freed by reference counting as before, and a cycle among them waits
  for the build's end. Freezes nest: only the outermost block unfreezes.
- **Workers end with `os._exit`.** A forked child must not run the parent's exit path: `atexit` handlers, flushing
  buffers the parent also holds, `finally` blocks of the caller's stack (e.g. MkDocs removing its temp dir). `_exit`
  leaves at once, with 0 or 1; a worker's traceback is printed to stderr first.
- **Never in a threaded process.** `fork()` copies only the calling thread; a lock held by another thread (logging,
  the livereload server of `mkdocs serve`, the file watcher) stays locked forever in the child. When more than one
  thread runs, `fork_map` runs serially (and Python >= 3.12 would warn). Fork is also missing on some platforms.
- **Thresholds.** Below `min_items` inputs, or with one core, the work runs serially in the parent: starting workers
  costs more than it saves. `per_worker` is the least work worth a process of its own. Callers keep their thresholds
  as module constants; tests lower them to 1 to prove that parallel and serial results are the same.

The result is in input order, exactly as `[fn(x) for x in items]` would give.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


_freezes = 0  # open collector_frozen blocks


@contextmanager
def collector_frozen() -> Iterator[None]:
    """Every object that exists now out of the cyclic collector's reach until the outermost such block ends."""
    global _freezes
    gc.collect(1)  # the young generations' garbage first (cheap): a frozen cycle would wait for the block's end
    gc.freeze()
    _freezes += 1
    try:
        yield
    finally:
        _freezes -= 1
        if _freezes == 0:
            gc.unfreeze()


def freeze_survivors() -> None:
    """Inside a frozen build, freeze what it made since (its next stages read it and let it live to the end)."""
    if _freezes:
        gc.collect(1)
        gc.freeze()


def can_fork() -> bool:
    """Fork is available and safe here: the platform has it and no other thread is running."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def worker_count(items: int, min_items: int, per_worker: int = 1, workers: int | None = None) -> int:
    """Processes to use for `items` inputs: 1 (serial) below the threshold, with one core, or where fork is unsafe."""
    workers = workers or os.cpu_count() or 1
    if items < max(min_items, 1) or workers < 2 or not can_fork():
        return 1
    return max(1, min(workers, items // max(per_worker, 1)))


def _run_chunk(fn: Callable[[T], R], chunk: Sequence[T], write_fd: int) -> None:
    """In the child: results as one pickle down the pipe, then leave without running the parent's exit path."""
    try:
        data = pickle.dumps([fn(x) for x in chunk], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    except BaseException:
        traceback.print_exc(file=sys.stderr)
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def fork_map(fn: Callable[[T], R], items: Sequence[T], *, min_items: int, per_worker: int = 1, workers: int | None = None) -> Iterator[R]:
    """`fn` over `items` in order, split into one contiguous share per worker; the parent does the first share.

    Yields results as shares complete, in order, so the caller can consume the first share while the others run.
    Raises RuntimeError if a worker fails (after all workers ended).
    """
    count = worker_count(len(items), min_items, per_worker, workers)
    if count == 1:
        for x in items:
            yield fn(x)
        return
    size = -(-len(items) // count)
    shares = [items[i : i + size] for i in range(0, len(items), size)]
    with collector_frozen():
        yield from _forked(fn, shares)


def _forked(fn: Callable[[T], R], shares: list[Sequence[T]]) -> Iterator[R]:
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        for share in shares[1:]:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # child
                os.close(read_fd)
                _run_chunk(fn, share, write_fd)
            os.close(write_fd)
            children.append((pid, read_fd))
        for x in shares[0]:
            yield fn(x)
        failed = []
        while children:
            pid, read_fd = children.pop(0)
            with os.fdopen(read_fd, "rb") as pipe:
                data = pipe.read()
            code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            if code != 0 or not data:
                failed.append(code)
            elif not failed:
                yield from pickle.loads(data)
        if failed:
            raise RuntimeError(f"并行子进程失败（退出码 {failed}）")
    finally:
        for pid, read_fd in children:  # the caller stopped early or failed: close the pipes so the workers end, reap them
            os.close(read_fd)
            os.waitpid(pid, 0)


class Background(Generic[R]):
    """`fn()` running in one forked child while the parent goes on; `result()` waits for it and returns its value.

    For work that nothing else in the build reads until the end (the Excel workbook): on a machine with a core to
    spare it overlaps the parent's next stage. Where fork is unsafe or there is one core, `fn` runs at once in the
    parent, so the result is the same either way. Same contract as `fork_map`: the child sees a read-only copy of
    the parent, and only its pickled return value comes back.
    """

    def __init__(self, fn: Callable[[], R], workers: int | None = None) -> None:
        self.child: tuple[int, int] | None = None
        self.value: R | None = None
        if worker_count(2, 2, 1, workers) == 1:
            self.value = fn()
            return
        with collector_frozen():
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # child
                os.close(read_fd)
                _run_chunk(lambda _: fn(), [None], write_fd)
            os.close(write_fd)
            self.child = (pid, read_fd)

    def result(self) -> R:
        """The value of `fn()`; raises RuntimeError if the child failed (its traceback is on stderr)."""
        if self.child is not None:
            pid, read_fd = self.child
            self.child = None
            with os.fdopen(read_fd, "rb") as pipe:
                data = pipe.read()
            code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            if code != 0 or not data:
                raise RuntimeError(f"后台子进程失败（退出码 {code}）")
            self.value = pickle.loads(data)[0]
        return self.value  # type: ignore[return-value]
