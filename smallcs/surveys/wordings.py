"""The standard survey wordings in English, Spanish, French, German and Portuguese.

The customer's page is in the customer's language, chosen per request, so these
texts are kept here rather than in the app's gettext catalog (which follows the
counter PC's language). ``{shop}`` stands for the business name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

DEFAULT_LANGUAGE = "en"

# Each language's own name, for the switcher on the survey page.
LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt": "Português",
}

SUPPORTED_LANGUAGES: tuple[str, ...] = tuple(LANGUAGE_NAMES)

# French puts a no-break space before ? ! and :
_NB = "\u00a0"

WORDINGS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your opinion",
        "csat": "How satisfied were you with {shop}?",
        "csat_low": "Very dissatisfied",
        "csat_high": "Very satisfied",
        "nps": "How likely are you to recommend {shop} to a friend or colleague?",
        "nps_low": "Not at all likely",
        "nps_high": "Extremely likely",
        "ces": "{shop} made it easy to handle my issue.",
        "ces_low": "Strongly disagree",
        "ces_high": "Strongly agree",
        "comment": "Anything else you would like to tell us?",
        "comment_hint": "Optional",
        "contact": "You may contact me about my answers.",
        "submit": "Send",
        "thank_you": "Thank you! Your answer has been received.",
        "already_answered": "This card has already been answered. Thank you!",
        "not_found": "We could not find this survey. Please check the address on your card.",
        "expired": "This survey card has expired. Thank you for your interest.",
        "rate_limited": "Thank you! We have just received several answers from you."
                        " Please try again later.",
        "too_large": "That is more than we can receive. Please shorten your comment.",
        "bad_form": "This form is out of date. Please open the survey again.",
        "page_not_found": "There is nothing here.",
        "server_error": "Something went wrong on our side. Please try again in a moment.",
        "error_intro": "Please check your answers:",
        "error_csat": "Choose a score from 1 to 5.",
        "error_nps": "Choose a score from 0 to 10.",
        "error_ces": "Choose a score from 1 to 7.",
        "error_comment": "Your comment is too long (2,000 characters at most).",
        "error_empty": "Please answer at least one question or write a comment.",
        "back": "Back to the survey",
        "shop_fallback": "our shop",
        "language": "Language",
    },
    "es": {
        "title": "Su opinión",
        "csat": "¿Cuál es su grado de satisfacción con {shop}?",
        "csat_low": "Muy insatisfecho",
        "csat_high": "Muy satisfecho",
        "nps": "¿Qué probabilidad hay de que recomiende {shop} a un amigo o colega?",
        "nps_low": "Nada probable",
        "nps_high": "Muy probable",
        "ces": "{shop} me facilitó resolver mi problema.",
        "ces_low": "Totalmente en desacuerdo",
        "ces_high": "Totalmente de acuerdo",
        "comment": "¿Hay algo más que quiera contarnos?",
        "comment_hint": "Opcional",
        "contact": "Pueden contactarme sobre mis respuestas.",
        "submit": "Enviar",
        "thank_you": "¡Gracias! Hemos recibido su respuesta.",
        "already_answered": "Esta tarjeta ya ha sido respondida. ¡Gracias!",
        "not_found": "No hemos encontrado esta encuesta. Compruebe la dirección de su tarjeta.",
        "expired": "Esta tarjeta de encuesta ha caducado. Gracias por su interés.",
        "rate_limited": "¡Gracias! Acabamos de recibir varias respuestas suyas."
                        " Inténtelo de nuevo más tarde.",
        "too_large": "Es más de lo que podemos recibir. Acorte su comentario, por favor.",
        "bad_form": "Este formulario ha caducado. Vuelva a abrir la encuesta, por favor.",
        "page_not_found": "Aquí no hay nada.",
        "server_error": "Algo ha fallado por nuestra parte. Inténtelo de nuevo en un momento.",
        "error_intro": "Revise sus respuestas:",
        "error_csat": "Elija una puntuación del 1 al 5.",
        "error_nps": "Elija una puntuación del 0 al 10.",
        "error_ces": "Elija una puntuación del 1 al 7.",
        "error_comment": "Su comentario es demasiado largo (2000 caracteres como máximo).",
        "error_empty": "Responda al menos a una pregunta o escriba un comentario.",
        "back": "Volver a la encuesta",
        "shop_fallback": "nuestra tienda",
        "language": "Idioma",
    },
    "fr": {
        "title": "Votre avis",
        "csat": f"Dans quelle mesure êtes-vous satisfait(e) de {{shop}}{_NB}?",
        "csat_low": "Très insatisfait(e)",
        "csat_high": "Très satisfait(e)",
        "nps": "Quelle est la probabilité que vous recommandiez {shop}"
               f" à un ami ou à un collègue{_NB}?",
        "nps_low": "Pas du tout probable",
        "nps_high": "Très probable",
        "ces": "{shop} m’a facilité le traitement de ma demande.",
        "ces_low": "Pas du tout d’accord",
        "ces_high": "Tout à fait d’accord",
        "comment": f"Souhaitez-vous nous dire autre chose{_NB}?",
        "comment_hint": "Facultatif",
        "contact": "Vous pouvez me contacter au sujet de mes réponses.",
        "submit": "Envoyer",
        "thank_you": f"Merci{_NB}! Nous avons bien reçu votre réponse.",
        "already_answered": f"Cette carte a déjà reçu une réponse. Merci{_NB}!",
        "not_found": "Nous n’avons pas trouvé ce questionnaire."
                     " Vérifiez l’adresse indiquée sur votre carte.",
        "expired": "Cette carte de questionnaire a expiré. Merci de votre intérêt.",
        "rate_limited": f"Merci{_NB}! Nous venons de recevoir plusieurs réponses de votre part."
                        " Veuillez réessayer plus tard.",
        "too_large": "C’est plus que ce que nous pouvons recevoir."
                     " Veuillez raccourcir votre commentaire.",
        "bad_form": "Ce formulaire n’est plus valable. Veuillez rouvrir le questionnaire.",
        "page_not_found": "Il n’y a rien ici.",
        "server_error": "Un problème est survenu de notre côté."
                        " Veuillez réessayer dans un instant.",
        "error_intro": f"Veuillez vérifier vos réponses{_NB}:",
        "error_csat": "Choisissez une note de 1 à 5.",
        "error_nps": "Choisissez une note de 0 à 10.",
        "error_ces": "Choisissez une note de 1 à 7.",
        "error_comment": f"Votre commentaire est trop long (2{_NB}000 caractères au maximum).",
        "error_empty": "Répondez à au moins une question ou écrivez un commentaire.",
        "back": "Retour au questionnaire",
        "shop_fallback": "notre magasin",
        "language": "Langue",
    },
    "de": {
        "title": "Ihre Meinung",
        "csat": "Wie zufrieden waren Sie mit {shop}?",
        "csat_low": "Sehr unzufrieden",
        "csat_high": "Sehr zufrieden",
        "nps": "Wie wahrscheinlich ist es, dass Sie {shop} einem Freund oder Kollegen empfehlen?",
        "nps_low": "Sehr unwahrscheinlich",
        "nps_high": "Äußerst wahrscheinlich",
        "ces": "{shop} hat es mir leicht gemacht, mein Anliegen zu klären.",
        "ces_low": "Stimme überhaupt nicht zu",
        "ces_high": "Stimme voll und ganz zu",
        "comment": "Möchten Sie uns noch etwas mitteilen?",
        "comment_hint": "Freiwillig",
        "contact": "Sie dürfen mich zu meinen Antworten kontaktieren.",
        "submit": "Absenden",
        "thank_you": "Vielen Dank! Ihre Antwort ist bei uns eingegangen.",
        "already_answered": "Diese Karte wurde bereits beantwortet. Vielen Dank!",
        "not_found": "Wir konnten diese Umfrage nicht finden."
                     " Bitte prüfen Sie die Adresse auf Ihrer Karte.",
        "expired": "Diese Umfragekarte ist abgelaufen. Danke für Ihr Interesse.",
        "rate_limited": "Vielen Dank! Wir haben gerade mehrere Antworten von Ihnen erhalten."
                        " Bitte versuchen Sie es später noch einmal.",
        "too_large": "Das ist mehr, als wir annehmen können. Bitte kürzen Sie Ihren Kommentar.",
        "bad_form": "Dieses Formular ist nicht mehr gültig. Bitte öffnen Sie die Umfrage erneut.",
        "page_not_found": "Hier gibt es nichts.",
        "server_error": "Bei uns ist etwas schiefgelaufen."
                        " Bitte versuchen Sie es gleich noch einmal.",
        "error_intro": "Bitte prüfen Sie Ihre Antworten:",
        "error_csat": "Wählen Sie einen Wert von 1 bis 5.",
        "error_nps": "Wählen Sie einen Wert von 0 bis 10.",
        "error_ces": "Wählen Sie einen Wert von 1 bis 7.",
        "error_comment": "Ihr Kommentar ist zu lang (höchstens 2.000 Zeichen).",
        "error_empty": "Bitte beantworten Sie mindestens eine Frage"
                       " oder schreiben Sie einen Kommentar.",
        "back": "Zurück zur Umfrage",
        "shop_fallback": "unser Geschäft",
        "language": "Sprache",
    },
    "pt": {
        "title": "A sua opinião",
        "csat": "Qual é o seu grau de satisfação com {shop}?",
        "csat_low": "Muito insatisfeito",
        "csat_high": "Muito satisfeito",
        "nps": "Qual é a probabilidade de recomendar {shop} a um amigo ou colega?",
        "nps_low": "Nada provável",
        "nps_high": "Muito provável",
        "ces": "{shop} facilitou a resolução do meu problema.",
        "ces_low": "Discordo totalmente",
        "ces_high": "Concordo totalmente",
        "comment": "Há mais alguma coisa que nos queira dizer?",
        "comment_hint": "Opcional",
        "contact": "Podem contactar-me sobre as minhas respostas.",
        "submit": "Enviar",
        "thank_you": "Obrigado! Recebemos a sua resposta.",
        "already_answered": "Este cartão já foi respondido. Obrigado!",
        "not_found": "Não encontramos este questionário. Verifique o endereço no seu cartão.",
        "expired": "Este cartão de questionário expirou. Obrigado pelo seu interesse.",
        "rate_limited": "Obrigado! Acabamos de receber várias respostas suas."
                        " Tente novamente mais tarde.",
        "too_large": "Isto é mais do que podemos receber. Encurte o seu comentário, por favor.",
        "bad_form": "Este formulário já não é válido. Abra novamente o questionário, por favor.",
        "page_not_found": "Não há nada aqui.",
        "server_error": "Algo correu mal do nosso lado. Tente novamente daqui a pouco.",
        "error_intro": "Verifique as suas respostas:",
        "error_csat": "Escolha uma pontuação de 1 a 5.",
        "error_nps": "Escolha uma pontuação de 0 a 10.",
        "error_ces": "Escolha uma pontuação de 1 a 7.",
        "error_comment": "O seu comentário é demasiado longo (2000 caracteres no máximo).",
        "error_empty": "Responda a pelo menos uma pergunta ou escreva um comentário.",
        "back": "Voltar ao questionário",
        "shop_fallback": "a nossa loja",
        "language": "Idioma",
    },
}

_LANGUAGE_RANGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$|^\*$")


def text(language: str, key: str, *, shop: str = "") -> str:
    """One wording in ``language`` (English when unknown) with the shop's name filled in.

    Args:
        language: a code from :data:`SUPPORTED_LANGUAGES`.
        key: a key of :data:`WORDINGS`, e.g. ``"csat"``.
        shop: the business name put in place of ``{shop}``.
    """
    table = WORDINGS.get(language, WORDINGS[DEFAULT_LANGUAGE])
    return table[key].format(shop=shop)


def wordings(language: str, *, shop: str = "") -> dict[str, str]:
    """Every wording of one language with the shop's name filled in."""
    table = WORDINGS.get(language, WORDINGS[DEFAULT_LANGUAGE])
    return {key: value.format(shop=shop) for key, value in table.items()}


