"""Tortoise models. Every tenant-owned table carries an indexed ``tenant_id``."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from storage.scoping import TenantGuardManager

ROLES = ("admin", "recruiter", "hiring_manager", "interviewer")


class Tenant(Model):
    id = fields.CharField(max_length=40, primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=80, unique=True)
    rate_limit_per_minute = fields.IntField(default=600)
    parse_quota_monthly = fields.IntField(default=1000, db_default=1000)
    monthly_budget_usd = fields.DecimalField(max_digits=12, decimal_places=2, default=50)
    settings = fields.JSONField(default=dict)
    audit_seq = fields.BigIntField(default=0)
    audit_head = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "tenant"


class TenantOwned(Model):
    """Abstract base: belongs to one tenant, queried only through ``scoped``."""

    tenant = fields.ForeignKeyField("models.Tenant", on_delete=fields.CASCADE, db_index=True)

    class Meta:
        abstract = True
        manager = TenantGuardManager()


class User(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    email = fields.CharField(max_length=254, unique=True)
    name = fields.CharField(max_length=200)
    role = fields.CharField(max_length=20)
    password_hash = fields.CharField(max_length=255, null=True)
    email_verified_at = fields.DatetimeField(null=True)
    is_active = fields.BooleanField(default=True)
    slack_user_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "app_user"
        manager = TenantGuardManager()


class WebSession(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    user = fields.ForeignKeyField("models.User", on_delete=fields.CASCADE, db_index=True)
    csrf_token = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    ip = fields.CharField(max_length=64, null=True)
    user_agent = fields.CharField(max_length=300, null=True)

    class Meta:
        table = "web_session"
        manager = TenantGuardManager()


class ApiKey(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    name = fields.CharField(max_length=200)
    role = fields.CharField(max_length=20)
    prefix = fields.CharField(max_length=20)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_key"
        manager = TenantGuardManager()


class OneTimeToken(TenantOwned):
    """Invite, email-verification and password-reset tokens (stored hashed)."""

    id = fields.CharField(max_length=40, primary_key=True)
    purpose = fields.CharField(max_length=20)
    token_hash = fields.CharField(max_length=64, unique=True)
    user_id = fields.CharField(max_length=40, null=True, db_index=True)
    email = fields.CharField(max_length=254)
    payload = fields.JSONField(default=dict)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "one_time_token"
        manager = TenantGuardManager()


class AuditEvent(TenantOwned):
    """Append-only, hash-chained per tenant (``seq`` is unique per tenant)."""

    id = fields.BigIntField(primary_key=True)
    seq = fields.BigIntField()
    created_at = fields.DatetimeField()
    actor_type = fields.CharField(max_length=20)
    actor_id = fields.CharField(max_length=40, null=True)
    action = fields.CharField(max_length=80, db_index=True)
    target_type = fields.CharField(max_length=40, null=True)
    target_id = fields.CharField(max_length=40, null=True)
    request_id = fields.CharField(max_length=64, null=True)
    details = fields.JSONField(default=dict)
    prev_hash = fields.CharField(max_length=64)
    hash = fields.CharField(max_length=64)

    class Meta:
        table = "audit_event"
        unique_together = (("tenant", "seq"),)
        manager = TenantGuardManager()


class OutboxEvent(TenantOwned):
    """Domain events written in the same transaction as the change."""

    id = fields.CharField(max_length=40, primary_key=True)
    type = fields.CharField(max_length=60, db_index=True)
    data = fields.JSONField()
    created_at = fields.DatetimeField(auto_now_add=True)
    dispatched_at = fields.DatetimeField(null=True, db_index=True)

    class Meta:
        table = "outbox_event"
        manager = TenantGuardManager()


class IdempotencyRecord(Model):
    """Stored first response of a POST with an ``Idempotency-Key``."""

    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=60)
    key = fields.CharField(max_length=255)
    request_hash = fields.CharField(max_length=64)
    status_code = fields.IntField(null=True)
    response_body = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "idempotency_record"
        unique_together = (("scope", "key"),)


class Vacancy(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    department = fields.CharField(max_length=120, null=True)
    location = fields.CharField(max_length=200, null=True)
    remote = fields.BooleanField(default=False)
    status = fields.CharField(max_length=20, default="draft", db_index=True)
    required_skills = fields.JSONField(default=list)
    nice_to_have_skills = fields.JSONField(default=list)
    seniority = fields.CharField(max_length=20, null=True)
    min_years = fields.FloatField(null=True)
    languages = fields.JSONField(null=True)
    employment_type = fields.CharField(max_length=20, null=True)
    salary_min = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    salary_max = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    currency = fields.CharField(max_length=3, null=True)
    headcount = fields.IntField(default=1, db_default=1)
    client = fields.ForeignKeyField("models.Client", on_delete=fields.SET_NULL, null=True, db_index=True)
    hiring_manager = fields.ForeignKeyField("models.User", on_delete=fields.SET_NULL, null=True, db_index=True,
                                            related_name="managed_vacancies")
    slug = fields.CharField(max_length=120, null=True)
    published_at = fields.DatetimeField(null=True)
    applicants_count = fields.IntField(default=0, db_default=0)
    hires_count = fields.IntField(default=0, db_default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "vacancy"
        unique_together = (("tenant", "slug"),)
        manager = TenantGuardManager()


class Candidate(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254, null=True)
    phone = fields.CharField(max_length=40, null=True)
    location = fields.CharField(max_length=200, null=True)
    headline = fields.CharField(max_length=300, null=True)
    skills = fields.JSONField(default=list)
    source = fields.CharField(max_length=40, default="manual")
    profile = fields.JSONField(null=True)
    cv_file_id = fields.CharField(max_length=40, null=True)
    seniority = fields.CharField(max_length=20, null=True)
    total_years = fields.FloatField(null=True)
    search_text = fields.TextField(default="", db_default="")
    screening_facts = fields.JSONField(null=True)    # read from the profile once; cleared when it changes
    tags = fields.JSONField(null=True)                # list of strings; null reads as []
    consent_at = fields.DatetimeField(null=True)
    retention_until = fields.DateField(null=True)
    merged_into_id = fields.CharField(max_length=40, null=True, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "candidate"
        unique_together = (("tenant", "email"),)
        manager = TenantGuardManager()


class Application(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    candidate = fields.ForeignKeyField("models.Candidate", on_delete=fields.CASCADE, db_index=True)
    vacancy = fields.ForeignKeyField("models.Vacancy", on_delete=fields.CASCADE, db_index=True)
    stage = fields.CharField(max_length=20, default="applied", db_index=True)
    stage_history = fields.JSONField(default=list)
    source = fields.CharField(max_length=40, default="manual")
    score = fields.IntField(null=True, db_index=True)
    band = fields.CharField(max_length=20, null=True)
    rejection_reason = fields.CharField(max_length=200, null=True)
    stage_changed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "application"
        unique_together = (("candidate", "vacancy"),)
        manager = TenantGuardManager()


class Client(TenantOwned):
    """An agency's client company, which vacancies may belong to."""

    id = fields.CharField(max_length=40, primary_key=True)
    name = fields.CharField(max_length=200)
    website = fields.CharField(max_length=300, null=True)
    contact_name = fields.CharField(max_length=200, null=True)
    contact_email = fields.CharField(max_length=254, null=True)
    notes = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "client"
        manager = TenantGuardManager()


