"""Offers and their approval (SPEC section 5): draft -> pending_approval -> approved | rejected;
approved -> sent -> accepted | declined; any open offer -> withdrawn. Only a hiring manager of
the vacancy or an admin decides, never the offer's author; accepting hires the application in
the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator
from tortoise.transactions import in_transaction

from storage import outbox
from storage.ids import new_id
from storage.models import Application, Offer, User, Vacancy
from storage.scoping import scoped
from tools import audit
from tools.actor import Actor
from tools.applications import StageMove, move_stage, visible_applications
from tools.clock import utcnow
from tools.errors import Conflict, Forbidden, NotFound
from tools.pagination import Page, paginate
from tools.policy import ADMIN, HIRING_MANAGER, require
from tools.runtime import runtime

Status = Literal["draft", "pending_approval", "approved", "rejected", "sent", "accepted", "declined", "withdrawn"]
ACTIONS: dict[str, tuple[tuple[str, ...], str]] = {   # action -> (from statuses, to status)
    "submit": (("draft",), "pending_approval"),
    "approve": (("pending_approval",), "approved"),
    "reject": (("pending_approval",), "rejected"),
    "send": (("approved",), "sent"),
    "accept": (("sent",), "accepted"),
    "decline": (("sent",), "declined"),
    "withdraw": (("draft", "pending_approval", "approved", "sent"), "withdrawn"),
}
EVENTS = {"pending_approval": "offer.approval_requested", "approved": "offer.approved", "rejected": "offer.rejected",
          "sent": "offer.sent", "accepted": "offer.accepted", "declined": "offer.declined",
          "withdrawn": "offer.withdrawn"}
_MONEY = Field(default=None, ge=0, le=100_000_000, max_digits=14, decimal_places=2)


class OfferFields(BaseModel):
    base_salary: Decimal | None = _MONEY
    currency: str | None = Field(default=None, min_length=3, max_length=3, description="ISO 4217, e.g. EUR")
    bonus: Decimal | None = _MONEY
    sign_on_bonus: Decimal | None = _MONEY
    equity_note: str | None = Field(default=None, max_length=2000)
    start_date: dt.date | None = None
    expires_at: AwareDatetime | None = None
    letter_text: str | None = Field(default=None, max_length=50_000)

    @field_validator("currency")
    @classmethod
    def _upper(cls, v: str | None) -> str | None:
        if v is not None and not (v.isascii() and v.isalpha()):
            raise ValueError("currency is three letters (ISO 4217)")
        return v.upper() if v else v


class OfferCreate(OfferFields):
    application_id: str = Field(max_length=40)
    base_salary: Decimal = Field(ge=0, le=100_000_000, max_digits=14, decimal_places=2)
    currency: str = Field(min_length=3, max_length=3, description="ISO 4217, e.g. EUR")


class Decision(BaseModel):
    comment: str = Field(default="", max_length=2000)


class Approver(BaseModel):
    id: str
    name: str
    role: str


class OfferOut(BaseModel):
    id: str
    application_id: str
    base_salary: Decimal
    currency: str
    bonus: Decimal | None
    sign_on_bonus: Decimal | None
    equity_note: str
    start_date: dt.date | None
    expires_at: dt.datetime | None
    letter_text: str
    status: Status
    approvals: list[dict]
    created_by_id: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


def _out(row: Offer) -> OfferOut:
    return OfferOut.model_validate(row, from_attributes=True)


async def offer_row(actor: Actor, offer_id: str, *, lock: bool = False) -> tuple[Offer, Vacancy]:
    """An offer in an application the actor may see (hiring managers: their vacancies), else 404."""
    qs = scoped(Offer, actor.tenant_id)
    row = await (qs.select_for_update(no_key=True) if lock else qs).get_or_none(id=offer_id)
    if row is None or not await visible_applications(actor).filter(id=row.application_id).exists():
        raise NotFound("offer not found", {"id": offer_id})
    app = await scoped(Application, actor.tenant_id).get(id=row.application_id)
    return row, await scoped(Vacancy, actor.tenant_id).get(id=app.vacancy_id)


def may_decide(actor: Actor, offer: Offer, vacancy: Vacancy) -> bool:
    """An admin, or the vacancy's hiring manager; never the person who created the offer."""
    if not actor.user_id or offer.created_by_id == actor.principal_id:
        return False
    return actor.role == ADMIN or (actor.role == HIRING_MANAGER and vacancy.hiring_manager_id == actor.user_id)


async def _record(actor: Actor, row: Offer, action: str, details: dict | None = None) -> None:
    await audit.record(actor, f"offer.{action}", "offer", row.id, {"status": row.status, **(details or {})})
    await outbox.emit(actor.tenant_id, EVENTS.get(row.status, "offer.created") if action != "created"
                      else "offer.created", _out(row).model_dump(mode="json"))


async def create_offer(actor: Actor, data: OfferCreate) -> OfferOut:
    require(actor, "offers.write")
    app = await visible_applications(actor).get_or_none(id=data.application_id)
    if app is None:
        raise NotFound("application not found", {"application_id": data.application_id})
    if app.stage not in ("screening", "interview", "offer"):
        raise Conflict(f"an offer needs an application in screening, interview or offer, not {app.stage}",
                       {"stage": app.stage})
    fields = data.model_dump(exclude={"application_id"}, exclude_none=True)
    async with in_transaction():
        row = await Offer.create(id=new_id("ofr"), tenant_id=actor.tenant_id, application_id=app.id,
                                 created_by_id=actor.principal_id, **fields)
        await _record(actor, row, "created")
    return _out(row)


