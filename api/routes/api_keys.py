"""/api/v1/api-keys: create (token shown once), list, revoke."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import api_keys

bp = Blueprint("api_keys", __name__, url_prefix="/api/v1/api-keys")


@bp.post("")
@authenticated
@validate_request(api_keys.ApiKeyCreate)
@responds(api_keys.ApiKeyCreated, 201)
async def create_key(data: api_keys.ApiKeyCreate):
    """Create an API key with a role (admin only). The raw token appears only in this response."""
    return ok(await api_keys.create_key(actor(), data), 201)


@bp.get("")
@authenticated
@validate_querystring(ListQuery)
@responds(api_keys.ApiKeyOut, many=True)
async def list_keys(query_args: ListQuery):
    """List API keys (prefix only, never the token)."""
    return page(await api_keys.list_keys(actor(), query_args.limit, query_args.cursor), query_args.limit)


@bp.delete("/<key_id>")
@authenticated
@responds(api_keys.ApiKeyOut)
async def revoke_key(key_id: str):
    """Revoke a key; it stops working at once and stays listed for the record."""
    return ok(await api_keys.revoke_key(actor(), key_id))
