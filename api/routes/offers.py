"""/api/v1/offers and /api/v1/approvals."""

from __future__ import annotations

from quart import Blueprint
from quart_schema import validate_querystring, validate_request

from api.envelope import ok, page
from api.guard import actor, authenticated
from api.routes.common import ListQuery, responds
from tools import offers
from tools.drafting import offer_letter

bp = Blueprint("offers", __name__, url_prefix="/api/v1")


class OfferQuery(ListQuery):
    application_id: str | None = None
    status: offers.Status | None = None


@bp.post("/offers")
@authenticated
@validate_request(offers.OfferCreate)
@responds(offers.OfferOut, 201)
async def create_offer(data: offers.OfferCreate):
    """Draft an offer for an application (admin, recruiter): base_salary, currency (ISO 4217),
    bonus, sign_on_bonus, equity_note, start_date, expires_at, letter_text."""
    return ok(await offers.create_offer(actor(), data), 201)


@bp.get("/offers")
@authenticated
@validate_querystring(OfferQuery)
@responds(offers.OfferOut, many=True)
async def list_offers(query_args: OfferQuery):
    """Offers, newest first; filter by application_id and status."""
    result = await offers.list_offers(actor(), query_args.application_id, query_args.status,
                                      query_args.limit, query_args.cursor)
    return page(result, query_args.limit)


@bp.get("/offers/<offer_id>")
@authenticated
@responds(offers.OfferOut)
async def get_offer(offer_id: str):
    """One offer with its approval decisions."""
    return ok(await offers.get_offer(actor(), offer_id))


@bp.patch("/offers/<offer_id>")
@authenticated
@validate_request(offers.OfferFields)
@responds(offers.OfferOut)
async def update_offer(offer_id: str, data: offers.OfferFields):
    """Edit a draft or a rejected offer (it returns to draft); other statuses are 409."""
    return ok(await offers.update_offer(actor(), offer_id, data))


def _action(name: str, doc: str, decision: bool = False):
    async def handler(offer_id: str, data: offers.Decision | None = None):
        return ok(await offers.transition(actor(), offer_id, name, data))

    handler.__name__ = f"{name}_offer"
    handler.__doc__ = doc
    view = responds(offers.OfferOut)(handler)
    if decision:
        view = validate_request(offers.Decision)(view)
    bp.post(f"/offers/<offer_id>/{name}")(authenticated(view))


_action("submit", "Ask for approval (draft -> pending_approval); the vacancy's hiring manager is emailed.")
_action("approve", "Approve with a `comment` (the vacancy's hiring manager or an admin, not the author); "
                   "approving twice changes nothing.", decision=True)
_action("reject", "Reject with a `comment` (same rights as approve); the author may edit and resubmit.",
        decision=True)
_action("send", "Send an approved offer (approved -> sent); the application moves to the offer stage.")
_action("accept", "Record the candidate's acceptance (sent -> accepted): the application is hired "
                  "and the vacancy's hires move, in one transaction.")
_action("decline", "Record the candidate's refusal (sent -> declined).")
_action("withdraw", "Withdraw an offer that is not decided yet.")


@bp.get("/approvals")
@authenticated
@responds(offers.OfferOut, many=True)
async def my_approvals():
    """Offers waiting for the signed-in user's decision (hiring managers: their vacancies; admins: all)."""
    return ok(await offers.pending_for(actor()))


@bp.post("/offers/<offer_id>/letter")
@authenticated
@validate_request(offer_letter.OfferLetterRequest)
@responds(offer_letter.OfferLetterOut)
async def draft_letter(offer_id: str, data: offer_letter.OfferLetterRequest):
    """Draft the offer letter from the offer's terms (admin, recruiter): offline template or the
    configured model, never other numbers than the offer's. Stored on the offer while it is a
    draft or rejected (`save_to_offer`), and in the library with `save_to_library`."""
    return ok(await offer_letter.draft_offer_letter(actor(), offer_id, data))
