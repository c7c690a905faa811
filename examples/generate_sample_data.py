#!/usr/bin/env python3
"""Generate the dsocore demo portfolio: a seeded, deterministic data directory.

Usage:
    python3 examples/generate_sample_data.py OUTDIR [--seed N] [--customers N] [--items N]
    python3 examples/generate_sample_data.py --check DIR

Knobs
    OUTDIR          directory to write (created if missing; the files listed below
                    are overwritten, nothing else is touched).
    --seed N        random seed (default 20260630). Same seed and sizes give the same
                    bytes, whatever the machine or PYTHONHASHSEED.
    --customers N   number of customer accounts over the two entities (default 240).
                    Accounts of one company in both entities count twice.
    --items N       number of generated items (default 6000). The final count is a
                    little higher: resolved price/quantity disputes add credit notes.
                    Runs in O(N log N) time and O(N) memory (--items 1000000 is fine).
    --check DIR     validate a data directory written by this script (canonical form,
                    sums, references, dates, fx coverage) and exit 0/1.

What it writes (data-format.md, canonical form: UTF-8, LF, minimal quoting, amounts
with the currency's minor-unit digits, rows in a stable order):
    customers.csv items.csv allocations.csv disputes.csv actions.csv fx.csv
    scenarios.json company.json

The portfolio: seller entities FR01 and DE01, base currency EUR (USD and GBP accounts),
as-of / export date 2026-06-30, items issued 2025-01-01 .. 2026-06-30. Each customer has
a payer profile (punctual, slightly late, late, very late) that drives when its
invoices were settled (allocations.csv); the collection history (actions.csv) is
simulated with the scenarios of scenarios.json, per payer (payment centers included),
with temporization (min_gap_days), holds (disputes, promises) and collectors a few days
behind. Amounts are integer minor units end to end; no float ever touches money.
"""

import argparse
import bisect
import csv
import heapq
import io
import json
import os
import random
import re
import sys
import unicodedata
from datetime import date

AS_OF = date(2026, 6, 30)
A = AS_OF.toordinal()
START = date(2025, 1, 1).toordinal()
ENTITIES = ("FR01", "DE01")
HOME = {"FR01": "FR", "DE01": "DE"}

CUSTOMER_COLS = [
    "entity", "customer_id", "name", "group_code", "legal_id", "parent_id",
    "payment_center", "customer_type", "country", "language", "currency",
    "payment_terms_days", "credit_limit", "credit_limit_currency", "rating", "insurer",
    "insured_amount", "insurance_max_extension_days", "temporary_insured_amount",
    "temporary_insured_from", "temporary_insured_to", "scenario", "collector",
    "sales_rep", "email", "phone", "address", "custom_1", "custom_2"]
ITEM_COLS = [
    "entity", "item_id", "customer_id", "type", "issue_date", "due_date", "currency",
    "amount", "open_amount", "status", "status_date", "promise_date", "comment"]
ALLOC_COLS = ["entity", "item_id", "date", "amount"]
DISPUTE_COLS = ["entity", "dispute_id", "customer_id", "type", "opened_date",
                "closed_date", "resolver", "item_ids", "comment"]
ACTION_COLS = ["entity", "action_id", "customer_id", "date", "channel", "scenario",
               "step", "item_ids", "user", "outcome", "comment"]
FX_COLS = ["date", "currency", "rate"]

SCENARIOS = {
    "scenarios": [
        {"id": "standard", "name": "Standard", "min_gap_days": 3,
         "old_item_days": 180, "anchor": "due_date", "min_amount": "0",
         "steps": [
             {"id": "pre", "offset_days": -5, "channel": "email", "mode": "auto",
              "template": "pre_due"},
             {"id": "r1", "offset_days": 5, "channel": "email", "mode": "auto",
              "template": "reminder1"},
             {"id": "r2", "offset_days": 20, "channel": "sms", "mode": "confirm",
              "template": "reminder2"},
             {"id": "call", "offset_days": 30, "channel": "call", "mode": "manual"},
             {"id": "fn", "offset_days": 45, "channel": "letter", "mode": "confirm",
              "template": "final_notice"}]},
        {"id": "key_accounts", "name": "Key accounts", "min_gap_days": 5,
         "old_item_days": 180, "anchor": "due_date", "min_amount": "0",
         "steps": [
             {"id": "pre", "offset_days": -7, "channel": "email", "mode": "auto",
              "template": "pre_due"},
             {"id": "r1", "offset_days": 10, "channel": "email", "mode": "auto",
              "template": "reminder1"},
             {"id": "call", "offset_days": 25, "channel": "call", "mode": "manual"},
             {"id": "fn", "offset_days": 60, "channel": "letter", "mode": "confirm",
              "template": "final_notice"}]}],
    "default": "standard"}

# risk.json: the credit notation grid, limit tool and approval levels of risk.md.
RISK = {
    "scale": [{"grade": "A", "min_score": "80"}, {"grade": "B", "min_score": "60"},
              {"grade": "C", "min_score": "40"}, {"grade": "D", "min_score": "0"}],
    "criteria": [
        {"field": "avg_days_late", "weight": "0.5",
         "bands": [{"max": "0", "points": "100"}, {"max": "15", "points": "70"},
                   {"max": "45", "points": "40"}, {"points": "0"}]},
        {"field": "utilisation_pct", "weight": "0.3",
         "bands": [{"max": "50", "points": "100"}, {"max": "90", "points": "60"}, {"points": "0"}]},
        {"field": "customer_type", "weight": "0.2",
         "values": {"public": "100", "key_account": "80"}, "default": "50"},
    ],
    "missing_points": "50",
    "limit_tool": {"sales_window": "12m", "round_to": "1000", "cap_to_insured": True,
                   "factor": {"A": "1.5", "B": "1.0", "C": "0.5", "D": "0"}},
    "approval_levels": [{"up_to": "50000", "role": "credit_manager"},
                        {"up_to": None, "role": "admin"}],
}

COMPANY = {
    "name": "Acme Industrie SAS",
    "address": "12 rue des Forges, 69007 Lyon, France",
    "iban": "FR76 3000 6000 0112 3456 7890 189",
    "bic": "AGRIFRPP",
    "base_currency": "EUR",
    "locale": "fr-FR",
    "fiscal_year_end_month": 12,
    "aging_buckets": [30, 60, 90],
    "payer_profiles": [["punctual", 0], ["slightly_late", 15], ["late", 45],
                       ["very_late", None]],
    "penalty": {"rule": "FR", "reference_rates": [
        ["2025-01-01", "3.15"], ["2025-07-01", "2.15"], ["2026-01-01", "2.15"],
        ["2026-07-01", "2.00"]]},
}

ITEM_PREFIX = {
    "FR01": {"invoice": "FA", "credit_note": "AV", "debit_note": "ND", "payment": "RG",
             "adjustment": "OD"},
    "DE01": {"invoice": "RE", "credit_note": "GS", "debit_note": "LB", "payment": "ZE",
             "adjustment": "UB"},
}
TYPE_ORDER = {"invoice": 0, "debit_note": 1, "credit_note": 2, "payment": 3,
              "adjustment": 4}
# Collectors work the agenda up to this date (some are a few days behind).
COLLECTOR_UNTIL = {"alice": A, "bruno": A - 4, "clara": A - 1, "dieter": A - 7}
SALES_REPS = {"FR01": ("s.moreau", "j.lefebvre", "c.garnier", "t.bonnet"),
              "DE01": ("m.keller", "a.vogel", "f.brandt")}
RESOLVERS = {"quantity": {"FR01": "p.roussel", "DE01": "m.becker"},
             "delivery": {"FR01": "t.garnier", "DE01": "j.hoffmann"}}

# ---------------------------------------------------------------------------
# Geography and naming material
# ---------------------------------------------------------------------------

FR_CITIES = [
    ("Paris", "75008", "Île-de-France"), ("Lyon", "69002", "Auvergne-Rhône-Alpes"),
    ("Marseille", "13002", "Provence-Alpes-Côte d'Azur"), ("Toulouse", "31000", "Occitanie"),
    ("Nantes", "44000", "Pays de la Loire"), ("Bordeaux", "33000", "Nouvelle-Aquitaine"),
    ("Lille", "59000", "Hauts-de-France"), ("Strasbourg", "67000", "Grand Est"),
    ("Rennes", "35000", "Bretagne"), ("Grenoble", "38000", "Auvergne-Rhône-Alpes"),
    ("Montpellier", "34000", "Occitanie"), ("Rouen", "76000", "Normandie"),
    ("Dijon", "21000", "Bourgogne-Franche-Comté"), ("Orléans", "45000", "Centre-Val de Loire"),
    ("Nice", "06000", "Provence-Alpes-Côte d'Azur"), ("Saint-Étienne", "42000", "Auvergne-Rhône-Alpes"),
    ("Clermont-Ferrand", "63000", "Auvergne-Rhône-Alpes"), ("Le Mans", "72000", "Pays de la Loire"),
    ("Reims", "51100", "Grand Est"), ("Nancy", "54000", "Grand Est"),
    ("Angers", "49000", "Pays de la Loire"), ("Limoges", "87000", "Nouvelle-Aquitaine"),
    ("Amiens", "80000", "Hauts-de-France"), ("Caen", "14000", "Normandie")]
DE_CITIES = [
    ("Berlin", "10115", "Berlin"), ("Hamburg", "20095", "Hamburg"),
    ("München", "80331", "Bayern"), ("Köln", "50667", "Nordrhein-Westfalen"),
    ("Frankfurt am Main", "60311", "Hessen"), ("Stuttgart", "70173", "Baden-Württemberg"),
    ("Düsseldorf", "40213", "Nordrhein-Westfalen"), ("Leipzig", "04109", "Sachsen"),
    ("Dortmund", "44135", "Nordrhein-Westfalen"), ("Bremen", "28195", "Bremen"),
    ("Dresden", "01067", "Sachsen"), ("Hannover", "30159", "Niedersachsen"),
    ("Nürnberg", "90402", "Bayern"), ("Augsburg", "86150", "Bayern"),
    ("Freiburg im Breisgau", "79098", "Baden-Württemberg"),
    ("Mannheim", "68159", "Baden-Württemberg"), ("Kassel", "34117", "Hessen"),
    ("Bielefeld", "33602", "Nordrhein-Westfalen"), ("Kiel", "24103", "Schleswig-Holstein"),
    ("Mainz", "55116", "Rheinland-Pfalz")]
