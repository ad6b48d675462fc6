"""Every user-facing string, in French and English, and formatting that follows the language.

No Streamlit here: the pages, the charts and the tests all read this one catalogue.
Formats follow a column's suffix (`_count`, `_rate`, `_days`, `_day`, `_at`), so a card, an axis
and a table say the same number the same way.
"""

import numbers
from datetime import date, datetime
from zoneinfo import ZoneInfo

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
PARIS = ZoneInfo("Europe/Paris")
MISSING = "—"
# French typography (CLDR): a narrow no-break space groups thousands and precedes "%".
NNBSP = "\u202f"

CATALOGUE: dict[str, dict[str, str]] = {
    # The frame ----------------------------------------------------------------------------
    "nav.today": {"fr": "Aujourd'hui", "en": "Today"},
    "nav.data": {"fr": "Données", "en": "Data"},
    "lang.label": {"fr": "Langue", "en": "Language"},
    "lang.fr": {"fr": "Français", "en": "Français"},
    "lang.en": {"fr": "English", "en": "English"},
    "warehouse.missing.title": {"fr": "Aucune donnée pour l'instant", "en": "No data yet"},
    "warehouse.missing.body": {
        "fr": "L'entrepôt de données `{path}` n'existe pas encore. Construisez la démonstration "
        "avec `{demo}` ou importez des exports avec `{ingest}`, puis rechargez la page.",
        "en": "The data warehouse `{path}` does not exist yet. Build the demo with `{demo}` "
        "or import exports with `{ingest}`, then reload the page.",
    },
    "warehouse.unreadable.title": {"fr": "Entrepôt illisible", "en": "Warehouse unreadable"},
    "warehouse.unreadable.body": {
        "fr": "L'entrepôt de données `{path}` ne peut pas être lu par cette version : {error}",
        "en": "This release cannot read the data warehouse `{path}`: {error}",
    },
    "warehouse.empty": {
        "fr": "L'entrepôt ne contient encore aucune demande ni aucun contact.",
        "en": "The warehouse holds no application and no contact yet.",
    },
    # The filter bar ------------------------------------------------------------------------
    "filters.header": {"fr": "Filtres", "en": "Filters"},
    "filters.from": {"fr": "Du", "en": "From"},
    "filters.to": {"fr": "Au", "en": "To"},
    "filters.title_types": {"fr": "Type de titre", "en": "Title type"},
    "filters.departments": {"fr": "Département", "en": "Department"},
    "filters.channels": {"fr": "Canal de contact", "en": "Contact channel"},
    "filters.all": {"fr": "Tous", "en": "All"},
    "filters.reset": {"fr": "Réinitialiser", "en": "Reset"},
    "filters.swapped": {
        "fr": "La date de début était après la date de fin : les deux ont été inversées.",
        "en": "The start date was after the end date: the two were swapped.",
    },
    "filters.channels_help": {
        "fr": "Le canal ne restreint que les contacts, pas les demandes.",
        "en": "The channel restricts contacts only, not applications.",
    },
    "filters.data_range": {
        "fr": "Données du {first} au {last}.",
        "en": "Data from {first} to {last}.",
    },
    # Today: the director's morning view -----------------------------------------------------
    "today.title": {"fr": "Aujourd'hui", "en": "Today"},
    "today.subtitle": {
        "fr": "Indicateurs du {day}, comparés aux 7 jours précédents ; tendances du {start} au {end}.",
        "en": "Indicators of {day}, compared with the previous 7 days; trends from {start} to {end}.",
    },
    "today.headline": {"fr": "Les deux standards", "en": "The two standards"},
    "today.secondary": {
        "fr": "Indicateurs classiques du centre de contact (secondaires)",
        "en": "Classic contact-centre indicators (secondary)",
    },
    # Coloured discs drawn with a text glyph: an emoji would need a colour-emoji font on the machine.
    "today.light.good": {"fr": ":green[●]", "en": ":green[●]"},
    "today.light.watch": {"fr": ":orange[●]", "en": ":orange[●]"},
    "today.light.bad": {"fr": ":red[●]", "en": ":red[●]"},
    "today.light.none": {"fr": ":gray[○]", "en": ":gray[○]"},
    "today.light_legend": {
        "fr": ":green[●] dans la cible · :orange[●] à surveiller · :red[●] hors seuil · :gray[○] sans seuil ou "
        "sans donnée. Flèche : écart avec les 7 jours précédents, en vert quand il va dans le bon sens ; "
        "courbe : les 90 derniers jours (moyennes sur 7 jours).",
        "en": ":green[●] on target · :orange[●] to watch · :red[●] beyond threshold · :gray[○] no threshold or "
        "no data. Arrow: change from the previous 7 days, green when it goes the right way; line: the last "
        "90 days (7-day averages).",
    },
    "today.target": {"fr": "Cible {target}", "en": "Target {target}"},
    "today.target_backlog": {"fr": "Cible ≤ {value} hors délai", "en": "Target ≤ {value} past target"},
    "today.target_at_least": {"fr": "≥ {value}", "en": "≥ {value}"},
    "today.target_at_most": {"fr": "≤ {value}", "en": "≤ {value}"},
    "today.year_before": {"fr": "il y a un an {value}", "en": "a year before {value}"},
    "today.no_year_before": {
        "fr": "Pas de données un an avant ce jour : pas de comparaison annuelle.",
        "en": "No data a year before this day: no yearly comparison.",
    },
    "today.more_than": {"fr": "plus de {days}", "en": "more than {days}"},
    "today.median": {"fr": "médiane {value}", "en": "median {value}"},
    "today.over_target": {"fr": "dont {count} hors délai", "en": "{count} past target"},
    "today.throughput": {"fr": "{count} sorties par jour", "en": "{count} finished per day"},
    "today.provisional": {"fr": "dont {count} provisoires", "en": "{count} provisional"},
    "today.per_day_before": {"fr": "moyenne {value} par jour", "en": "average {value} a day"},
    "today.points": {"fr": "{value} pts", "en": "{value} pts"},
    "today.hours": {"fr": "{value} h", "en": "{value} h"},
    "today.score": {"fr": "{value} / 5", "en": "{value} / 5"},
    "today.days_short": {"fr": "{value} j", "en": "{value} d"},
    "today.card.once_and_done_rate": {"fr": "Une fois pour toutes", "en": "Once and done"},
    "today.card.within_target_rate": {"fr": "Titres délivrés dans le délai", "en": "Titles delivered on time"},
    "today.card.cohort_p90": {"fr": "Délai réel p90", "en": "True delay p90"},
    "today.card.backlog": {"fr": "Demandes en attente", "en": "Applications waiting"},
    "today.card.failure_demand_rate": {"fr": "Demande évitable", "en": "Failure demand"},
    "today.card.delivery_days_p90": {"fr": "Délai des titres délivrés p90", "en": "Delivery time p90"},
    "today.card.days_to_clear": {"fr": "Jours pour résorber", "en": "Days to clear"},
    "today.card.right_first_time_rate": {"fr": "Bon du premier coup", "en": "Right first time"},
    "today.card.contacts": {"fr": "Contacts reçus", "en": "Contacts received"},
    "today.card.pickup_rate": {"fr": "Taux de décroché", "en": "Pickup rate"},
    "today.card.mail_response_hours_p90": {"fr": "Réponse aux courriels p90", "en": "Mail response p90"},
    "today.card.csat_avg": {"fr": "Satisfaction (CSAT)", "en": "Satisfaction (CSAT)"},
    "today.help.once_and_done_rate": {
        "fr": "Part des demandes d'usagers réglées en un seul contact résolu, tous canaux confondus. Une demande "
        "regroupe les contacts d'un usager sur un même sujet (une demande de titre, sinon un motif) espacés de "
        "{window} jours au plus ; elle compte le jour de son premier contact. Une demande récente est provisoire : "
        "un nouveau contact peut encore arriver.",
        "en": "Share of citizens' demands settled by one resolved contact, whatever the channel. A demand gathers "
        "one citizen's contacts on one subject (an application, else a reason) no more than {window} days apart; "
        "it counts on the day of its first contact. A recent demand is provisional: a repeat may still come.",
    },
    "today.help.within_target_rate": {
        "fr": "Part des titres délivrés ce jour-là en un délai (dépôt en ligne → remise) inférieur ou égal à la cible "
        "de leur type de titre.",
        "en": "Share of the titles delivered that day within the target delay of their title type (online "
        "submission → delivery).",
    },
    "today.help.cohort_p90": {
        "fr": "Délai dans lequel 90 % des demandes déposées pendant les 4 semaines finissant ce jour-là sont (ou "
        "seront) délivrées, en comptant celles encore en attente (estimation de Kaplan-Meier). Quand il n'est pas "
        "encore connu, on sait seulement qu'il dépasse le plus long suivi.",
        "en": "Delay within which 90% of the applications submitted in the 4 weeks ending that day are (or will be) "
        "delivered, counting those still waiting (Kaplan-Meier estimate). When not yet known, all we know is that "
        "it exceeds the longest follow-up.",
    },
    "today.help.backlog": {
        "fr": "Demandes déposées avant la fin du jour et sans statut final (délivrée, refusée, annulée) à cette date. "
        "Hors délai : plus anciennes que la cible de leur type de titre ; le voyant en dépend.",
        "en": "Applications submitted before the end of the day with no final status (delivered, rejected, "
        "cancelled) by then. Past target: older than their title type's target; the light follows that share.",
    },
    "today.help.failure_demand_rate": {
        "fr": "Part des contacts dont le motif révèle un échec du service : {reasons}.",
        "en": "Share of the contacts whose reason shows a failure of the service: {reasons}.",
    },
    "today.help.delivery_days_p90": {
        "fr": "90 % des titres délivrés ce jour-là l'ont été en ce délai ou moins. Ne compte que les titres "
        "délivrés : quand l'attente s'allonge, il sous-estime le délai réel.",
        "en": "90% of the titles delivered that day took this long or less. Counts delivered titles only: while "
        "waits grow it understates the true delay.",
    },
    "today.help.days_to_clear": {
        "fr": "Demandes en attente divisées par les sorties par jour (titres délivrés, refusés ou annulés) des 7 "
        "derniers jours : le temps qu'il faudrait pour vider le stock sans nouvelle entrée.",
        "en": "Applications waiting divided by the applications finished per day (delivered, rejected or "
        "cancelled) over the last 7 days: the time to empty the stock with no new arrival.",
    },
    "today.help.right_first_time_rate": {
        "fr": "Part des demandes arrivées ce jour-là à leur terme (délivrées ou refusées) sans avoir jamais été "
        "renvoyées incomplètes.",
        "en": "Share of the applications that reached their end that day (delivered or rejected) without ever "
        "being sent back as incomplete.",
    },
    "today.help.contacts": {
        "fr": "Contacts reçus ce jour-là, tous canaux sauf filtre. Comparaison : moyenne par jour des 7 jours précédents.",
        "en": "Contacts received that day, every channel unless filtered. Comparison: average a day over the "
        "previous 7 days.",
    },
    "today.help.pickup_rate": {
        "fr": "Appels décrochés / appels reçus. Indicateur secondaire : décrocher plus vite ne règle pas la demande.",
        "en": "Calls answered / calls received. Secondary: answering faster does not settle the demand.",
    },
    "today.help.mail_response_hours_p90": {
        "fr": "90 % des courriels et formulaires reçus ce jour-là et traités ont eu une réponse en ce délai ou moins.",
        "en": "90% of the emails and web forms received that day and answered got a reply within this time.",
    },
    "today.help.csat_avg": {
        "fr": "Moyenne des notes de satisfaction (1 à 5) données ce jour-là.",
        "en": "Average of the satisfaction marks (1 to 5) given that day.",
    },
    "today.trends": {"fr": "Tendances", "en": "Trends"},
    "today.trend.once_and_done": {"fr": "Une fois pour toutes, par jour", "en": "Once and done, by day"},
    "today.trend.delivery": {
        "fr": "Délai p90 : titres délivrés contre délai réel des demandes déposées",
        "en": "Delay p90: titles delivered against the true delay of applications submitted",
    },
    "today.trend.delivery_note": {
        "fr": "L'écart entre les deux courbes est le retard que cache un stock qui grossit : les titres délivrés "
        "ne disent rien de ceux qui attendent encore.",
        "en": "The gap between the two curves is the delay a growing backlog hides: delivered titles say nothing "
        "of those still waiting.",
    },
    "today.trend.backlog": {"fr": "Stock, entrées et sorties", "en": "Backlog, inflow and throughput"},
    "today.trend.empty": {"fr": "Aucune donnée sur cette période.", "en": "No data in this period."},
    "today.attention": {"fr": "À regarder", "en": "What needs attention"},
    "today.attention_none": {
        "fr": "Rien ne dépasse les seuils et aucun stock hors délai ne grossit.",
        "en": "Nothing is beyond its threshold and no backlog past target is growing.",
    },
    "today.attention.card": {
        "fr": "{light} **{label}** : {value} ({target})",
        "en": "{light} **{label}**: {value} ({target})",
    },
    "today.attention.segment": {
        "fr": ":orange[▲] **{segment}** : hors délai {count} ({growth} en une semaine)",
        "en": ":orange[▲] **{segment}**: past target {count} ({growth} in a week)",
    },
    "today.attention.link": {"fr": "Expliquer", "en": "Explain"},
    "today.department": {"fr": "Département {code}", "en": "Department {code}"},
    "chart.once_and_done_daily": {"fr": "Par jour", "en": "Daily"},
    "chart.once_and_done_7d": {"fr": "Moyenne sur 7 jours", "en": "7-day average"},
    "chart.provisional": {"fr": "Provisoire", "en": "Provisional"},
    "chart.target": {"fr": "Cible", "en": "Target"},
    "chart.delivered_p90": {"fr": "Titres délivrés (par jour de délivrance)", "en": "Titles delivered (by delivery day)"},
    "chart.cohort_p90": {"fr": "Délai réel (par semaine de dépôt)", "en": "True delay (by week of submission)"},
    "chart.cohort_at_least": {"fr": "Pas encore connu : au moins", "en": "Not yet known: at least"},
    "chart.backlog": {"fr": "Demandes en attente", "en": "Applications waiting"},
    "chart.inflow_per_day": {"fr": "Entrées par jour (moy. 7 j)", "en": "Inflow a day (7-day avg)"},
    "chart.throughput_per_day": {"fr": "Sorties par jour (moy. 7 j)", "en": "Finished a day (7-day avg)"},
    "chart.days": {"fr": "jours", "en": "days"},
    "chart.applications": {"fr": "demandes", "en": "applications"},
    "chart.per_day": {"fr": "par jour", "en": "a day"},
    "freshness.badge": {
        "fr": "Données au **{as_of}** · dernier import le {imported}",
        "en": "Data as of **{as_of}** · last import {imported}",
    },
    "filters.day": {"fr": "Jour affiché", "en": "Day shown"},
    "filters.trend_from": {"fr": "Tendances depuis le", "en": "Trends since"},
    # Data --------------------------------------------------------------------------------
    "data.title": {"fr": "Données et imports", "en": "Data and imports"},
    "data.freshness": {"fr": "Fraîcheur", "en": "Freshness"},
    "data.imports": {"fr": "Historique des imports", "en": "Import history"},
    "data.imports_caption": {
        "fr": "Une ligne par fichier importé, les imports les plus récents d'abord. Imports affichés : {shown} sur {total}.",
        "en": "One row per imported file, latest imports first. Imports shown: {shown} of {total}.",
    },
    "data.no_imports": {"fr": "Aucun import pour l'instant.", "en": "No import yet."},
    "data.quarantine": {"fr": "Quarantaine", "en": "Quarantine"},
    "data.quarantine_caption": {
        "fr": "Lignes refusées par l'import, gardées entières avec leur fichier, leur numéro de ligne et la raison.",
        "en": "Rows the import refused, kept whole with their file, line number and reason.",
    },
    "data.quarantine_empty": {
        "fr": "Aucune ligne en quarantaine : tout ce qui a été lu a été chargé.",
        "en": "No row in quarantine: everything read was loaded.",
    },
    "data.quarantine_by_reason": {"fr": "Par raison", "en": "By reason"},
    "data.quarantine_rows": {"fr": "Les lignes", "en": "The rows"},
    "data.quarantine_reason_filter": {"fr": "Raison", "en": "Reason"},
    "data.quarantine_shown": {
        "fr": "Lignes affichées : {shown} sur {total}.",
        "en": "Rows shown: {shown} of {total}.",
    },
    # Column labels: a dataset's column names, said for a person ----------------------------
    "column.submitted_count": {"fr": "Demandes déposées", "en": "Applications submitted"},
    "column.delivered_count": {"fr": "Titres délivrés", "en": "Titles delivered"},
    "column.open_count": {"fr": "Demandes en cours", "en": "Applications open"},
    "column.contacts_count": {"fr": "Contacts reçus", "en": "Contacts received"},
    "column.week_start_day": {"fr": "Semaine du (lundi)", "en": "Week of (Monday)"},
    "column.title_type": {"fr": "Type de titre", "en": "Title type"},
    "column.as_of": {"fr": "Date des données", "en": "Data as of"},
    "column.last_import_at": {"fr": "Dernier import", "en": "Last import"},
    "column.requests_count": {"fr": "Demandes", "en": "Applications"},
    "column.request_events_count": {"fr": "Événements de demande", "en": "Application events"},
    "column.quarantined_count": {"fr": "Lignes en quarantaine", "en": "Rows in quarantine"},
    "column.import_id": {"fr": "Import", "en": "Import"},
    "column.finished_at": {"fr": "Terminé le", "en": "Finished at"},
    "column.user_name": {"fr": "Par", "en": "By"},
    "column.host_name": {"fr": "Machine", "en": "Host"},
    "column.command": {"fr": "Commande", "en": "Command"},
    "column.file_name": {"fr": "Fichier", "en": "File"},
    "column.kind": {"fr": "Type de fichier", "en": "Kind of file"},
    "column.rows_read": {"fr": "Lues", "en": "Read"},
    "column.rows_new": {"fr": "Nouvelles", "en": "New"},
    "column.rows_updated": {"fr": "Mises à jour", "en": "Updated"},
    "column.rows_unchanged": {"fr": "Inchangées", "en": "Unchanged"},
    "column.rows_quarantined": {"fr": "En quarantaine", "en": "Quarantined"},
    "column.unmatched_request_links": {"fr": "Liens vers une demande inconnue", "en": "Links to an unknown application"},
    "column.ignored_columns": {"fr": "Colonnes ignorées", "en": "Ignored columns"},
    "column.reason": {"fr": "Raison", "en": "Reason"},
    "column.row_count": {"fr": "Lignes", "en": "Rows"},
    "column.file_count": {"fr": "Fichiers", "en": "Files"},
    "column.last_import_id": {"fr": "Dernier import", "en": "Latest import"},
    "column.line_number": {"fr": "Ligne", "en": "Line"},
    "column.detail": {"fr": "Détail", "en": "Detail"},
    "column.record_key": {"fr": "Identifiant", "en": "Id"},
    "column.row_json": {"fr": "Ligne refusée", "en": "Refused row"},
    # Enumerated values: title types ------------------------------------------------------
    "title_type.vehicle_registration": {"fr": "Immatriculation", "en": "Vehicle registration"},
    "title_type.driving_licence": {"fr": "Permis de conduire", "en": "Driving licence"},
    "title_type.id_card": {"fr": "Carte d'identité", "en": "Identity card"},
    "title_type.passport": {"fr": "Passeport", "en": "Passport"},
    # Statuses (stages) -------------------------------------------------------------------
    "status.submitted": {"fr": "Déposée", "en": "Submitted"},
    "status.incomplete": {"fr": "Incomplète", "en": "Incomplete"},
    "status.resubmitted": {"fr": "Complétée", "en": "Resubmitted"},
    "status.in_review": {"fr": "En instruction", "en": "In review"},
    "status.approved": {"fr": "Validée", "en": "Approved"},
    "status.in_production": {"fr": "En fabrication", "en": "In production"},
    "status.shipped": {"fr": "Expédiée", "en": "Shipped"},
    "status.delivered": {"fr": "Délivrée", "en": "Delivered"},
    "status.rejected": {"fr": "Refusée", "en": "Rejected"},
    "status.cancelled": {"fr": "Annulée", "en": "Cancelled"},
    # Submission channels -----------------------------------------------------------------
    "submission_channel.online": {"fr": "En ligne", "en": "Online"},
    "submission_channel.assisted": {"fr": "Accompagnée (point d'accueil, mairie)", "en": "Assisted (help point, town hall)"},
    "submission_channel.professional": {"fr": "Professionnel (garage, auto-école)", "en": "Professional (dealer, driving school)"},
    # Contact channels --------------------------------------------------------------------
    "channel.phone": {"fr": "Téléphone", "en": "Phone"},
    "channel.email": {"fr": "Courriel", "en": "Email"},
    "channel.chatbot": {"fr": "Assistant en ligne", "en": "Chatbot"},
    "channel.webform": {"fr": "Formulaire web", "en": "Web form"},
    # Contact reasons ---------------------------------------------------------------------
    "reason.status_inquiry": {"fr": "Où en est ma demande ?", "en": "Status inquiry"},
    "reason.documents": {"fr": "Pièces justificatives", "en": "Documents"},
    "reason.technical_issue": {"fr": "Problème technique", "en": "Technical issue"},
    "reason.payment": {"fr": "Paiement", "en": "Payment"},
    "reason.correction": {"fr": "Correction", "en": "Correction"},
    "reason.identity_fraud": {"fr": "Usurpation d'identité", "en": "Identity fraud"},
    "reason.other": {"fr": "Autre", "en": "Other"},
    # Contact outcomes --------------------------------------------------------------------
    "outcome.resolved": {"fr": "Résolu", "en": "Resolved"},
    "outcome.escalated": {"fr": "Escaladé", "en": "Escalated"},
    "outcome.transferred": {"fr": "Transféré", "en": "Transferred"},
    "outcome.callback": {"fr": "Rappel prévu", "en": "Callback"},
    "outcome.abandoned": {"fr": "Abandonné", "en": "Abandoned"},
    "outcome.pending": {"fr": "En attente", "en": "Pending"},
    # Kinds of export file ----------------------------------------------------------------
    "kind.requests": {"fr": "Demandes", "en": "Applications"},
    "kind.request_events": {"fr": "Événements de demande", "en": "Application events"},
    "kind.contacts": {"fr": "Contacts", "en": "Contacts"},
    # Quarantine reasons (codes written by the import) --------------------------------------
    "quarantine_reason.missing_value": {"fr": "Valeur obligatoire absente", "en": "Missing required value"},
    "quarantine_reason.bad_timestamp": {"fr": "Horodatage illisible", "en": "Unreadable timestamp"},
    "quarantine_reason.unknown_value": {"fr": "Valeur inconnue", "en": "Unknown value"},
    "quarantine_reason.unknown_request": {"fr": "Demande inconnue", "en": "Unknown application"},
    "quarantine_reason.before_submission": {"fr": "Événement avant le dépôt", "en": "Event before submission"},
    "quarantine_reason.csat_out_of_range": {"fr": "Satisfaction hors de 1 à 5", "en": "Satisfaction outside 1–5"},
    "quarantine_reason.bad_number": {"fr": "Nombre illisible", "en": "Unreadable number"},
    "quarantine_reason.answered_before_received": {"fr": "Réponse avant réception", "en": "Answered before received"},
    "quarantine_reason.conflicting_duplicate": {"fr": "Doublon contradictoire", "en": "Conflicting duplicate"},
    # Quarantine details: what is wrong with a row, from its column and value --------------------
    "quarantine_detail.missing_value": {"fr": "{column} est vide", "en": "{column} is empty"},
    "quarantine_detail.bad_timestamp": {
        "fr": "{column} « {value} » n'est pas un horodatage reconnu",
        "en": "{column} “{value}” is not a timestamp",
    },
    "quarantine_detail.unknown_value": {
        "fr": "{column} « {value} » n'est pas une valeur prévue",
        "en": "{column} “{value}” is not an accepted value",
    },
    "quarantine_detail.unknown_request": {
        "fr": "la demande « {value} » est inconnue : importer la demande, puis ce fichier à nouveau",
        "en": "application “{value}” is unknown: import it, then this file again",
    },
    "quarantine_detail.before_submission": {
        "fr": "{column} {value} est antérieur au dépôt de la demande",
        "en": "{column} {value} is before the application was submitted",
    },
    "quarantine_detail.csat_out_of_range": {
        "fr": "{column} « {value} » n'est pas un entier de 1 à 5",
        "en": "{column} “{value}” is not a whole number from 1 to 5",
    },
    "quarantine_detail.bad_number": {
        "fr": "{column} « {value} » n'est pas un nombre entier de secondes",
        "en": "{column} “{value}” is not a whole number of seconds",
    },
    "quarantine_detail.answered_before_received": {
        "fr": "{column} {value} est antérieur à received_at",
        "en": "{column} {value} is before received_at",
    },
    "quarantine_detail.conflicting_duplicate": {
        "fr": "{column} « {value} » figure plusieurs fois dans ce fichier, avec des contenus différents",
        "en": "{column} “{value}” appears more than once in this file, with different content",
    },
    # Units -------------------------------------------------------------------------------
    "unit.day": {"fr": "jour", "en": "day"},
    "unit.days": {"fr": "jours", "en": "days"},
}

