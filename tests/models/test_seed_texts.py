"""A new shop's seeded categories, suggested steps and survey, in the language it was set up in."""

from __future__ import annotations

import gettext
import importlib.util
from types import ModuleType

import pytest

from smallcs import complaints, i18n, seeds, setup
from smallcs.models import Category, Survey
from smallcs.models.connection import MIGRATIONS_DIR

SPANISH = i18n.translation_for("es")


def _seed_migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("seed_defaults", MIGRATIONS_DIR / "0002_seed_defaults.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _set_up_shop() -> None:
    setup.initialise_shop(business_name="Tienda de la Esquina", timezone="Europe/Madrid",
                          owner_username="lucia", owner_display_name="Lucía", owner_password="tienda-secreta-1")


def test_every_seeded_text_is_in_the_catalog_list() -> None:
    """What migration 0002 writes is what ``seeds`` marks for translation, no more, no less."""
    seeded = _seed_migration().CATEGORIES
    assert [name for name, *_rest in seeded] == list(seeds.CATEGORY_NAMES)
    assert [text for *_rest, steps in seeded for _kind, text in steps] == list(seeds.STEP_TEXTS)


def test_a_shop_set_up_in_spanish_gets_its_seeds_in_spanish(db: object) -> None:
    i18n.set_language("es")
    _set_up_shop()
    names = [c.name for c in Category.select().order_by(Category.sort_order)]
    assert names == [SPANISH.gettext(name) for name in seeds.CATEGORY_NAMES]
    delay = Category.get(Category.sort_order == 0)
    assert [s.text for s in complaints.suggested_steps(delay.id)] == [
        SPANISH.gettext(text) for text in seeds.STEP_TEXTS[:3]]
    assert Survey.select().where(Survey.name == SPANISH.gettext(seeds.SURVEY_NAME)).count() == 1


class _Marked(gettext.NullTranslations):
    """A stand-in catalog that translates everything, to see each seed go through it."""

    def gettext(self, message: str) -> str:
        return f"«{message}»"


def test_every_seed_goes_through_the_catalog(
    db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.set_language("es")
    monkeypatch.setattr(i18n, "_translation", _Marked())
    _set_up_shop()
    assert [c.name for c in Category.select().order_by(Category.sort_order)] == [
        f"«{name}»" for name in seeds.CATEGORY_NAMES]
    steps = [s.text for c in Category.select().order_by(Category.sort_order)
             for s in complaints.suggested_steps(c.id)]
    assert steps == [f"«{text}»" for text in seeds.STEP_TEXTS]
    assert [s.name for s in Survey.select()] == [f"«{seeds.SURVEY_NAME}»"]


def test_a_shop_set_up_in_english_keeps_the_seeds_as_they_are(db: object) -> None:
    before = list(Category.select().order_by(Category.id).dicts())
    _set_up_shop()
    assert list(Category.select().order_by(Category.id).dicts()) == before
    assert [c.name for c in Category.select().order_by(Category.sort_order)] == list(seeds.CATEGORY_NAMES)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_demo_still_knows_the_seeded_categories(db: object, language: str) -> None:
    from smallcs.demo.shop import CategoryInfo

    i18n.set_language(language)
    _set_up_shop()
    keys = [info.key for info in CategoryInfo.active()]
    assert keys == ["delivery", "defect", "staff", "billing", "waiting", "other"]