OTHER_CITIES = {
    "BE": [("Bruxelles", "1000"), ("Liège", "4000"), ("Antwerpen", "2000"), ("Gent", "9000")],
    "ES": [("Madrid", "28001"), ("Barcelona", "08001"), ("Valencia", "46001"), ("Sevilla", "41001")],
    "IT": [("Milano", "20121"), ("Torino", "10121"), ("Bologna", "40121"), ("Roma", "00184")],
    "GB": [("London", "EC2V 7HH"), ("Manchester", "M1 1AE"), ("Birmingham", "B1 1BB"), ("Leeds", "LS1 4AP")],
    "US": [("New York, NY", "10118"), ("Chicago, IL", "60601"), ("Houston, TX", "77002"),
           ("Atlanta, GA", "30303")],
    "NL": [("Amsterdam", "1012 AB"), ("Rotterdam", "3011 AD"), ("Eindhoven", "5611 AZ"),
           ("Utrecht", "3511 AX")],
    "CH": [("Zürich", "8001"), ("Genève", "1201"), ("Basel", "4051"), ("Lausanne", "1003")],
    "PL": [("Warszawa", "00-001"), ("Kraków", "30-001"), ("Wrocław", "50-001"), ("Poznań", "60-001")],
    "AT": [("Wien", "1010"), ("Graz", "8010"), ("Linz", "4020")],
    "PT": [("Lisboa", "1100-148"), ("Porto", "4000-322")],
    "BR": [("São Paulo, SP", "01310-100"), ("Rio de Janeiro, RJ", "20040-020")],
    "RO": [("București", "010011"), ("Cluj-Napoca", "400001")],
    "SE": [("Stockholm", "111 22"), ("Göteborg", "411 01")],
    "TR": [("İstanbul", "34000"), ("Ankara", "06000")],
    "HR": [("Zagreb", "10000"), ("Split", "21000")],
    "JP": [("Tokyo", "100-0005"), ("Osaka", "530-0001")],
    "CN": [("Shanghai", "200000"), ("Shenzhen", "518000")],
}
STREETS = {
    "FR": ["rue de la République", "avenue Jean Jaurès", "boulevard Victor Hugo",
           "rue du Général Leclerc", "rue Pasteur", "avenue de la Gare", "rue des Lilas",
           "chemin des Vignes", "rue de l'Industrie", "allée des Tilleuls", "quai Saint-Antoine",
           "zone artisanale des Mercières"],
    "DE": ["Hauptstraße", "Bahnhofstraße", "Industriestraße", "Gartenstraße", "Schillerstraße",
           "Goethestraße", "Am Marktplatz", "Lindenallee", "Friedrichstraße", "Max-Planck-Straße"],
    "BE": ["Rue de la Loi", "Avenue Louise", "Meir", "Kortrijksesteenweg"],
    "ES": ["Calle Mayor", "Avenida Diagonal", "Calle de Alcalá", "Paseo de Gracia"],
    "IT": ["Via Roma", "Corso Italia", "Via Garibaldi", "Viale Monza"],
    "GB": ["High Street", "Station Road", "Church Lane", "King Street", "Victoria Road"],
    "US": ["Fifth Avenue", "Main Street", "Market Street", "Commerce Drive"],
    "NL": ["Keizersgracht", "Stationsplein", "Industrieweg", "Kerkstraat"],
    "CH": ["Bahnhofstrasse", "Rue du Rhône", "Industriestrasse"],
    "PL": ["ul. Marszałkowska", "ul. Długa", "ul. Przemysłowa"],
    "AT": ["Mariahilfer Straße", "Industriezeile", "Landstraße"],
    "PT": ["Rua Augusta", "Avenida da Liberdade"],
    "BR": ["Avenida Paulista", "Rua da Assembleia"],
    "RO": ["Strada Victoriei", "Bulevardul Unirii"],
    "SE": ["Drottninggatan", "Kungsgatan"],
    "TR": ["Büyükdere Caddesi", "Atatürk Bulvarı"],
    "HR": ["Ilica", "Vukovarska ulica"],
    "JP": ["Marunouchi 1-chome", "Umeda 2-chome"],
    "CN": ["Nanjing Road", "Shennan Avenue"],
}
REGION = {"BE": "Benelux", "NL": "Benelux", "ES": "Iberia", "PT": "Iberia", "IT": "Italia",
          "GB": "UK & Ireland", "US": "North America", "CH": "DACH", "AT": "DACH",
          "PL": "CEE", "RO": "CEE", "HR": "CEE", "SE": "Nordics", "TR": "Middle East",
          "JP": "Asia", "CN": "Asia", "BR": "LatAm", "FR": "France", "DE": "Deutschland"}
TLD = {"FR": "fr", "DE": "de", "BE": "be", "ES": "es", "IT": "it", "GB": "co.uk", "US": "com",
       "NL": "nl", "CH": "ch", "PL": "pl", "AT": "at", "PT": "pt", "BR": "com.br", "RO": "ro",
       "SE": "se", "TR": "com.tr", "HR": "hr", "JP": "co.jp", "CN": "cn"}
PHONE_CC = {"FR": "33", "DE": "49", "BE": "32", "ES": "34", "IT": "39", "GB": "44", "US": "1",
            "NL": "31", "CH": "41", "PL": "48", "AT": "43", "PT": "351", "BR": "55", "RO": "40",
            "SE": "46", "TR": "90", "HR": "385", "JP": "81", "CN": "86"}
LANGS = {"FR": [("fr", 1)], "DE": [("de", 1)], "BE": [("fr", 6), ("nl", 4)],
         "ES": [("es", 1)], "IT": [("it", 1)], "GB": [("en", 1)], "US": [("en", 1)],
         "NL": [("nl", 6), ("en", 4)], "CH": [("de", 6), ("fr", 4)], "PL": [("pl", 1)],
         "AT": [("de", 1)], "PT": [("pt", 1)], "BR": [("pt-BR", 1)], "RO": [("ro", 1)],
         "SE": [("sv", 6), ("en", 4)], "TR": [("tr", 1)], "HR": [("hr", 1)],
         "JP": [("ja", 6), ("en", 4)], "CN": [("zh-Hans", 6), ("en", 4)]}
CURRENCY = {"US": "USD", "GB": "GBP", "JP": "USD", "CN": "USD", "BR": "USD"}
# Country mix of stand-alone accounts, per seller entity.
COUNTRY_MIX = {
    "FR01": [("FR", 78), ("BE", 6), ("ES", 4), ("IT", 4), ("CH", 2), ("GB", 3), ("US", 3),
             ("NL", 1), ("PT", 1), ("BR", 1), ("JP", 1)],
    "DE01": [("DE", 72), ("AT", 6), ("CH", 4), ("NL", 4), ("PL", 5), ("GB", 3), ("US", 3),
             ("SE", 2), ("TR", 2), ("HR", 1), ("RO", 1), ("CN", 1), ("IT", 1), ("BE", 1)],
}
# Countries guaranteed to appear (so every language of the brief is present).
MUST_COUNTRIES = [("FR01", "PT"), ("FR01", "BR"), ("FR01", "JP"), ("DE01", "PL"),
                  ("DE01", "RO"), ("DE01", "SE"), ("DE01", "TR"), ("DE01", "HR"),
                  ("DE01", "CN"), ("FR01", "ES"), ("FR01", "IT"), ("FR01", "GB"),
                  ("FR01", "US"), ("DE01", "NL"), ("FR01", "BE"), ("DE01", "CH")]

SURNAMES = {
    "FR": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
           "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David",
           "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
           "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Chevalier",
           "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin", "Morin", "Mathieu",
           "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Barbier", "Roche"],
    "DE": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
           "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
           "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
           "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann", "Köhler",
           "Maier", "Herrmann", "König", "Walter", "Huber", "Kaiser", "Fuchs", "Peters"],
    "EN": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
           "Hall", "Wood", "Jackson", "Clarke", "O'Neill", "Miller", "Anderson", "Carter"],
    "ES": ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez",
           "Pérez", "Gómez", "Navarro"],
    "IT": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
           "Marino", "Greco"],
    "NL": ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit",
           "Peeters", "Janssens", "Maes"],
    "PL": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński"],
}
ACTIVITIES = {
    "FR": ["Menuiserie", "Transports", "Imprimerie", "Garage", "Laboratoires", "Ateliers",
           "Constructions", "Établissements", "Plomberie", "Électricité", "Fromagerie",
           "Brasserie", "Quincaillerie", "Serrurerie", "Mécanique", "Chaudronnerie"],
    "DE": ["Maschinenbau", "Metallbau", "Elektrotechnik", "Logistik", "Spedition", "Bau",
           "Kunststofftechnik", "Feinmechanik", "Holzbau", "Druckerei", "Autohaus",
           "Werkzeugbau", "Anlagenbau"],
    "EN": ["Engineering", "Logistics", "Manufacturing", "Industries", "Supply",
           "Technologies", "Systems", "Foods", "Packaging", "Components"],
}
BRAND_A = ["Techni", "Agri", "Nova", "Sodi", "Indus", "Meca", "Hydro", "Electro", "Bio",
           "Pharma", "Logi", "Thermo", "Alu", "Poly", "Cap", "Eco", "Inter", "Euro",
           "Trans", "Multi", "Omni", "Vita", "Sigma", "Delta", "Alpha", "Ultra", "Opti",
           "Kine", "Astra", "Prima", "Verti", "Solu", "Lumi", "Quadri", "Geo", "Aero"]
BRAND_B = ["flex", "via", "lec", "mat", "tec", "pro", "plast", "nova", "sys", "com", "met",
           "therm", "pack", "log", "line", "dis", "form", "tex", "gen", "tron", "ria",
           "lis", "vert", "nor", "dyn", "tal", "ween", "rama", "cor", "lab"]
FORMS = {"FR": ["SAS", "SARL", "SA", "EURL", "SAS", "SAS"],
         "DE": ["GmbH", "AG", "GmbH & Co. KG", "KG", "GmbH", "GmbH"],
         "BE": ["SA", "SRL", "NV", "BV"], "ES": ["S.L.", "S.A."], "IT": ["S.r.l.", "S.p.A."],
         "GB": ["Ltd", "plc", "Ltd", "LLP"], "US": ["Inc.", "LLC", "Corporation", ", Inc."],
         "NL": ["B.V.", "N.V."], "CH": ["AG", "SA", "GmbH"], "PL": ["Sp. z o.o.", "S.A."],
         "AT": ["GmbH", "AG"], "PT": ["Lda.", "S.A."], "BR": ["Ltda.", "S.A."],
         "RO": ["S.R.L.", "S.A."], "SE": ["AB"], "TR": ["A.Ş.", "Ltd. Şti."],
         "HR": ["d.o.o.", "d.d."], "JP": ["K.K.", "Co., Ltd."], "CN": ["Co., Ltd."]}
QUOTED_BRANDS = {"FR": ["Le Fournil", "Le Central", "La Belle Époque", "Au Bon Accueil",
                        "Les Trois Chênes"],
                 "DE": ["Zur Post", "Zum Löwen", "Goldener Hirsch", "Alte Mühle"],
                 "EN": ["The Red Lion", "Blue Anchor", "Golden Gate"]}
FR_PUBLIC = [("Mairie {de}", "ville-{c}"), ("Centre Hospitalier {de}", "ch-{c}"),
             ("Université {de}", "univ-{c}"), ("Communauté d'agglomération {de}", "agglo-{c}"),
             ("Office public de l'habitat {de}", "oph-{c}"),
             ("Lycée professionnel Jean Moulin, {c}", "lycee-jean-moulin-{c}"),
             ("Centre communal d'action sociale {de}", "ccas-{c}")]
