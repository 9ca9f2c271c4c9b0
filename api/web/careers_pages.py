"""Public careers pages: a company's open vacancies and an apply form (posted to the careers API)."""

from __future__ import annotations

from api.web.common import page, render, web_blueprint
from tools import careers

bp = web_blueprint("web_careers")


@bp.get("/careers/<tenant_slug>")
@page
async def company(tenant_slug: str):
    """A company's open vacancies, newest first."""
    found = await careers.list_open_vacancies(careers.CareersFilter(tenant=tenant_slug), 100, None)
    return await render("web/careers_list.html", tenant_slug=tenant_slug, vacancies=found.items)


@bp.get("/careers/<tenant_slug>/<vacancy_slug>")
@page
async def vacancy(tenant_slug: str, vacancy_slug: str):
    """One open vacancy and its application form (404 when it is not open)."""
    found = await careers.get_open_vacancy(vacancy_slug, tenant_slug)
    return await render("web/careers_vacancy.html", vacancy=found)
