"""Name banks for demo customers and staff: several cultures, accents intact."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Culture:
    """Given names and surnames that go together.

    A surname is one string, or a ``(masculine, feminine)`` pair where the
    language inflects it (Polish -ski/-ska).
    """

    weight: float
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str | tuple[str, str], ...]


CULTURES: dict[str, Culture] = {
    "english": Culture(
        52,
        ("Amelia", "Olivia", "Isla", "Emily", "Sophie", "Charlotte", "Margaret", "Sarah",
         "Chloe", "Hannah", "Grace", "Joanne", "Rebecca", "Siobhan", "Eleanor", "Patricia"),
        ("Oliver", "George", "Harry", "Jack", "James", "David", "Thomas", "William",
         "Daniel", "Liam", "Michael", "Robert", "Callum", "Gareth", "Peter", "Kieran"),
        ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas",
         "Roberts", "Walker", "O'Brien", "Hughes", "Clarke", "Wright", "Patel", "McAllister",
         "Fitzgerald", "Davies", "Khan", "Murphy", "Turner", "Baker-Lewis"),
    ),
    "spanish": Culture(
        7,
        ("María José", "Lucía", "Begoña", "Nuria", "Inés", "Ángela", "Mónica", "Pilar"),
        ("José Luis", "Álvaro", "Íñigo", "Sergio", "Raúl", "Jesús", "Andrés", "Joaquín"),
        ("García", "Fernández", "Martínez", "López", "Sánchez", "Muñoz", "Pérez", "Ibáñez",
         "Gómez Ortega", "Núñez"),
    ),
    "french": Culture(
        6,
        ("Émilie", "Hélène", "Chloé", "Anaïs", "Maëlle", "Françoise", "Céline", "Léa"),
        ("François", "Jérôme", "Théo", "Loïc", "Benoît", "Grégoire", "Hervé", "Noël"),
        ("Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fournier", "Lemaître",
         "Bérard", "Faure", "Chevalier"),
    ),
    "german": Culture(
        5,
        ("Käthe", "Anja", "Greta", "Sabine", "Lena", "Sophie", "Ursula", "Maren"),
        ("Jürgen", "Jörg", "Björn", "Sören", "Lukas", "Matthias", "Uwe", "Günter"),
        ("Müller", "Schröder", "Weiß", "Groß", "Köhler", "Schäfer", "Fischer", "Böhm",
         "Hoffmann", "Krüger"),
    ),
    "portuguese": Culture(
        6,
        ("Conceição", "Inês", "Mariana", "Beatriz", "Leonor", "Fátima", "Graça", "Joana"),
        ("João", "Gonçalo", "Sebastião", "Tiago", "Luís", "Rui", "António", "Simão"),
        ("Gonçalves", "Magalhães", "Simões", "Araújo", "Leitão", "Brandão", "Ribeiro",
         "Assunção", "Carvalho", "Sá"),
    ),
    "polish": Culture(
        8,
        ("Małgorzata", "Zofia", "Agnieszka", "Katarzyna", "Joanna", "Dorota", "Grażyna", "Ewa"),
        ("Łukasz", "Paweł", "Wojciech", "Krzysztof", "Józef", "Tomasz", "Michał", "Jędrzej"),
        (("Wiśniewski", "Wiśniewska"), ("Kowalski", "Kowalska"), "Nowak", "Wójcik",
         ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
         ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), "Mazur"),
    ),
    "turkish": Culture(
        5,
        ("Ayşe", "Çağla", "Gülşen", "Büşra", "Elif", "Zeynep", "Özlem", "Şule"),
        ("Şükrü", "Ömer", "İbrahim", "Oğuz", "Mustafa", "Emre", "Barış", "Çetin"),
        ("Yılmaz", "Şahin", "Öztürk", "Çelik", "Aydın", "Doğan", "Kılıç", "Yıldız"),
    ),
    "arabic": Culture(
        4,
        ("Fatima", "Layla", "Amira", "Nour", "Yasmin", "Huda", "Rania", "Salma"),
        ("Omar", "Youssef", "Khalid", "Tariq", "Karim", "Samir", "Hassan", "Bilal"),
        ("Al-Sayed", "Haddad", "Nasser", "Khalil", "Mansour", "Abdullah", "El-Amin", "Saleh"),
    ),
    "chinese": Culture(
        3,
        ("Li Na", "Mei", "Xiu Ying", "Jing", "Fang", "Hui"),
        ("Wei", "Jun", "Hao", "Ming", "Lei", "Qiang"),
        ("Wang", "Li", "Zhang", "Chen", "Liu", "Huang", "Zhao", "Wu"),
    ),
}

# Names as the customer wrote them, in their own script, with how they are
# romanised for an e-mail address. Arabic ones are right-to-left.
SCRIPT_NAMES: tuple[tuple[str, str], ...] = (
    ("فاطمة السيد", "fatima.alsayed"),
    ("عمر حداد", "omar.haddad"),
    ("ليلى ناصر", "layla.nasser"),
    ("يوسف خليل", "youssef.khalil"),
    ("王芳", "wang.fang"),
    ("李伟", "li.wei"),
    ("陈静", "chen.jing"),
    ("张敏", "zhang.min"),
)
SCRIPT_NAME_WEIGHT = 2.5

EMAIL_DOMAINS = (  # reserved for examples (RFC 2606): no real inbox ever gets demo mail
    "example.com", "example.org", "example.net", "mail.example.com", "post.example.org",
)

CUSTOMER_NOTES = (
    "Prefers e-mail to phone calls.",
    "Trade account customer (builder).",
    "Hard of hearing: speak clearly on the phone or use e-mail.",
    "Regular on Saturday mornings.",
    "Asked for large-print receipts.",
    "Works nights: call after 2pm.",
    "Landlord of several flats nearby; orders in bulk.",
)

# display name, username, role
DEMO_STAFF: tuple[tuple[str, str, str], ...] = (
    ("Marcus Reid", "marcus", "manager"),
    ("Priya Shah", "priya", "staff"),
    ("Tom Walsh", "tom", "staff"),
    ("Aisha Bello", "aisha", "staff"),
    ("Jakub Nowak", "jakub", "staff"),
)
