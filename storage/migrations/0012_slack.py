from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_webhooks')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SlackWorkspace',
            fields=[
                ('tenant', fields.ForeignKeyField('models.Tenant', source_field='tenant_id', db_index=True, db_constraint=True, to_field='id', on_delete=OnDelete.CASCADE)),
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=40)),
                ('team_id', fields.CharField(unique=True, max_length=40)),
                ('linked_by', fields.ForeignKeyField('models.User', source_field='linked_by_id', null=True, db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'slack_workspace', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A Slack workspace (team id) linked to its one tenant by an admin.'},
            bases=['TenantOwned'],
        ),
    ]
