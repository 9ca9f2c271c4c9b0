from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_offers')]

    initial = False

    operations = [
        ops.CreateModel(
            name='UsageRecord',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('user_id', fields.CharField(null=True, max_length=40)),
                ('api_key_id', fields.CharField(null=True, max_length=40)),
                ('conversation_id', fields.CharField(null=True, db_index=True, max_length=40)),
                ('feature', fields.CharField(max_length=40)),
                ('model', fields.CharField(max_length=120)),
                ('requests', fields.IntField(default=1)),
                ('input_tokens', fields.BigIntField(default=0)),
                ('output_tokens', fields.BigIntField(default=0)),
                ('cache_read_tokens', fields.BigIntField(default=0)),
                ('cache_write_tokens', fields.BigIntField(default=0)),
                ('cost_usd', fields.DecimalField(default=0, max_digits=18, decimal_places=8)),
                ('priced', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'usage_record', 'app': 'models', 'indexes': [Index(fields=['tenant_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One model call in the usage ledger: who, which feature and model, tokens and dollars.'},
            bases=['TenantOwned'],
        ),
    ]
