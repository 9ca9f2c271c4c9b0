"""The web app in a real browser (Debian's Chromium through Playwright) against `hirebot serve`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, Server

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
PASSWORD = "a long enough password"
JD = ("We need a backend engineer to build payment APIs.\nRequirements:\n- Python\n- PostgreSQL\n- Docker\n"
      "Nice to have:\n- Kubernetes")


def cv(name: str, email: str, skills: str) -> str:
    return (f"{name}\n{email}\nLagos, Nigeria\n\nEXPERIENCE\nSenior Backend Engineer, Paystack\n2019-01 - present\n"
            f"Built payment APIs with {skills}.\n\nSKILLS\n{skills}\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("web") / "var")
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def signup(page, base: str, company: str, email: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Company name").fill(company)
    page.get_by_label("Your name").fill("Rita Recruiter")
    page.get_by_label("Work email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(f"{base}/app")


def call_api(page, method: str, path: str, body: dict | None = None) -> dict:
    """A REST call from the signed-in page's session (cookie + CSRF header), as the UI makes them."""
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    r = page.request.fetch(page.url.split("/app")[0] + path, method=method, data=body,
                           headers={"X-CSRF-Token": csrf})
    assert r.ok, r.text()
    return r.json()["data"]


def chat(page, message: str) -> None:
    before = page.locator(".message.assistant .usage").count()
    page.get_by_label("Message").fill(message)
    page.get_by_role("button", name="Send").click()
    page.locator(".message.assistant .usage").nth(before).wait_for()


def test_hire_through_chat_with_a_hiring_managers_approval(server, browser, tmp_path: Path):
    base = server.base
    recruiter = browser.new_context(viewport={"width": 1280, "height": 900})
    page = recruiter.new_page()
    signup(page, base, "Webco Payments", "rita@webco.example.org")

    page.goto(f"{base}/app/settings")
    page.get_by_label("Name", exact=True).fill("Hana Manager")
    page.locator("#invite-email").fill("hana@webco.example.org")
    page.get_by_label("Invite as").select_option("hiring_manager")
    page.get_by_role("button", name="Send invite").click()
    page.get_by_text("Done.").wait_for()

    manager = browser.new_context()
    hm = manager.new_page()
    hm.goto(server.mail_link("hana@webco.example.org", "/accept-invite"))
    hm.get_by_label("Choose a password").fill(PASSWORD)
    hm.get_by_role("button", name="Join").click()
    hm.wait_for_url(f"{base}/app")
    hana = next(u for u in call_api(page, "GET", "/api/v1/team") if u["role"] == "hiring_manager")
    vacancy = call_api(page, "POST", "/api/v1/vacancies", {
        "title": "Backend Engineer", "description": JD, "status": "open", "hiring_manager_id": hana["id"]})

    page.goto(f"{base}/app")
    page.get_by_label("CVs apply to").select_option(label="Backend Engineer")
    files = []
    for name, email, skills in (("Ada Obi", "ada@example.org", "Python, PostgreSQL, Docker, Kubernetes"),
                                ("Bola Ade", "bola@example.org", "Java, Spring")):
        path = tmp_path / f"{name.split()[0].lower()}.txt"
        path.write_text(cv(name, email, skills))
        files.append(str(path))
    page.set_input_files("#cv-files", files)
    page.locator(".attachments a.chip", has_text="Ada Obi").wait_for()
    page.locator(".attachments a.chip", has_text="Bola Ade").wait_for()

    chat(page, "screen Ada Obi for Backend Engineer")
    chat(page, "screen Bola Ade for Backend Engineer")
    answer = page.locator(".message.assistant").last
    assert answer.locator(".tool-card.ok .tool-name").first.inner_text().lower() == "screen candidate"
    assert "Bola Ade" in page.locator(".message.assistant").nth(1).inner_text()
    assert page.locator(".message.assistant .tool-card a.tool-link", has_text="open candidate").count() >= 2
    conversation = page.url

    page.goto(f"{base}/app/vacancies/{vacancy['id']}")
    ada_card = page.locator("article.person", has_text="Ada Obi")
    ada_card.get_by_label("Move Ada Obi to").select_option("hired")
    ada_card.get_by_role("button", name="Move").click()
    refusal = ada_card.locator(".result.error")
    refusal.wait_for()
    assert "hired" in refusal.inner_text(), refusal.inner_text()
    ada_card.get_by_label("Move Ada Obi to").select_option("interview")
    ada_card.get_by_role("button", name="Move").click()
    page.locator("section.column[data-stage=interview] article.person", has_text="Ada Obi").wait_for()
    assert page.locator("ol.ranked li").first.inner_text().startswith("Ada Obi")
    page.screenshot(path=str(SCREENSHOTS / "pipeline.png"), full_page=True)

    page.goto(conversation)
    page.locator(".message.assistant").nth(1).wait_for()

    chat(page, "draft an offer for Ada Obi at 80k USD")
    drafted = page.locator(".message.assistant").last
    assert drafted.locator(".tool-card.ok").count() == 1, drafted.inner_text()
    chat(page, "submit the offer for Ada Obi")
    card = page.locator(".approval-card").last
    turns = page.locator(".message.assistant .usage").count()
    card.get_by_role("button", name="Approve").click()
    page.locator(".message.assistant .usage").nth(turns).wait_for()
    assert "Hana Manager" in page.locator(".message.assistant").last.inner_text()
    assert card.locator(".approval-state").inner_text() == "Approved"
    page.screenshot(path=str(SCREENSHOTS / "chat.png"))

    ada = call_api(page, "GET", "/api/v1/candidates?q=Ada")[0]
    page.goto(f"{base}/app/candidates/{ada['id']}")
    assert "waiting for Hana Manager" in page.locator(".offer-line").inner_text()

    hm.goto(f"{base}/app/approvals")
    offer = hm.locator("article.offer", has_text="Ada Obi")
    offer.get_by_label("Comment").fill("Within budget")
    offer.get_by_role("button", name="Approve").click()
    hm.get_by_text("Nothing is waiting for your decision.").wait_for()

    page.reload()
    line = page.locator(".offer-line")
    assert "approved" in line.inner_text() and "Hana Manager" in line.inner_text()
    assert "Within budget" in line.inner_text()
    assert page.locator(".status-evidenced").count() >= 2
    page.screenshot(path=str(SCREENSHOTS / "candidate.png"), full_page=True)

    page.goto(f"{base}/app")
    page.get_by_role("link", name="screen Ada Obi for Backend Engineer", exact=True).click()
    page.locator(".approval-card .approval-state").first.wait_for()

    recruiter.close()
    manager.close()


