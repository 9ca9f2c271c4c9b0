"""Drafting tools over HTTP: outreach, interview questions, job descriptions (offline and model)."""

from __future__ import annotations

import json

from tests.fake_anthropic import final_result_args, tool_answer
from tests.test_evaluations_api import _apply, _vacancy
from tests.test_screening_engine import CV
from tests.test_screening_model import model_api  # noqa: F401  (fixture)

GAPPY_CV = CV.replace("Software Developer, Interswitch\nJun 2012 – Dec 2018", "Software Developer, Interswitch\nJun 2012 – Jun 2016")


async def _setup(api, cv: str = CV):
    admin = await api.signup(company="Orbit Pay")
    vacancy = await _vacancy(admin, required_skills=["Python", "Kubernetes", "Rust"], location="Lagos")
    (app_id,) = await _apply(admin, vacancy, cv)
    app = (await (await admin.get(f"/api/v1/evaluations?vacancy_id={vacancy}")).get_json())["data"][0]
    return admin, vacancy, app["candidate_id"]


async def test_outreach_is_built_from_what_the_cv_proves(api):
    admin, vacancy, candidate = await _setup(api)
    r = await admin.post("/api/v1/ai/outreach", json={"candidate_id": candidate, "vacancy_id": vacancy})
    body = await r.get_json()
    assert r.status_code == 200, body
    d = body["data"]
    assert d["engine"] == "offline" and d["prompt_version"] == "outreach-email-1"
    assert d["subject"] == "Backend Engineer at Orbit Pay (Lagos)"
    assert d["body"].startswith("Hi Amara,")
    assert "Senior Backend Engineer at Paystack" in d["body"] and "Python and Kubernetes" in d["body"]
    assert "Rust" not in d["body"].split("The role centres on")[0]        # never claims an unproven skill
    assert "$" not in d["body"] + d["follow_up_body"]                      # every placeholder filled
    assert d["follow_up_body"].startswith("Hi Amara,") and "Ada Admin" in d["follow_up_body"]
    formal = (await (await admin.post("/api/v1/ai/outreach", json={
        "candidate_id": candidate, "vacancy_id": vacancy, "tone": "formal"})).get_json())["data"]
    assert formal["body"].startswith("Dear Amara,") and "Kind regards," in formal["body"]
    sms = (await (await admin.post("/api/v1/ai/outreach", json={
        "candidate_id": candidate, "vacancy_id": vacancy, "channel": "sms"})).get_json())["data"]
    assert sms["subject"] == "" and len(sms["body"]) <= 320 and sms["body"].endswith("Reply STOP to opt out.")


async def test_outreach_is_sent_to_the_candidates_address(api):
    admin, vacancy, candidate = await _setup(api)
    r = await admin.post("/api/v1/ai/outreach/send", json={"candidate_id": candidate, "vacancy_id": vacancy})
    sent = (await r.get_json())["data"]
    assert r.status_code == 200 and sent["to"] == "amara.okafor@example.com" and sent["engine"] == "offline"
    assert sent["subject"] == "Backend Engineer at Orbit Pay (Lagos)" and sent["body"].startswith("Hi Amara,")
    r = await admin.post("/api/v1/ai/outreach/send", json={"candidate_id": candidate, "vacancy_id": vacancy,
                                                           "subject": "Coffee?", "body": "Hi Amara, coffee next week?"})
    assert (await r.get_json())["data"]["engine"] == "user"
    mails = api.mails("amara.okafor@example.com")
    assert [m["Subject"] for m in mails] == [sent["subject"], "Coffee?"]
    assert mails[1].get_payload(decode=True).decode().strip() == "Hi Amara, coffee next week?"
    events = (await (await admin.get("/api/v1/audit?action=outreach.sent")).get_json())["data"]
    assert len(events) == 2 and {e["target_id"] for e in events} == {candidate}

    r = await admin.post("/api/v1/ai/outreach/send", json={"candidate_id": candidate, "vacancy_id": vacancy,
                                                           "subject": "Only a subject"})
    assert r.status_code == 400
    r = await admin.post("/api/v1/candidates", json={"name": "No Mail"})
    nomail = (await r.get_json())["data"]["id"]
    r = await admin.post("/api/v1/ai/outreach/send", json={"candidate_id": nomail, "vacancy_id": vacancy})
    assert r.status_code == 400 and "No Mail has no email address" in (await r.get_json())["error"]["message"]
    assert len(api.mails("amara.okafor@example.com")) == 2


async def test_interview_questions_are_tailored_to_the_cv(api):
    admin, vacancy, candidate = await _setup(api, GAPPY_CV)
    r = await admin.post("/api/v1/ai/interview-questions", json={"vacancy_id": vacancy, "candidate_id": candidate})
    d = (await r.get_json())["data"]
    assert r.status_code == 200 and d["engine"] == "offline"
    python = next(q for q in d["technical"] if "Python" in q["question"])
    assert "Paystack" in python["rationale"] and "payment APIs" in python["rationale"]
    rust = next(q for q in d["technical"] if "Rust" in q["question"])
    assert "does not mention" in rust["question"] and "missing" in rust["rationale"]
    assert len(d["behavioural"]) == 3 and len(d["scenario"]) == 2
    assert any("Employment gap" in q["question"] and "2016-07" in q["question"] for q in d["red_flags"]), d["red_flags"]
    generic = (await (await admin.post("/api/v1/ai/interview-questions", json={
        "role": "Data Engineer", "level": "junior", "skills": ["dbt", "Airflow"]})).get_json())["data"]
    assert "dbt" in generic["technical"][0]["question"]
    assert "learn quickly" in generic["behavioural"][0]["question"]
    bad = await admin.post("/api/v1/ai/interview-questions", json={"skills": ["Go"]})
    assert bad.status_code == 400


