"""Hostile uploads posted through the real invite-from-file form, from upload to answer.

Each file of tests/hostile_files.py (a 2 KB workbook declaring A1:XFD1048576, a 1.3 MB
zip bomb, a 60 KB row, a CSV of 200,000 columns, a DTD, billion laughs, NUL bytes,
formulas, wrong encodings, floods of empty rows, cells and elements…) is posted with the
Django test client, as an organiser would (multipart encoding, upload handlers, the
view, the form's answer: the refusal, or the columns page for the few that are read).

- `upload_worst_ms`: the slowest file, the median of RUNS wall-time posts. Goal ≤ 2,000.
- `upload_worst_cpu_ms`: the same file's CPU time in this process (the view runs here), the
  part that other work on a busy machine does not stretch.
- `upload_worst_mb`: the most memory-hungry file, tracemalloc's peak above the start of
  one post (a separate run, tracing slows everything down): Python's allocations,
  zlib's and expat's buffers included, the upload's own copies too; not the RSS.
  Goal ≤ 100.
"""

from __future__ import annotations

import io
import statistics
import time
import tracemalloc

RUNS = 3
MB = 1024 * 1024


def run(env) -> dict[str, float | int]:
    from lives_admin.upstream import get_client
    from tests.hostile_files import HOSTILE_UPLOADS

    live_id = get_client().lives.list(None, page=1, limit=1).items[0].id
    url = f"/lives/{live_id}/invite/"

    def post(name: str, data: bytes) -> None:
        file = io.BytesIO(data)
        file.name = name
        response = env.client.post(
            url, {"role": "participants", "source": "upload", "upload": file}
        )
        # A refusal re-renders the form (200); a file that is read goes on to its columns.
        assert response.status_code in (200, 302), (name, response.status_code)

    post("warm-up.csv", b"email\nada@example.org\n")  # imports and templates, once
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    for upload in HOSTILE_UPLOADS:
        data = upload.build()
        samples, cpu_samples = [], []
        for _ in range(RUNS):
            started, cpu_started = time.perf_counter(), time.process_time()
            post(upload.filename, data)
            samples.append(time.perf_counter() - started)
            cpu_samples.append(time.process_time() - cpu_started)
        times[upload.name] = statistics.median(samples) * 1000
        cpu[upload.name] = statistics.median(cpu_samples) * 1000
        tracemalloc.start()
        try:
            baseline, _ = tracemalloc.get_traced_memory()
            post(upload.filename, data)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        memory[upload.name] = (peak - baseline) / MB

    slowest = max(times, key=times.get)
    hungriest = max(memory, key=memory.get)
    env.note(
        f"uploads: {len(HOSTILE_UPLOADS)} hostile files posted through the invite form; "
        f"slowest: {slowest} ({times[slowest]:.0f} ms, median of {RUNS}); most memory: "
        f"{hungriest} ({memory[hungriest]:.1f} MB, tracemalloc's peak above the start of the "
        "post: Python's allocations with zlib's and expat's, not the RSS)"
    )
    for name in sorted(times, key=times.get, reverse=True)[:5]:
        env.note(
            f"upload: {times[name]:5.0f} ms ({cpu[name]:4.0f} ms CPU) {memory[name]:5.1f} MB {name}"
        )
    return {
        "upload_worst_ms": times[slowest],
        "upload_worst_cpu_ms": cpu[slowest],
        "upload_worst_mb": memory[hungriest],
    }