class ClientFeedback(TenantOwned):
    """What a client said about a candidate (for a vacancy)."""

    id = fields.CharField(max_length=40, primary_key=True)
    client = fields.ForeignKeyField("models.Client", on_delete=fields.CASCADE, db_index=True)
    candidate = fields.ForeignKeyField("models.Candidate", on_delete=fields.CASCADE, db_index=True)
    vacancy = fields.ForeignKeyField("models.Vacancy", on_delete=fields.SET_NULL, null=True, db_index=True)
    decision = fields.CharField(max_length=20, null=True)
    rating = fields.IntField(null=True)
    comment = fields.TextField(default="")
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "client_feedback"
        manager = TenantGuardManager()


class Shortlist(TenantOwned):
    id = fields.CharField(max_length=40, primary_key=True)
    vacancy = fields.ForeignKeyField("models.Vacancy", on_delete=fields.CASCADE, db_index=True)
    name = fields.CharField(max_length=200)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "shortlist"
        manager = TenantGuardManager()


class ShortlistEntry(TenantOwned):
    id = fields.BigIntField(primary_key=True)
    shortlist = fields.ForeignKeyField("models.Shortlist", on_delete=fields.CASCADE, db_index=True)
    candidate = fields.ForeignKeyField("models.Candidate", on_delete=fields.CASCADE, db_index=True)
    note = fields.TextField(default="")
    added_by_id = fields.CharField(max_length=40, null=True)
    added_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "shortlist_entry"
        unique_together = (("shortlist", "candidate"),)
        manager = TenantGuardManager()


