"""The usage ledger and the monthly AI budget, through HTTP with the fake Anthropic API.

Every model call writes one ledger row with the tokens the server reported and the cost the
genai-prices table gives for them; a spent budget (or a budget of 0) turns model-backed tools
to their offline engine with a notice, without a request to the model.
"""

from __future__ import annotations

from decimal import Decimal

from genai_prices import Usage, calc_price

from storage.models import UsageRecord
from storage.scoping import scoped
from tests.fake_anthropic import final_result_args, tool_answer
from tests.test_evaluations_api import _apply, _vacancy
from tests.test_screening_engine import CV
from tests.test_screening_model import _prose, model_api  # noqa: F401  (fixture)

MODEL = "anthropic:claude-sonnet-4-6"
JD = {"title": "Platform Engineer", "summary": "Run the platform.", "responsibilities": ["Own Kubernetes"],
      "requirements": ["5+ years"], "nice_to_have": ["Go"], "what_we_offer": ["Remote days"]}
JD_REQUEST = {"title": "Platform Engineer", "required_skills": ["Kubernetes"]}


def _scripted(usage: tuple[int, int], cache: tuple[int, int] = (0, 0), args: dict | None = None):
    """A responder answering the structured-output tool with ``args`` and the given token counts."""
    def answer(body: dict) -> dict:
        return tool_answer(final_result_args(body), args or JD, usage=usage, cache=cache)
    return answer


def table_price(usage: tuple[int, int], cache: tuple[int, int] = (0, 0)) -> Decimal:
    """What genai-prices charges on claude-sonnet-4-6 for Anthropic's reported counts."""
    tokens = Usage(input_tokens=usage[0] + sum(cache), output_tokens=usage[1],
                   cache_read_tokens=cache[0], cache_write_tokens=cache[1])
    return calc_price(tokens, "claude-sonnet-4-6", provider_id="anthropic").total_price


async def _ledger(tenant_id: str) -> list[UsageRecord]:
    return await scoped(UsageRecord, tenant_id).order_by("id")


async def test_drafting_and_screening_calls_are_ledgered_at_table_prices(model_api):  # noqa: F811
    api, fake = model_api
    admin = await api.signup()
    fake.respond(_scripted((240, 60), cache=(1000, 200)))
    r = await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)
    assert r.status_code == 200 and (await r.get_json())["data"]["engine"] == MODEL

    sent = fake.requests[-1]                   # the stable prefix is marked for prompt caching
    assert sent["system"][-1]["cache_control"]["type"] == "ephemeral"
    assert sent["tools"][-1]["cache_control"]["type"] == "ephemeral"

    def prose(body):
        return {**_prose(body), "usage": {"input_tokens": 500, "output_tokens": 80,
                                          "cache_read_input_tokens": 0, "cache_creation_input_tokens": 1200}}
    fake.respond(prose)
    vacancy = await _vacancy(admin)
    (app_id,) = await _apply(admin, vacancy, CV)          # the parse screens the CV with the model
    assert len(fake.requests) == 2

    jd, screening = await _ledger(admin.tenant["id"])
    assert jd.id.startswith("use_") and (jd.feature, jd.model, jd.requests) == ("job_description", MODEL, 1)
    assert (jd.user_id, jd.api_key_id, jd.conversation_id) == (admin.user["id"], None, None)
    assert (jd.input_tokens, jd.output_tokens, jd.cache_read_tokens, jd.cache_write_tokens) == (1440, 60, 1000, 200)
    assert jd.priced and jd.cost_usd == table_price((240, 60), (1000, 200)) == Decimal("0.00267")
    assert (screening.feature, screening.input_tokens, screening.output_tokens) == ("screening", 1700, 80)
    assert (screening.cache_read_tokens, screening.cache_write_tokens) == (0, 1200)
    assert screening.cost_usd == table_price((500, 80), (0, 1200))

    usage = (await (await admin.get("/api/v1/account/usage")).get_json())["data"]
    assert "parses" in usage
    assert Decimal(usage["ai_spend"]["month_to_date_usd"]) == jd.cost_usd + screening.cost_usd
    assert Decimal(usage["ai_spend"]["monthly_budget_usd"]) == Decimal(50)


async def test_an_api_key_call_is_ledgered_for_the_key(model_api):  # noqa: F811
    api, fake = model_api
    admin = await api.signup()
    key = await api.key_client(admin, "recruiter")
    fake.respond(_scripted((100, 20)))
    assert (await key.post("/api/v1/ai/job-description", json=JD_REQUEST)).status_code == 200
    (row,) = await _ledger(admin.tenant["id"])
    assert row.user_id is None and row.api_key_id.startswith("key_")


async def test_over_budget_drafting_and_screening_answer_offline_without_calling_the_model(model_api):  # noqa: F811
    api, fake = model_api
    admin = await api.signup()
    r = await admin.patch("/api/v1/tenant", json={"monthly_budget_usd": 0.02})
    assert r.status_code == 200, await r.get_json()
    fake.respond(_scripted((2000, 1000)))                 # $0.021: past the budget in one call
    first = (await (await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)).get_json())["data"]
    assert first["engine"] == MODEL and first["notices"] == []
    calls = len(fake.requests)

    r = await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)
    body = await r.get_json()
    assert r.status_code == 200, body
    d = body["data"]
    assert d["engine"] == "offline" and d["summary"].startswith("Acme Talent is hiring a Platform Engineer")
    (notice,) = d["notices"]
    assert notice.startswith("budget_exceeded: the monthly AI budget of 0.02 USD is spent (0.02100000 USD")
    assert "offline engine" in notice

    vacancy = await _vacancy(admin)
    (app_id,) = await _apply(admin, vacancy, CV)
    r = await admin.post(f"/api/v1/applications/{app_id}/evaluate", json={})
    ev = (await r.get_json())["data"]
    assert r.status_code == 201 and ev["engine"] == "offline" and ev["notices"][0].startswith("budget_exceeded:")
    stored = (await (await admin.get(f"/api/v1/evaluations/{ev['id']}")).get_json())["data"]
    assert stored["notices"] == []                        # a notice belongs to the answer, not the record
    assert len(fake.requests) == calls                    # no model request once the budget is spent
    assert len(await _ledger(admin.tenant["id"])) == 1

    spend = (await (await admin.get("/api/v1/usage/spend")).get_json())["data"]["budget"]
    assert spend == {"monthly_budget_usd": "0.02", "month_to_date_usd": "0.02100000",
                     "remaining_usd": "0.00000000", "resets_at": spend["resets_at"]}
    await admin.patch("/api/v1/tenant", json={"monthly_budget_usd": 1})
    again = (await (await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)).get_json())["data"]
    assert again["engine"] == MODEL and len(fake.requests) == calls + 1


async def test_a_budget_of_zero_disables_the_model(model_api):  # noqa: F811
    api, fake = model_api
    admin = await api.signup()
    await admin.patch("/api/v1/tenant", json={"monthly_budget_usd": 0})
    fake.respond(_scripted((100, 20)))
    d = (await (await admin.post("/api/v1/ai/job-description", json=JD_REQUEST)).get_json())["data"]
    assert d["engine"] == "offline" and d["notices"][0].startswith(
        "budget_exceeded: the monthly AI budget of 0.00 USD is spent (0.00000000 USD this month)")
    assert fake.requests == [] and await _ledger(admin.tenant["id"]) == []
