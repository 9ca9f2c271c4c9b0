from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_library')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Interview',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('application', fields.ForeignKeyField('models.Application', source_field='application_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=20)),
                ('scheduled_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('timezone', fields.CharField(default='UTC', max_length=64)),
                ('duration_min', fields.IntField()),
                ('location_or_url', fields.CharField(default='', max_length=500)),
                ('status', fields.CharField(default='scheduled', db_index=True, max_length=20)),
                ('interviewer_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('sequence', fields.IntField(default=0)),
                ('transcript', fields.TextField(default='', unique=False)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'interview', 'app': 'models', 'pk_attr': 'id', 'table_description': "One interview of an application, stored in UTC with the organiser's timezone for invites."},
            bases=['TenantOwned'],
        ),
        ops.CreateModel(
            name='Scorecard',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('interview', fields.ForeignKeyField('models.Interview', source_field='interview_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('interviewer', fields.ForeignKeyField('models.User', source_field='interviewer_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('score', fields.IntField()),
                ('recommendation', fields.CharField(max_length=20)),
                ('notes', fields.TextField(default='', unique=False)),
                ('ratings', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'scorecard', 'app': 'models', 'unique_together': (('interview', 'interviewer'),), 'pk_attr': 'id', 'table_description': "One interviewer's assessment of one interview."},
            bases=['TenantOwned'],
        ),
    ]