DE_PUBLIC = [("Stadt {c}", "stadt-{c}"), ("Universitätsklinikum {c}", "uk-{c}"),
             ("Landratsamt {c}", "lra-{c}"), ("Stadtwerke {c} GmbH", "stadtwerke-{c}"),
             ("Technische Hochschule {c}", "th-{c}"), ("Kreisverwaltung {c}", "kreis-{c}")]
SUB_SUFFIX = {"FR": ["Distribution", "Logistique", "Services", "Industrie", "Sud-Ouest",
                     "Nord", "Est", "Atlantique"],
              "DE": ["Vertrieb", "Logistik", "Service", "Technik", "Süd", "Nord", "West"],
              "EN": ["Distribution", "Logistics", "Services", "Europe", "Holdings"]}
COUNTRY_SUFFIX = {"FR": "France", "DE": "Deutschland", "BE": "Benelux", "NL": "Nederland",
                  "ES": "Iberia", "IT": "Italia", "GB": "UK", "US": "USA", "PL": "Polska",
                  "CH": "Schweiz", "AT": "Austria"}

# Amount money helpers ------------------------------------------------------


def money(cents):
    """Format integer minor units (2-digit currencies) as a canonical decimal."""
    sign = "-" if cents < 0 else ""
    c = -cents if cents < 0 else cents
    return "%s%d.%02d" % (sign, c // 100, c % 100)


def nice_round(units):
    """Round a positive amount (major units) to a credit-manager's round number."""
    if units < 5000:
        units = 5000
    k = len(str(units)) - 2
    for mant in (10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 100):
        v = mant * 10 ** k
        if v >= units:
            return v
    return 100 * 10 ** k


_ISO = {}


def iso(o):
    s = _ISO.get(o)
    if s is None:
        s = date.fromordinal(o).isoformat()
        _ISO[o] = s
    return s


def weekday(o):
    return (o - 1) % 7  # 0 = Monday (0001-01-01 was a Monday)


def workday(o):
    w = (o - 1) % 7
    return o + (7 - w) if w >= 5 else o


# CSV writer: quote only when needed (comma, quote, CR, LF) -----------------


def csv_field(s):
    if "," in s or '"' in s or "\n" in s or "\r" in s:
        return '"' + s.replace('"', '""') + '"'
    return s


def csv_line(row):
    return ",".join([csv_field(f) for f in row]) + "\n"


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(csv_line(header))
        buf = []
        for r in rows:
            buf.append(csv_line(r))
            if len(buf) >= 20000:
                fh.write("".join(buf))
                buf.clear()
        fh.write("".join(buf))


def write_json(path, obj):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# Customers
# ---------------------------------------------------------------------------


class Company:
    __slots__ = ("name", "legal_id", "country", "group_code", "parent_id", "public",
                 "key", "profile", "city", "zip", "region", "domain", "email", "phone",
                 "address", "language", "score", "rating")


class Cust:
    __slots__ = ("entity", "cid", "co", "ctype", "currency", "terms", "terms_exp",
                 "credit_limit", "cl_cur", "insurer", "insured", "ins_ext", "tmp",
                 "scenario", "scen_eff", "collector", "sales_rep", "payer", "pc_id",
                 "weight", "win", "litig", "mean_amt", "items", "n_items", "seq")


def luhn_digit(digits):
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def make_legal_id(rng, country):
    if country == "FR":
        body = str(rng.randint(3, 9)) + digits(rng, 7)
        return body + luhn_digit(body)
    if country == "DE":
        return "DE" + str(rng.randint(1, 3)) + digits(rng, 8)
    if country == "BE":
        return "BE0" + digits(rng, 9)
    if country == "NL":
        return "NL" + digits(rng, 9) + "B01"
    if country == "ES":
        return "ESB" + digits(rng, 8)
    if country == "IT":
        return "IT" + digits(rng, 11)
    if country == "GB":
        return "GB" + digits(rng, 9)
    if country == "US":
        return digits(rng, 2) + "-" + digits(rng, 7)
    if country == "CH":
        return "CHE-%s.%s.%s" % (digits(rng, 3), digits(rng, 3), digits(rng, 3))
    if country == "PL":
        return "PL" + digits(rng, 10)
    if country == "AT":
        return "ATU" + digits(rng, 8)
    if country == "PT":
        return "PT" + digits(rng, 9)
    if country == "BR":
        return "%s.%s.%s/0001-%s" % (digits(rng, 2), digits(rng, 3), digits(rng, 3), digits(rng, 2))
    if country == "RO":
        return "RO" + digits(rng, 8)
    if country == "SE":
        return "SE" + digits(rng, 10) + "01"
    if country == "TR":
        return "TR" + digits(rng, 10)
    if country == "HR":
        return "HR" + digits(rng, 11)
    if country == "JP":
        return digits(rng, 13)
    if country == "CN":
        return "91" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(16))
    return digits(rng, 10)


ALL_FORMS = sorted({f.strip(", ") for fs in FORMS.values() for f in fs}, key=len, reverse=True)
SLUG_STOP = {"le", "la", "les", "de", "du", "des", "et", "au", "aux", "van", "den", "der",
             "von", "zur", "zum", "the", "and", "of", "sons", "fils", "sohne", "sohn",
             "partner", "partners", "associes", "cie", "hijos", "figli", "filhos", "zonen",
             "synowie", "hotel", "gasthof", "restaurant", "spedition", "transports"}


def ascii_slug(text):
    t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def slug(text):
    """E-mail domain stem from a company name: legal form and filler words dropped."""
    t = text
    for f in ALL_FORMS:
        if t.endswith(" " + f) or t.endswith(", " + f):
            t = t[: -len(f)].rstrip(" ,")
            break
    t = ascii_slug(t)
    parts = [p for p in t.split("-") if len(p) > 1 and p not in SLUG_STOP][:2]
    return "-".join(parts) or "client"


def name_style(country):
    if country in ("FR", "BE"):
        return "FR"
    if country in ("DE", "AT", "CH"):
        return "DE"
    if country in ("GB", "US"):
        return "EN"
    if country in ("ES", "IT", "PT", "BR", "NL", "PL"):
        return "LOCAL"
    return "BRAND"


LOCAL_SURNAMES = {"ES": "ES", "PT": "ES", "BR": "ES", "IT": "IT", "NL": "NL", "PL": "PL"}
LOCAL_FAMILY = {"ES": "e Hijos", "PT": "& Filhos", "BR": "& Filhos", "IT": "& Figli",
                "NL": "& Zonen", "PL": "i Synowie"}
LOCAL_ACTIVITY = {"ES": "Construcciones", "PT": "Construções", "BR": "Indústrias",
                  "IT": "Officine", "NL": "Techniek", "PL": "Zakłady"}


def brand(rng):
    return rng.choice(BRAND_A) + rng.choice(BRAND_B)


def company_name(rng, country, force=None):
    """A plausible company name; force = 'comma' | 'quote' | 'both' (FR/DE/EN styles)."""
    form = rng.choice(FORMS.get(country, ["Ltd"]))
    sep = "" if form.startswith(",") else " "
    style = name_style(country)
    if style in ("FR", "DE", "EN"):
        sur = SURNAMES[style]
        r = rng.random()
        if force == "both" or (force is None and r < 0.012):
            kind = {"FR": "Transports", "DE": "Spedition"}.get(style, "Restaurant")
            return '%s "%s", %s%s%s' % (kind, rng.choice(QUOTED_BRANDS[style]),
                                        rng.choice(sur), sep, form)
        if force == "comma" or (force is None and r < 0.05):
            a, b = rng.sample(sur, 2)
            if style == "FR":
                return "%s, %s et Associés" % (a, b)
            if style == "DE":
                return "%s, %s & Partner %s" % (a, b, form.lstrip(", "))
            if country == "US":
                return "%s, Inc." % brand(rng)
            return "%s, %s & Partners LLP" % (a, b)
        if force == "quote" or (force is None and r < 0.085):
            kind = {"FR": "Hôtel", "DE": "Gasthof"}.get(style, "Restaurant")
            return '%s "%s"%s%s' % (kind, rng.choice(QUOTED_BRANDS[style]), sep, form)
        r = rng.random()
        if r < 0.35:
            if style == "EN":
                return "%s %s%s%s" % (rng.choice(sur), rng.choice(ACTIVITIES[style]), sep, form)
            return "%s %s%s%s" % (rng.choice(ACTIVITIES[style]), rng.choice(sur), sep, form)
        if r < 0.5:
            fils = {"FR": "et Fils", "DE": "& Söhne"}.get(style, "& Sons")
            return "%s %s%s%s" % (rng.choice(sur), fils, sep, form)
        return "%s%s%s" % (brand(rng), sep, form)
    if style == "LOCAL":
        sur = SURNAMES[LOCAL_SURNAMES[country]]
        r = rng.random()
        if r < 0.25:
            return "%s %s%s%s" % (rng.choice(sur), LOCAL_FAMILY[country], sep, form)
        if r < 0.45:
            return "%s %s%s%s" % (LOCAL_ACTIVITY[country], rng.choice(sur), sep, form)
    return "%s%s%s" % (brand(rng), sep, form)


def elide(prep, city):
    """French elision: 'de Amiens' -> "d'Amiens"."""
    if prep == "de" and city[:1] in "AEIOUÉÎ":
        return "d'" + city
    return prep + " " + city


def make_address(rng, country, city, zipc, multiline):
    num = rng.randint(1, 180)
    street = rng.choice(STREETS[country])
    if country in ("FR", "BE", "GB", "US"):
        line = "%d %s" % (num, street) if country != "BE" else "%s %d" % (street, num)
    elif country == "JP":
        line = "%s %d-%d" % (street, rng.randint(1, 9), num)
    else:
        line = "%s %d" % (street, num)
    if country == "GB":
        tail = "%s %s" % (city, zipc)
    elif country == "US":
        tail = "%s %s" % (city, zipc)
    else:
        tail = "%s %s" % (zipc, city)
    if multiline:
        extra = {"FR": "Bâtiment B, service comptabilité", "DE": "Haus 2, Buchhaltung"}.get(
            country, "Accounts Payable Department")
        return "%s\n%s, %s" % (extra, line, tail)
    if country == "FR" and rng.random() < 0.08:
        return "%s, BP %d, %s" % (line, rng.randint(10, 999), tail)
    return "%s, %s" % (line, tail)


def make_phone(rng, country):
    cc = PHONE_CC[country]
    if country == "FR":
        return "+33 %d %02d %02d %02d %02d" % (rng.randint(1, 5), rng.randint(0, 99),
                                              rng.randint(0, 99), rng.randint(0, 99), rng.randint(0, 99))
    if country == "US":
        return "+1 %d 555 %04d" % (rng.choice((212, 312, 713, 404)), rng.randint(100, 199))
    if country == "GB":
        return "+44 20 7946 %04d" % rng.randint(0, 999)
    if country == "DE":
        return "+49 %d %s" % (rng.randint(30, 911), digits(rng, 7))
    return "+%s %s %s" % (cc, digits(rng, 2), digits(rng, 7))


