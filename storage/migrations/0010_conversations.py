from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_usage_ledger')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Conversation',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('api_key_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('channel', fields.CharField(default='web', max_length=10)),
                ('external_key', fields.CharField(null=True, db_index=True, max_length=200)),
                ('title', fields.CharField(default='', max_length=200)),
                ('state', fields.TextField(default='', unique=False)),
                ('messages', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('pending_approvals', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('input_tokens', fields.BigIntField(default=0)),
                ('output_tokens', fields.BigIntField(default=0)),
                ('cache_read_tokens', fields.BigIntField(default=0)),
                ('cache_write_tokens', fields.BigIntField(default=0)),
                ('cost_usd', fields.DecimalField(default=0, max_digits=14, decimal_places=6)),
                ('busy_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'conversation', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A chat with the agent: pydantic-ai state (messages, usage, pending deferred calls), the\nmessages as displayed, pending approvals, running totals and a lease that serialises turns.'},
            bases=['TenantOwned'],
        ),
    ]