def _ranges(header: str) -> list[tuple[str, float]]:
    """Language ranges of an Accept-Language header, best first (ties keep their order)."""
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")[:32]):
        pieces = [p.strip() for p in part.split(";")]
        tag = pieces[0]
        if not tag or not _LANGUAGE_RANGE.match(tag):
            continue
        quality = 1.0
        for param in pieces[1:]:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if 0.0 < quality <= 1.0:
            ranges.append((tag.lower(), quality, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(tag, q) for tag, q, _pos in ranges]


def pick_language(accept_language_header: str | None, available: Sequence[str]) -> str:
    """The best of ``available`` for a browser's Accept-Language header.

    Matching is on the primary subtag (``pt-BR`` picks ``pt``). With no match,
    the first available language wins (English when none is available).

    Args:
        accept_language_header: the raw header, or None when absent.
        available: language codes the survey offers, in the shop's order.

    Returns:
        One code of ``available`` (or ``"en"`` when ``available`` is empty).
    """
    offered = [code for code in available if code in WORDINGS]
    if not offered:
        return DEFAULT_LANGUAGE
    for tag, _quality in _ranges(accept_language_header or ""):
        if tag == "*":
            return offered[0]
        primary = tag.split("-", 1)[0]
        if primary in offered:
            return primary
    return offered[0]
