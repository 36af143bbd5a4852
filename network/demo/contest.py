"""Demo short-story contests: one call per year for the last three years with 100+ synthetic
works each (texts assembled from phrase templates in Spanish and Basque, each opening with a
DEMO notice), the three demo jurors' scores and ten published winners for the past years; the
current year's call is open around `today`. Every row carries demo = 1."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlite_utils import Database

from network.contest import rules
from network.demo.core import GIVEN, SURNAMES

TABLES = ["contest_confirmed", "contest_winners", "contest_conflicts", "contest_scores",
          "contest_pseudonyms", "contest_authors", "contest_works", "contest_jurors", "contests"]
JURORS = ("demo-jury1", "demo-jury2", "demo-jury3")
JUROR_BIAS = (-1.5, 1.0, 0.0)  # a harsh, a generous and a middle juror: normalisation's case
WINNERS = {"under18": 3, "adult": 7}

NOTICE = {
    "es": "[DEMO] Relato de demostración generado automáticamente a partir de frases modelo; "
          "no es una obra real.",
    "eu": "[DEMO] Esaldi ereduetatik automatikoki sortutako erakusketa-ipuina; "
          "ez da benetako lana.",
}
TITLES = {
    "es": ["El rumor de la parada", "La escalera de {barrio}", "Una misma mesa",
           "¿Lo has comprobado?", "La historia de la panadería", "Saludarse por el nombre",
           "De boca en boca", "Otra mirada", "Vecinas de {barrio}", "El mercado de los sábados"],
    "eu": ["Geltokiko zurrumurrua", "{barrio} auzoko eskailera", "Mahai bera",
           "Egiaztatu duzu?", "Okindegiko istorioa", "Izenez agurtzen", "Ahotik ahora",
           "Beste begirada bat", "{barrio} auzoko bizilagunak", "Larunbateko azoka"],
}
RUMOURS = {
    "es": ["los recién llegados se quedan con todas las ayudas",
           "la gente de fuera no quiere aprender euskera",
           "los migrantes quitan el trabajo a los de aquí",
           "el barrio es menos seguro desde que llegaron familias nuevas"],
    "eu": ["etorri berriek laguntza guztiak hartzen dituztela",
           "kanpotarrek ez dutela euskara ikasi nahi",
           "etorkinek hemengoei lana kentzen dietela",
           "auzoa ez dela hain segurua familia berriak iritsi zirenetik"],
}
SENTENCES = {
    "es": ["En {barrio}, en la parada del autobús, alguien dijo que {rumour}.",
           "{a} no supo qué contestar, pero aquella noche buscó los datos.",
           "Al día siguiente, en la panadería, {b} le contó su propia historia.",
           "Había llegado a Bilbao hacía {n} años y trabajaba cuidando a personas mayores.",
           "Poco a poco el rumor perdió fuerza: nadie podía sostenerlo en una conversación "
           "tranquila.",
           "En la escalera, los vecinos empezaron a saludarse por su nombre.",
           "{a} se dio cuenta de que los rumores viajan deprisa porque nadie les pide el carné.",
           "La fiesta del barrio reunió a familias de {k} países alrededor de una misma mesa.",
           "Desde entonces, cuando alguien repite que {rumour}, {a} pregunta: ¿lo has comprobado?",
           "La ría seguía bajando gris y tranquila, indiferente a lo que se decía en los bares.",
           "{a} y {b} empezaron a enseñarse palabras, cada una en su lengua."],
    "eu": ["{barrio} auzoan, autobus geltokian, norbaitek esan zuen {rumour}.",
           "{a} ez zen gai izan erantzuteko, baina gau hartan datuak bilatu zituen.",
           "Hurrengo egunean, okindegian, {b} bere istorioa kontatzen hasi zen.",
           "Duela {n} urte iritsi zen Bilbora, eta adinekoak zaintzen lan egiten zuen.",
           "Pixkanaka zurrumurruak indarra galdu zuen: elkarrizketa lasai batean ez zen zutik "
           "geratzen.",
           "Eskaileran, auzokideak elkarri izenez agurtzen hasi ziren.",
           "{a} konturatu zen zurrumurruak azkar dabiltzala, inork ez dielako agiririk eskatzen.",
           "Auzoko jaiak {k} herrialdetako familiak bildu zituen mahai beraren inguruan.",
           "Harrezkero, norbaitek {rumour} esaten duenean, {a} prest dago galdetzeko: "
           "egiaztatu duzu?",
           "Itsasadarra gris eta lasai zihoan, tabernetan esaten zenari kasurik egin gabe.",
           "{a} eta {b} elkarri hitzak irakasten hasi ziren, bakoitza bere hizkuntzan."],
}
PSEUDONYMS = ["Itsasadarra", "Zurrumurru Ehiztaria", "La Vecina del Tercero", "Txoria",
              "Pluma de Zorrotza", "Urdina", "Mendiko Haizea", "La Ría", "Ilargi", "Bidaiaria"]


def _story(rng: random.Random, lang: str, barrio: str, index: int, min_words: int) -> str:
    a, b = rng.choice(GIVEN), rng.choice(GIVEN)
    paragraphs, paragraph, words, last = [NOTICE[lang]], [], 0, ""
    target = rng.randint(min_words + 20, min_words * 2)
    while words < target:
        template = rng.choice([s for s in SENTENCES[lang] if s != last])
        last = template
        sentence = template.format(
            barrio=barrio, a=a, b=b, rumour=rng.choice(RUMOURS[lang]), n=rng.randint(2, 25),
            k=rng.randint(3, 19))
        paragraph.append(sentence)
        words += rules.word_count(sentence)
        if len(paragraph) >= rng.randint(3, 6):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    paragraphs.append(" ".join(paragraph + [f"({index})"]))
    return "\n\n".join(p for p in paragraphs if p)


def _call(year: int, opens: date, closes: date, published: str | None) -> dict[str, Any]:
    rules_text = {
        "es": f"DEMO. Bases del concurso de relatos antirrumores {year}: un relato inédito por "
              "persona, en castellano o euskera, entre 300 y 2.500 palabras.",
        "eu": f"DEMO. {year}ko zurrumurruen aurkako ipuin lehiaketaren oinarriak: argitaratu "
              "gabeko ipuin bat pertsona bakoitzeko, gaztelaniaz edo euskaraz, 300 eta 2.500 "
              "hitz artean.",
        "en": f"DEMO. Rules of the {year} anti-rumour short-story contest: one unpublished story "
              "per person, in Spanish or Basque, between 300 and 2,500 words.",
    }
    return {"year": year, "opens_on": opens.isoformat(), "closes_on": closes.isoformat(),
            "age_groups": '["under18", "adult"]', "languages": '["es", "eu"]',
            "min_words": rules.DEFAULT_MIN_WORDS, "max_words": rules.DEFAULT_MAX_WORDS,
            "winners": rules.DEFAULT_WINNERS, "published_at": published,
            **{f"rules_{k}": v for k, v in rules_text.items()}, "demo": 1}


def generate(db: Database, rng: random.Random, today: date) -> None:
    """Three calls (two past and published, the current one open), 100+ works each."""
    jurors = [r[0] for r in db.execute(
        f"SELECT id FROM users WHERE username IN ({', '.join('?' * len(JURORS))}) "  # noqa: S608
        "ORDER BY username", list(JURORS))]
    districts = {r[0]: r[1] for r in db.execute("SELECT id, name_es FROM districts")}
    barrios = [r[0] for r in db.execute("SELECT name FROM barrios ORDER BY name")] or ["Bilbao"]
    taken = {r[0] for r in db.execute("SELECT receipt FROM contest_works")}
    for year in (today.year - 2, today.year - 1, today.year):
        if db.execute("SELECT 1 FROM contests WHERE year = ?", [year]).fetchone():
            continue
        current = year == today.year
        opens = max(date(year, 1, 1), today - timedelta(days=45)) if current else date(year, 2, 1)
        closes = min(date(year, 12, 31), today + timedelta(days=30)) if current else date(year, 4, 30)
        published = None if current else f"{year}-06-15T10:00:00"
        contest_id = db["contests"].insert(_call(year, opens, closes, published)).last_pk
        db["contest_jurors"].insert_all({"contest_id": contest_id, "user_id": j, "demo": 1}
                                        for j in jurors)
        last_day = min(closes, today)
        works = []
        for i in range(rng.randint(104, 128)):
            group = "under18" if rng.random() < 0.3 else "adult"
            lang = "eu" if rng.random() < 0.4 else "es"
            barrio = rng.choice(barrios)
            body = _story(rng, lang, barrio, i + 1, rules.DEFAULT_MIN_WORDS)
            receipt = rules.receipt_code(rng)
            while receipt in taken:
                receipt = rules.receipt_code(rng)
            taken.add(receipt)
            day = opens + timedelta(days=rng.randint(0, max(0, (last_day - opens).days)))
            work_id = db["contest_works"].insert({
                "contest_id": contest_id, "receipt": receipt,
                "title": rng.choice(TITLES[lang]).format(barrio=barrio), "body": body,
                "words": rules.word_count(body), "text_hash": rules.text_hash(body),
                "age_group": group, "language": lang, "source": "pasted", "flags": "",
                "submitted_at": f"{day.isoformat()}T{rng.randint(8, 22):02d}:{rng.randint(0, 59):02d}:00",
                "demo": 1}).last_pk
            band = (rng.choice(["under14", "14_17", "14_17"]) if group == "under18"
                    else rng.choice(["18_29", "30_44", "30_44", "45_64", "65plus"]))
            pseudonym = rng.choice(PSEUDONYMS) if rng.random() < 0.4 else ""
            name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
            slug = "".join(c for c in name.lower() if c.isascii() and c.isalnum())
            db["contest_authors"].insert({
                "work_id": work_id, "name": f"{name} (demo)",
                "contact": f"{slug}.{work_id}@example.org", "age_band": band,
                "district_id": rng.choice(list(districts)) if districts and rng.random() < 0.9
                else None, "consent_rules": 1, "consent_publication": 1,
                "publish_as": "pseudonym" if pseudonym and rng.random() < 0.7 else "name",
                "demo": 1})
            if pseudonym:
                db["contest_pseudonyms"].insert({"work_id": work_id, "pseudonym": pseudonym,
                                                 "demo": 1})
            works.append({"id": work_id, "group": group, "quality": rng.gauss(6, 1.5)})
        _score(db, rng, works, jurors, scored_share=0.2 if current else 1.0)
        if not current:
            _winners(db, contest_id, works)


def _score(db: Database, rng: random.Random, works: list[dict[str, Any]], jurors: list[int],
           scored_share: float) -> None:
    scores, conflicts = [], []
    for juror, bias in zip(jurors, JUROR_BIAS, strict=False):
        for w in works:
            if rng.random() < 0.015:
                conflicts.append({"work_id": w["id"], "juror_id": juror, "demo": 1})
                continue
            if rng.random() >= scored_share:
                continue
            row = {"work_id": w["id"], "juror_id": juror, "demo": 1,
                   "comment": rng.choice(["", "DEMO: buen ritmo.", "DEMO: el mensaje es claro.",
                                          "DEMO: final previsible.", "DEMO: ipuin ederra."])}
            for criterion in rules.CRITERIA:
                value = round(w["quality"] + bias + rng.gauss(0, 1.2))
                row[criterion] = min(rules.SCORE_MAX, max(rules.SCORE_MIN, value))
            scores.append(row)
    db["contest_scores"].insert_all(scores, batch_size=500)
    db["contest_conflicts"].insert_all(conflicts)


def _winners(db: Database, contest_id: int, works: list[dict[str, Any]]) -> None:
    ids = [w["id"] for w in works]
    placed = rules.rank(list(db.query(
        f"SELECT * FROM contest_scores WHERE work_id IN ({', '.join('?' * len(ids))})",  # noqa: S608
        ids)), ids).works
    group = {w["id"]: w["group"] for w in works}
    for name, count in WINNERS.items():
        chosen = [r.work_id for r in placed if group[r.work_id] == name and r.rank][:count]
        db["contest_winners"].insert_all({"work_id": w, "contest_id": contest_id,
                                          "age_group": name, "demo": 1} for w in chosen)
        db["contest_confirmed"].insert({"contest_id": contest_id, "age_group": name, "demo": 1})
