"""Tenant scoping: tenant-owned models cannot be queried without naming the tenant.

``Model.filter(...)``/``Model.get(...)`` on a tenant-owned model raise
``UnscopedQuery``; use ``scoped(Model, tenant_id)`` instead. The few places that
must look across tenants by design (login by email, API-key and token lookup)
call ``unscoped(Model)``, which is easy to find in review.
"""

from __future__ import annotations

from typing import TypeVar

from tortoise.manager import Manager
from tortoise.models import Model
from tortoise.queryset import QuerySet

M = TypeVar("M", bound=Model)


class UnscopedQuery(RuntimeError):
    """A tenant-owned model was queried without a tenant filter."""


class TenantGuardManager(Manager):
    """Default manager of tenant-owned models: refuses unscoped querysets."""

    def get_queryset(self) -> QuerySet:
        raise UnscopedQuery(
            f"{self._model.__name__} is tenant-owned: query it with scoped(Model, tenant_id)"
        )


def scoped(model: type[M], tenant_id: str) -> QuerySet[M]:
    """A queryset over ``model`` restricted to one tenant."""
    if not tenant_id:
        raise UnscopedQuery("scoped() needs a tenant id")
    return QuerySet(model).filter(tenant_id=tenant_id)


def unscoped(model: type[M]) -> QuerySet[M]:
    """A cross-tenant queryset; only for lookups that identify the tenant."""
    return QuerySet(model)
