"""What the chapter's tests put in place of a legacy call's wait: counters and barriers that
prove by counting, not timing, which calls ran side by side and on which threads."""
import threading
import time


class Recorder:
    """Counts the calls inside at once and the threads they ran on. With `barrier_of=N`, each
    call also waits (at most `timeout` s) until N calls are inside together."""

    def __init__(self, barrier_of: int | None = None, hold: float = 0.0, timeout: float = 5.0):
        self.lock = threading.Lock()
        self.inside = 0
        self.most_inside = 0
        self.threads: list[str] = []
        self.met = None
        self.barrier = threading.Barrier(barrier_of, timeout=timeout) if barrier_of else None
        self.hold = hold

    def __call__(self, *args, **kwargs) -> None:
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            self.threads.append(threading.current_thread().name)
        try:
            if self.barrier is not None:
                try:
                    self.barrier.wait()
                    self.met = True if self.met is None else self.met
                except threading.BrokenBarrierError:
                    self.met = False
            time.sleep(self.hold)
        finally:
            with self.lock:
                self.inside -= 1
