"""Survey cards and customers' answers: issuing, recording, paper entry and CSV import."""

from smallcs.surveys.cards import (
    SHORT_CODE_ALPHABET,
    CardLookup,
    CardState,
    card_url,
    find_card,
    issue_cards,
    look_up_card,
    survey_languages,
    survey_questions,
)
from smallcs.surveys.csv_import import (
    ImportPreview,
    ImportReport,
    ImportResult,
    ImportRow,
    import_responses,
    preview_import,
)
from smallcs.surveys.paper import find_card_by_short_code, record_paper_response
from smallcs.surveys.ratelimit import RateLimiter, poster_limiter
from smallcs.surveys.responses import (
    MAX_COMMENT_LENGTH,
    Answer,
    ResponseOutcome,
    record_response,
    validate_answer,
)
from smallcs.surveys.wordings import LANGUAGE_NAMES, SUPPORTED_LANGUAGES, pick_language

__all__ = [
    "LANGUAGE_NAMES",
    "MAX_COMMENT_LENGTH",
    "SHORT_CODE_ALPHABET",
    "SUPPORTED_LANGUAGES",
    "Answer",
    "CardLookup",
    "CardState",
    "ImportPreview",
    "ImportReport",
    "ImportResult",
    "ImportRow",
    "RateLimiter",
    "ResponseOutcome",
    "card_url",
    "find_card",
    "find_card_by_short_code",
    "import_responses",
    "issue_cards",
    "look_up_card",
    "pick_language",
    "poster_limiter",
    "preview_import",
    "record_paper_response",
    "record_response",
    "survey_languages",
    "survey_questions",
    "validate_answer",
]