def email_for(rng, company, lang):
    local = {"fr": ["compta", "comptabilite", "fournisseurs", "factures"],
             "de": ["buchhaltung", "kreditoren", "rechnungen", "finanzen"]}.get(
        lang, ["accounts.payable", "ap", "finance", "invoices"])
    first = "%s@%s" % (rng.choice(local), company.domain)
    if rng.random() < 0.12:
        person = slug(rng.choice(SURNAMES.get(name_style(company.country), SURNAMES["EN"])))
        person = person.replace("-", "")
        initial = rng.choice("abcdefghjlmnprst")
        return "%s;%s.%s@%s" % (first, initial, person.split("-")[-1], company.domain)
    return first


def build_customers(rng, n_accounts):
    """Returns the list of Cust, ids assigned, sorted by (entity, customer_id)."""
    used_names = set()
    used_legal = set()
    accounts = []  # (entity, Company)
    companies = []

    def unique_name(make):
        for _ in range(30):
            nm = make()
            if nm not in used_names:
                used_names.add(nm)
                return nm
        base = make()
        i = 2
        while "%s (%d)" % (base, i) in used_names:
            i += 1
        nm = "%s (%d)" % (base, i)
        used_names.add(nm)
        return nm

    def unique_legal(country):
        while True:
            lid = make_legal_id(rng, country)
            if lid not in used_legal:
                used_legal.add(lid)
                return lid

    def new_company(country, name, public=False, key=False, group=None, parent=None, lang=None):
        co = Company()
        co.name = name
        co.country = country
        co.public = public
        co.key = key
        co.group_code = group or ""
        co.parent_id = parent or ""
        co.legal_id = unique_legal(country) if (public or group or rng.random() > 0.04) else ""
        if country == "FR":
            co.city, co.zip, co.region = rng.choice(FR_CITIES)
        elif country == "DE":
            co.city, co.zip, co.region = rng.choice(DE_CITIES)
        else:
            co.city, co.zip = rng.choice(OTHER_CITIES[country])
            co.region = REGION[country]
        co.language = lang or pick_weighted(rng, LANGS[country])
        if public:
            weights = (15, 35, 35, 15)
        elif key:
            weights = (35, 40, 20, 5)
        elif country in ("FR", "DE"):
            weights = (35, 30, 22, 13)
        else:
            weights = (30, 30, 25, 15)
        co.profile = pick_weighted(rng, list(zip(range(4), weights)))
        lo, hi = ((7, 10), (5, 9), (3, 7), (1, 4))[co.profile]
        co.score = str(rng.randint(lo, hi)) if rng.random() > 0.08 else ""
        rat = (("A", "A", "B"), ("B", "B", "A"), ("B", "C", "C"), ("C", "D", "D"))[co.profile]
        co.rating = rng.choice(rat) if rng.random() > 0.1 else ""
        co.domain = slug(name) + "." + TLD[country]
        co.email = "" if rng.random() < 0.05 else email_for(rng, co, co.language)
        co.phone = "" if rng.random() < 0.08 else make_phone(rng, country)
        co.address = "" if rng.random() < 0.04 else make_address(
            rng, country, co.city, co.zip, rng.random() < 0.01)
        companies.append(co)
        return co

    # Forced variety: at least one name with a comma, one with quotes, one with both,
    # one multi-line address.
    forced = ["comma", "quote", "both"]

    # Groups: 2-5 companies, often in both entities.
    n_groups = n_accounts // 16 if n_accounts >= 20 else 0
    for g in range(n_groups):
        if len(accounts) >= n_accounts:
            break
        code = "GRP%03d" % (g + 1)
        parent = "%09d" % rng.randint(150000000, 989999999)
        home = pick_weighted(rng, [("FR", 40), ("DE", 40), ("GB", 6), ("US", 6), ("NL", 4), ("IT", 4)])
        b = brand(rng)
        style = name_style(home)
        head_form = rng.choice(FORMS.get(home, ["Ltd"]))
        head_name = unique_name(lambda: ("Groupe %s %s" % (b, head_form)) if style == "FR"
                                else ("%s Holding %s" % (b, head_form.lstrip(", "))))
        size = rng.randint(2, 5)
        members = [new_company(home, head_name, key=True, group=code, parent=parent)]
        used_sfx = []
        for m in range(size - 1):
            if rng.random() < 0.2:
                ctry = rng.choice(["FR", "DE", "BE", "NL", "ES", "IT", "GB", "US", "PL", "CH", "AT"])
            else:
                ctry = home
            def sub_name():
                if ctry == home:
                    pool = [x for x in SUB_SUFFIX.get(style, SUB_SUFFIX["EN"]) if x not in used_sfx]
                    suffix = rng.choice(pool or SUB_SUFFIX.get(style, SUB_SUFFIX["EN"]))
                else:
                    suffix = COUNTRY_SUFFIX[ctry]
                used_sfx.append(suffix)
                return "%s %s %s" % (b, suffix, rng.choice(FORMS.get(ctry, ["Ltd"])).lstrip(", "))
            nm = unique_name(sub_name)
            members.append(new_company(ctry, nm, key=rng.random() < 0.2, group=code, parent=parent))
        for i, co in enumerate(members):
            ents = entities_for(rng, co.country)
            if i == 0 and rng.random() < 0.5 or (i > 0 and rng.random() < 0.12):
                ents = list(ENTITIES)
            for e in ents:
                accounts.append((e, co))

    # Stand-alone companies.
    must = list(MUST_COUNTRIES)
    public_left = max(1, round(n_accounts * 0.08))
    while len(accounts) < n_accounts:
        lang = None
        if must:
            ent, ctry = must.pop(0)
            lang = LANGS[ctry][0][0]  # the country's first language, so all appear
        else:
            ent = "FR01" if rng.random() < 0.58 else "DE01"
            ctry = pick_weighted(rng, COUNTRY_MIX[ent])
        public = False
        if not must and ctry == HOME[ent] and public_left > 0 and rng.random() < 0.14:
            public = True
            public_left -= 1
            cities = FR_CITIES if ctry == "FR" else DE_CITIES
            pats = FR_PUBLIC if ctry == "FR" else DE_PUBLIC
            picked = []

            def public_name():
                pat, dom = rng.choice(pats)
                city = rng.choice(cities)
                picked[:] = [dom, city]
                return pat.format(c=city[0], de=elide("de", city[0]))
            nm = unique_name(public_name)
            co = new_company(ctry, nm, public=True)
            dom, city = picked
            co.city, co.zip, co.region = city
            co.domain = ascii_slug(dom.format(c=city[0])) + "." + TLD[ctry]
            co.email = "" if rng.random() < 0.05 else email_for(rng, co, co.language)
            co.address = "" if not co.address else make_address(rng, ctry, co.city, co.zip, False)
        else:
            f = None
            if forced and ctry == HOME[ent]:
                f = forced.pop(0)
            nm = unique_name(lambda: company_name(rng, ctry, f))
            co = new_company(ctry, nm, key=rng.random() < 0.04, lang=lang)
            if co.key or rng.random() < 0.06:
                co.parent_id = "%09d" % rng.randint(150000000, 989999999) if rng.random() < 0.5 else ""
        ents = [ent]
        if not public and rng.random() < 0.05 and len(accounts) + 2 <= n_accounts:
            ents = list(ENTITIES)
        for e in ents:
            accounts.append((e, co))
    accounts = accounts[:n_accounts]
    if accounts and not any("\n" in co.address for _, co in accounts):
        for _, co in accounts:
            if co.country in ("FR", "DE") and co.address and not co.public:
                co.address = make_address(rng, co.country, co.city, co.zip, True)
                break

    custs = []
    for ent, co in accounts:
        c = Cust()
        c.entity = ent
        c.co = co
        home = HOME[ent]
        if co.public:
            c.ctype = "public"
        elif co.key:
            c.ctype = "key_account"
        elif co.country != home:
            c.ctype = "export"
        else:
            c.ctype = "sme"
        c.currency = CURRENCY.get(co.country, "EUR")
        if c.ctype == "public":
            terms = rng.choice((30, 30, 45)) if ent == "FR01" else 30
        elif c.ctype == "key_account":
            terms = rng.choice((60, 45, 45, 30))
        elif c.ctype == "export":
            terms = rng.choice((30, 45, 60))
        else:
            terms = rng.choice((30, 30, 45, 60))
        c.terms = terms
        c.terms_exp = not (terms == 30 and rng.random() < 0.45)
        c.scenario = "key_accounts" if c.ctype == "key_account" else (
            "" if rng.random() < 0.08 else "standard")
        c.scen_eff = c.scenario or "standard"
        if ent == "FR01":
            if c.ctype in ("export",):
                c.collector = "bruno"
            elif c.ctype == "key_account":
                c.collector = "alice"
            else:
                c.collector = "alice" if rng.random() < 0.55 else "bruno"
        else:
            c.collector = "dieter" if c.ctype == "export" else "clara"
        c.sales_rep = rng.choice(SALES_REPS[ent])
        c.pc_id = ""
        c.payer = c
        c.litig = None
        c.items = []
        c.credit_limit = None
        c.cl_cur = ""
        c.insurer = ""
        c.insured = None
        c.ins_ext = ""
        c.tmp = None
        custs.append(c)

    # Customer ids, per entity, with gaps; the same id may exist in both entities.
    for ent in ENTITIES:
        mine = [c for c in custs if c.entity == ent]
        rng.shuffle(mine)
        n = rng.randint(101, 140)
        for c in mine:
            c.cid = "C%06d" % n
            n += rng.choice((1, 1, 1, 2, 3, 5))
    custs.sort(key=lambda c: (c.entity, c.cid))
    for i, c in enumerate(custs):
        c.seq = i

    # Payment centers: the group's head account pays for some accounts of the same
    # entity (and they share its collector).
    target = max(1, round(n_accounts * 10 / 240))
    by_group = {}
    for c in custs:
        if c.co.group_code:
            by_group.setdefault((c.co.group_code, c.entity), []).append(c)
    n_pc = 0
    for key in sorted(by_group):
        members = by_group[key]
        if len(members) < 2:
            continue
        head = next((m for m in members
                     if m.co.name.startswith("Groupe ") or " Holding " in m.co.name), members[0])
        for m in members:
            if m is head or n_pc >= target or rng.random() > 0.7:
                continue
            m.pc_id = head.cid
            m.payer = head
            m.collector = head.collector
            n_pc += 1
    return custs


def entities_for(rng, country):
    if country in ("FR", "BE", "ES", "IT", "PT", "BR", "JP"):
        return ["FR01"]
    if country in ("DE", "AT", "PL", "SE", "TR", "HR", "RO", "CN"):
        return ["DE01"]
    if country == "NL":
        return ["DE01"] if rng.random() < 0.7 else ["FR01"]
    return [rng.choice(ENTITIES)]


def pick_weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# ---------------------------------------------------------------------------
# Items, allocations, disputes
# ---------------------------------------------------------------------------


