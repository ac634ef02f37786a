"""Customers' look-up names lose their accents: "garcia" finds García, "angela" Ángela.

``customer.name_norm`` is what the look-up as you type compares with (the start of
the name or of any word in it). It was the name casefolded; staff at a counter type
without accents, so a Spanish, French, German or Portuguese shop's customers were
not found. The column now holds the name casefolded and without combining marks
(``customers.normalise_name``), and every stored row is brought to that form here.
Applying it again changes nothing.

The folding is copied, not imported: a migration must not depend on live code.
"""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def _casefolded(name):
    """The look-up name before this migration."""
    return _SPACES.sub(" ", name.strip()).casefold()


def _accent_free(name):
    """The look-up name from this migration on."""
    decomposed = unicodedata.normalize("NFKD", _casefolded(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _store(db, fold):
    rows = db.execute_sql("SELECT id, name, name_norm FROM customer").fetchall()
    for customer_id, name, stored in rows:
        if fold(name) != stored:
            db.execute_sql(f"UPDATE customer SET name_norm = {db.param} WHERE id = {db.param}",
                           (fold(name), customer_id))


def up(migrator, db):
    _store(db, _accent_free)


def down(migrator, db):
    _store(db, _casefolded)
