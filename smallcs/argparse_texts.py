"""argparse's own words ("usage:", "options", its error messages) in the app's language.

argparse looks its texts up at run time through its module-level names ``_`` and
``ngettext``; pointing them at the app's catalog makes ``smallcs --help`` and the
parser's errors speak the language the rest of the command speaks, chosen the same
way. The texts below are argparse's own msgids (Python 3.11), listed so that
extraction puts them in the catalog.
"""

from __future__ import annotations

import argparse

from smallcs import i18n
from smallcs.i18n import N_

ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def speak_the_app_language() -> None:
    """Translate argparse's texts through the app's catalog from now on."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