class TalentPoolEntry(TenantOwned):
    """A candidate saved to the tenant's talent pool for a department."""

    id = fields.BigIntField(primary_key=True)
    candidate = fields.ForeignKeyField("models.Candidate", on_delete=fields.CASCADE, db_index=True)
    department = fields.CharField(max_length=120, default="", db_default="")
    note = fields.TextField(default="")
    added_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "talent_pool_entry"
        unique_together = (("candidate", "department"),)
        manager = TenantGuardManager()


class Interview(TenantOwned):
    """One interview of an application, stored in UTC with the organiser's timezone for invites."""

    id = fields.CharField(max_length=40, primary_key=True)
    application = fields.ForeignKeyField("models.Application", on_delete=fields.CASCADE, db_index=True)
    kind = fields.CharField(max_length=20)
    scheduled_at = fields.DatetimeField(db_index=True)
    timezone = fields.CharField(max_length=64, default="UTC")
    duration_min = fields.IntField()
    location_or_url = fields.CharField(max_length=500, default="")
    status = fields.CharField(max_length=20, default="scheduled", db_index=True)
    interviewer_ids = fields.JSONField(default=list)
    sequence = fields.IntField(default=0)
    transcript = fields.TextField(default="")
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "interview"
        manager = TenantGuardManager()


class Scorecard(TenantOwned):
    """One interviewer's assessment of one interview."""

    id = fields.CharField(max_length=40, primary_key=True)
    interview = fields.ForeignKeyField("models.Interview", on_delete=fields.CASCADE, db_index=True)
    interviewer = fields.ForeignKeyField("models.User", on_delete=fields.CASCADE, db_index=True)
    score = fields.IntField()
    recommendation = fields.CharField(max_length=20)
    notes = fields.TextField(default="")
    ratings = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "scorecard"
        unique_together = (("interview", "interviewer"),)
        manager = TenantGuardManager()


class Offer(TenantOwned):
    """An offer for an application, with its approval decisions (SPEC section 5 status machine)."""

    id = fields.CharField(max_length=40, primary_key=True)
    application = fields.ForeignKeyField("models.Application", on_delete=fields.CASCADE, db_index=True)
    base_salary = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3)
    bonus = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    sign_on_bonus = fields.DecimalField(max_digits=14, decimal_places=2, null=True)
    equity_note = fields.TextField(default="")
    start_date = fields.DateField(null=True)
    expires_at = fields.DatetimeField(null=True)
    letter_text = fields.TextField(default="")
    status = fields.CharField(max_length=20, default="draft", db_index=True)
    approvals = fields.JSONField(default=list)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "offer"
        manager = TenantGuardManager()


