"""A tenant's data as a whole: export all of it (secrets scrubbed), or delete all of it."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncIterator
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field
from tortoise import Tortoise
from tortoise.models import Model
from tortoise.transactions import in_transaction

from storage import search
from storage.models import ApiKey, Candidate, IdempotencyRecord, StoredFile, Tenant, User
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.clock import utcnow
from tools.errors import Forbidden, InvalidInput
from tools.ingest import file_store
from tools.policy import require

log = logging.getLogger("hirebot.tenant")

EXPORT_FORMAT = "hirebot-export/1"
SCRUBBED = frozenset({"password_hash", "token_hash", "csrf_token", "secret", "previous_secret"})
NOT_EXPORTED = frozenset({"web_session"})   # live sign-ins are credentials, not data
PAGE = 500


class TenantDelete(BaseModel):
    confirm: str = Field(max_length=200, description="the tenant's slug, typed out")


class TenantExport(BaseModel):
    """The export document (a download, not wrapped in the envelope)."""

    format: str = Field(description=EXPORT_FORMAT)
    exported_at: datetime
    tenant: dict
    tables: dict[str, list[dict]] = Field(description="table name -> its rows of this tenant")


class TenantDeletedOut(BaseModel):
    id: str
    deleted: bool = True
    rows: dict[str, int] = Field(description="rows deleted per table")
    files: int = Field(description="stored files whose bytes were removed")


def tenant_models() -> list[type[Model]]:
    """Every model that belongs to a tenant, by table name."""
    models = [m for m in Tortoise.apps["models"].values() if "tenant" in m._meta.fk_fields]
    return sorted(models, key=lambda m: m._meta.db_table)


def _json(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot export {type(value).__name__}")


def _dump(row: dict) -> str:
    return json.dumps({k: ("[scrubbed]" if k in SCRUBBED and v else v) for k, v in row.items()},
                      default=_json, ensure_ascii=False)


async def _rows(model: type[Model], tenant_id: str) -> AsyncIterator[dict]:
    """The tenant's rows of ``model`` in primary-key order, a page at a time."""
    pk = model._meta.pk_attr
    last = None
    while True:
        qs = scoped(model, tenant_id).order_by(pk).limit(PAGE)
        page = await (qs.filter(**{f"{pk}__gt": last}) if last is not None else qs).values()
        for row in page:
            yield row
        if len(page) < PAGE:
            return
        last = page[-1][pk]


async def export_tenant(actor: Actor, include_files: bool = False) -> AsyncIterator[bytes]:
    """The tenant's data as one JSON document, streamed table by table: every tenant-owned
    row with password and token hashes scrubbed; with ``include_files`` each stored file
    carries its bytes (``content_base64``). Audited before the first byte."""
    require(actor, "tenant.export")
    await audit.record(actor, "tenant.exported", "tenant", actor.tenant_id, {"include_files": include_files})
    tenant = (await Tenant.filter(id=actor.tenant_id).values())[0]
    return _export_stream(actor.tenant_id, tenant, include_files)


async def _export_stream(tenant_id: str, tenant: dict, include_files: bool) -> AsyncIterator[bytes]:
    head = {"format": EXPORT_FORMAT, "exported_at": utcnow().isoformat()}
    yield f'{json.dumps(head)[:-1]}, "tenant": {_dump(tenant)}, "tables": {{'.encode()
    exported = [m for m in tenant_models() if m._meta.db_table not in NOT_EXPORTED]
    for n, model in enumerate(exported):
        yield f'{", " if n else ""}"{model._meta.db_table}": ['.encode()
        first = True
        async for row in _rows(model, tenant_id):
            if include_files and model is StoredFile:
                try:
                    row["content_base64"] = base64.b64encode(await file_store().get(tenant_id, row["sha256"])).decode()
                except FileNotFoundError:
                    row["content_base64"] = None
            yield (("" if first else ", ") + _dump(row)).encode()
            first = False
        yield b"]"
    yield b"}}"


async def delete_tenant(actor: Actor, data: TenantDelete) -> TenantDeletedOut:
    """Delete the tenant and everything it owns (files included) once the admin types its
    slug. Only a signed-in admin may; an API key may not delete the tenant it belongs to."""
    require(actor, "tenant.delete")
    if actor.kind != "user":
        raise Forbidden("deleting a tenant needs a signed-in admin, not an API key")
    tenant = await Tenant.get(id=actor.tenant_id)
    if data.confirm.strip() != tenant.slug:
        raise InvalidInput(f"type the tenant's slug '{tenant.slug}' to confirm", {"confirm": "does not match"})
    rows: dict[str, int] = {}
    async with in_transaction():
        for model in tenant_models():
            rows[model._meta.db_table] = await scoped(model, tenant.id).count()
        principals = [*await scoped(User, tenant.id).values_list("id", flat=True),
                      *await scoped(ApiKey, tenant.id).values_list("id", flat=True)]
        shas = await scoped(StoredFile, tenant.id).values_list("sha256", flat=True)
        await scoped(Candidate, tenant.id).delete()   # a plain DELETE, so the search index follows
        rows["idempotency_record"] = await IdempotencyRecord.filter(scope__in=principals).delete()
        await Tenant.filter(id=tenant.id).delete()     # the rest goes by ON DELETE CASCADE
        rows["tenant"] = 1
    await file_store().delete_tenant(tenant.id)
    await search.purge_deleted_terms()
    log.info("tenant %s deleted by %s: %s", tenant.id, actor.principal_id, rows)
    return TenantDeletedOut(id=tenant.id, rows={k: v for k, v in rows.items() if v}, files=len(shas))
