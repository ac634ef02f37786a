"""Seed the complaint categories (targets, suggested steps) and a default survey.

Plain SQL on purpose: a migration must not depend on the live models.
"""
import datetime
import json

CATEGORIES = [
    # name, default priority, response target h, resolution target h, steps
    ("Delivery delay", "normal", 4, 48, [
        ("apologised", "Apologise for the delay"),
        ("investigated", "Check the order and where it is"),
        ("offered_remedy", "Expedite the delivery or offer a discount"),
    ]),
    ("Product defect", "high", 4, 72, [
        ("offered_remedy", "Offer a replacement, a repair or a refund"),
        ("investigated", "Record the defect (batch, supplier) so it can be prevented"),
    ]),
    ("Staff behaviour", "high", 2, 48, [
        ("apologised", "Apologise on behalf of the shop"),
        ("escalated", "Escalate to the manager"),
        ("offered_remedy", "Offer a gesture of goodwill"),
    ]),
    ("Billing error", "high", 4, 48, [
        ("investigated", "Check the bill against the order and the payment"),
        ("offered_remedy", "Correct the bill or refund the difference"),
        ("contacted_customer", "Explain what went wrong and what was done"),
    ]),
    ("Waiting time", "normal", 2, 24, [
        ("apologised", "Apologise for the wait"),
        ("contacted_customer", "Explain why it took long"),
        ("offered_remedy", "Offer priority service next time"),
    ]),
    ("Other", "normal", 8, 72, [
        ("contacted_customer", "Acknowledge the complaint and say what happens next"),
    ]),
]


def up(migrator, db):
    for order, (name, priority, response, resolution, steps) in enumerate(CATEGORIES):
        db.execute_sql(
            "INSERT INTO category (name, default_priority, response_target_hours,"
            " resolution_target_hours, suggested_steps, active, sort_order)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s)".replace("%s", db.param),
            (name, priority, response, resolution,
             json.dumps([{"kind": k, "text": t} for k, t in steps]), True, order),
        )
    db.execute_sql(
        "INSERT INTO survey (name, questions, languages, thank_you_text, colour,"
        " active, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)".replace("%s", db.param),
        ("Customer feedback", json.dumps(["csat", "nps", "ces", "comment", "contact"]),
         json.dumps(["en", "es", "fr", "de", "pt"]), "", None, True,
         datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)),
    )


def down(migrator, db):
    db.execute_sql("DELETE FROM survey WHERE name = 'Customer feedback'")
    db.execute_sql("DELETE FROM category")
