"""The database proxy every model is bound to, and the shared base model."""

from __future__ import annotations

from peewee import DatabaseProxy, Model

database = DatabaseProxy()


class BaseModel(Model):
    """Base for SmallCS models: snake_case table names, bound to ``database``."""

    class Meta:
        database = database
        legacy_table_names = False
