"""Output models shared by several identity operations."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, EmailStr, Field

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
    created_at: datetime


class UserOut(BaseModel):
    id: str
    email: str
    name: str
    role: Role
    email_verified: bool = Field(description="True once the address was confirmed")
    is_active: bool
    created_at: datetime

    @classmethod
    def of(cls, user) -> UserOut:
        return cls(id=user.id, email=user.email, name=user.name, role=user.role,
                   email_verified=user.email_verified_at is not None,
                   is_active=user.is_active, created_at=user.created_at)
