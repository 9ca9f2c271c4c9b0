from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_interviews')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Offer',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('application', fields.ForeignKeyField('models.Application', source_field='application_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('base_salary', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('bonus', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('sign_on_bonus', fields.DecimalField(null=True, max_digits=14, decimal_places=2)),
                ('equity_note', fields.TextField(default='', unique=False)),
                ('start_date', fields.DateField(null=True)),
                ('expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('letter_text', fields.TextField(default='', unique=False)),
                ('status', fields.CharField(default='draft', db_index=True, max_length=20)),
                ('approvals', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by_id', fields.CharField(null=True, max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'offer', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An offer for an application, with its approval decisions (SPEC section 5 status machine).'},
            bases=['TenantOwned'],
        ),
    ]
