"""Benchmark: CV parsing throughput against raw text extraction of the same files.

Run with ``make bench``. Generates CVs (two-page PDFs with a sidebar, DOCX with a header
and a table), then measures side by side in one run:
  raw pypdf ``extract_text`` / ``mammoth.extract_raw_text`` (the floor),
  full ``parse_document`` in one process (rounds interleaved, median ratio reported), and a
  50-file ``parse_paths`` batch with one worker and with one worker per core.
Prints files/s, the ratio full/raw (target <= 1.5x) and the batch speed-up on all cores.
Asserts only that every file parsed.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import time
from pathlib import Path

import mammoth
from docx import Document
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tools.parsing.batch import parse_paths
from tools.parsing.pipeline import parse_document

FIRST = ["Amara", "Lukas", "Wanjiru", "Diego", "Sofia", "Kwame", "Mei", "Ibrahim", "Ana", "Jonas"]
LAST = ["Okafor", "Meyer", "Kamau", "Fernandez", "Rossi", "Mensah", "Chen", "Bello", "Silva", "Berg"]
SKILLS = ["Python", "Go", "PostgreSQL", "Kubernetes", "Docker", "React", "TypeScript", "AWS", "Kafka",
          "Terraform", "Django", "GraphQL", "Redis", "Java", "Spring Boot", "Figma", "SQL", "dbt"]
TITLES = ["Senior Backend Engineer", "Software Engineer", "Data Engineer", "Engineering Manager",
          "Platform Engineer", "Full Stack Developer"]
COMPANIES = ["Paystack", "Flutterwave", "Zalando", "Shopify", "Andela", "Booking.com", "Spotify", "Monzo"]
FILES_PER_KIND = 24
ROUNDS = 5
BATCH = 50


def _person(rng: random.Random) -> dict:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    jobs = []
    year = 2025
    for _ in range(rng.randint(3, 5)):
        start = year - rng.randint(1, 4)
        jobs.append({"title": rng.choice(TITLES), "company": rng.choice(COMPANIES),
                     "dates": f"Mar {start} – {'Present' if year == 2025 else f'Jun {year}'}",
                     "text": " ".join(f"Built {rng.choice(SKILLS)} services handling {rng.randint(2, 90)}k requests per "
                                      f"second with {rng.choice(SKILLS)} and {rng.choice(SKILLS)}." for _ in range(4))})
        year = start
    return {"name": f"{first} {last}", "email": f"{first}.{last}{rng.randint(1, 999)}@example.com".lower(),
            "phone": f"+44 20 7946 {rng.randint(1000, 9999)}", "skills": rng.sample(SKILLS, 8), "jobs": jobs}


def _pdf(p: dict) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    for page in range(2):
        y = 800
        c.setFont("Helvetica", 9)
        for line in ([p["name"], p["email"], p["phone"], "London, UK", "", "SKILLS"] + p["skills"] if page == 0 else []):
            c.drawString(40, y, line)
            y -= 13
        y = 800
        for job in p["jobs"][page * 3:page * 3 + 3]:
            for line in [f"{job['title']} — {job['company']}", job["dates"]]:
                c.drawString(200, y, line)
                y -= 13
            words, line = job["text"].split(), ""
            for word in words:
                if len(line) + len(word) > 70:
                    c.drawString(200, y, line)
                    y -= 12
                    line = ""
                line += word + " "
            c.drawString(200, y, line)
            y -= 24
        c.showPage()
    c.save()
    return buf.getvalue()


def _docx(p: dict) -> bytes:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = f"{p['email']} | {p['phone']}"
    doc.add_heading(p["name"], 0)
    doc.add_heading("Experience", 1)
    for job in p["jobs"]:
        doc.add_paragraph(f"{job['title']} — {job['company']}")
        doc.add_paragraph(job["dates"])
        doc.add_paragraph(job["text"], style="List Bullet")
    doc.add_heading("Skills", 1)
    table = doc.add_table(rows=2, cols=4)
    for i, skill in enumerate(p["skills"]):
        table.cell(i // 4, i % 4).text = skill
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _raw(kind: str, data: bytes) -> str:
    if kind == "pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return mammoth.extract_raw_text(io.BytesIO(data)).value


def _seconds(fn, items) -> float:
    started = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - started


def _batch_seconds(paths: list[Path], jobs: int) -> float:
    """Wall time of one ``parse_paths`` batch, worker start-up included (as the CLI pays it)."""
    started = time.perf_counter()
    results = [r for _, r in parse_paths(paths, jobs=jobs)]
    elapsed = time.perf_counter() - started
    assert all(r.success for r in results), [r.error for r in results if not r.success]
    return elapsed


def test_parse_throughput_vs_raw_extraction(tmp_path: Path):
    rng = random.Random(7)
    corpus = {"pdf": [_pdf(_person(rng)) for _ in range(FILES_PER_KIND)],
              "docx": [_docx(_person(rng)) for _ in range(FILES_PER_KIND)]}
    cores = os.cpu_count() or 2
    print(f"\n{'kind':<6}{'raw files/s':>13}{'parse files/s':>15}{'ratio (median of ' + str(ROUNDS) + ')':>22}"
          f"{'50-file batch: 1 worker':>25}{f'{cores} workers':>12}{'speed-up':>10}")
    for kind, files in corpus.items():
        raw_of = lambda d, k=kind: _raw(k, d)  # noqa: E731
        _seconds(raw_of, files[:3])                              # warm imports and caches
        _seconds(parse_document, files[:3])
        raw_times, full_times = [], []
        for _ in range(ROUNDS):                                  # interleaved: both see the same noise
            raw_times.append(_seconds(raw_of, files))
            full_times.append(_seconds(parse_document, files))
        ratio = statistics.median(f / r for f, r in zip(full_times, raw_times, strict=True))
        raw_rate = len(files) / statistics.median(raw_times)
        full_rate = len(files) / statistics.median(full_times)

        paths = []
        for i in range(BATCH):
            path = tmp_path / f"{kind}{i}.{kind}"
            path.write_bytes(files[i % len(files)])
            paths.append(path)
        one = _batch_seconds(paths, jobs=1)
        many = _batch_seconds(paths, jobs=cores)
        print(f"{kind:<6}{raw_rate:>13.1f}{full_rate:>15.1f}{ratio:>21.2f}x"
              f"{BATCH / one:>20.1f} f/s{BATCH / many:>8.1f} f/s{one / many:>9.2f}x")
