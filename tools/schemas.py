"""Output models shared by several identity operations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, EmailStr, Field, model_validator

Role = Literal["admin", "recruiter", "hiring_manager", "interviewer"]


def normalise_email(value: str) -> str:
    return value.strip().lower()


def strong_password(value: str) -> str:
    if len(value) < 10:
        raise ValueError("password must be at least 10 characters")
    if len(value) > 256:
        raise ValueError("password must be at most 256 characters")
    if value.strip() != value or not value.strip():
        raise ValueError("password must not start or end with whitespace")
    return value


Email = Annotated[EmailStr, AfterValidator(normalise_email)]
NewPassword = Annotated[str, AfterValidator(strong_password)]


class TenantOut(BaseModel):
    id: str
    name: str
    slug: str
    rate_limit_per_minute: int
    monthly_budget_usd: Decimal
    blind_screening: bool = False
    created_at: datetime

    @classmethod
    def of(cls, row) -> TenantOut:
        """From a Tenant row (settings flattened)."""
        return cls(id=row.id, name=row.name, slug=row.slug, rate_limit_per_minute=row.rate_limit_per_minute,
                   monthly_budget_usd=row.monthly_budget_usd, created_at=row.created_at,
                   blind_screening=bool((row.settings or {}).get("blind_screening")))


class UserOut(BaseModel):
    id: str
    email: str
    name: str
    role: Role
    email_verified: bool = Field(description="True once the address was confirmed")
    is_active: bool
    created_at: datetime

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, value: Any) -> Any:
        """Build from a ``User`` row: ``email_verified`` derives from ``email_verified_at``."""
        if isinstance(value, dict) or not hasattr(value, "email_verified_at"):
            return value
        return {"id": value.id, "email": value.email, "name": value.name, "role": value.role,
                "email_verified": value.email_verified_at is not None,
                "is_active": value.is_active, "created_at": value.created_at}