def test_settings_show_secrets_once_and_save(server, browser):
    context = browser.new_context()
    page = context.new_page()
    signup(page, server.base, "Keyco", "admin@keyco.example.org")
    page.goto(f"{server.base}/app/settings")
    page.get_by_label("Key name").fill("ci")
    page.get_by_role("button", name="Create key").click()
    token = page.locator("code.token").inner_text()
    assert token.startswith("hb_live_")
    page.reload()
    assert token not in page.content()
    assert page.locator("td", has_text="ci").count() == 1

    page.get_by_label("Blind screening").check()
    page.get_by_label("Monthly AI budget (USD)").fill("25")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.get_by_label("Blind screening").is_checked()
    assert float(page.get_by_label("Monthly AI budget (USD)").input_value()) == 25

    page.get_by_label("Endpoint URL (https)").fill("http://127.0.0.1:9/hook")   # loopback allowed in tests
    page.get_by_label("Events").select_option(["candidate.created", "offer.approved"])
    page.get_by_role("button", name="Add webhook").click()
    secret = page.locator("code.token").inner_text()
    assert secret.startswith("whsec_")
    page.reload()
    assert secret not in page.content()
    assert "candidate.created, offer.approved" in page.locator(".webhook").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Send a test ping").click()
    page.locator(".webhook td", has_text="ping").wait_for()

    page.get_by_label("Slack workspace (team) id").fill("TKEYCO42")
    with page.expect_navigation():
        page.get_by_role("button", name="Link workspace").click()
    assert "Linked to the Slack workspace TKEYCO42" in page.locator("#slack-h + p").inner_text()
    context.close()


def test_pages_fit_a_360px_screen(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    signup(page, server.base, "Smallco", "admin@smallco.example.org")
    for path in ("/app", "/app/vacancies", "/app/approvals", "/app/settings"):
        page.goto(server.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()


def test_careers_apply_with_a_cv(server, browser, tmp_path: Path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    signup(page, server.base, "Careerco", "admin@careerco.example.org")
    call_api(page, "POST", "/api/v1/vacancies", {"title": "Data Analyst", "description": "SQL and Python.",
                                                 "status": "open"})
    context.clear_cookies()
    page.goto(f"{server.base}/careers/careerco")
    page.get_by_role("link", name="Data Analyst").click()
    page.get_by_label("Full name").fill("Chidi Eze")
    page.get_by_label("Email").fill("chidi@example.org")
    path = tmp_path / "chidi.txt"
    path.write_text(cv("Chidi Eze", "chidi@example.org", "SQL, Python"))
    page.get_by_label("CV (PDF").set_input_files(str(path))
    page.get_by_label("I agree").check()
    page.get_by_role("button", name="Send application").click()
    page.get_by_text("Your application was received").wait_for()
    context.close()


def test_markdown_renders_formatting_and_never_markup(server, browser):
    page = browser.new_page()
    page.goto(f"{server.base}/login")
    html = page.evaluate("""async () => {
        const { renderMarkdown } = await import('/assets/markdown.js');
        const box = document.createElement('div');
        box.append(renderMarkdown('## Top\\n**Ada** <img src=x onerror=alert(1)>\\n- [profile](/app/candidates/cand_1)\\n'
            + '- [bad](javascript:void)\\n\\n```\\n<b>code</b>\\n```'));
        return box.innerHTML;
    }""")
    assert "<h4>Top</h4>" in html and "<strong>Ada</strong>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html
    assert '<a href="/app/candidates/cand_1">profile</a>' in html
    assert "javascript:" not in html and "<li>bad</li>" in html
    assert "<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>" in html
    page.close()
