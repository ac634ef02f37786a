"""The texts a new database is seeded with, in the language of the shop that sets it up.

Migration 0002 seeds the complaint categories, their suggested steps and a
default survey in English (a migration must not depend on the catalog or the
live models). At first run ``localise_seeds`` renames them into the language the
app shows then, so a Spanish shop starts with "Retraso en la entrega", not
"Delivery delay". The texts are listed here, marked for the catalog, exactly as
the migration writes them (``tests/models/test_seed_texts.py`` keeps the two in step).
"""

from __future__ import annotations

import json

from smallcs.complaints.timeline import suggested_steps
from smallcs.i18n import N_, SOURCE_LANGUAGE, _, current_language
from smallcs.models import Category, Survey

CATEGORY_NAMES = (
    N_("Delivery delay"),
    N_("Product defect"),
    N_("Staff behaviour"),
    N_("Billing error"),
    N_("Waiting time"),
    N_("Other"),
)
STEP_TEXTS = (
    N_("Apologise for the delay"),
    N_("Check the order and where it is"),
    N_("Expedite the delivery or offer a discount"),
    N_("Offer a replacement, a repair or a refund"),
    N_("Record the defect (batch, supplier) so it can be prevented"),
    N_("Apologise on behalf of the shop"),
    N_("Escalate to the manager"),
    N_("Offer a gesture of goodwill"),
    N_("Check the bill against the order and the payment"),
    N_("Correct the bill or refund the difference"),
    N_("Explain what went wrong and what was done"),
    N_("Apologise for the wait"),
    N_("Explain why it took long"),
    N_("Offer priority service next time"),
    N_("Acknowledge the complaint and say what happens next"),
)
SURVEY_NAME = N_("Customer feedback")


def _translated(text: str, seeded: tuple[str, ...]) -> str:
    """A seeded text in the app's language; anything else as it is."""
    return _(text) if text in seeded else text


def localise_seeds() -> None:
    """Put the seeded categories, steps and survey name into the app's current language.

    Call inside the first-run transaction, before anyone has used the seeds: a text
    is only translated while it is still the English seed, so a name the shop typed
    is never touched.
    """
    if current_language() == SOURCE_LANGUAGE:
        return
    for category in Category.select():
        steps = [{"kind": step.kind.value, "text": _translated(step.text, STEP_TEXTS)}
                 for step in suggested_steps(category.id)]
        Category.update(name=_translated(category.name, CATEGORY_NAMES),
                        suggested_steps=json.dumps(steps, ensure_ascii=False)
                        ).where(Category.id == category.id).execute()
    Survey.update(name=_(SURVEY_NAME)).where(Survey.name == SURVEY_NAME).execute()


def source_name(name: str) -> str:
    """The English seed name behind ``name`` when it is a seeded category's name in the app's language.

    The demo recognises the seeded categories by their English names.
    """
    for english in CATEGORY_NAMES:
        if name == _(english):
            return english
    return name
