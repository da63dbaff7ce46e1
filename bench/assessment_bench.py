"""Assessment benchmarks against a raw aio-pika + asyncpg baseline measured in the same run.

    .venv/bin/python bench/assessment_bench.py [--submissions 20000] [--export-rows 100000]

1. Intake: ``intake.assessment.submitted.v1`` events answering a 30-question form (integers with
   constraints, decimals, select_one, select_multiple, text, a date, a relevance), published as
   fast as possible; each counted when its ``assessment.submission.accepted.v1`` (correlationid =
   the submission's id) reaches the bus. The service runs as its own process
   (``--role consumers,relay``): the shared consumer (inbox, batches, ack after commit), the
   answers checked against the form version, the submission stored (as submitted and
   normalised), the outbox, the relay with publisher confirms. Baseline, its own process too:
   aio-pika (prefetch 200, a quorum queue like the service's) + 8 asyncpg connections, one
   transaction per message (inbox ON CONFLICT DO NOTHING, the same submissions row with both JSON
   documents, an outbox row, pg_notify), ack after commit, a LISTEN-woken relay publishing with
   confirms; it converts numbers but checks nothing else (the stricter baseline).
2. Export: ``--export-rows`` submissions spread over 3 versions of the form (a question dropped,
   one renamed, one retyped, new ones) written by SQL, then ``GET /v1/exports/submissions.csv``
   through the service's FastAPI app in process, read as a stream: seconds to the last byte, and
   the process's resident memory before, after a tenth of the rows and at the end (flat = the
   export does not hold the rows).

Everything runs in a database ``aswan_bench_<id>`` and on exchanges ``bench.<id>.*``, dropped at
the end. 2 shared cores: compare each figure with its baseline of the same run, quote the load.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import httpx
import uvloop
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.assessment_raw import serve_raw  # noqa: E402
from shared.auth import TokenCodec  # noqa: E402
from shared.dbsetup import service_url, setup_database  # noqa: E402
from shared.events.envelope import envelope_json, make_envelope  # noqa: E402
from shared.events.intake import AssessmentSubmitted  # noqa: E402
from shared.migrations import upgrade  # noqa: E402

ADMIN = os.environ.get("BENCH_ADMIN_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("BENCH_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
IN_KEY = AssessmentSubmitted.ROUTING_KEY
OUT_KEYS = ("assessment.submission.accepted.v1", "assessment.submission.rejected.v1")
FORM = "bench_form"
HEAD = ["type", "name", "label::Arabic (ar)", "label::English (en)", "required", "relevant",
        "constraint", "hxl"]  # fmt: skip
CHOICES = [("opts", f"o{n}", f"خيار {n}", f"Option {n}") for n in range(1, 7)]


def questions(version: int) -> list[list[Any]]:
    """30 questions in version 1; version 2 drops q30, renames q29 to q29b, adds q31; version 3
    also retypes q28 (decimal -> text) and adds q32 first."""
    rows: list[list[Any]] = []
    for n in range(1, 31):
        name = f"q{n}"
        if n <= 10:
            rows.append(["integer", name, f"عدد {n}", f"Count {n}", "yes", None,
                         ". >= 0 and . <= 100000", f"#affected+q{n}"])  # fmt: skip
        elif n <= 15:
            rows.append(["decimal", name, f"قيمة {n}", f"Value {n}", None, None, ". >= 0"])
        elif n <= 20:
            rows.append(["select_one opts", name, f"اختيار {n}", f"Choice {n}", "yes"])
        elif n <= 25:
            rows.append(["select_multiple opts", name, f"اختيارات {n}", f"Choices {n}"])
        elif n == 26:
            rows.append(["date", name, "التاريخ", "Date"])
        elif n == 27:
            rows.append(["text", name, "ملاحظة", "Remark", None, "${q1} > 10"])
        else:
            rows.append(["text" if n != 28 else "decimal", name, f"نص {n}", f"Text {n}"])
    if version >= 2:
        rows = [r for r in rows if r[1] != "q30"]
        rows[28][1] = "q29b"
        rows.append(["integer", "q31", "جديد", "New"])
    if version >= 3:
        rows[27][0] = "text"
        rows.insert(0, ["integer", "q32", "أحدث", "Newest"])
    return rows


def workbook(version: int) -> bytes:
    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(HEAD)
    for row in questions(version):
        survey.append(row + [None] * (len(HEAD) - len(row)))
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label::Arabic (ar)", "label::English (en)"])
    for row in CHOICES:
        choices.append(list(row))
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title", "aswan_kind"])
    settings.append([FORM, str(version), "استمارة القياس", "survey"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def answers(rng: random.Random) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for n in range(1, 31):
        if n <= 10:
            out[f"q{n}"] = str(rng.randint(0, 500)) if n % 2 else rng.randint(0, 500)
        elif n <= 15:
            out[f"q{n}"] = round(rng.random() * 1000, 2)
        elif n <= 20:
            out[f"q{n}"] = f"o{rng.randint(1, 6)}"
        elif n <= 25:
            out[f"q{n}"] = " ".join(rng.sample([c[1] for c in CHOICES], 2))
        elif n == 26:
            out[f"q{n}"] = "2026-12-03"
        elif n == 28:
            out[f"q{n}"] = "١٢٫٥"
        else:
            out[f"q{n}"] = "نص الإجابة " + str(n)
    return out


# -- the service in process (uploads, export) --------------------------------------------------


@contextlib.asynccontextmanager
async def api(db: str) -> AsyncIterator[tuple[httpx.AsyncClient, dict[str, str]]]:
    from services.assessment.bootstrap import build
    from services.assessment.config import AssessmentSettings

    secret = secrets.token_hex(32)
    settings = AssessmentSettings(
        database_url=service_url(ADMIN, "assessment", db), jwt_secret=secret, log_level="WARNING"
    )  # type: ignore[call-arg]
    app = build(settings, roles={"api"})
    token = TokenCodec(secret, "aswan2040", "aswan2040-api").mint("bench", ["staff"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        yield client, {"Authorization": f"Bearer {token}"}
    await app.state.runtime.engine.dispose()


async def upload_versions(db: str) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    async with api(db) as (client, headers):
        for version in (1, 2, 3):
            response = await client.post("/v1/forms", content=workbook(version),
                                         headers={**headers, "Content-Type": xlsx})  # fmt: skip
            assert response.status_code in (200, 201), response.text


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


async def bench_export(db: str, rows: int) -> dict[str, float]:
    conn = await asyncpg.connect(_dsn(db))
    answers_sql = "jsonb_build_object(" + ", ".join(
        f"'q{n}', " + ("g % 500" if n <= 10 else "(g % 97)::float / 3" if n <= 15 else
                       "'o' || (1 + g % 6)" if n <= 25 else "'text ' || g")
        for n in range(1, 30)
    ) + ")"  # fmt: skip
    started = time.perf_counter()
    await conn.execute(
        "INSERT INTO assessment.submissions (submission_id, form_id, form_version, kind, "
        "answers, raw_answers, submitted_by, channel, submitted_at) "
        f"SELECT 'x' || g, $1, (1 + g % 3)::text, 'survey', {answers_sql}, '{{}}', 'bench', "
        "'bus', now() FROM generate_series(1, $2) AS g", FORM, rows,
    )  # fmt: skip
    print(f"  export: {rows} submissions written by SQL in {time.perf_counter() - started:.1f} s")
    await conn.close()
    out: dict[str, float] = {}
    async with api(db) as (client, headers):
        before, size, lines, marks = rss_mb(), 0, 0, {}
        started = time.perf_counter()
        async with client.stream("GET", f"/v1/exports/submissions.csv?form_id={FORM}",
                                 headers=headers) as response:  # fmt: skip
            assert response.status_code == 200
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                lines += chunk.count(b"\n")
                if lines >= rows // 10 and "tenth" not in marks:
                    marks["tenth"] = rss_mb()
        out["export_s"] = time.perf_counter() - started
        out.update(rss_before=before, rss_tenth=marks.get("tenth", 0.0), rss_end=rss_mb())
        out["export_mb"] = size / 2**20
        out["export_lines"] = lines
    return out


# -- intake: the service and the baseline as processes -----------------------------------------


class Sink:
    def __init__(self) -> None:
        self.sent: set[str] = set()
        self.done = 0
        self.rejected = 0
        self.last = 0.0
        self.changed = asyncio.Event()

    async def on_message(self, message: aio_pika.abc.AbstractIncomingMessage) -> None:
        event = json.loads(message.body)
        if event.get("correlationid") in self.sent:
            self.sent.discard(event["correlationid"])
            self.done += 1
            self.rejected += "Rejected" in event.get("type", "")
            self.last = time.perf_counter()
            self.changed.set()

    async def wait(self, count: int, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while self.done < count:
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(deadline - time.perf_counter(), 0.01))


@contextlib.asynccontextmanager
async def serving(kind: str, db: str, channel: Any) -> AsyncIterator[tuple[Any, Sink]]:
    from shared.messaging.topology import declare_exchange, unrouted_name

    tag = uuid.uuid4().hex[:6]
    exchange, prefix = f"bench.{tag}.events", f"bench.{tag}."
    await declare_exchange(channel, exchange)
    sink_q = await channel.declare_queue(exclusive=True, auto_delete=True)
    for key in OUT_KEYS:
        await sink_q.bind(exchange, key)
    sink = Sink()
    await sink_q.consume(sink.on_message, no_ack=True)
    env = {**os.environ, "DATABASE_URL": service_url(ADMIN, "assessment", db), "AMQP_URL": AMQP,
           "EXCHANGE": exchange, "QUEUE_PREFIX": prefix, "JWT_SECRET": secrets.token_hex(32),
           "LOG_LEVEL": "WARNING"}  # fmt: skip
    port = str(18000 + random.randint(0, 999))
    cmd = (
        [sys.executable, "-m", "services.assessment", "--role", "consumers,relay", "--port", port]
        if kind == "assessment"
        else [sys.executable, __file__, "--serve-raw", db, exchange, prefix]
    )
    log = open(os.environ.get("BENCH_SERVICE_LOG", os.devnull), "a")  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
    queues = [f"{prefix}assessment.{p}{s}" for p in ("submissions", "associations")
              for s in ("", ".dlq", ".retry.1", ".retry.2", ".retry.3")]  # fmt: skip
    try:
        await _until_consumed(f"{prefix}assessment.submissions")
        yield await channel.get_exchange(exchange), sink
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 60)
        for name in [*queues, unrouted_name(exchange)]:
            await channel.queue_delete(name)
        await channel.exchange_delete(exchange)
        await channel.exchange_delete(unrouted_name(exchange))


async def _until_consumed(name: str) -> None:
    conn = await aio_pika.connect(AMQP)
    try:
        for _ in range(600):
            probe = await conn.channel()
            try:
                queue = await probe.declare_queue(name, passive=True)
                if queue.declaration_result.consumer_count:
                    return
            except aio_pika.exceptions.ChannelClosed:
                pass
            finally:
                if not probe.is_closed:
                    await probe.close()
            await asyncio.sleep(0.1)
        raise RuntimeError(f"no consumer on {name}")
    finally:
        await conn.close()


async def burst(ex: Any, sink: Sink, count: int, seed: str) -> float:
    rng = random.Random(seed)
    sink.done = sink.rejected = 0
    started = time.perf_counter()

    async def one() -> None:
        event = AssessmentSubmitted(form_id=FORM, form_version="1", answers=answers(rng),
                                    submitted_by="bench", centre="edfu")  # fmt: skip
        envelope = make_envelope(event, source="/aswan/bench", subject=None)
        sink.sent.add(envelope.id)
        await ex.publish(aio_pika.Message(envelope_json(envelope), message_id=envelope.id,
                                          delivery_mode=2), IN_KEY)  # fmt: skip

    for start in range(0, count, 200):
        await asyncio.gather(*(one() for _ in range(min(200, count - start))))
    await sink.wait(count, timeout=1800)
    return count / (sink.last - started)


# -- driver --------------------------------------------------------------------------------


def _dsn(db: str) -> str:
    return ADMIN.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{db}"


async def prepare(db: str) -> None:
    await setup_database(ADMIN, db)
    await asyncio.to_thread(upgrade, "assessment", service_url(ADMIN, "assessment", db))
    conn = await asyncpg.connect(_dsn(db))
    await conn.execute("CREATE SCHEMA raw_ass")
    for table in ("submissions", "inbox", "outbox"):
        await conn.execute(f"CREATE TABLE raw_ass.{table} (LIKE assessment.{table} INCLUDING ALL)")
    await conn.close()


async def main(args: argparse.Namespace) -> None:
    db = f"aswan_bench_{uuid.uuid4().hex[:6]}"
    await prepare(db)
    await upload_versions(db)
    conn = await aio_pika.connect(AMQP)
    channel = await conn.channel(publisher_confirms=True)
    print(f"load before: {os.getloadavg()}; database {db}", flush=True)
    out: dict[str, Any] = {"raw": [], "assessment": []}
    try:
        for round_ in range(args.rounds):
            order = ("raw", "assessment") if round_ % 2 == 0 else ("assessment", "raw")
            for kind in order:
                async with serving(kind, db, channel) as (ex, sink):
                    await burst(ex, sink, 300, f"warm-{kind}-{round_}")
                    out[kind].append(await burst(ex, sink, args.submissions, f"{kind}{round_}"))
                    print(f"  round {round_ + 1} intake {kind:>10}: {out[kind][-1]:6.0f} "
                          f"submissions/s ({sink.rejected} rejected)", flush=True)  # fmt: skip
                    assert sink.rejected == 0, "the bench's answers must all be accepted"
        out.update(await bench_export(db, args.export_rows))
    finally:
        await conn.close()
        admin = await asyncpg.connect(ADMIN.replace("+asyncpg", ""))
        await admin.execute(f'DROP DATABASE "{db}" WITH (FORCE)')
        await admin.close()
    print(f"load after: {os.getloadavg()}")
    ratios = [a / r for a, r in zip(out["assessment"], out["raw"], strict=True)]
    print(f"\nintake: {args.submissions} submissions of a 30-question form, per round "
          f"assessment {[round(a) for a in out['assessment']]}/s vs raw "
          f"{[round(r) for r in out['raw']]}/s: median ratio {statistics.median(ratios):.2f} "
          "(target >= 0.8)")  # fmt: skip
    print(f"export: {args.export_rows} submissions over 3 versions as CSV, "
          f"{out['export_mb']:.1f} MB, {out['export_lines']} lines in {out['export_s']:.1f} s "
          f"(target <= 10 s for 100,000); RSS {out['rss_before']:.0f} MB before, "
          f"{out['rss_tenth']:.0f} MB at a tenth, {out['rss_end']:.0f} MB at the end")  # fmt: skip


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=20_000)
    parser.add_argument("--export-rows", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2, help="raw and service alternate")
    parser.add_argument("--serve-raw", nargs=3, metavar=("DB", "EXCHANGE", "PREFIX"))
    parsed = parser.parse_args()
    if parsed.serve_raw:
        uvloop.run(serve_raw(ADMIN, AMQP, *parsed.serve_raw))
    else:
        uvloop.run(main(parsed))