async def test_job_description_from_fields_and_from_a_vacancy(api):
    admin, vacancy, _ = await _setup(api)
    r = await admin.post("/api/v1/ai/job-description", json={
        "title": "Platform Engineer", "location": "Berlin", "seniority": "senior", "min_years": 5,
        "required_skills": ["k8s", "Terraform"], "nice_to_have_skills": ["Go"]})
    d = (await r.get_json())["data"]
    assert r.status_code == 200 and d["engine"] == "offline"
    assert d["summary"].startswith("Orbit Pay is hiring a Platform Engineer in Berlin.")
    assert d["requirements"][:2] == ["5+ years of relevant experience", "Hands-on experience with Kubernetes"]
    assert d["nice_to_have"] == ["Experience with Go"] and d["markdown"].startswith("# Platform Engineer\n")
    from_vacancy = (await (await admin.post("/api/v1/ai/job-description", json={"vacancy_id": vacancy})).get_json())["data"]
    assert from_vacancy["title"] == "Backend Engineer" and "Hands-on experience with Rust" in from_vacancy["requirements"]


async def test_other_tenants_ids_are_not_found_and_interviewers_are_refused(api):
    admin, vacancy, candidate = await _setup(api)
    other = await api.signup(company="Elsewhere")
    r = await other.post("/api/v1/ai/outreach", json={"candidate_id": candidate, "vacancy_id": vacancy})
    assert r.status_code == 404
    r = await other.post("/api/v1/ai/job-description", json={"vacancy_id": vacancy})
    assert r.status_code == 404
    interviewer = await api.member(admin, "interviewer")
    r = await interviewer.post("/api/v1/ai/outreach", json={"candidate_id": candidate, "vacancy_id": vacancy})
    assert r.status_code == 403


async def test_with_a_model_the_draft_comes_from_the_same_facts(model_api):  # noqa: F811
    api, fake = model_api

    def answer(body):
        if not final_result_args(body):
            return (500, {"type": "error", "error": {"type": "api_error", "message": "unexpected"}})
        return tool_answer(final_result_args(body), {"subject": "Python at Orbit Pay",
                                                     "body": "Hi Amara, your Paystack APIs...", "follow_up_body": "Hi again"})
    admin, vacancy, candidate = await _setup(api)
    fake.respond(answer)
    r = await admin.post("/api/v1/ai/outreach", json={"candidate_id": candidate, "vacancy_id": vacancy})
    d = (await r.get_json())["data"]
    assert d["engine"] == "anthropic:claude-sonnet-4-6" and d["prompt_version"] == "outreach-model-1"
    assert d["subject"] == "Python at Orbit Pay"
    sent = fake.requests[-1]
    text = sent["messages"][0]["content"][0]["text"]
    facts = json.loads(text.split("<facts>\n")[1].split("\n</facts>")[0])
    assert facts["first_name"] == "Amara" and [p["skill"] for p in facts["proven_skills"]] == ["Python", "Kubernetes", "Go"]
    assert "<cv_data>" in text and "never instructions" in json.dumps(sent.get("system"))


async def test_results_saved_to_the_library_can_be_listed_read_and_deleted(api):
    admin, vacancy, candidate = await _setup(api)
    jd = (await (await admin.post("/api/v1/ai/job-description", json={
        "vacancy_id": vacancy, "save_to_library": True})).get_json())["data"]
    mail = (await (await admin.post("/api/v1/ai/outreach", json={
        "candidate_id": candidate, "vacancy_id": vacancy, "save_to_library": True})).get_json())["data"]
    assert jd["library_item_id"].startswith("lib_") and mail["library_item_id"].startswith("lib_")
    item = (await (await admin.get(f"/api/v1/library/{jd['library_item_id']}")).get_json())["data"]
    assert item["kind"] == "job_description" and item["text"] == jd["markdown"]
    assert item["content"]["requirements"] == jd["requirements"] and item["vacancy_id"] == vacancy
    outreach = (await (await admin.get("/api/v1/library?kind=outreach")).get_json())["data"]
    assert [i["id"] for i in outreach] == [mail["library_item_id"]] and outreach[0]["candidate_id"] == candidate
    found = (await (await admin.get("/api/v1/library?q=Paystack")).get_json())["data"]
    assert [i["id"] for i in found] == [mail["library_item_id"]]

    recruiter = await api.member(admin, "recruiter")
    assert (await recruiter.delete(f"/api/v1/library/{jd['library_item_id']}")).status_code == 403
    own = (await (await recruiter.post("/api/v1/library", json={"kind": "note", "title": "Mine"})).get_json())["data"]
    assert (await recruiter.delete(f"/api/v1/library/{own['id']}")).status_code == 200
    assert (await admin.delete(f"/api/v1/library/{jd['library_item_id']}")).status_code == 200
    assert (await admin.get(f"/api/v1/library/{jd['library_item_id']}")).status_code == 404

    other = await api.signup(company="Elsewhere")
    assert (await other.get(f"/api/v1/library/{mail['library_item_id']}")).status_code == 404
    r = await other.post("/api/v1/library", json={"kind": "note", "title": "x", "vacancy_id": vacancy})
    assert r.status_code == 404
    for bad in ({"kind": "poem", "title": "x"}, {"kind": "note", "title": ""},
                {"kind": "note", "title": "big", "content": {"blob": "x" * 250_000}}):
        r = await admin.post("/api/v1/library", json=bad)
        assert r.status_code == 400, bad
