"""`hirebot serve` as a real Hypercorn process: the newcomer's first session, over HTTP."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx
import pytest

from tests.served import Served
from tools.demo import VACANCIES
from tools.demo_people import PEOPLE


@pytest.fixture
def server(tmp_path: Path):
    served = Served(tmp_path / "var", "e2e", HIREBOT_DEMO="1")
    served.start()
    try:
        yield served.base, served.output()
    finally:
        served.stop()


async def test_newcomer_flow_with_curl_equivalents(server):
    base, output = server
    demo_key = re.search(r"API key\s+(hb_live_\S+)", output).group(1)
    assert "demo@example.com" in output

    async with httpx.AsyncClient(base_url=base) as http:
        demo = {"Authorization": f"Bearer {demo_key}"}
        demo_vacancies = (await http.get("/api/v1/vacancies", headers=demo)).json()
        demo_candidates = (await http.get("/api/v1/candidates", headers=demo)).json()
        assert demo_vacancies["meta"]["total"] == len(VACANCIES)
        assert demo_candidates["meta"]["total"] == len(PEOPLE)

        r = await http.post("/api/v1/auth/signup", json={
            "company_name": "Newco Hiring", "name": "Nia New", "email": "nia@newco.example.org",
            "password": "a long enough password"})
        assert r.status_code == 201, r.text
        assert "hirebot_session" in r.headers["set-cookie"]
        assert "httponly" in r.headers["set-cookie"].lower()

        login = await http.post("/api/v1/auth/login",
                                json={"email": "nia@newco.example.org", "password": "a long enough password"})
        assert login.status_code == 200
        csrf = login.json()["data"]["csrf_token"]
        created = await http.post("/api/v1/api-keys", json={"name": "ci", "role": "recruiter"},
                                  headers={"X-CSRF-Token": csrf})
        assert created.status_code == 201, created.text
        key = created.json()["data"]["token"]

        http.cookies.clear()
        me = await http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {key}"})
        assert me.status_code == 200
        assert me.json()["data"]["tenant"]["slug"] == "newco-hiring"
        assert me.json()["data"]["api_key"]["role"] == "recruiter"

        mine = {"Authorization": f"Bearer {key}"}
        assert (await http.get("/api/v1/vacancies", headers=mine)).json()["data"] == []
        assert (await http.get("/api/v1/candidates", headers=mine)).json()["data"] == []
        demo_vacancy = demo_vacancies["data"][0]["id"]
        foreign = await http.get(f"/api/v1/vacancies/{demo_vacancy}", headers=mine)
        assert foreign.status_code == 404
        assert foreign.json()["error"]["code"] == "not_found"
        docs = await http.get("/api/docs")
        assert docs.status_code == 200 and "/api/v1/auth/signup" in docs.text


@pytest.fixture
def two_workers(tmp_path: Path):
    served = Served(tmp_path / "var", "workers", "--workers", "2")
    served.start()
    try:
        yield served
    finally:
        served.stop()


async def test_every_worker_of_a_scaled_out_serve_parses_cvs(two_workers):
    """`hirebot serve --workers 2`: each worker process starts its own parser pool."""
    served = two_workers
    async with httpx.AsyncClient(base_url=served.base, timeout=60) as http:
        r = await http.post("/api/v1/auth/signup", json={
            "company_name": "Scale Co", "name": "Sol Scale", "email": "sol@scale.example.org",
            "password": "a long enough password"})
        headers = {"X-CSRF-Token": r.json()["data"]["csrf_token"]}
        cvs = [(f"cv{i}.txt", f"Person {i}\nperson{i}@example.com\n\nSKILLS\nPython, Go\n".encode())
               for i in range(8)]

        async def parse(cv: tuple[str, bytes]) -> httpx.Response:   # own connection each: any worker
            async with httpx.AsyncClient(base_url=served.base, timeout=60, cookies=http.cookies,
                                         headers=headers) as one:
                return await one.post("/api/v1/parse", files={"files[]": cv})

        answers = await asyncio.gather(*(parse(cv) for cv in cvs))
    assert [a.status_code for a in answers] == [200] * len(cvs), [a.text[:200] for a in answers]
    assert all(a.json()["data"]["results"][0]["success"] for a in answers)