async def update_offer(actor: Actor, offer_id: str, data: OfferFields) -> OfferOut:
    """Edit a draft, or a rejected offer (which goes back to draft for resubmission)."""
    require(actor, "offers.write")
    changes = data.model_dump(exclude_unset=True, exclude_none=True)
    async with in_transaction():
        row, _ = await offer_row(actor, offer_id, lock=True)
        if row.status not in ("draft", "rejected"):
            raise Conflict(f"a {row.status} offer cannot be edited", {"status": row.status})
        for key, value in changes.items():
            setattr(row, key, value)
        row.status = "draft"
        await row.save()
        await audit.record(actor, "offer.updated", "offer", row.id, {"fields": sorted(changes)})
    return _out(row)


async def get_offer(actor: Actor, offer_id: str) -> OfferOut:
    require(actor, "offers.read")
    return _out((await offer_row(actor, offer_id))[0])


async def list_offers(actor: Actor, application_id: str | None, status: str | None, limit: int,
                      cursor: str | None) -> Page[OfferOut]:
    require(actor, "offers.read")
    qs = scoped(Offer, actor.tenant_id)
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(application__vacancy__hiring_manager_id=actor.user_id or "")
    if application_id:
        qs = qs.filter(application_id=application_id)
    if status:
        qs = qs.filter(status=status)
    return await paginate(qs, OfferOut, limit, cursor)


async def transition(actor: Actor, offer_id: str, action: str, decision: Decision | None = None) -> OfferOut:
    """Run one action of the status machine; a wrong status is 409, a decision by the wrong person 403."""
    require(actor, "offers.approve" if action in ("approve", "reject") else "offers.write")
    sources, target = ACTIONS[action]
    if action in ("approve", "reject") and not actor.user_id:
        raise Forbidden("offer decisions are made by a signed-in person, not an API key")
    notify = False
    async with in_transaction():
        row, vacancy = await offer_row(actor, offer_id, lock=True)
        if action in ("approve", "reject"):
            if not may_decide(actor, row, vacancy):
                raise Forbidden("only the vacancy's hiring manager or an admin (not the offer's author) decides")
            mine = [a for a in row.approvals if a.get("approver_id") == actor.user_id]
            if row.status == target and mine and mine[-1]["decision"] == action:
                return _out(row)                              # the same decision twice: nothing changes
        if row.status not in sources:
            raise Conflict(f"cannot {action} a {row.status} offer",
                           {"status": row.status, "allowed_from": list(sources)})
        if action in ("approve", "reject"):
            row.approvals = [*row.approvals, {"approver_id": actor.user_id, "decision": action,
                                              "comment": decision.comment if decision else "",
                                              "at": utcnow().isoformat()}]
        row.status = target
        await row.save()
        if action == "send":
            app = await scoped(Application, actor.tenant_id).get(id=row.application_id)
            if app.stage in ("screening", "interview"):
                await move_stage(actor, app.id, StageMove(stage="offer", reason="offer sent"))
        if action == "accept":                               # the hire, in the same transaction
            await move_stage(actor, row.application_id, StageMove(stage="hired", reason=f"offer {row.id} accepted"))
        await _record(actor, row, action, {"comment": decision.comment} if decision else None)
        notify = action == "submit"
    if notify:
        await _ask_approvers(actor, row, vacancy)
    return _out(row)


async def _ask_approvers(actor: Actor, row: Offer, vacancy: Vacancy) -> None:
    """Email the vacancy's hiring manager (or the admins when it has none) that an offer waits."""
    people = scoped(User, actor.tenant_id).filter(is_active=True)
    people = people.filter(id=vacancy.hiring_manager_id) if vacancy.hiring_manager_id else people.filter(role=ADMIN)
    for user in await people:
        if user.id != actor.user_id:
            await runtime().mailer.send(
                user.email, f"Offer awaiting your approval: {vacancy.title}",
                f"Hello {user.name},\n\nAn offer of {row.base_salary} {row.currency} for {vacancy.title} "
                f"awaits your decision.\nOffer id: {row.id}\n")


async def decision_makers(actor: Actor, offer_id: str) -> list[Approver]:
    """Who may approve or reject the offer: the vacancy's hiring manager, then the admins; never its author."""
    require(actor, "offers.read")
    row, vacancy = await offer_row(actor, offer_id)
    people = await scoped(User, actor.tenant_id).filter(is_active=True).order_by("created_at", "id")
    found = [u for u in people if u.id == vacancy.hiring_manager_id and u.role == HIRING_MANAGER]
    found += [u for u in people if u.role == ADMIN]
    return [Approver(id=u.id, name=u.name, role=u.role) for u in found if u.id != row.created_by_id]


async def pending_for(actor: Actor) -> list[OfferOut]:
    """Offers awaiting the current user's decision (GET /api/v1/approvals)."""
    require(actor, "offers.read")
    if not actor.user_id or actor.role not in (ADMIN, HIRING_MANAGER):
        return []
    qs = scoped(Offer, actor.tenant_id).filter(status="pending_approval")
    if actor.role == HIRING_MANAGER:
        qs = qs.filter(application__vacancy__hiring_manager_id=actor.user_id)
    return [_out(o) for o in await qs.exclude(created_by_id=actor.principal_id).order_by("created_at", "id")]