# Enumerated kinds whose values have a label, as the catalogue prefixes them.
ENUM_KINDS = ("title_type", "status", "submission_channel", "channel", "reason", "outcome", "kind", "quarantine_reason")


def _language(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str | None = DEFAULT_LANGUAGE, **fmt) -> str:
    """The catalogue's text for `key` in `lang`, with `{placeholders}` filled from `fmt`."""
    text = CATALOGUE[key][_language(lang)]
    return text.format(**fmt) if fmt else text


def has(key: str) -> bool:
    return key in CATALOGUE


def label(kind: str, value, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """The label of an enumerated value (`label("channel", "phone", "fr")` → "Téléphone").

    An unknown value is shown as it is (a department code, a team name, a new title type).
    """
    if value is None:
        return MISSING
    key = f"{kind}.{value}"
    return t(key, lang) if key in CATALOGUE else str(value)


def quarantine_detail(reason: str, column: str | None, value: str | None, fallback: str, lang: str | None) -> str:
    """What is wrong with a quarantined row, in the reader's language (the import's sentence otherwise)."""
    key = f"quarantine_detail.{reason}"
    if key not in CATALOGUE or column is None:
        return fallback  # a row quarantined before the column was recorded
    return t(key, lang, column=column, value=value if value is not None else "")


def column_label(column: str, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A dataset column's name said for a person; the raw name when the catalogue has none."""
    key = f"column.{column}"
    return t(key, lang) if key in CATALOGUE else column


# Formatting ------------------------------------------------------------------------------


def format_number(x, lang: str | None = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """`1 234,5` in French (narrow no-break space, decimal comma), `1,234.5` in English."""
    if x is None:
        return MISSING
    text = f"{x:,.{decimals}f}"
    if text in ("-0", "-0." + "0" * decimals):  # a rounded tiny negative is zero
        text = text[1:]
    if _language(lang) == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return text


def format_rate(x, lang: str | None = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A fraction 0–1 as a percentage: `67,3 %` in French, `67.3%` in English."""
    if x is None:
        return MISSING
    number = format_number(x * 100, lang, decimals)
    return f"{number}{NNBSP}%" if _language(lang) == "fr" else f"{number}%"


def format_day(d, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A calendar day: `29/11/2018` in French, `2018-11-29` in English."""
    if d is None:
        return MISSING
    if isinstance(d, datetime):
        d = d.date()
    return d.strftime("%d/%m/%Y") if _language(lang) == "fr" else d.isoformat()


def format_instant(ts, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """An instant in Paris time, to the minute: `29/11/2018 14:05` / `2018-11-29 14:05`."""
    if ts is None:
        return MISSING
    if ts.tzinfo is not None:
        ts = ts.astimezone(PARIS)
    return f"{format_day(ts.date(), lang)} {ts:%H:%M}"


def format_days(x, lang: str | None = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A duration in days: `12,5 jours` / `12.5 days`; `1 jour` / `1 day`."""
    if x is None:
        return MISSING
    number = format_number(x, lang, decimals)
    unit = t("unit.day", lang) if abs(round(x, decimals)) == 1 else t("unit.days", lang)
    return f"{number}{NNBSP if _language(lang) == 'fr' else ' '}{unit}"


def format_value(column: str, value, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A value formatted as its column's suffix says (`_count`, `_rate`, `_days`, `_day`, `_at`)."""
    if value is None:
        return MISSING
    if column.endswith("_rate"):
        return format_rate(value, lang)
    if column.endswith("_days"):
        return format_days(value, lang)
    if column.endswith("_day"):
        return format_day(value, lang)
    if column.endswith("_at") or column == "as_of":
        return format_instant(value, lang)
    if isinstance(value, numbers.Real):  # numpy's numbers too
        return format_number(value, lang, 0 if isinstance(value, numbers.Integral) or column.endswith("_count") else 1)
    if isinstance(value, date):
        return format_day(value, lang)
    return str(value)


def plotly_separators(lang: str | None = DEFAULT_LANGUAGE) -> str:
    """Plotly's `separators` layout value: the decimal mark, then the thousands mark."""
    return "," + NNBSP if _language(lang) == "fr" else ".,"


def plotly_month_format(lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A d3 month format for axes whose ticks fall on months: `11/2018` / `2018-11`."""
    return "%m/%Y" if _language(lang) == "fr" else "%Y-%m"


def plotly_day_format(lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A d3 date format for day axes and hovers (numeric: month names would need a JS locale)."""
    return "%d/%m/%Y" if _language(lang) == "fr" else "%Y-%m-%d"
