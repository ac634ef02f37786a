"""What demo customers write in the survey's comment box, in their own language."""

from __future__ import annotations

LANGUAGE_WEIGHTS = {"en": 78.0, "es": 7.0, "fr": 6.0, "de": 5.0, "pt": 4.0}

# language -> sentiment ("good", "ok", "bad") -> comments
COMMENTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "good": (
            "Really helpful staff, found exactly what I needed.",
            "Priya knew everything about the drills. Great advice!",
            "Quick and friendly as always.",
            "Best hardware shop in town, I won't go anywhere else.",
            "Lovely to get proper advice instead of a website.",
            "Tom carried the ladder to my car, very kind.",
            "Paint mixed while I waited, spot-on colour.",
            "Easy to find things since the new signs went up.",
            "Good prices and the key cutting was done in 5 minutes.",
            "Friendly team, always a smile.",
        ),
        "ok": (
            "Fine, but the queue was a bit long.",
            "Good range, though a couple of things were out of stock.",
            "Staff were helpful once I found someone.",
            "OK. Parking is difficult on Saturdays.",
            "Prices could be better but the service is good.",
            "Would be nice to have a card machine at the trade counter.",
        ),
        "bad": (
            "Waited ages at the till with only one open.",
            "Nobody around to help in the garden section.",
            "Item on the website as in stock but not on the shelf.",
            "The drill I bought broke within a week.",
            "Staff member was rude when I asked about a refund.",
            "Delivery was three days late and nobody told me.",
            "Too expensive compared with the big stores.",
        ),
    },
    "es": {
        "good": ("Muy amables, me ayudaron a encontrar todo.", "Atención excelente, volveré seguro.",
                 "Rápidos y simpáticos. ¡Gracias!"),
        "ok": ("Bien, aunque tuve que esperar un poco.", "Buena tienda, pero faltaban algunas cosas."),
        "bad": ("Esperé demasiado en la caja.", "El taladro llegó roto y nadie me llamó."),
    },
    "fr": {
        "good": ("Personnel très aimable et de bon conseil.", "Service rapide, merci beaucoup !",
                 "Très bon accueil, je reviendrai."),
        "ok": ("Correct, mais l'attente était un peu longue.",
               "Bon choix, mais il manquait la taille qu'il me fallait."),
        "bad": ("Livraison en retard et aucune nouvelle.", "Personne pour m'aider au rayon jardin."),
    },
    "de": {
        "good": ("Sehr freundliche und kompetente Beratung.", "Schnell und unkompliziert, danke schön!",
                 "Tolles Geschäft, immer wieder gern."),
        "ok": ("Gut, aber die Schlange an der Kasse war lang.", "Große Auswahl, Parken ist schwierig."),
        "bad": ("Die Lieferung kam viel zu spät.", "Niemand hatte Zeit für meine Frage. Schade."),
    },
    "pt": {
        "good": ("Atendimento excelente, muito simpáticos.", "Encontrei tudo o que precisava. Obrigada!",
                 "Rápido e eficiente, parabéns à equipa."),
        "ok": ("Bom, mas esperei um pouco na caixa.", "Boa loja, faltavam algumas peças."),
        "bad": ("A encomenda chegou atrasada e ninguém avisou.", "Fui mal atendido no balcão."),
    },
}

# English comments from customers surveyed after their complaint was resolved.
AFTER_COMPLAINT: dict[str, tuple[str, ...]] = {
    "good": (
        "Sorted my refund quickly, thank you.",
        "Marcus rang me back the same day and fixed it. Impressed.",
        "The replacement works perfectly. Thanks for the quick swap.",
        "You listened and put it right. That's why I shop here.",
    ),
    "ok": (
        "Got there in the end, but I had to chase twice.",
        "Problem solved, though it took longer than promised.",
    ),
    "bad": (
        "Took over a week to get an answer.",
        "Still not happy: the replacement has the same fault.",
        "I had to explain the whole thing three times to different people.",
    ),
}
