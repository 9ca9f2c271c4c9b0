async def test_health(api):
    r = await api.anonymous().get("/api/v1/health")
    body = await r.get_json()
    assert r.status_code == 200
    assert body["data"]["status"] == "ok"
    assert body["data"]["database"]["ok"] is True
    assert body["meta"]["api_version"] == "v1"


async def test_signup_me(api):
    admin = await api.signup()
    r = await admin.get("/api/v1/auth/me")
    body = await r.get_json()
    assert r.status_code == 200, body
    assert body["data"]["user"]["email"] == admin.user["email"]
    assert body["data"]["role"] == "admin"
