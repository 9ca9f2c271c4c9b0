from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Application',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('vacancy', fields.ForeignKeyField('models.Vacancy', source_field='vacancy_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('stage', fields.CharField(default='applied', db_index=True, max_length=20)),
                ('stage_history', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('source', fields.CharField(default='manual', max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'application', 'app': 'models', 'unique_together': (('candidate', 'vacancy'),), 'pk_attr': 'id'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='Job',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('kind', fields.CharField(max_length=40)),
                ('status', fields.CharField(default='queued', db_index=True, max_length=20)),
                ('options', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('total', fields.IntField(default=0)),
                ('completed', fields.IntField(default=0)),
                ('failed', fields.IntField(default=0)),
                ('actor', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('attempts', fields.IntField(default=0)),
                ('lease_until', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('error', fields.TextField(null=True, unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('started_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'job', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Durable background work (a parse batch…), claimed by workers with a lease.'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='JobItem',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.ForeignKeyField('models.Job', source_field='job_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('file_id', fields.CharField(max_length=40)),
                ('status', fields.CharField(default='pending', max_length=20)),
                ('result', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'job_item', 'app': 'models', 'unique_together': (('job', 'position'),), 'pk_attr': 'id', 'table_description': 'One unit of a job (one file of a parse batch) with its result.'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='StoredFile',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('sha256', fields.CharField(max_length=64)),
                ('size', fields.IntField()),
                ('kind', fields.CharField(null=True, max_length=10)),
                ('filename', fields.CharField(null=True, max_length=255)),
                ('parse_result', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('parsed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'stored_file', 'app': 'models', 'unique_together': (('tenant', 'sha256'),), 'pk_attr': 'id', 'table_description': 'A file stored once per tenant by content (SHA-256), with its cached parse.'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='UsageCounter',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('metric', fields.CharField(max_length=40)),
                ('period', fields.CharField(max_length=7)),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'usage_counter', 'app': 'models', 'unique_together': (('tenant', 'metric', 'period'),), 'pk_attr': 'id', 'table_description': 'A per-tenant, per-month counter of a metered feature (e.g. CV parses).'},
            bases=['TenantOwned'],
        ),
        ops.AddField(
            model_name='Candidate',
            name='cv_file_id',
            field=fields.CharField(null=True, max_length=40),
        ),
        ops.AddField(
            model_name='Candidate',
            name='profile',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Tenant',
            name='parse_quota_monthly',
            field=fields.IntField(default=1000, db_default=1000),
        ),
    ]