class LibraryItem(TenantOwned):
    """A saved AI artifact: a job description, outreach, interview questions, an offer letter."""

    id = fields.CharField(max_length=40, primary_key=True)
    kind = fields.CharField(max_length=40, db_index=True)
    title = fields.CharField(max_length=200)
    content = fields.JSONField(default=dict)
    text = fields.TextField(default="")
    engine = fields.CharField(max_length=80, null=True)
    vacancy_id = fields.CharField(max_length=40, null=True)
    candidate_id = fields.CharField(max_length=40, null=True)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "library_item"
        manager = TenantGuardManager()


class Evaluation(TenantOwned):
    """One screening of a candidate profile against a vacancy's criteria (SPEC §5 Evaluation)."""

    id = fields.CharField(max_length=40, primary_key=True)
    application = fields.ForeignKeyField("models.Application", on_delete=fields.CASCADE, null=True, db_index=True)
    candidate = fields.ForeignKeyField("models.Candidate", on_delete=fields.CASCADE, null=True, db_index=True)
    vacancy = fields.ForeignKeyField("models.Vacancy", on_delete=fields.CASCADE, null=True, db_index=True)
    score = fields.IntField(db_index=True)
    band = fields.CharField(max_length=20)
    recommendation = fields.CharField(max_length=20)
    skills = fields.JSONField(default=list)
    strengths = fields.JSONField(default=list)
    concerns = fields.JSONField(default=list)
    red_flags = fields.JSONField(default=list)
    verdict = fields.TextField(default="")
    criteria = fields.JSONField(default=dict)
    blind = fields.BooleanField(default=False)
    engine = fields.CharField(max_length=80)
    prompt_version = fields.CharField(max_length=40, null=True)
    input_hash = fields.CharField(max_length=64)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "evaluation"
        manager = TenantGuardManager()


class StoredFile(TenantOwned):
    """A file stored once per tenant by content (SHA-256), with its cached parse."""

    id = fields.CharField(max_length=40, primary_key=True)
    sha256 = fields.CharField(max_length=64)
    size = fields.IntField()
    kind = fields.CharField(max_length=10, null=True)
    filename = fields.CharField(max_length=255, null=True)
    parse_result = fields.JSONField(null=True)
    parsed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "stored_file"
        unique_together = (("tenant", "sha256"),)
        manager = TenantGuardManager()


class UsageCounter(TenantOwned):
    """A per-tenant, per-month counter of a metered feature (e.g. CV parses)."""

    id = fields.BigIntField(primary_key=True)
    metric = fields.CharField(max_length=40)
    period = fields.CharField(max_length=7)
    count = fields.IntField(default=0)

    class Meta:
        table = "usage_counter"
        unique_together = (("tenant", "metric", "period"),)
        manager = TenantGuardManager()


class UsageRecord(TenantOwned):
    """One model call in the usage ledger: who, which feature and model, tokens and dollars."""

    id = fields.CharField(max_length=40, primary_key=True)
    user_id = fields.CharField(max_length=40, null=True)
    api_key_id = fields.CharField(max_length=40, null=True)
    conversation_id = fields.CharField(max_length=40, null=True, db_index=True)
    feature = fields.CharField(max_length=40)
    model = fields.CharField(max_length=120)
    requests = fields.IntField(default=1)
    input_tokens = fields.BigIntField(default=0)
    output_tokens = fields.BigIntField(default=0)
    cache_read_tokens = fields.BigIntField(default=0)
    cache_write_tokens = fields.BigIntField(default=0)
    cost_usd = fields.DecimalField(max_digits=18, decimal_places=8, default=0)
    priced = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "usage_record"
        indexes = (("tenant_id", "created_at"),)
        manager = TenantGuardManager()


