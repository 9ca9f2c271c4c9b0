"""GET /api/v1/usage/spend: ledger sums per window and group, admin only, one tenant's rows only."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from storage.ids import new_id
from storage.models import UsageRecord
from tests.test_screening_model import model_api  # noqa: F401  (fixture)
from tests.test_usage_ledger import JD_REQUEST, MODEL, _scripted, table_price
from tools.ai_budget import month_bounds
from tools.clock import utcnow

HAIKU, LOCAL = "anthropic:claude-haiku-4-5", "openai:llama3.1"


async def _past_row(tenant_id: str, days: float, **fields) -> UsageRecord:
    """A ledger row from ``days`` ago (the ledger has no API to backdate; the rows are data)."""
    values = {"feature": "outreach", "model": HAIKU, "requests": 1, "input_tokens": 100, "output_tokens": 10,
              "cost_usd": Decimal("0.5"), **fields}
    return await UsageRecord.create(id=new_id("use"), tenant_id=tenant_id, created_at=utcnow() - timedelta(days=days),
                                    **values)


async def _spend(client, **query) -> dict:
    r = await client.get("/api/v1/usage/spend?" + "&".join(f"{k}={v}" for k, v in query.items()))
    body = await r.get_json()
    assert r.status_code == 200, body
    return body["data"]


def _costs(data: dict) -> dict:
    return {g["key"]: g["cost_usd"] for g in data["groups"]}


async def test_spend_by_window_feature_user_model_and_day(model_api):  # noqa: F811
    api, fake = model_api
    admin = await api.signup()
    recruiter = await api.member(admin, "recruiter")
    tenant = admin.tenant["id"]
    fake.respond(_scripted((240, 60), cache=(1000, 200)))
    assert (await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)).status_code == 200
    fake.respond(_scripted((2000, 1000)))
    assert (await recruiter.post("/api/v1/ai/job-description", json=JD_REQUEST)).status_code == 200
    admin_cost, recruiter_cost = table_price((240, 60), (1000, 200)), table_price((2000, 1000))
    three = await _past_row(tenant, 3, user_id=admin.user["id"])
    twenty = await _past_row(tenant, 20, model=LOCAL, priced=False, cost_usd=Decimal(0), user_id=recruiter.user["id"])
    await _past_row(tenant, 45, cost_usd=Decimal(2), feature="screening", user_id=admin.user["id"])

    day = await _spend(admin, window="24h")
    assert day["window"] == "24h" and day["group_by"] == "feature"
    assert day["totals"] == {"requests": 2, "input_tokens": 1440 + 2000, "output_tokens": 1060,
                             "cache_read_tokens": 1000, "cache_write_tokens": 200,
                             "cost_usd": f"{admin_cost + recruiter_cost:.8f}"}
    assert day["groups"] == [{"key": "job_description", **day["totals"]}]
    totals = {w: Decimal((await _spend(admin, window=w))["totals"]["cost_usd"]) for w in ("7d", "30d", "all")}
    assert totals == {"7d": admin_cost + recruiter_cost + Decimal("0.5"), "30d": admin_cost + recruiter_cost + Decimal("0.5"),
                      "all": admin_cost + recruiter_cost + Decimal("2.5")}
    assert (await _spend(admin, window="all"))["since"] is None

    assert _costs(await _spend(admin, window="all", group_by="feature")) == {
        "screening": "2.00000000", "outreach": "0.50000000", "job_description": f"{admin_cost + recruiter_cost:.8f}"}
    by_user = await _spend(admin, window="30d", group_by="user")
    assert _costs(by_user) == {admin.user["id"]: f"{admin_cost + Decimal('0.5'):.8f}",
                               recruiter.user["id"]: f"{recruiter_cost:.8f}"}
    assert [g["requests"] for g in by_user["groups"]] == [2, 2]           # most expensive first
    by_model = await _spend(admin, window="all", group_by="model")
    assert [g["key"] for g in by_model["groups"]] == [HAIKU, MODEL, LOCAL]
    assert by_model["groups"][2]["input_tokens"] == 100

    by_day = await _spend(admin, window="all", group_by="day")
    today = utcnow().date()
    assert [g["key"] for g in by_day["groups"]] == [
        (today - timedelta(days=45)).isoformat(), twenty.created_at.date().isoformat(),
        three.created_at.date().isoformat(), today.isoformat()]
    assert by_day["groups"][-1]["requests"] == 2 and by_day["groups"][0]["cost_usd"] == "2.00000000"

    start, resets_at = month_bounds(utcnow())
    month = sum((c for c, when in ((admin_cost + recruiter_cost, utcnow()), (Decimal("0.5"), three.created_at))
                 if when >= start), Decimal(0))
    budget = by_day["budget"]
    assert Decimal(budget["month_to_date_usd"]) == month and budget["monthly_budget_usd"] == "50.00"
    assert Decimal(budget["remaining_usd"]) == 50 - month and budget["resets_at"].startswith(resets_at.date().isoformat())


async def test_only_admins_read_spend_and_bad_queries_are_refused(api):
    admin = await api.signup()
    for role in ("recruiter", "hiring_manager", "interviewer"):
        member = await api.member(admin, role)
        r = await member.get("/api/v1/usage/spend")
        assert r.status_code == 403 and (await r.get_json())["error"]["code"] == "forbidden", role
    for query in ("window=1y", "group_by=tenant"):
        r = await admin.get(f"/api/v1/usage/spend?{query}")
        assert r.status_code == 400 and (await r.get_json())["error"]["code"] == "validation_error", query
    key = await api.key_client(admin, "admin")
    assert (await _spend(key))["groups"] == []


async def test_another_tenants_spend_never_shows(api):
    admin = await api.signup(company="Orbit Pay")
    other = await api.signup(company="Elsewhere")
    await _past_row(admin.tenant["id"], 0.1, user_id=admin.user["id"])
    mine, theirs = await _spend(admin, group_by="user"), await _spend(other, group_by="user")
    assert mine["totals"]["cost_usd"] == "0.50000000" and list(_costs(mine)) == [admin.user["id"]]
    assert theirs["totals"]["cost_usd"] == "0.00000000" and theirs["totals"]["requests"] == 0
    assert theirs["groups"] == [] and theirs["budget"]["month_to_date_usd"] == "0.00000000"
