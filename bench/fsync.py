#!/usr/bin/python3
"""bench/fsync.py DIR [N]: the latency of the disk under DIR: N (default 1000) times write 4 KiB +
fdatasync, as a SQLite commit with synchronous=FULL in WAL mode does once (issue 11 point 7: where the
interest POST's tail comes from). Prints p50, p90, p99 and max in ms."""
import os, sys, time
d = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
p = os.path.join(d, "fsync-probe")
fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
lat = []
for i in range(n):
    os.write(fd, b"x" * 4096)
    t = time.perf_counter(); os.fdatasync(fd); lat.append((time.perf_counter() - t) * 1000)
os.close(fd); os.unlink(p)
lat.sort()
q = lambda f: lat[min(len(lat) - 1, int(f * len(lat)))]
print("%s: %d x write(4 KiB)+fdatasync: p50 %.3f ms p90 %.3f p99 %.3f max %.3f ms" % (d, n, q(.5), q(.9), q(.99), lat[-1]))
