from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_conversations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('url', fields.CharField(max_length=2000)),
                ('events', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('enabled', fields.BooleanField(default=True, db_index=True)),
                ('disabled_reason', fields.CharField(null=True, max_length=200)),
                ('secret', fields.CharField(max_length=100)),
                ('previous_secret', fields.CharField(null=True, max_length=100)),
                ('previous_secret_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consecutive_failures', fields.IntField(default=0)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'pk_attr': 'id', 'table_description': "A tenant's webhook subscription: where to send which event types, signed with its secret."},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_index=True, db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event', fields.ForeignKeyField('models.OutboxEvent', source_field='event_id', db_index=True, db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('event_type', fields.CharField(max_length=60)),
                ('order_key', fields.CharField(description='event time and id: the per-endpoint delivery order', max_length=80)),
                ('status', fields.CharField(default='pending', db_index=True, max_length=20)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('last_status_code', fields.IntField(null=True)),
                ('last_latency_ms', fields.IntField(null=True)),
                ('last_error', fields.TextField(null=True, unique=False)),
                ('lease_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'unique_together': (('endpoint', 'event'),), 'indexes': [Index(fields=['endpoint_id', 'status', 'order_key'])], 'pk_attr': 'id', 'table_description': 'One outbox event for one endpoint. The payload is rendered from the event at send time.'},
            bases=['TenantOwned'],
        ),
    ]