class Item:
    __slots__ = ("cust", "type", "issue", "due", "due_exp", "cur_exp", "amount", "allocs",
                 "open", "status", "status_date", "promise_date", "comment", "iid",
                 "dispute", "short", "origin", "seq")

    def __init__(self, cust, typ, issue, amount):
        self.cust = cust
        self.type = typ
        self.issue = issue
        self.due = issue
        self.due_exp = True
        self.cur_exp = True
        self.amount = amount
        self.allocs = None
        self.open = amount
        self.status = ""
        self.status_date = None
        self.promise_date = None
        self.comment = ""
        self.iid = ""
        self.dispute = None
        self.short = False
        self.origin = None
        self.seq = 0

    def add_alloc(self, d, cents):
        if self.allocs is None:
            self.allocs = {}
        self.allocs[d] = self.allocs.get(d, 0) + cents
        if self.allocs[d] == 0:
            del self.allocs[d]
        self.open -= cents

    def bal_at(self, d):
        s = 0
        if self.allocs:
            for k, v in self.allocs.items():
                if k <= d:
                    s += v
        return self.amount - s

    def paid_date(self):
        """Day the balance reached zero, None if still open at A."""
        if self.open != 0:
            return None
        return max(self.allocs) if self.allocs else self.issue


class Dispute:
    __slots__ = ("cust", "type", "opened", "closed", "items", "comment", "resolver", "did")


DISPUTE_COMMENTS = {
    "price": ["Price differs from the order confirmation", "Discount of 3% not applied",
              "Customer disputes unit price: quoted 12.40, invoiced 13.10",
              "Tarif 2026 non accepté par l'acheteur", "Preis laut Rahmenvertrag niedriger"],
    "quantity": ["Short delivery: 2 pallets missing", "Quantity invoiced exceeds quantity received",
                 "Returned goods not credited", "Quantité facturée supérieure à la quantité livrée",
                 "Mengendifferenz laut Wareneingang"],
    "delivery": ["Goods damaged on delivery", "Late delivery, penalty claimed by customer",
                 "Proof of delivery requested", "Wrong item delivered, return in progress",
                 'Customer says: "never received", POD sent']}
OVERDUE_COMMENTS = [
    "Invoice re-sent by email", "Customer says invoice not received", "AP contact on leave until next week",
    "Waiting for PO number from purchasing", 'Customer: "payment in next run"',
    "Approval pending, signatory absent", "Relance téléphonique, en attente de validation",
    "Rechnung liegt zur Freigabe vor", "Copy of delivery note sent, awaiting approval",
    "Paiement bloqué, attente bon de commande", "New AP system at customer, delays expected"]
INFO_STATUS = [
    ("info:invoice_resent", "Invoice copy sent again on request"),
    ("info:po_missing", "Customer requires the PO number on the invoice"),
    ("info:payment_scheduled", "Scheduled in the customer's next payment run"),
    ("info:address_change", "Billing address changed, invoice re-issued to new address")]
CN_COMMENTS = ["Returned goods", "Price correction", "Volume rebate", "Avoir pour retour marchandise",
               "Gutschrift Preisdifferenz", "Commercial gesture, damaged packaging"]


def draw_delay(rng, prof):
    if prof == 0:
        d = min(8, max(-12, round(rng.gauss(-1, 4))))
    elif prof == 1:
        d = min(35, max(-5, round(rng.gauss(9, 7))))
    elif prof == 2:
        d = min(80, max(0, round(rng.gauss(30, 14))))
    else:
        d = min(300, 40 + int(rng.expovariate(1 / 55.0)))
    if rng.random() < 0.02:
        d += rng.randint(30, 90)
    return d


MONTHS = []  # (first ordinal, [weekday ordinals]), 2025-01 .. 2026-06
for _y, _m in [(2025, m) for m in range(1, 13)] + [(2026, m) for m in range(1, 7)]:
    _first = date(_y, _m, 1).toordinal()
    _next = date(_y + (_m == 12), _m % 12 + 1, 1).toordinal()
    MONTHS.append((_first, [o for o in range(_first, min(_next, A + 1))
                            if weekday(o) < 5 and date.fromordinal(o).strftime("%m-%d")
                            not in ("01-01", "05-01", "12-25")]))
MONTH_WEIGHT = []
for _i in range(len(MONTHS)):
    _mon = date.fromordinal(MONTHS[_i][0]).month
    _season = {8: 0.65, 12: 0.85, 7: 0.95, 1: 0.95}.get(_mon, 1.0)
    MONTH_WEIGHT.append((1 + 0.012 * _i) * _season)