class Job(TenantOwned):
    """Durable background work (a parse batch…), claimed by workers with a lease."""

    id = fields.CharField(max_length=40, primary_key=True)
    kind = fields.CharField(max_length=40)
    status = fields.CharField(max_length=20, default="queued", db_index=True)
    options = fields.JSONField(default=dict)
    total = fields.IntField(default=0)
    completed = fields.IntField(default=0)
    failed = fields.IntField(default=0)
    actor = fields.JSONField(default=dict)
    attempts = fields.IntField(default=0)
    lease_until = fields.DatetimeField(null=True, db_index=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "job"
        manager = TenantGuardManager()


class JobItem(TenantOwned):
    """One unit of a job (one file of a parse batch) with its result."""

    id = fields.BigIntField(primary_key=True)
    job = fields.ForeignKeyField("models.Job", on_delete=fields.CASCADE, db_index=True)
    position = fields.IntField()
    file_id = fields.CharField(max_length=40)
    status = fields.CharField(max_length=20, default="pending")
    result = fields.JSONField(null=True)

    class Meta:
        table = "job_item"
        unique_together = (("job", "position"),)
        manager = TenantGuardManager()


class Conversation(TenantOwned):
    """A chat with the agent: pydantic-ai state (messages, usage, pending deferred calls), the
    messages as displayed, pending approvals, running totals and a lease that serialises turns."""

    id = fields.CharField(max_length=40, primary_key=True)
    user = fields.ForeignKeyField("models.User", on_delete=fields.CASCADE, null=True, db_index=True)
    api_key_id = fields.CharField(max_length=40, null=True, db_index=True)
    channel = fields.CharField(max_length=10, default="web")
    external_key = fields.CharField(max_length=200, null=True, db_index=True)
    title = fields.CharField(max_length=200, default="")
    state = fields.TextField(default="")
    messages = fields.JSONField(default=list)
    pending_approvals = fields.JSONField(default=list)
    input_tokens = fields.BigIntField(default=0)
    output_tokens = fields.BigIntField(default=0)
    cache_read_tokens = fields.BigIntField(default=0)
    cache_write_tokens = fields.BigIntField(default=0)
    cost_usd = fields.DecimalField(max_digits=14, decimal_places=6, default=0)
    busy_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "conversation"
        manager = TenantGuardManager()


class SlackWorkspace(TenantOwned):
    """A Slack workspace (team id) linked to its one tenant by an admin."""

    id = fields.CharField(max_length=40, primary_key=True)
    team_id = fields.CharField(max_length=40, unique=True)
    linked_by = fields.ForeignKeyField("models.User", on_delete=fields.SET_NULL, null=True, related_name=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "slack_workspace"
        manager = TenantGuardManager()


class WebhookEndpoint(TenantOwned):
    """A tenant's webhook subscription: where to send which event types, signed with its secret."""

    id = fields.CharField(max_length=40, primary_key=True)
    url = fields.CharField(max_length=2000)
    events = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True, db_index=True)
    disabled_reason = fields.CharField(max_length=200, null=True)
    secret = fields.CharField(max_length=100)
    previous_secret = fields.CharField(max_length=100, null=True)
    previous_secret_expires_at = fields.DatetimeField(null=True)
    consecutive_failures = fields.IntField(default=0)
    created_by_id = fields.CharField(max_length=40, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_endpoint"
        manager = TenantGuardManager()


class WebhookDelivery(TenantOwned):
    """One outbox event for one endpoint. The payload is rendered from the event at send time."""

    id = fields.CharField(max_length=40, primary_key=True)
    endpoint = fields.ForeignKeyField("models.WebhookEndpoint", on_delete=fields.CASCADE, db_index=True,
                                      related_name="deliveries")
    event = fields.ForeignKeyField("models.OutboxEvent", on_delete=fields.CASCADE, db_index=True,
                                   related_name="deliveries")
    event_type = fields.CharField(max_length=60)
    order_key = fields.CharField(max_length=80, description="event time and id: the per-endpoint delivery order")
    status = fields.CharField(max_length=20, default="pending", db_index=True)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True, db_index=True)
    last_status_code = fields.IntField(null=True)
    last_latency_ms = fields.IntField(null=True)
    last_error = fields.TextField(null=True)
    lease_until = fields.DatetimeField(null=True)
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "webhook_delivery"
        unique_together = (("endpoint", "event"),)
        indexes = (("endpoint_id", "status", "order_key"),)
        manager = TenantGuardManager()
