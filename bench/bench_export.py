"""The participants CSV export of 20,000 people against the sum of its upstream calls.

`export_20k_time_ratio` = median wall time of the whole streamed export through the
Django test client (every chunk of `streaming_content` read) ÷ median wall time of
walking the same pages directly with the dashboard's client
(`participants.iter_all`, 200 pages of 100). Goal ≤ 1.15. Runs are interleaved.

`export_20k_memory_mb` = tracemalloc's peak of Python allocations during one full
export, above what was allocated when it started (a separate run: tracing slows
everything down, so it is not timed). Goal < 50 MB.

`export_first_byte_after_pages` = participants pages the sandbox had served when
the first chunk reached the reader. Goal ≤ 1 (the first byte leaves before the
second page is fetched).

`export_20k_xlsx_time_ratio` = median wall time of the whole Excel export (written to
a temporary file, then read back by the test client) ÷ the same upstream median.
`export_20k_xlsx_memory_mb` = tracemalloc's peak during one Excel export, as above.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

PEOPLE = 20_000
RUNS = 5
XLSX_RUNS = 3
MB = 1024 * 1024


def _participant_pages(sandbox, live_id: str) -> int:
    path = f"/v1/lives/{live_id}/participants"
    count = 0
    for entry in sandbox.requests():
        entry_path = entry["path"] if isinstance(entry, dict) else entry.path
        if entry_path == path:
            count += 1
    return count


def run(env) -> dict[str, float | int]:
    from lives_admin.upstream import get_client

    client = get_client()
    http = env.client
    live = client.lives.list(None, page=1, limit=1).items[0]
    present = client.participants.list(live.id, limit=1).total
    if present < PEOPLE:
        env.sandbox.add_fake_participants(live.id, PEOPLE - present)
    total = client.participants.list(live.id, limit=1).total
    assert total >= PEOPLE, total
    url = f"/lives/{live.id}/participants/export.csv"

    def upstream() -> int:
        return sum(1 for _ in client.participants.iter_all(live.id))

    def export() -> tuple[int, int]:
        """Bytes and data rows of one full export, read chunk by chunk."""
        response = http.get(url)
        assert response.status_code == 200, response.status_code
        assert response.streaming, "the CSV export is not streamed"
        size = newlines = 0
        try:
            for chunk in response.streaming_content:
                size += len(chunk)
                newlines += chunk.count(b"\n")
        finally:
            response.close()
        return size, newlines - 1  # the header line; no cell holds a newline

    def timed(action):
        started = time.perf_counter()
        result = action()
        return time.perf_counter() - started, result

    upstream()  # warm up connections, templates and imports
    _, (size, rows) = timed(export)
    assert rows >= PEOPLE and rows == total, (rows, total)

    export_times, upstream_times = [], []
    for _ in range(RUNS):  # interleaved, so drift in the sandbox hits both alike
        seconds, walked = timed(upstream)
        assert walked == total, (walked, total)
        upstream_times.append(seconds)
        seconds, (_, rows) = timed(export)
        assert rows == total, (rows, total)
        export_times.append(seconds)
    export_p50 = statistics.median(export_times)
    upstream_p50 = statistics.median(upstream_times)

    # Pages served when the first chunk, then the first chunk holding rows, arrived.
    env.sandbox.clear_requests()
    response = http.get(url)
    chunks = iter(response.streaming_content)
    try:
        first = next(chunks)
        first_byte_pages = _participant_pages(env.sandbox, live.id)
        while first.count(b"\n") < 2:  # header only so far
            first = next(chunks)
        first_rows_pages = _participant_pages(env.sandbox, live.id)
    finally:
        response.close()

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        export()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    memory_mb = (peak - baseline) / MB

    xlsx_url = url.replace(".csv", ".xlsx")

    def export_xlsx() -> int:
        response = http.get(xlsx_url)
        assert response.status_code == 200, response.status_code
        try:
            return sum(len(chunk) for chunk in response.streaming_content)
        finally:
            response.close()

    xlsx_times = []
    for _ in range(XLSX_RUNS):
        seconds, xlsx_size = timed(export_xlsx)
        xlsx_times.append(seconds)
    xlsx_p50 = statistics.median(xlsx_times)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline, _ = tracemalloc.get_traced_memory()
        export_xlsx()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    xlsx_memory_mb = (peak - baseline) / MB

    env.note(
        f"export: {total} rows ({size / MB:.1f} MB of CSV) in p50 {export_p50:.2f} s vs "
        f"p50 {upstream_p50:.2f} s walking the same {-(-total // 100)} pages directly "
        f"({RUNS} interleaved runs); memory is tracemalloc's peak above the start of one "
        f"export (Python allocations only, not RSS); first chunk after {first_byte_pages} "
        f"participants page(s), first rows after {first_rows_pages}; Excel: "
        f"{xlsx_size / MB:.1f} MB in p50 {xlsx_p50:.2f} s ({XLSX_RUNS} runs)"
    )
    return {
        "export_20k_memory_mb": memory_mb,
        "export_20k_time_ratio": export_p50 / upstream_p50,
        "export_first_byte_after_pages": first_byte_pages,
        "export_20k_xlsx_memory_mb": xlsx_memory_mb,
        "export_20k_xlsx_time_ratio": xlsx_p50 / upstream_p50,
    }
