"""Upload benchmark: a 200 MB PUT to a sandbox signed upload URL, and what it costs the server.

    .venv/bin/python bench/upload_memory.py          # 200 MB
    BENCH_UPLOAD_MB=500 .venv/bin/python bench/upload_memory.py

Starts the studio's web server (`manage.py runserver --noreload`, which serves the sandbox) on
loopback with a throw-away SQLite database and media folder, asks POST /v1/media/generateurl for
a video/mp4 upload, PUTs a generated file streamed from disk (requests with a file object), and
prints the server process's memory (VmRSS/VmHWM from /proc/<pid>/status, before and after), the
upload throughput, and whether the permanent URL serves the same size and bytes; then PUTs the
same file with the wrong Content-Type (refused with 403) and reports the memory again.
Target: the upload grows the server's peak memory by less than 50 MB.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk import ROOT, bench_env, free_port, manage, wait_for_server  # noqa: E402

UPLOAD_MB = int(os.environ.get("BENCH_UPLOAD_MB", 200))
TARGET_GROWTH_MB = 50
API_KEY = "pictai_bench_upload_key"
CHUNK = 1024 * 1024


def memory_mb(pid: int) -> dict:
    """VmRSS (now) and VmHWM (peak so far) of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024  # kB → MB
    return values


def make_file(path: Path, megabytes: int) -> str:
    """A file of pseudo-random bytes written a chunk at a time; its MD5."""
    digest = hashlib.md5(usedforsecurity=False)
    block = os.urandom(CHUNK)
    with path.open("wb") as out:
        for index in range(megabytes):
            chunk = index.to_bytes(8, "big") + block[8:]  # every chunk differs
            out.write(chunk)
            digest.update(chunk)
    return digest.hexdigest()


def upload_target(base: str, file_name: str) -> dict:
    response = requests.post(
        f"{base}/sandbox/pictoryapis/v1/media/generateurl",
        json={"fileName": file_name, "contentType": "video/mp4"},
        headers={"Authorization": API_KEY},
        timeout=30,
    )
    response.raise_for_status()
    return response.json()["data"]


def put_file(signed_url: str, path: Path, content_type: str = "video/mp4") -> requests.Response:
    with path.open("rb") as handle:
        return requests.put(signed_url, data=handle, headers={"Content-Type": content_type}, timeout=600)


def run(workdir: Path) -> dict:
    port = free_port()
    env = {**bench_env(workdir, port), "PICTORY_SANDBOX_API_KEY": API_KEY}
    base = env["STUDIO_BASE_URL"]
    manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
    source = workdir / "upload.mp4"
    local_md5 = make_file(source, UPLOAD_MB)
    size = source.stat().st_size
    log = (workdir / "server.log").open("w")  # noqa: SIM115 -- closed below, after the server stops
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                              cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_server(base)
        # Warm up: the first upload loads the views and the storage code.
        warm = workdir / "warm.mp4"
        warm.write_bytes(b"warm-up" * 1000)
        assert put_file(upload_target(base, "warm.mp4")["signedUrl"], warm).status_code == 200
        before = memory_mb(server.pid)

        target = upload_target(base, "bench upload.mp4")
        started = time.perf_counter()
        response = put_file(target["signedUrl"], source)
        seconds = time.perf_counter() - started
        after = memory_mb(server.pid)

        head = requests.head(target["url"], timeout=30)
        tail = requests.get(target["url"], headers={"Range": f"bytes=-{CHUNK}"}, timeout=30)
        with source.open("rb") as handle:
            handle.seek(size - CHUNK)
            tail_matches = tail.status_code == 206 and tail.content == handle.read()
        # A refused PUT (wrong Content-Type) of the same file: its body is read and dropped in chunks.
        refused = put_file(upload_target(base, "refused.mp4")["signedUrl"], source, "application/octet-stream")
        after_refused = memory_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return {
        "upload_mb": size / 1024 / 1024,
        "put_status": response.status_code,
        "etag_matches": response.headers.get("ETag", "").strip('"') == local_md5,
        "seconds": seconds,
        "throughput_mb_per_s": size / 1024 / 1024 / seconds,
        "rss_before_mb": before["VmRSS"],
        "peak_before_mb": before["VmHWM"],
        "rss_after_mb": after["VmRSS"],
        "peak_after_mb": after["VmHWM"],
        "peak_growth_mb": after["VmHWM"] - before["VmRSS"],
        "served_size_matches": head.status_code == 200 and int(head.headers.get("Content-Length", -1)) == size,
        "served_tail_matches": tail_matches,
        "refused_status": refused.status_code,
        "refused_peak_growth_mb": after_refused["VmHWM"] - before["VmRSS"],
    }


def main() -> None:
    print(f"Pictory Studio upload benchmark · {UPLOAD_MB} MB · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="studio-bench-upload-") as workdir:
        result = run(Path(workdir))
    print(json.dumps(result, indent=1))
    served = result["served_size_matches"] and result["served_tail_matches"]
    small = max(result["peak_growth_mb"], result["refused_peak_growth_mb"]) < TARGET_GROWTH_MB
    ok = result["put_status"] == 200 and result["refused_status"] == 403 and result["etag_matches"] and served and small
    print(
        f"PUT {result['upload_mb']:.0f} MB in {result['seconds']:.2f} s ({result['throughput_mb_per_s']:.0f} MB/s); "
        f"server peak memory grew {result['peak_growth_mb']:.1f} MB (target < {TARGET_GROWTH_MB} MB); "
        f"refused PUT {result['refused_status']}, peak growth {result['refused_peak_growth_mb']:.1f} MB; "
        f"served size and bytes {'match' if served else 'DIFFER'} → {'PASS' if ok else 'FAIL'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
