"""/api/docs: a self-contained HTML reference rendered from the OpenAPI document."""

from __future__ import annotations

import json

from quart import Blueprint, current_app, render_template
from quart_schema import hide

bp = Blueprint("docs", __name__, template_folder="templates")
METHODS = ("get", "post", "put", "patch", "delete")


def _auth_label(op: dict, default: list) -> str:
    security = op.get("security", default)
    if not security:
        return "public"
    return " or ".join(name for scheme in security for name in scheme)


@bp.get("/api/docs")
@hide  # an HTML page, not part of the JSON API (an empty responses object is invalid OpenAPI)
async def api_docs():
    spec = current_app.extensions["QUART_SCHEMA"].openapi_provider.schema()
    operations = []
    for path, item in sorted(spec["paths"].items()):
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "auth": _auth_label(op, spec.get("security", [])),
                "parameters": op.get("parameters", []),
                "body": json.dumps(body, indent=2) if body else None,
                "responses": sorted(op.get("responses", {})),
            })
    return await render_template("api_docs.html", spec=spec, operations=operations)
