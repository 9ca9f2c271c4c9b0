from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0005_pipeline')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LibraryItem',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('kind', fields.CharField(db_index=True, max_length=40)),
                ('title', fields.CharField(max_length=200)),
                ('content', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('text', fields.TextField(default='', unique=False)),
                ('engine', fields.CharField(null=True, max_length=80)),
                ('vacancy_id', fields.CharField(null=True, max_length=40)),
                ('candidate_id', fields.CharField(null=True, max_length=40)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'library_item', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A saved AI artifact: a job description, outreach, interview questions, an offer letter.'},
            bases=['TenantOwned'],
        ),
        ops.AlterModelOptions(
            name='Client',
            options={'table': 'client', 'app': 'models', 'pk_attr': 'id', 'table_description': "An agency's client company, which vacancies may belong to."},
        ),
    ]
