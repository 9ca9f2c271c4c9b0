"""The web pages over HTTP (no browser): security headers, form CSRF, sign-up and sign-in without JS."""

from __future__ import annotations

import re

from tests.helpers import PASSWORD


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


async def test_pages_send_a_strict_content_security_policy(api):
    r = await api.anonymous().get("/login")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "style-src 'self';" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    html = await r.get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html
    asset = await api.anonymous().get("/assets/chat.js")
    assert asset.status_code == 200 and "javascript" in asset.headers["Content-Type"]
    assert asset.headers["Content-Security-Policy"] == csp


async def test_anonymous_visitors_are_sent_to_login(api):
    r = await api.anonymous().get("/app/settings")
    assert r.status_code == 302
    assert r.headers["Location"] == "/login?next=/app/settings"


async def test_form_posts_without_a_valid_csrf_token_are_refused(api):
    form = {"company_name": "Forged Co", "name": "Eve", "email": "eve@example.org", "password": PASSWORD}
    browser = api.anonymous()
    refused = await browser.post("/signup", form=form)
    assert refused.status_code == 403
    assert "expired or was not sent from this site" in await refused.get_data(as_text=True)

    other = api.anonymous()
    foreign_token = _token(await (await other.get("/signup")).get_data(as_text=True))
    await browser.get("/signup")                        # this browser has its own form cookie
    assert (await browser.post("/signup", form={**form, "csrf_token": foreign_token})).status_code == 403
    login = await api.anonymous().post("/api/v1/auth/login", json={"email": "eve@example.org", "password": PASSWORD})
    assert login.status_code == 401                     # nothing was created


async def test_signup_login_and_logout_forms_work_without_javascript(api):
    browser = api.anonymous()
    token = _token(await (await browser.get("/signup")).get_data(as_text=True))
    r = await browser.post("/signup", form={"csrf_token": token, "company_name": "Formco", "name": "Fay",
                                            "email": "fay@formco.example.org", "password": PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/app"
    assert "httponly" in r.headers["Set-Cookie"].lower()
    page = await browser.get("/app")
    assert page.status_code == 200 and "Formco" in await page.get_data(as_text=True)

    logout_token = _token(await page.get_data(as_text=True))
    r = await browser.post("/logout", form={"csrf_token": logout_token})
    assert r.status_code == 303
    assert (await browser.get("/app")).status_code == 302

    token = _token(await (await browser.get("/login")).get_data(as_text=True))
    wrong = await browser.post("/login", form={"csrf_token": token, "email": "fay@formco.example.org",
                                               "password": "not the password"})
    assert wrong.status_code == 401
    assert 'role="alert"' in await wrong.get_data(as_text=True)
    r = await browser.post("/login?next=/app/vacancies", form={"csrf_token": token, "email": "fay@formco.example.org",
                                                                "password": PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/app/vacancies"


async def test_signup_form_names_the_invalid_fields(api):
    browser = api.anonymous()
    token = _token(await (await browser.get("/signup")).get_data(as_text=True))
    r = await browser.post("/signup", form={"csrf_token": token, "company_name": "Shortco", "name": "Sam",
                                            "email": "sam@shortco.example.org", "password": "short"})
    assert r.status_code == 400
    html = await r.get_data(as_text=True)
    assert "password: password must be at least 10 characters" in html
    assert 'value="Shortco"' in html and "short" not in re.findall(r'name="password"[^>]*', html)[0]


async def test_candidate_page_escapes_what_a_cv_says(api):
    admin = await api.signup("Escapeco")
    r = await admin.post("/api/v1/candidates", json={"name": "<script>alert(1)</script> Mal", "skills": ["Go"]})
    assert r.status_code == 201, await r.get_json()
    page = await admin.get(f"/app/candidates/{(await r.get_json())['data']['id']}")
    html = await page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Mal" in html


async def test_settings_are_for_admins_only(api):
    admin = await api.signup("Roleco")
    recruiter = await api.member(admin, "recruiter")
    assert (await admin.get("/app/settings")).status_code == 200
    r = await recruiter.get("/app/settings")
    assert r.status_code == 403
    assert "Settings" not in re.findall(r"<nav.*?</nav>", await (await recruiter.get("/app")).get_data(as_text=True),
                                        re.S)[0]
