from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_parsing_jobs_files')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Evaluation',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('application', fields.ForeignKeyField('models.Application', source_field='application_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('candidate', fields.ForeignKeyField('models.Candidate', source_field='candidate_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('vacancy', fields.ForeignKeyField('models.Vacancy', source_field='vacancy_id', null=True, db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('score', fields.IntField(db_index=True)),
                ('band', fields.CharField(max_length=20)),
                ('recommendation', fields.CharField(max_length=20)),
                ('skills', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('strengths', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('concerns', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('red_flags', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('verdict', fields.TextField(default='', unique=False)),
                ('criteria', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('blind', fields.BooleanField(default=False)),
                ('engine', fields.CharField(max_length=80)),
                ('prompt_version', fields.CharField(null=True, max_length=40)),
                ('input_hash', fields.CharField(max_length=64)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'evaluation', 'app': 'models', 'pk_attr': 'id', 'table_description': "One screening of a candidate profile against a vacancy's criteria (SPEC §5 Evaluation)."},
            bases=['TenantOwned'],
        ),
        ops.AddField(
            model_name='Application',
            name='band',
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name='Application',
            name='score',
            field=fields.IntField(null=True, db_index=True),
        ),
        ops.AddField(
            model_name='Candidate',
            name='screening_facts',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Candidate',
            name='search_text',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='Candidate',
            name='seniority',
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name='Candidate',
            name='total_years',
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='languages',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='min_years',
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name='Vacancy',
            name='seniority',
            field=fields.CharField(null=True, max_length=20),
        ),
    ]
