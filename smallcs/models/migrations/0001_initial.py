"""The first schema: every core table of DESIGN.md with its constraints.

Frozen copies of the models as they were; never import live models here.
"""
from peewee import *  # migration files declare their own frozen shapes


def up(migrator, db):
    class Staff(Model):
        username = CharField(unique=True, max_length=40)
        display_name = CharField(max_length=80)
        role = CharField(max_length=10, constraints=[Check("role IN ('owner', 'manager', 'staff')")])
        password_hash = CharField(null=True)
        active = BooleanField(default=True)
        failed_logins = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        created_at = DateTimeField()
        last_login_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class AuditEvent(Model):
        at = DateTimeField(index=True)
        staff = ForeignKeyField(Staff, null=True)
        action = CharField(index=True, max_length=40)
        entity = CharField(max_length=40, default='')
        entity_id = CharField(max_length=40, default='')
        detail = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit_event'
    db.create_tables([AuditEvent])

    class Category(Model):
        name = CharField(unique=True, max_length=60)
        default_priority = CharField(max_length=10, default='normal', constraints=[Check("default_priority IN ('low', 'normal', 'high', 'urgent')")])
        response_target_hours = IntegerField(constraints=[Check('response_target_hours > 0')])
        resolution_target_hours = IntegerField(constraints=[Check('resolution_target_hours > 0')])
        suggested_steps = TextField(default='[]')
        active = BooleanField(default=True)
        sort_order = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'category'
    db.create_tables([Category])

    class Customer(Model):
        name = CharField(max_length=200)
        name_norm = CharField(index=True, max_length=200)
        phone = CharField(max_length=40, default='')
        phone_norm = CharField(index=True, max_length=40, default='')
        email = CharField(max_length=254, default='')
        email_norm = CharField(index=True, max_length=254, default='')
        contact_consent = BooleanField(default=False)
        notes = TextField(default='')
        created_at = DateTimeField()
        anonymised_at = DateTimeField(null=True)
        merged_into = ForeignKeyField('self', null=True)
        class Meta:
            database = db
            table_name = 'customer'
    db.create_tables([Customer])

    class Complaint(Model):
        reference = CharField(unique=True, max_length=20)
        channel = CharField(max_length=12, constraints=[Check("channel IN ('in_person', 'phone', 'email', 'chat', 'social', 'web', 'other')")])
        customer = ForeignKeyField(Customer, null=True)
        category = ForeignKeyField(Category)
        priority = CharField(max_length=10, constraints=[Check("priority IN ('low', 'normal', 'high', 'urgent')")])
        status = CharField(max_length=20, constraints=[Check("status IN ('open', 'in_progress', 'waiting_on_customer', 'escalated', 'resolved', 'closed')")])
        summary = CharField(max_length=200)
        description = TextField(default='')
        desired_outcome = TextField(default='')
        order_reference = CharField(max_length=80, default='')
        received_at = DateTimeField(index=True)
        first_response_at = DateTimeField(null=True)
        resolved_at = DateTimeField(index=True, null=True)
        closed_at = DateTimeField(null=True)
        due_at = DateTimeField(null=True)
        assigned_to = ForeignKeyField(Staff, null=True)
        created_by = ForeignKeyField(Staff)
        resolved_at_first_contact = BooleanField(default=False)
        outcome = CharField(null=True, max_length=12, constraints=[Check("outcome IN ('refund', 'replacement', 'repair', 'discount', 'apology', 'explanation', 'no_action')")])
        compensation_cents = IntegerField(default=0, constraints=[Check('compensation_cents >= 0')])
        follow_up_at = DateTimeField(index=True, null=True)
        reopen_count = IntegerField(default=0)
        call_duration_seconds = IntegerField(null=True)
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'complaint'
            indexes = ((('status', 'due_at'), False), (('category', 'received_at'), False), (('assigned_to', 'status'), False))
    db.create_tables([Complaint])

    class Draft(Model):
        staff = ForeignKeyField(Staff)
        form = CharField(max_length=40)
        data = TextField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'draft'
            indexes = ((('staff', 'form'), True),)
    db.create_tables([Draft])

    class Goal(Model):
        metric = CharField(max_length=32)
        baseline = FloatField(null=True)
        target = FloatField()
        starts_on = DateField()
        due_on = DateField()
        note = TextField(default='')
        active = BooleanField(default=True)
        created_by = ForeignKeyField(Staff)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'goal'
    db.create_tables([Goal])

    class ResolutionStep(Model):
        complaint = ForeignKeyField(Complaint)
        at = DateTimeField()
        staff = ForeignKeyField(Staff)
        kind = CharField(max_length=20, constraints=[Check("kind IN ('note', 'contacted_customer', 'apologised', 'investigated', 'offered_remedy', 'escalated', 'refunded', 'replaced', 'follow_up', 'resolved', 'reopened')")])
        text = TextField(default='')
        class Meta:
            database = db
            table_name = 'resolution_step'
            indexes = ((('complaint', 'at'), False),)
    db.create_tables([ResolutionStep])

    class Setting(Model):
        key = CharField(primary_key=True, max_length=64)
        value = TextField()
        class Meta:
            database = db
            table_name = 'setting'
    db.create_tables([Setting])

    class Survey(Model):
        name = CharField(unique=True, max_length=80)
        questions = TextField(default='["csat", "nps", "ces", "comment", "contact"]')
        languages = TextField(default='["en"]')
        thank_you_text = TextField(default='')
        colour = CharField(null=True, max_length=7)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'survey'
    db.create_tables([Survey])

    class SurveyCard(Model):
        survey = ForeignKeyField(Survey)
        token = CharField(unique=True, max_length=64)
        short_code = CharField(unique=True, max_length=16)
        kind = CharField(max_length=8, constraints=[Check("kind IN ('single', 'poster')")])
        complaint = ForeignKeyField(Complaint, null=True)
        staff = ForeignKeyField(Staff, null=True)
        created_at = DateTimeField(index=True)
        printed_at = DateTimeField(null=True)
        expires_at = DateTimeField(null=True)
        answered_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'survey_card'
    db.create_tables([SurveyCard])

    class SurveyResponse(Model):
        card = ForeignKeyField(SurveyCard, null=True)
        survey = ForeignKeyField(Survey)
        submitted_at = DateTimeField(index=True)
        csat = IntegerField(null=True, constraints=[Check('csat BETWEEN 1 AND 5')])
        nps = IntegerField(null=True, constraints=[Check('nps BETWEEN 0 AND 10')])
        ces = IntegerField(null=True, constraints=[Check('ces BETWEEN 1 AND 7')])
        comment = TextField(default='')
        language = CharField(max_length=12, default='en')
        source = CharField(max_length=8, constraints=[Check("source IN ('qr', 'paper', 'import')")])
        contact_requested = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'survey_response'
    db.create_tables([SurveyResponse])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('survey_response'))
    migrator.migrate(migrator.drop_table('survey_card'))
    migrator.migrate(migrator.drop_table('survey'))
    migrator.migrate(migrator.drop_table('setting'))
    migrator.migrate(migrator.drop_table('resolution_step'))
    migrator.migrate(migrator.drop_table('goal'))
    migrator.migrate(migrator.drop_table('draft'))
    migrator.migrate(migrator.drop_table('complaint'))
    migrator.migrate(migrator.drop_table('customer'))
    migrator.migrate(migrator.drop_table('category'))
    migrator.migrate(migrator.drop_table('audit_event'))
    migrator.migrate(migrator.drop_table('staff'))