def split_counts(total, weights):
    """Largest-remainder split of an integer total by weights (deterministic)."""
    s = sum(weights)
    if s <= 0 or total <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def gen_amount(rng, mean_cents, lo=10000, hi=5000000):
    c = int(rng.lognormvariate(0, 0.7) * mean_cents)
    c = max(lo, min(hi, c))
    if rng.random() < 0.2:
        c = max(lo, c // 100 * 100)
    return c


def generate_items(rng, custs, n_items):
    # Activity: volume weight and active window (month indices).
    nm = len(MONTHS)
    prospects = 2 if len(custs) >= 50 else 0
    candidates = [c for c in custs if c.ctype == "sme" and not c.pc_id and c.payer is c]
    zero = set()
    if prospects and len(candidates) > 10:
        for c in rng.sample(candidates, prospects):
            zero.add(c.seq)
    # Litigation customers: very late payers that stopped paying and were blocked.
    lit_cands = [c for c in custs if c.co.profile == 3 and c.ctype in ("sme", "export")
                 and c.payer is c and c.seq not in zero]
    n_lit = max(1, round(len(custs) / 100)) if lit_cands else 0
    for c in rng.sample(lit_cands, min(n_lit, len(lit_cands))):
        stop = A - rng.randint(150, 260)
        c.litig = (stop, A - rng.randint(20, 90))  # (stopped paying, litigation date)
    weights = []
    for c in custs:
        w = rng.lognormvariate(0, 0.9)
        if c.ctype == "key_account":
            w *= 2.2
        elif c.ctype == "public":
            w *= 1.5
        start, end = 0, nm - 1
        r = rng.random()
        if r < 0.10:
            start = rng.randint(3, nm - 3)
        elif r < 0.15:
            end = rng.randint(6, nm - 2)
        if c.litig:
            end = max(0, min(end, month_index(c.litig[0] + 40)))
            start = 0
        c.win = (start, end)
        if c.seq in zero:
            w = 0.0
        weights.append(w * (end - start + 1) / nm)
        base = {"key_account": 600000, "public": 300000, "export": 350000, "sme": 220000}[c.ctype]
        c.mean_amt = int(base * rng.lognormvariate(0, 0.5))
    counts = split_counts(n_items, weights)
    # A few payments on account and a couple of adjustments, in exact numbers: slots
    # taken from customers drawn by volume.
    n_pay = min(max(5, round(n_items * 0.004)), n_items // 4)
    n_adj = min(max(2, round(n_items * 0.0005)), n_items // 4)
    special = [[] for _ in custs]
    cum = []
    acc = 0
    for cnt in counts:
        acc += cnt
        cum.append(acc)
    for kind, n in (("payment", n_pay), ("adjustment", n_adj)):
        for _ in range(n):
            for _try in range(20):
                i = bisect.bisect(cum, rng.randrange(acc)) if acc else 0
                if counts[i] - len(special[i]) > 1:
                    special[i].append(kind)
                    break

    types = ("invoice", "credit_note", "debit_note")
    tcum = []
    acc = 0.0
    for w in (0.905, 0.07, 0.025):
        acc += w
        tcum.append(acc)
    disputes = []
    for c, cnt, spec in zip(custs, counts, special):
        c.n_items = cnt
        if cnt == 0:
            continue
        start, end = c.win
        mcum = []
        acc = 0.0
        for i in range(start, end + 1):
            acc += MONTH_WEIGHT[i]
            mcum.append(acc)
        docs = []
        for k in range(cnt):
            mi = start + bisect.bisect(mcum, rng.random() * acc)
            mi = min(mi, end)
            day = rng.choice(MONTHS[mi][1])
            if k < len(spec):
                t = spec[k]
            else:
                t = types[min(2, bisect.bisect(tcum, rng.random() * tcum[-1]))]
            docs.append((day, t))
        docs.sort()
        simulate_customer(rng, c, docs, disputes)
    return disputes


def month_index(o):
    d = date.fromordinal(min(o, A))
    return max(0, (d.year - 2025) * 12 + d.month - 1)


def open_dispute(rng, c, lead, disputes):
    typ = pick_weighted(rng, [("price", 45), ("quantity", 30), ("delivery", 25)])
    opened = max(lead.issue + 2, lead.due + rng.randint(-20, 15))
    opened = workday(opened)
    if opened > A - 1:
        return None
    if typ == "price":
        res = 7 + int(rng.expovariate(1 / 30.0))
    elif typ == "quantity":
        res = 5 + int(rng.expovariate(1 / 15.0))
    else:
        res = 10 + int(rng.expovariate(1 / 45.0))
    if rng.random() < 0.12:  # the ones that drag on
        res += rng.randint(60, 240)
    d = Dispute()
    d.cust = c
    d.type = typ
    d.opened = opened
    d.closed = workday(opened + res)
    if d.closed > A:
        d.closed = None
    d.items = [lead]
    d.comment = rng.choice(DISPUTE_COMMENTS[typ])
    d.resolver = c.sales_rep if typ == "price" else RESOLVERS[typ][c.entity]
    lead.dispute = d
    disputes.append(d)
    return d


def simulate_customer(rng, c, docs, disputes):
    """Turn (day, type) docs of one customer into settled / open items."""
    payer = c.payer
    prof = payer.co.profile
    items = []
    invoices = []  # invoices in issue order (for credit-note origins and dispute groups)
    for day, t in docs:
        if t == "credit_note" and not invoices:
            t = "invoice"
        if t == "invoice":
            it = Item(c, t, day, gen_amount(rng, c.mean_amt))
            invoices.append(it)
        elif t == "debit_note":
            r = rng.random()
            if r < 0.45:
                amt = 4000
            elif r < 0.75:
                amt = rng.randint(500, 80000)
            else:
                amt = rng.randint(5000, 150000)
            it = Item(c, t, day, amt)
        elif t == "credit_note":
            lo = max(0, len(invoices) - 8)
            orig = invoices[rng.randint(lo, len(invoices) - 1)]
            if rng.random() < 0.25:
                cn = -orig.amount
            else:
                cn = -max(1000, orig.amount * rng.randint(5, 60) // 100)
            it = Item(c, t, day, cn)
            it.origin = orig
            it.comment = rng.choice(CN_COMMENTS) if rng.random() < 0.3 else ""
        elif t == "payment":
            it = Item(c, t, day, -rng.randint(20000, 3000000))
        else:
            cents = rng.randint(1, 50000)
            it = Item(c, t, day, cents if rng.random() < 0.5 else -cents)
        items.append(it)

    # Invoices and debit notes: due dates, disputes, settlement.
    for it in items:
        if it.type not in ("invoice", "debit_note"):
            continue
        it.due = it.issue + c.terms
        it.due_exp = rng.random() >= 0.15
        it.cur_exp = rng.random() >= 0.2
    for idx, it in enumerate(invoices):
        if it.dispute is not None:
            continue
        p = 0.05 if c.ctype == "key_account" else 0.03
        if rng.random() < p and it.issue < A - 5:
            d = open_dispute(rng, c, it, disputes)
            if d is not None and rng.random() < 0.25:
                for other in invoices[idx + 1: idx + 1 + rng.randint(1, 2)]:
                    if other.dispute is None and other.issue <= d.opened:
                        other.dispute = d
                        d.items.append(other)
    for it in items:
        if it.type in ("invoice", "debit_note"):
            settle(rng, c, prof, it, items)
    # Credit notes, payments, adjustments.
    for it in items:
        if it.type == "credit_note":
            settle_credit_note(rng, it)
        elif it.type == "payment":
            settle_payment(rng, it)
        elif it.type == "adjustment":
            it.comment = rng.choice(["Rounding difference", "Exchange rate difference",
                                     "Small balance write-off", "Écart de règlement"])
            if rng.random() < 0.5:
                it.add_alloc(min(A, it.issue + rng.randint(0, 30)), it.amount)
    c.items.extend(items)


def settle(rng, c, prof, it, new_items):
    amt = it.amount
    d = it.dispute
    p0 = workday(max(it.due + draw_delay(rng, prof), it.issue + 1))
    pay = p0
    if c.litig and pay > c.litig[0]:
        pay = None
    if d is not None:
        if d.closed is None:
            # Open dispute: a price dispute sometimes has its undisputed part paid.
            if d.type == "price" and p0 < A and rng.random() < 0.3 and amt >= 20000:
                it.add_alloc(p0, amt * rng.randint(50, 85) // 100)
            return
        if d.type in ("price", "quantity") and rng.random() < 0.6 and it is d.items[0]:
            # Resolution with a credit note netted against the invoice on closing day.
            x = max(100, amt * rng.randint(5, 40) // 100)
            cn = Item(c, "credit_note", d.closed, -x)
            cn.comment = "Credit note after %s dispute" % d.type
            cn.cur_exp = rng.random() >= 0.2
            cn.add_alloc(d.closed, -x)
            cn.origin = it
            new_items.append(cn)
            it.add_alloc(d.closed, x)
        if pay is not None:
            pay = workday(max(pay, d.closed + rng.randint(2, 20)))
    rest = it.open
    if pay is not None and pay <= A:
        r = rng.random()
        if r < 0.04 and pay - it.issue >= 12:
            p1 = rng.randint(it.issue + 3, pay - 5)
            a1 = rest * rng.randint(30, 70) // 100
            it.add_alloc(p1, a1)
            it.add_alloc(pay, rest - a1)
        elif r < 0.05 and rest > 100000:
            short = rng.randint(500, 3500)
            it.add_alloc(pay, rest - short)
            it.short = True
        else:
            it.add_alloc(pay, rest)
        return
    # Open at A. Long-overdue invoices sometimes got installments.
    p_inst = 0.2 if prof == 3 else 0.1
    if d is None and it.due < A - 20 and rest >= 20000 and rng.random() < p_inst:
        lo = max(it.issue + 1, it.due - 10)
        k = 2 if rng.random() < 0.5 and A - 1 - lo > 10 else 1
        days = sorted(rng.sample(range(lo, A), k)) if A - lo >= k else []
        total = rest * rng.randint(20, 70) // 100 // 100 * 100
        if days and total > 0:
            if k == 2:
                first = total // 2 // 100 * 100
                it.add_alloc(days[0], first)
                it.add_alloc(days[1], total - first)
            else:
                it.add_alloc(days[0], total)


def settle_credit_note(rng, it):
    if it.allocs:  # dispute credit note, already consumed
        return
    it.due = it.issue
    it.cur_exp = rng.random() >= 0.2
    use = workday(it.issue + rng.randint(0, 35))
    if use > A or rng.random() < (0.15 if use > A - 60 else 0.02):
        return  # still open (waiting for the next payment or a refund)
    x = it.amount
    if rng.random() < 0.06:
        x = it.amount * rng.randint(30, 70) // 100
    it.add_alloc(use, x)
    orig = it.origin
    if orig is not None and orig.dispute is None and rng.random() < 0.7:
        net = -x
        bal = orig.bal_at(use)
        if bal >= net > 0 and use >= orig.issue:
            take_back(orig, use, net)


def take_back(inv, day, net):
    """Net a credit note of `net` cents against invoice `inv` on `day`: the sum rule holds
    (what was open or paid later is reduced by the same amount)."""
    inv.add_alloc(day, net)
    remain = net
    if inv.open < 0:  # the credit note took what was still open, then later payments
        remain = -inv.open
        inv.open = 0
        for d in sorted(inv.allocs, reverse=True):
            if remain == 0:
                break
            if d <= day:
                continue
            cut = min(remain, inv.allocs[d])
            inv.allocs[d] -= cut
            if inv.allocs[d] == 0:
                del inv.allocs[d]
            remain -= cut
        assert remain == 0


def settle_payment(rng, it):
    r = rng.random()
    if r < 0.5:
        it.issue = workday(A - rng.randint(3, 45))
        if it.issue > A:
            it.issue -= 7
        it.comment = rng.choice(["Payment received without remittance advice",
                                 "Unidentified transfer, customer contacted",
                                 "Virement sans référence de facture", ""])
        if rng.random() < 0.3:
            it.status = "info:unidentified"
            it.status_date = min(A, it.issue + 2)
    elif r < 0.8:
        d = min(A, it.issue + rng.randint(0, 20))
        it.add_alloc(d, it.amount * rng.randint(30, 90) // 100)
        it.comment = "Remaining balance to be applied" if rng.random() < 0.5 else ""
    else:
        it.add_alloc(min(A, it.issue + rng.randint(0, 10)), it.amount)
    it.due = it.issue


def assign_statuses(rng, custs):
    for c in custs:
        if not c.items:
            continue
        promise = None
        if rng.random() < 0.3:
            s = A - rng.randint(2, 40)
            if rng.random() < 0.55 or s + 2 > A - 1:
                pd = A + rng.randint(1, 25)
            else:
                pd = rng.randint(s + 2, A - 1)
            promise = (s, pd)
        for it in c.items:
            if it.type not in ("invoice", "debit_note") or it.open <= 0:
                continue
            d = it.dispute
            if d is not None and d.closed is None:
                it.status = "dispute:" + d.type
                it.status_date = d.opened
                if rng.random() < 0.9:
                    it.comment = d.comment
                continue
            overdue = it.due < A
            if it.short and it.open <= 5000 and it.open < it.amount:
                if rng.random() < 0.6:
                    it.status = "ignored"
                    it.status_date = min(A, max(it.allocs) + rng.randint(3, 30))
                    it.comment = "Bank charges deducted by the customer, below write-off threshold"
                continue
            if c.litig and overdue and it.due < c.litig[1]:
                it.status = "litigation"
                it.status_date = max(c.litig[1], it.issue)
                it.comment = rng.choice(["Transmis au cabinet de recouvrement Lebrun & Associés",
                                         "Injonction de payer déposée",
                                         "Handed over to debt collection agency",
                                         "An Inkassobüro übergeben"])
                continue
            if it.type == "debit_note" and it.amount == 4000 and overdue and rng.random() < 0.3:
                it.status = "ignored"
                it.status_date = min(A, it.due + rng.randint(1, 20))
                it.comment = "Recovery indemnity waived, commercial decision"
                continue
            if overdue:
                if promise and it.due < promise[0] and rng.random() < 0.85:
                    s, pd = promise
                    it.status = "promise"
                    it.status_date = s
                    it.promise_date = pd
                    if rng.random() < 0.85:
                        it.comment = rng.choice([
                            "Promised payment by transfer on %s" % iso(pd),
                            "Paiement promis par virement pour le %s" % iso(pd),
                            "Zahlung zugesagt bis %s" % iso(pd),
                            "AP confirmed: in payment run of %s, after approval" % iso(pd)])
                    continue
                r = rng.random()
                if r < 0.03:
                    st, cm = rng.choice(INFO_STATUS)
                    it.status = st
                    it.status_date = min(A, it.due + rng.randint(1, 15))
                    it.comment = cm
                elif r < 0.18:
                    it.comment = rng.choice(OVERDUE_COMMENTS)
            elif rng.random() < 0.01:
                st, cm = rng.choice(INFO_STATUS)
                it.status = st
                it.status_date = max(it.issue, A - rng.randint(0, 10))
                it.comment = cm


def set_credit_fields(rng, custs):
    for c in custs:
        out = sum(it.open for it in c.items)
        sales = sum(it.amount for it in c.items if it.type == "invoice")
        months = max(1, c.win[1] - c.win[0] + 1) if c.items else 1
        monthly = sales // months // 100
        base_units = max(out // 100, 0)
        if c.n_items == 0:
            c.credit_limit = 10000 * 100
        elif c.ctype == "public" and rng.random() < 0.8 or rng.random() < 0.08:
            c.credit_limit = None
        elif rng.random() < 0.1 and base_units > 2000:
            c.credit_limit = nice_round(base_units * rng.randint(50, 90) // 100) * 100
        else:
            x = max(base_units * rng.randint(80, 180) // 100, monthly * rng.randint(100, 300) // 100)
            c.credit_limit = nice_round(x) * 100
        if c.currency != "EUR" and c.credit_limit is not None and rng.random() < 0.4:
            c.cl_cur = "EUR"
        if c.ctype != "public" and rng.random() < 0.55:
            c.insurer = pick_weighted(rng, [("Allianz Trade", 45), ("Coface", 30), ("Atradius", 25)])
            ref = c.credit_limit if c.credit_limit is not None and not c.cl_cur else \
                max(100000, out)
            if c.co.profile == 3 and rng.random() < 0.1:
                c.insured = 0
            else:
                c.insured = nice_round(ref // 100 * rng.randint(40, 100) // 100) * 100
            c.ins_ext = str(pick_weighted(rng, [(60, 25), (90, 35), (150, 40)]))
    insured = [c for c in custs if c.insured]
    insured.sort(key=lambda c: (-c.insured, c.seq))
    insured = insured[: max(1, len(insured) // 3)]  # temporary cover for the larger ones
    kinds = [(date(2026, 5, 1), date(2026, 9, 30)), (date(2025, 10, 1), date(2026, 3, 31)),
             (date(2026, 7, 1), date(2026, 12, 31)), (date(2026, 6, 15), date(2026, 8, 31))]
    n = min(len(insured), max(1, round(len(custs) / 60)))
    for i, c in enumerate(rng.sample(insured, n)):
        f, t = kinds[i % len(kinds)]
        c.tmp = (nice_round(c.insured // 100 // 2) * 100, f.isoformat(), t.isoformat())


# ---------------------------------------------------------------------------
# Collection history
# ---------------------------------------------------------------------------

CALL_OUTCOMES = [("no_answer", 35), ("voicemail", 15), ("reached", 25), ("promise", 20),
                 ("wrong_number", 5)]
CALL_COMMENTS = {
    "no_answer": ["", "", "Line busy"],
    "voicemail": ["Left a message for AP", "Message laissé au service comptable"],
    "reached": ["Invoice in approval, payment expected next week", "Spoke to AP, will check and call back",
                "Zahlung wird geprüft", "Facture en cours de validation, rappeler lundi"],
    "promise": ["Promised transfer within 10 days", "Accord pour un virement fin de mois",
                "Zahlung zum Monatsende zugesagt"],
    "wrong_number": ["Number no longer valid, asked sales rep for a new contact"],
}


def simulate_actions(rng, custs, scen_defs):
    """Per payer, replay the scenario steps with holds and temporization."""
    by_payer = {}
    for c in custs:
        for it in c.items:
            if it.type in ("invoice", "debit_note"):
                by_payer.setdefault(c.payer.seq, []).append(it)
    # (entity, date, payer_id, scenario, step_order, channel, step, items, user, outcome, comment)
    actions = []
    for pseq in sorted(by_payer):
        items = by_payer[pseq]
        payer = items[0].cust.payer
        until = COLLECTOR_UNTIL[payer.collector]
        contact = {"email": bool(payer.co.email), "sms": bool(payer.co.phone),
                   "call": bool(payer.co.phone), "letter": bool(payer.co.address), "task": True}
        queues = {}
        info = {}
        for it in items:
            sc = scen_defs[it.cust.scen_eff]
            paid = it.paid_date()
            hold = []
            d = it.dispute
            if d is not None:
                hold.append((d.opened, d.closed if d.closed is not None else 10 ** 9))
            if it.status == "promise":
                hold.append((it.status_date, it.promise_date))
            stop = it.status_date if it.status in ("litigation", "ignored") else None
            info[it.seq] = (paid, hold, stop, sc)
            t = it.due + sc["steps"][0][1]
            queues.setdefault((sc["id"], 0), [])
            heapq.heappush(queues[(sc["id"], 0)], (max(t, it.issue), it.seq, it))
        last = None
        warned = set()
        while True:
            best = None
            for key in sorted(queues):
                h = queues[key]
                while h:
                    av, _, it = h[0]
                    paid = info[it.seq][0]
                    if paid is not None and paid <= av:
                        heapq.heappop(h)
                        continue
                    break
                if h:
                    cand = (h[0][0], key[1], key)
                    if best is None or cand < best:
                        best = cand
            if best is None:
                break
            avail, step_idx, key = best
            sc = scen_defs[key[0]]
            gap = sc["gap"]
            d = avail if last is None else max(avail, last + gap)
            if rng.random() < 0.1:
                d += rng.randint(1, 4)
            d = workday(d)
            if d > until:
                break
            sid, offset, channel = sc["steps"][step_idx]
            h = queues[key]
            group = []
            while h and h[0][0] <= d:
                _, _, it = heapq.heappop(h)
                paid, hold, stop, _sc = info[it.seq]
                if paid is not None and paid <= d:
                    continue
                if stop is not None and d >= stop:
                    continue
                held = None
                for f, t in hold:
                    if f <= d <= t:
                        held = t
                if held is not None:
                    if held + 1 <= A:
                        heapq.heappush(h, (held + 1, it.seq, it))
                    continue
                if offset <= 0 and d > it.due:
                    push_next(queues, sc, step_idx, it, d)
                    continue
                group.append(it)
            if not group:
                continue
            if not contact[channel]:
                what = {"email": "email address", "sms": "mobile number", "call": "phone number",
                        "letter": "postal address"}[channel]
                if what not in warned:
                    warned.add(what)
                    actions.append((payer.entity, d, payer.cid, "", 0, "task", "", group,
                                    payer.collector, "missing_contact",
                                    "No %s on file, asked %s for it" % (what, payer.sales_rep)))
                    last = d
                continue  # the items stay at this step: the agenda reports the error
            if channel == "call":
                outcome = pick_weighted(rng, CALL_OUTCOMES)
                comment = rng.choice(CALL_COMMENTS[outcome])
            elif channel == "email" and rng.random() < 0.015:
                outcome, comment = "bounced", "Mailbox full"
            else:
                outcome, comment = "sent", ""
            actions.append((payer.entity, d, payer.cid, sc["id"], step_idx, channel, sid, group,
                            payer.collector, outcome, comment))
            last = d
            for it in group:
                push_next(queues, sc, step_idx, it, d)
    # Formal notices before litigation, out of scenario.
    for c in custs:
        if c.litig:
            lit = [it for it in c.items if it.status == "litigation"]
            if lit:
                actions.append((c.entity, workday(c.litig[1] - 15), c.payer.cid, "", 9, "letter", "",
                                lit, c.payer.collector, "sent",
                                "Mise en demeure envoyée en recommandé AR"))
    return actions


def push_next(queues, sc, step_idx, it, d):
    nxt = step_idx + 1
    if nxt >= len(sc["steps"]):
        return
    t = it.due + sc["steps"][nxt][1]
    key = (sc["id"], nxt)
    heapq.heappush(queues.setdefault(key, []), (max(t, d + 1), it.seq, it))


# ---------------------------------------------------------------------------
# FX
# ---------------------------------------------------------------------------


def fx_rows(rng):
    rows = []
    rates = {"USD": 9200, "GBP": 11700}  # in 1/10000 EUR
    bounds = {"USD": (8800, 9600), "GBP": (11300, 12100)}
    for y, m in [(2024, 12)] + [(2025, mm) for mm in range(1, 13)] + [(2026, mm) for mm in range(1, 7)]:
        day = date(y, m, 1).isoformat()
        for cur in ("GBP", "USD"):
            lo, hi = bounds[cur]
            r = rates[cur] + rng.randint(-80, 80)
            r = max(lo, min(hi, r))
            rates[cur] = r
            s = "%d.%04d" % (r // 10000, r % 10000)
            s = s.rstrip("0").rstrip(".")
            rows.append([day, cur, s])
    return rows


# ---------------------------------------------------------------------------
# Main generation
# ---------------------------------------------------------------------------


def generate(outdir, seed, n_customers, n_items):
    rng_c = random.Random("%d/customers" % seed)
    rng_i = random.Random("%d/items" % seed)
    rng_s = random.Random("%d/statuses" % seed)
    rng_a = random.Random("%d/actions" % seed)
    rng_f = random.Random("%d/fx" % seed)

    custs = build_customers(rng_c, n_customers)
    disputes = generate_items(rng_i, custs, n_items)
    assign_statuses(rng_s, custs)
    set_credit_fields(rng_c, custs)

    # Item ids: per entity, per type prefix and year, numbered in issue order.
    all_items = []
    for c in custs:
        all_items.extend(c.items)
    for i, it in enumerate(all_items):
        it.seq = i
    all_items.sort(key=lambda it: (it.cust.entity, it.issue, TYPE_ORDER[it.type], it.cust.seq, it.seq))
    counters = {}
    for it in all_items:
        pfx = ITEM_PREFIX[it.cust.entity][it.type]
        year = (date.fromordinal(it.issue).year)
        k = (it.cust.entity, pfx, year)
        n = counters.get(k, 0) + 1
        counters[k] = n
        it.iid = "%s%d-%06d" % (pfx, year, n)
    all_items.sort(key=lambda it: (it.cust.entity, it.issue, it.iid))

    scen_defs = {}
    for s in SCENARIOS["scenarios"]:
        scen_defs[s["id"]] = {"id": s["id"], "gap": s["min_gap_days"],
                              "steps": [(st["id"], st["offset_days"], st["channel"]) for st in s["steps"]]}
    actions = simulate_actions(rng_a, custs, scen_defs)

    os.makedirs(outdir, exist_ok=True)
    # customers.csv
    rows = []
    for c in custs:
        co = c.co
        rows.append([
            c.entity, c.cid, co.name, co.group_code, co.legal_id, co.parent_id, c.pc_id,
            c.ctype, co.country, co.language, c.currency,
            str(c.terms) if c.terms_exp else "",
            money(c.credit_limit) if c.credit_limit is not None else "", c.cl_cur,
            co.rating, c.insurer, money(c.insured) if c.insured is not None else "", c.ins_ext,
            money(c.tmp[0]) if c.tmp else "", c.tmp[1] if c.tmp else "", c.tmp[2] if c.tmp else "",
            c.scenario, c.collector, c.sales_rep, co.email, co.phone, co.address, co.region, co.score])
    write_csv(os.path.join(outdir, "customers.csv"), CUSTOMER_COLS, rows)
    n_cust = len(rows)

    # items.csv and allocations.csv
    def item_rows():
        for it in all_items:
            c = it.cust
            yield [c.entity, it.iid, c.cid, it.type, iso(it.issue), iso(it.due) if it.due_exp else "",
                   c.currency if it.cur_exp else "", money(it.amount), money(it.open), it.status,
                   iso(it.status_date) if it.status_date is not None else "",
                   iso(it.promise_date) if it.promise_date is not None else "", it.comment]
    write_csv(os.path.join(outdir, "items.csv"), ITEM_COLS, item_rows())
    alloc_list = []
    for it in all_items:
        if it.allocs:
            for d, v in it.allocs.items():
                alloc_list.append((it.cust.entity, it.iid, d, v))
    alloc_list.sort()
    write_csv(os.path.join(outdir, "allocations.csv"), ALLOC_COLS,
              ([e, i, iso(d), money(v)] for e, i, d, v in alloc_list))

    # disputes.csv
    disputes.sort(key=lambda d: (d.cust.entity, d.opened, d.cust.cid, min(it.iid for it in d.items)))
    dcount = {}
    drows = []
    for d in disputes:
        n = dcount.get(d.cust.entity, 0) + 1
        dcount[d.cust.entity] = n
        d.did = "DSP%05d" % n
        drows.append([d.cust.entity, d.did, d.cust.cid, d.type, iso(d.opened),
                      iso(d.closed) if d.closed is not None else "", d.resolver,
                      " ".join(sorted(it.iid for it in d.items)), d.comment])
    write_csv(os.path.join(outdir, "disputes.csv"), DISPUTE_COLS, drows)

    # actions.csv
    actions.sort(key=lambda a: (a[0], a[1], a[2], a[4], a[3], a[6]))
    acount = {}
    arows = []
    for (ent, d, cid, scen, _order, channel, step, group, user, outcome, comment) in actions:
        n = acount.get(ent, 0) + 1
        acount[ent] = n
        arows.append([ent, "A%07d" % n, cid, iso(d), channel, scen, step,
                      " ".join(sorted(it.iid for it in group)), user, outcome, comment])
    write_csv(os.path.join(outdir, "actions.csv"), ACTION_COLS, arows)

    fx = fx_rows(rng_f)
    write_csv(os.path.join(outdir, "fx.csv"), FX_COLS, fx)
    write_json(os.path.join(outdir, "scenarios.json"), SCENARIOS)
    write_json(os.path.join(outdir, "company.json"), COMPANY)
    write_json(os.path.join(outdir, "risk.json"), RISK)
    return {"customers.csv": n_cust, "items.csv": len(all_items),
            "allocations.csv": len(alloc_list), "disputes.csv": len(drows),
            "actions.csv": len(arows), "fx.csv": len(fx)}


# ---------------------------------------------------------------------------
# Verification (--check DIR)
# ---------------------------------------------------------------------------

AMOUNT2 = re.compile(r"^-?(0|[1-9][0-9]*)\.[0-9]{2}$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
RATE_RE = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]{0,5}[1-9])?$")


def cents(s):
    neg = s.startswith("-")
    a, b = s.lstrip("-").split(".")
    v = int(a) * 100 + int(b)
    return -v if neg else v


def read_table(path, header, errors):
    with open(path, "rb") as fh:
        raw = fh.read()
    if raw.startswith(b"\xef\xbb\xbf"):
        errors.append("%s: BOM" % path)
    if b"\r" in raw:
        errors.append("%s: CR found" % path)
    text = raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows or rows[0] != header:
        errors.append("%s: header %r" % (path, rows[0] if rows else None))
        return []
    canon = "".join(csv_line(r) for r in rows)
    if canon != text:
        errors.append("%s: not in canonical CSV form" % path)
    for r in rows[1:]:
        if len(r) != len(header):
            errors.append("%s: row width %r" % (path, r[:2]))
        elif any(f != f.strip(" ") for f in r):
            errors.append("%s: leading or trailing blank in %r" % (path, r[:2]))
    return [dict(zip(header, r)) for r in rows[1:]]


def check(outdir):
    errors = []

    def err(msg):
        if len(errors) < 200:
            errors.append(msg)

    def d(s):
        return date.fromisoformat(s).toordinal()

    p = lambda n: os.path.join(outdir, n)
    custs = read_table(p("customers.csv"), CUSTOMER_COLS, errors)
    items = read_table(p("items.csv"), ITEM_COLS, errors)
    allocs = read_table(p("allocations.csv"), ALLOC_COLS, errors)
    disputes = read_table(p("disputes.csv"), DISPUTE_COLS, errors)
    actions = read_table(p("actions.csv"), ACTION_COLS, errors)
    fx = read_table(p("fx.csv"), FX_COLS, errors)
    for n in ("scenarios.json", "company.json", "risk.json"):
        with open(p(n), encoding="utf-8") as fh:
            text = fh.read()
        if json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n" != text:
            err("%s: not pretty-printed canonically" % n)

    # customers
    ckey = {}
    keys = [(c["entity"], c["customer_id"]) for c in custs]
    if keys != sorted(keys):
        err("customers.csv: not sorted")
    legal_ents = {}
    for c in custs:
        k = (c["entity"], c["customer_id"])
        if k in ckey:
            err("duplicate customer %s" % (k,))
        ckey[k] = c
        if c["legal_id"]:
            legal_ents.setdefault(c["legal_id"], set()).add(c["entity"])
        for f in ("credit_limit", "insured_amount", "temporary_insured_amount"):
            if c[f] and not AMOUNT2.match(c[f]):
                err("customer %s: %s %r" % (k, f, c[f]))
        if c["currency"] not in ("EUR", "USD", "GBP"):
            err("customer %s: currency" % (k,))
        if c["payment_terms_days"] not in ("", "30", "45", "60"):
            err("customer %s: terms" % (k,))
    n_pc = 0
    for c in custs:
        if c["payment_center"]:
            n_pc += 1
            pc = ckey.get((c["entity"], c["payment_center"]))
            if pc is None or pc is c:
                err("customer %s/%s: payment_center %s not in entity"
                    % (c["entity"], c["customer_id"], c["payment_center"]))
    shared = sorted(lid for lid, ents in legal_ents.items() if len(ents) > 1)

    # fx
    rates = {}
    for r in fx:
        if not RATE_RE.match(r["rate"]) or r["currency"] == "EUR":
            err("fx: bad row %r" % r)
        rates.setdefault(r["currency"], []).append(d(r["date"]))

    # items
    ikey = {}
    keys = [(it["entity"], it["issue_date"], it["item_id"]) for it in items]
    if keys != sorted(keys):
        err("items.csv: not sorted")
    for it in items:
        k = (it["entity"], it["item_id"])
        if k in ikey:
            err("duplicate item %s" % (k,))
        ikey[k] = it
        c = ckey.get((it["entity"], it["customer_id"]))
        if c is None:
            err("item %s: unknown customer" % (k,))
            continue
        for f in ("amount", "open_amount"):
            if not AMOUNT2.match(it[f]):
                err("item %s: %s %r" % (k, f, it[f]))
        amt, opn = cents(it["amount"]), cents(it["open_amount"])
        t = it["type"]
        if t in ("invoice", "debit_note") and amt <= 0 or t in ("credit_note", "payment") and amt >= 0:
            err("item %s: sign" % (k,))
        if opn * amt < 0 or abs(opn) > abs(amt):
            err("item %s: open_amount" % (k,))
        iss = d(it["issue_date"])
        if not START <= iss <= A:
            err("item %s: issue_date out of range" % (k,))
        terms = int(c["payment_terms_days"] or 30)
        if it["due_date"]:
            if t in ("invoice", "debit_note") and d(it["due_date"]) != iss + terms:
                err("item %s: due_date != issue + terms" % (k,))
        if it["currency"] and it["currency"] != c["currency"]:
            err("item %s: currency differs from customer's" % (k,))
        cur = it["currency"] or c["currency"]
        if cur != "EUR":
            if not any(x <= iss for x in rates.get(cur, [])):
                err("item %s: no %s rate on or before %s" % (k, cur, it["issue_date"]))
        for f in ("status_date", "promise_date"):
            if it[f] and not DATE_RE.match(it[f]):
                err("item %s: %s" % (k, f))
        if it["status_date"] and d(it["status_date"]) > A:
            err("item %s: status_date after as-of" % (k,))
        st = it["status"]
        if st:
            cat = st.split(":")[0]
            if cat not in ("promise", "dispute", "litigation", "ignored", "info"):
                err("item %s: status %r" % (k, st))
            if cat == "promise" and not it["promise_date"]:
                err("item %s: promise without date" % (k,))
        it["_sum"] = 0
        it["_amt"] = amt
        it["_open"] = opn

    # allocations
    keys = [(a["entity"], a["item_id"], a["date"]) for a in allocs]
    if keys != sorted(keys):
        err("allocations.csv: not sorted")
    if len(set(keys)) != len(keys):
        err("allocations.csv: duplicate (item, date)")
    for a in allocs:
        it = ikey.get((a["entity"], a["item_id"]))
        if it is None:
            err("allocation for unknown item %s/%s" % (a["entity"], a["item_id"]))
            continue
        if not AMOUNT2.match(a["amount"]):
            err("allocation %s: amount %r" % (a["item_id"], a["amount"]))
            continue
        v = cents(a["amount"])
        if v == 0 or v * it["_amt"] < 0:
            err("allocation %s: sign" % a["item_id"])
        ad = d(a["date"])
        if ad < d(it["issue_date"]) or ad > A:
            err("allocation %s: date %s outside [issue, as-of]" % (a["item_id"], a["date"]))
        it["_sum"] += v
    for k, it in ikey.items():
        if it.get("_sum", 0) != it.get("_amt", 0) - it.get("_open", 0):
            err("item %s: allocations %s != amount - open %s" % (k, it["_sum"], it["_amt"] - it["_open"]))

    # disputes
    open_disputed = {}
    for r in disputes:
        if (r["entity"], r["customer_id"]) not in ckey:
            err("dispute %s: unknown customer" % r["dispute_id"])
        if r["type"] not in ("price", "quantity", "delivery"):
            err("dispute %s: type" % r["dispute_id"])
        od = d(r["opened_date"])
        if od > A or (r["closed_date"] and not od <= d(r["closed_date"]) <= A):
            err("dispute %s: dates" % r["dispute_id"])
        for iid in r["item_ids"].split(" "):
            it = ikey.get((r["entity"], iid))
            if it is None or it["customer_id"] != r["customer_id"]:
                err("dispute %s: item %s" % (r["dispute_id"], iid))
                continue
            if not r["closed_date"]:
                open_disputed[(r["entity"], iid)] = r["type"]
                if it["status"] != "dispute:" + r["type"] or it["_open"] <= 0:
                    err("dispute %s: item %s status %r" % (r["dispute_id"], iid, it["status"]))
    for k, it in ikey.items():
        if it["status"].startswith("dispute") and k not in open_disputed:
            err("item %s: dispute status without open dispute" % (k,))

    # actions
    steps = {}
    with open(p("scenarios.json"), encoding="utf-8") as fh:
        for s in json.load(fh)["scenarios"]:
            steps[s["id"]] = {st["id"]: st["channel"] for st in s["steps"]}
    for r in actions:
        if (r["entity"], r["customer_id"]) not in ckey:
            err("action %s: unknown customer" % r["action_id"])
        if d(r["date"]) > A:
            err("action %s: after as-of" % r["action_id"])
        if r["scenario"] and steps.get(r["scenario"], {}).get(r["step"]) != r["channel"]:
            err("action %s: step/channel" % r["action_id"])
        for iid in r["item_ids"].split(" "):
            it = ikey.get((r["entity"], iid))
            if it is None:
                err("action %s: unknown item %s" % (r["action_id"], iid))
                continue
            c = ckey[(it["entity"], it["customer_id"])]
            payer = c["payment_center"] or c["customer_id"]
            if payer != r["customer_id"]:
                err("action %s: item %s not of this payer" % (r["action_id"], iid))
            if d(it["issue_date"]) > d(r["date"]):
                err("action %s: item %s issued after the action" % (r["action_id"], iid))

    stats = {
        "customers": len(custs), "items": len(items), "allocations": len(allocs),
        "disputes": len(disputes), "open_disputes": sum(1 for r in disputes if not r["closed_date"]),
        "actions": len(actions), "fx": len(fx), "payment_centers": n_pc,
        "legal_ids_in_both_entities": len(shared),
        "open_items": sum(1 for it in items if it["open_amount"] not in ("0.00",)),
        "types": {t: sum(1 for it in items if it["type"] == t) for t in TYPE_ORDER},
        "statuses": {}, "languages": sorted(set(c["language"] for c in custs)),
        "countries": sorted(set(c["country"] for c in custs)),
    }
    for it in items:
        if it["status"]:
            cat = it["status"]
            stats["statuses"][cat] = stats["statuses"].get(cat, 0) + 1
    stats["statuses"] = dict(sorted(stats["statuses"].items()))
    return errors, stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir", nargs="?", help="data directory to write")
    ap.add_argument("--seed", type=int, default=20260630)
    ap.add_argument("--customers", type=int, default=240)
    ap.add_argument("--items", type=int, default=6000)
    ap.add_argument("--check", metavar="DIR", help="validate DIR and exit")
    args = ap.parse_args(argv)
    if args.check:
        errors, stats = check(args.check)
        print(json.dumps(stats, indent=1, ensure_ascii=False))
        for e in errors:
            print("ERROR", e, file=sys.stderr)
        return 1 if errors else 0
    if not args.outdir:
        ap.error("OUTDIR is required (or --check DIR)")
    if args.customers < 2 or args.items < 1:
        ap.error("--customers >= 2 and --items >= 1")
    counts = generate(args.outdir, args.seed, args.customers, args.items)
    for k, v in counts.items():
        print("%-16s %d rows" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
