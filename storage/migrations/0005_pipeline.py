from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.migrations.constraints import UniqueConstraint

class Migration(migrations.Migration):
    dependencies = [('models', '0004_search_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Client',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('website', fields.CharField(null=True, max_length=300)),
                ('contact_name', fields.CharField(null=True, max_length=200)),
                ('contact_email', fields.CharField(null=True, max_length=254)),
                ('notes', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'client', 'app': 'models', 'pk_attr': 'id', 'table_description': "An agency's client company, which vacancies may belong to ."},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='ClientFeedback',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('client', fields.ForeignKeyField('models.Client', source_field='client_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('vacancy', fields.ForeignKeyField('models.Vacancy', source_field='vacancy_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.SET_NULL)),
                ('decision', fields.CharField(null=True, max_length=20)),
                ('rating', fields.IntField(null=True)),
                ('comment', fields.TextField(default='', unique=False)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'client_feedback', 'app': 'models', 'pk_attr': 'id', 'table_description': 'What a client said about a candidate (for a vacancy).'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='Shortlist',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('vacancy', fields.ForeignKeyField('models.Vacancy', source_field='vacancy_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'shortlist', 'app': 'models', 'pk_attr': 'id'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='ShortlistEntry',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('shortlist', fields.ForeignKeyField('models.Shortlist', source_field='shortlist_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('note', fields.TextField(default='', unique=False)),
                ('added_by_id', fields.CharField(null=True, max_length=40)),
                ('added_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'shortlist_entry', 'app': 'models', 'unique_together': (('shortlist', 'candidate'),), 'pk_attr': 'id'},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='TalentPoolEntry',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('department', fields.CharField(default='', db_default='', max_length=120)),
                ('note', fields.TextField(default='', unique=False)),
                ('added_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'talent_pool_entry', 'app': 'models', 'unique_together': (('candidate', 'department'),), 'pk_attr': 'id', 'table_description': "A candidate saved to the tenant's talent pool for a department."},
            bases=['TenantOwned'],
        ),
        ops.AddField(
            model_name='Application',
            name='rejection_reason',
            field=fields.CharField(null=True, max_length=200),
        ),
        ops.AddField(
            model_name='Application',
            name='stage_changed_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Candidate',
            name='consent_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Candidate',
            name='merged_into_id',
            field=fields.CharField(null=True, db_index=True, max_length=40),
        ),
        ops.AddField(
            model_name='Candidate',
            name='retention_until',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Candidate',
            name='tags',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='applicants_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='client',
            field=fields.ForeignKeyField('models.Client', source_field='client_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='currency',
            field=fields.CharField(null=True, max_length=3),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='employment_type',
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='headcount',
            field=fields.IntField(default=1, db_default=1),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='hires_count',
            field=fields.IntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='hiring_manager',
            field=fields.ForeignKeyField('models.User', source_field='hiring_manager_id', null=True, db_index=True, db_constraint=True, to_field='id', related_name='managed_vacancies', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='published_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='salary_max',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=2),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='salary_min',
            field=fields.DecimalField(null=True, max_digits=14, decimal_places=2),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='slug',
            field=fields.CharField(null=True, max_length=120),
        ),
        ops.AddConstraint(
            model_name='Vacancy',
            constraint=UniqueConstraint(fields=('tenant', 'slug'), name=None),
        ),
    ]
