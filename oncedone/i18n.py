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
    "nav.delivery": {"fr": "Délivrance", "en": "Delivery"},
    "nav.contacts": {"fr": "Contacts", "en": "Contacts"},
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
        "fr": "L'entrepôt de données `{path}` ne peut pas être lu par cette version : {error}",
        "en": "This release cannot read the data warehouse `{path}`: {error}",
    },
    "warehouse.busy": {
        "fr": "Le tableau de bord est très sollicité en ce moment et n'a pas pu terminer ce calcul. "
        "Veuillez recharger la page dans quelques instants.",
        "en": "The dashboard is very busy right now and could not finish this computation. "
        "Please reload the page in a moment.",
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
        "fr": "La date de début était après la date de fin : les deux ont été inversées.",
        "en": "The start date was after the end date: the two were swapped.",
    },
    "filters.outside_scope": {
        "fr": "Ce lien nomme {values}, hors de votre périmètre\u202f: rien n'en est affiché\u202f; les filtres ne proposent que ce que vous pouvez voir.",
        "en": "This link names {values}, outside your scope: none of it is shown; the filters offer only what you may see.",
    },
    "scope.missing": {
        "fr": "Accès non déterminé\u202f: aucune donnée n'est affichée. Reconnectez-vous ou contactez l'équipe data.",
        "en": "Access could not be determined: no data is shown. Log in again or contact the data team.",
    },
    "filters.start_corrected": {
        "fr": "Le début des tendances tombait après le jour affiché : il a été ramené au {start}.",
        "en": "The trends' start fell after the day shown: it was moved back to {start}.",
    },
    "table.wide_cue": {
        "fr": "Tableau plus large que l'écran : faites-le défiler de côté ; {columns} reste affiché.",
        "en": "The table is wider than the screen: scroll it sideways; {columns} stays in view.",
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
        "fr": "Indicateurs du {day}, comparés au {compared} ; tendances du {start} au {end}.",
        "en": "Indicators of {day}, compared with {compared}; trends from {start} to {end}.",
    },
    "today.headline": {"fr": "Les deux engagements de service", "en": "The two service commitments"},
    "today.secondary": {
        "fr": "Indicateurs classiques du centre de contact (secondaires)",
        "en": "Classic contact-centre indicators (secondary)",
    },
    # Coloured discs drawn with a text glyph: an emoji would need a colour-emoji font on the machine.
    "today.light.good": {"fr": ":green-badge[**✓**]", "en": ":green-badge[**✓**]"},
    "today.light.watch": {"fr": ":orange-badge[**!**]", "en": ":orange-badge[**!**]"},
    "today.light.bad": {"fr": ":red-badge[**✕**]", "en": ":red-badge[**✕**]"},
    "today.light.none": {"fr": ":gray-badge[**–**]", "en": ":gray-badge[**–**]"},
    "today.light_legend": {
        "fr": ":green-badge[**✓**] dans la cible · :orange-badge[**!**] à surveiller · :red-badge[**✕**] hors seuil · :gray-badge[**–**] sans seuil ou sans donnée. Flèche : écart avec le même jour de la semaine précédente, en vert quand il va dans le bon sens ; courbe : la période des tendances (moyennes sur 7 jours).",
        "en": ":green-badge[**✓**] on target · :orange-badge[**!**] to watch · :red-badge[**✕**] beyond threshold · :gray-badge[**–**] no threshold or no data. Arrow: change from the same weekday a week before, green when it goes the right way; line: the trends' period (7-day averages).",
    },
    "today.target": {"fr": "Cible {target}", "en": "Target {target}"},
    "today.target_backlog": {"fr": "Cible ≤ {value} hors délai", "en": "Target ≤ {value} past target"},
    "today.target_at_least": {"fr": "≥ {value}", "en": "≥ {value}"},
    "today.target_at_most": {"fr": "≤ {value}", "en": "≤ {value}"},
    "today.year_before": {"fr": "il y a un an : {value}", "en": "a year before: {value}"},
    "today.no_year_before": {
        "fr": "Pas de données un an avant ce jour : pas de comparaison annuelle.",
        "en": "No data a year before this day: no yearly comparison.",
    },
    "today.more_than": {"fr": "> {days}", "en": "> {days}"},  # "more than": short enough for a card
    "today.median": {"fr": "médiane {value}", "en": "median {value}"},
    "today.over_target": {"fr": "dont {count} hors délai", "en": "{count} past target"},
    "today.throughput": {"fr": "{count} sorties par jour", "en": "{count} finished per day"},
    "today.provisional": {"fr": "dont {count} provisoires", "en": "{count} provisional"},
    "today.per_day_before": {"fr": "moyenne {value} par jour", "en": "average {value} a day"},
    "today.points": {"fr": "{value} pts", "en": "{value} pts"},
    "today.hours": {"fr": "{value} h", "en": "{value} h"},
    "today.days_short": {"fr": "{value} j", "en": "{value} d"},
    "today.card.once_and_done_rate": {"fr": "Réglé au premier contact", "en": "Once and done"},
    "today.card.within_target_rate": {"fr": "Délivrés dans le délai", "en": "Delivered on time"},
    "today.card.cohort_p90": {"fr": "Délai réel, 90e centile", "en": "True delay, 90th centile"},
    "today.card.backlog": {"fr": "Demandes en cours", "en": "Open applications"},
    "today.card.failure_demand_rate": {"fr": "Contacts évitables", "en": "Failure demand"},
    "today.card.delivery_days_p90": {"fr": "Délivrés, 90e centile", "en": "Delivered, 90th centile"},
    "today.card.days_to_clear": {"fr": "Jours pour résorber", "en": "Days to clear"},
    "today.card.right_first_time_rate": {"fr": "Bon du premier coup", "en": "Right first time"},
    "today.card.contacts": {"fr": "Contacts reçus", "en": "Contacts received"},
    "today.card.pickup_rate": {"fr": "Taux de décroché", "en": "Pickup rate"},
    "today.card.mail_response_hours_p90": {"fr": "Courriels, 90e centile", "en": "Mail reply, 90th centile"},
    "today.card.csat_avg": {"fr": "Satisfaction (1 à 5)", "en": "Satisfaction (1 to 5)"},
    "today.help.once_and_done_rate": {
        "fr": "Part des sollicitations d'usagers réglées en un seul contact résolu, tous canaux confondus. Une sollicitation regroupe les contacts d'un usager sur un même sujet (une demande de titre, sinon un motif) espacés de {window} jours au plus ; elle compte le jour de son premier contact. Une sollicitation récente est provisoire : un nouveau contact peut encore arriver. Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "Share of citizens' demands settled by one resolved contact, whatever the channel. A demand gathers one citizen's contacts on one subject (an application, else a reason) no more than {window} days apart; it counts on the day of its first contact. A recent demand is provisional: a repeat may still come. Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
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
        "fr": "Demandes déposées avant la fin du jour et sans statut final (délivrée, refusée, annulée) à cette date. Hors délai : plus anciennes que la cible de leur type de titre ; le voyant en dépend.",
        "en": "Applications submitted before the end of the day with no final status (delivered, rejected, cancelled) by then. Past target: older than their title type's target; the light follows that share.",
    },
    "today.help.failure_demand_rate": {
        "fr": "Part des contacts dont le motif révèle un échec du service : {reasons}. Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "Share of the contacts whose reason shows a failure of the service: {reasons}. Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
    },
    "today.help.delivery_days_p90": {
        "fr": "90 % des titres délivrés ce jour-là l'ont été en ce délai ou moins. Ne compte que les titres délivrés : quand l'attente s'allonge, il sous-estime le délai réel.",
        "en": "90% of the titles delivered that day took this long or less. Counts delivered titles only: while waits grow it understates the true delay.",
    },
    "today.help.days_to_clear": {
        "fr": "Demandes en cours divisées par les sorties par jour (titres délivrés, refusés ou annulés) des 7 derniers jours : le temps qu'il faudrait pour vider le stock sans nouvelle entrée.",
        "en": "Open applications divided by the applications finished per day (delivered, rejected or cancelled) over the last 7 days: the time to empty the stock with no new arrival.",
    },
    "today.help.right_first_time_rate": {
        "fr": "Part des demandes arrivées ce jour-là à leur terme (délivrées ou refusées) sans avoir jamais été "
        "renvoyées incomplètes.",
        "en": "Share of the applications that reached their end that day (delivered or rejected) without ever "
        "being sent back as incomplete.",
    },
    "today.help.contacts": {
        "fr": "Contacts reçus ce jour-là, tous canaux sauf filtre. Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "Contacts received that day, every channel unless filtered. Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
    },
    "today.help.pickup_rate": {
        "fr": "Appels décrochés / appels reçus. Indicateur secondaire : décrocher plus vite ne règle pas la demande.",
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
    "today.trend.once_and_done": {"fr": "Réglé au premier contact, par jour", "en": "Once and done, by day"},
    "today.trend.delivery": {
        "fr": "Délai, 90e centile : titres délivrés contre délai réel des demandes déposées",
        "en": "Delay, 90th percentile: titles delivered against the true delay of applications submitted",
    },
    "today.trend.delivery_note": {
        "fr": "L'écart entre les deux courbes est le retard que cache un stock qui grossit : les titres délivrés ne disent rien de ceux qui attendent encore.",
        "en": "The gap between the two curves is the delay a growing backlog hides: delivered titles say nothing of those still waiting.",
    },
    "today.trend.backlog": {"fr": "Stock, entrées et sorties", "en": "Backlog, inflow and throughput"},
    "today.trend.empty": {"fr": "Aucune donnée sur cette période.", "en": "No data in this period."},
    "today.attention": {"fr": "Points d'attention", "en": "What needs attention"},
    "today.attention_none": {
        "fr": "Rien ne dépasse les seuils et aucun stock hors délai ne grossit.",
        "en": "Nothing is beyond its threshold and no backlog past target is growing.",
    },
    "today.attention.card": {
        "fr": "{light} **{label}** : {value} ({target})",
        "en": "{light} **{label}**: {value} ({target})",
    },
    "today.attention.segment": {
        "fr": ":orange-badge[**▲**] **{segment}** : {count} hors délai ({growth} en une semaine)",
        "en": ":orange-badge[**▲**] **{segment}**: {count} past target ({growth} in a week)",
    },
    "today.attention.bad": {"fr": ":red-badge[**✕ hors seuil**]", "en": ":red-badge[**✕ beyond threshold**]"},
    "today.attention.backlog": {
        "fr": "{light} **Demandes en cours hors délai** : {share} des {count} (cible ≤ {target})",
        "en": "{light} **Open applications past target**: {share} of {count} (target ≤ {target})",
    },
    "today.attention.to_day": {"fr": "→ {page}, le {day}", "en": "→ {page}, on {day}"},
    "today.attention.to_cohort": {
        "fr": "→ {page}, dépôts du {start} au {end}",
        "en": "→ {page}, submitted from {start} to {end}",
    },
    "today.attention.to_backlog": {"fr": "→ Stock au {day}", "en": "→ Backlog at {day}"},
    "today.compared": {
        "fr": "Flèche : écart avec le même jour de la semaine précédente, le {day}.",
        "en": "Arrow: change from the same weekday a week before, {day}.",
    },
    "today.attention.link": {"fr": "Expliquer", "en": "Explain"},
    "today.department": {"fr": "Département {code}", "en": "Department {code}"},
    "chart.once_and_done_daily": {"fr": "Par jour", "en": "Daily"},
    "chart.once_and_done_7d": {"fr": "Moyenne sur 7 jours", "en": "7-day average"},
    "chart.provisional": {"fr": "Provisoire", "en": "Provisional"},
    "chart.target": {"fr": "Cible", "en": "Target"},
    "chart.delivered_p90": {"fr": "Titres délivrés (par jour de délivrance)", "en": "Titles delivered (by delivery day)"},
    "chart.cohort_p90": {"fr": "Délai réel (par semaine de dépôt)", "en": "True delay (by week of submission)"},
    "chart.cohort_at_least": {"fr": "Pas encore connu : au moins", "en": "Not yet known: at least"},
    "chart.backlog": {"fr": "Demandes en cours", "en": "Open applications"},
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
    "data.quarantine_link": {
        "fr": "Lignes en quarantaine : {count}. Les voir, les corriger et les réimporter",
        "en": "Rows in quarantine: {count}. See them, fix them and import them again",
    },
    "data.imports": {"fr": "Historique des imports", "en": "Import history"},
    "data.imports_caption": {
        "fr": "Une ligne par import, les plus récents d'abord (heure de Paris). Imports affichés : {shown} sur {total}. Un import refusé (fichier inutilisable) ne change rien aux données et n'apparaît pas ici.",
        "en": "One row per import, latest first (Paris time). Imports shown: {shown} of {total}. An import refused whole (an unusable file) changes nothing and is not listed.",
    },
    "data.no_imports": {"fr": "Aucun import pour l'instant.", "en": "No import yet."},
    # Data: upload ---------------------------------------------------------------------------
    "upload.header": {"fr": "Importer des exports", "en": "Import export files"},
    "upload.caption": {
        "fr": "Fichiers CSV ou Parquet du contrat de données (demandes, événements de demande, contacts), {max_mb} Mo au plus chacun. Les fichiers choisis forment un seul import, comme en ligne de commande : si l'un d'eux est inutilisable, rien n'est chargé. Pendant l'import, chacun continue de lire les données actuelles ; les nouvelles apparaissent à la fin.",
        "en": "CSV or Parquet files of the data contract (applications, application events, contacts), {max_mb} MB at most each. The files chosen form one import, as on the command line: if one of them is unusable, nothing is loaded. During the import everyone keeps reading the current data; the new data shows at the end.",
    },
    "upload.files": {"fr": "Fichiers d'export", "en": "Export files"},
    "upload.button": {"fr": "Importer", "en": "Import"},
    "upload.refused": {"fr": "Rien n'a été importé :", "en": "Nothing was imported:"},
    "upload.problem.extension": {
        "fr": "{file} : seuls les fichiers .csv et .parquet sont acceptés.",
        "en": "{file}: only .csv and .parquet files are accepted.",
    },
    "upload.problem.too_big": {
        "fr": "{file} : {size} Mo, au-delà de la limite de {max_mb} Mo.",
        "en": "{file}: {size} MB, over the {max_mb} MB limit.",
    },
    "upload.problem.same_name": {
        "fr": "{file} : deux fichiers portent ce nom ; renommez l'un d'eux.",
        "en": "{file}: two files have this name; rename one of them.",
    },
    "upload.problem.no_name": {"fr": "Un fichier n'a pas de nom.", "en": "A file has no name."},
    "upload.running": {"fr": "Import de {files}…", "en": "Importing {files}…"},
    "upload.step.read": {"fr": "Lecture de {file}", "en": "Reading {file}"},
    "upload.step.open": {
        "fr": "Ouverture de l'entrepôt (les données actuelles restent lisibles)",
        "en": "Opening the warehouse (the current data stays readable)",
    },
    "upload.step.check": {"fr": "Contrôle des lignes de {file}", "en": "Checking the rows of {file}"},
    "upload.step.merge": {"fr": "Chargement de {file}", "en": "Loading {file}"},
    "upload.step.derive": {"fr": "Recalcul des tables dérivées", "en": "Rebuilding the derived tables"},
    "upload.step.save": {
        "fr": "Enregistrement et publication des nouvelles données",
        "en": "Saving and publishing the new data",
    },
    "upload.result": {"fr": "Résultat du dernier import de cette page", "en": "Result of this page's last import"},
    "upload.done.loaded": {
        "fr": "Import {import_id} : toutes les lignes ont été chargées, en {duration}.",
        "en": "Import {import_id}: every row loaded, in {duration}.",
    },
    "upload.done.partly_loaded": {
        "fr": "Import {import_id} : chargé en partie, en {duration}. Lignes mises en quarantaine : {quarantined} ; toutes les autres sont chargées.",
        "en": "Import {import_id}: partly loaded, in {duration}. Rows quarantined: {quarantined}; every other row is loaded.",
    },
    "upload.done.refused": {
        "fr": "Rien n'a été importé : {sentence}. Les données sont inchangées.",
        "en": "Nothing was imported: {sentence}. The data is unchanged.",
    },
    "upload.failed": {
        "fr": "L'import a échoué ; les données sont inchangées. Détail technique : {error}",
        "en": "The import failed; the data is unchanged. Technical detail: {error}",
    },
    "upload.as_of": {
        "fr": "Données désormais à jour au {as_of} (heure de Paris).",
        "en": "Data now as of {as_of} (Paris time).",
    },
    "upload.released": {
        "fr": "Lignes corrigées sorties de la quarantaine : {count}.",
        "en": "Fixed rows that left the quarantine: {count}.",
    },
    "upload.rejections": {"fr": "Lignes refusées, par raison", "en": "Rows refused, by reason"},
    # Unusable files: why nothing was imported (the import's codes) ----------------------------
    "unusable.no_such_file": {"fr": "{file} : fichier introuvable", "en": "{file}: no such file"},
    "unusable.unreadable": {"fr": "{file} : illisible ({error})", "en": "{file}: cannot be read ({error})"},
    "unusable.duplicate_column": {
        "fr": "{file} : la colonne {column} figure deux fois dans l'en-tête",
        "en": "{file}: column {column} appears twice in the header",
    },
    "unusable.not_text": {
        "fr": "{file} : ni du texte UTF-8 ni du Windows-1252 (octet {byte})",
        "en": "{file}: neither UTF-8 nor Windows-1252 text (byte {byte})",
    },
    "unusable.ragged_line": {
        "fr": "{file} : la ligne {line} a {fields} champs, l'en-tête en a {width}",
        "en": "{file}: line {line} has {fields} fields, the header has {width}",
    },
    "unusable.empty": {"fr": "{file} : le fichier est vide", "en": "{file}: the file is empty"},
    "unusable.missing_columns": {
        "fr": "{file} : un fichier « {kind} » doit avoir la ou les colonnes {columns}",
        "en": "{file}: a file of kind “{kind}” needs the column(s) {columns}",
    },
    "unusable.unknown_kind": {
        "fr": "{file} : type de fichier inconnu (son en-tête ne nomme aucune colonne des demandes, des événements de demande ni des contacts)",
        "en": "{file}: unknown kind of file (its header names none of the applications, application events or contacts columns)",
    },
    "unusable.directory": {"fr": "{file} : c'est un dossier, pas un fichier", "en": "{file}: is a folder, not a file"},
    "unusable.utf16": {
        "fr": "{file} : texte UTF-16 ou UTF-32 ; enregistrez-le en UTF-8 (ou Windows-1252) puis importez-le à nouveau",
        "en": "{file}: is UTF-16 or UTF-32 text; save it as UTF-8 (or Windows-1252) and import it again",
    },
    "unusable.line_endings": {
        "fr": "{file} : ses lignes finissent par un retour chariot seul ; enregistrez-le avec des fins de ligne "
        "Windows ou Unix",
        "en": "{file}: its lines end with a carriage return alone; save it with Windows or Unix line endings",
    },
    "unusable.bad_quote": {
        "fr": "{file} : la ligne {line} a un guillemet jamais refermé ou placé dans une valeur sans guillemets",
        "en": "{file}: line {line} has a quote that is never closed or stands inside an unquoted value",
    },
    "unusable.huge_value": {
        "fr": "{file} : la ligne {line} contient une valeur de plus de {limit} caractères, la limite d'une valeur CSV",
        "en": "{file}: line {line} holds a value longer than the {limit} characters a CSV value may have",
    },
    "unusable.not_csv": {
        "fr": "{file} : ce n'est pas un fichier CSV que l'import sait lire (vérifiez son séparateur et ses guillemets)",
        "en": "{file}: is not a CSV file the import can read (check its separator and its quotes)",
    },
    "unusable.bad_parquet": {
        "fr": "{file} : fichier Parquet illisible (abîmé, tronqué, ou une colonne d'un type non pris en charge)",
        "en": "{file}: is not a readable Parquet file (damaged, cut short, or a column of an unsupported type)",
    },
    "unusable.too_many_rows": {
        "fr": "{file} : {rows} lignes, au-delà des {max_rows} qu'un envoi peut contenir",
        "en": "{file}: has {rows} rows, more than the {max_rows} an upload may hold",
    },
    "upload.error.disk_full": {
        "fr": "Le disque de l'entrepôt est plein ; les données sont inchangées. Libérez de la place puis importez à nouveau.",
        "en": "The warehouse's disk is full; the data is unchanged. Free some space, then import again.",
    },
    "upload.error.out_of_memory": {
        "fr": "L'import a dépassé la mémoire permise aux envois ({memory_mb} Mo) et s'est arrêté ; les données sont "
        "inchangées. Importez les fichiers en plusieurs parties.",
        "en": "The import went past the memory an upload may use ({memory_mb} MB) and stopped; the data is "
        "unchanged. Import the files in smaller parts.",
    },
    # Data: completeness ----------------------------------------------------------------------
    "completeness.header": {"fr": "Complétude des données", "en": "Data completeness"},
    "completeness.caption": {
        "fr": "Du {start} au {end}. Le filtre de canal s'applique aux contacts ; les filtres de type de titre et de département ne s'appliquent pas ici, car ils masquent justement les lignes sans lien ou sans département.",
        "en": "From {start} to {end}. The channel filter applies to contacts; the title-type and department filters do not apply here, since they hide exactly the rows without a link or a department.",
    },
    "completeness.days_header": {"fr": "Jours sans données, par canal", "en": "Days without data, by channel"},
    "completeness.days_caption": {
        "fr": "Jours sans aucun contact sur un canal qui en reçoit d'habitude ce jour de la semaine (depuis son premier contact ; jours fériés exclus) : probablement un export manquant.",
        "en": "Days with no contact on a channel that usually gets some on that weekday (since its first contact; public holidays left out): probably a missing export.",
    },
    "completeness.no_gap": {
        "fr": "Aucun jour sans données sur la période, pour aucun canal.",
        "en": "No day without data in the period, on any channel.",
    },
    "completeness.badge.without_citizen": {
        "fr": "{rate} des contacts sans usager identifié, non compris dans ce taux",
        "en": "{rate} of contacts have no identified citizen: not counted in this rate",
    },
    "completeness.badge.unmatched_request": {
        "fr": "{rate} des contacts citent une demande inconnue",
        "en": "{rate} of contacts name an unknown application",
    },
    "completeness.badge.without_department": {
        "fr": "{rate} des demandes sans département",
        "en": "{rate} of applications have no department",
    },
    "completeness.badge.missing_days": {
        "fr": "{channel} : {days} sans données",
        "en": "{channel}: {days} without data",
    },
    "completeness.and_more": {"fr": " (+{count})", "en": " (+{count})"},
    # Quarantine ------------------------------------------------------------------------------
    "nav.quarantine": {"fr": "Quarantaine", "en": "Quarantine"},
    "quarantine.title": {"fr": "Quarantaine : les lignes refusées", "en": "Quarantine: the refused rows"},
    "quarantine.caption": {
        "fr": "Lignes refusées par l'import, gardées entières avec leur fichier, leur numéro de ligne et la raison. Téléchargez-les, corrigez-les, importez le fichier : une ligne corrigée sort de la quarantaine.",
        "en": "Rows the import refused, kept whole with their file, line number and reason. Download them, fix them, import the file: a fixed row leaves the quarantine.",
    },
    "quarantine.empty": {
        "fr": "Aucune ligne en quarantaine : tout ce qui a été lu a été chargé.",
        "en": "No row in quarantine: everything read was loaded.",
    },
    "quarantine.by_reason": {"fr": "Par fichier et raison", "en": "By file and reason"},
    "quarantine.rows": {"fr": "Les lignes", "en": "The rows"},
    "quarantine.filter_file": {"fr": "Fichier", "en": "File"},
    "quarantine.filter_kind": {"fr": "Type de fichier", "en": "Kind of file"},
    "quarantine.filter_reason": {"fr": "Raison", "en": "Reason"},
    "quarantine.shown": {
        "fr": "Lignes affichées : {shown} sur {total}. Valeurs d'origine, telles que lues dans le fichier.",
        "en": "Rows shown: {shown} of {total}. Original values, as read from the file.",
    },
    "quarantine.none_chosen": {
        "fr": "Aucune ligne en quarantaine pour ces filtres.",
        "en": "No row in quarantine for these filters.",
    },
    "quarantine.download": {
        "fr": "Télécharger les lignes « {kind} » ({count}) en CSV",
        "en": "Download the “{kind}” rows ({count}) as CSV",
    },
    "quarantine.download_help": {
        "fr": "Au format du contrat : l'en-tête du fichier d'export et les valeurs d'origine, séparées par « ; » comme les tableurs français les lisent, en UTF-8.",
        "en": "In the contract's form: the export file's header and the original values, separated by commas, in UTF-8.",
    },
    # Delivery ----------------------------------------------------------------------------
    "delivery.title": {"fr": "Délai de délivrance", "en": "Delivery time"},
    "delivery.period": {"fr": "Période du {start} au {end}", "en": "Period from {start} to {end}"},
    "delivery.p50_help": {
        "fr": "Titres dont la délivrance tombe dans la période : durée du dépôt à la remise au demandeur ; la moitié a attendu moins.",
        "en": "Titles delivered in the period: time from submission to the citizen's hands; half waited less.",
    },
    "delivery.p90_help": {
        "fr": "Titres délivrés sur la période : 90 % ont attendu moins que ce délai.",
        "en": "Titles delivered in the period: 90% waited less than this.",
    },
    "delivery.within_target_help": {
        "fr": "Part des titres délivrés sur la période dans le délai cible de leur type ({targets}).",
        "en": "Share of the titles delivered in the period within their type's target ({targets}).",
    },
    "delivery.cohort_help": {
        "fr": "Demandes déposées sur la période, celles encore en cours comprises (estimation de Kaplan–Meier, refusées et annulées exclues) : {cohort} demandes. « Plus de N jours » : l'estimation n'atteint pas encore ce seuil, N étant le plus long suivi.",
        "en": "Applications submitted in the period, those still waiting included (Kaplan–Meier estimate, rejected and cancelled left out): {cohort} applications. “More than N days”: the estimate does not reach it yet, N being the longest follow-up.",
    },
    "delivery.right_first_time_help": {
        "fr": "Demandes terminées sur la période (délivrées ou refusées) : part délivrée sans jamais avoir été renvoyée comme incomplète.",
        "en": "Applications finished in the period (delivered or rejected): share delivered without ever being sent back as incomplete.",
    },
    "delivery.distribution": {"fr": "Répartition des délais par type de titre", "en": "Delivery time by title type"},
    "delivery.distribution_caption": {
        "fr": "Titres délivrés sur la période. Boîte : du 1er au 3e quartile, trait : médiane ; moustaches : 10e et 90e centiles. Tiret noir : délai cible du type.",
        "en": "Titles delivered in the period. Box: 1st to 3rd quartile, line: median; whiskers: 10th and 90th percentiles. Black dash: the type's target.",
    },
    "delivery.by_department": {"fr": "Dans le délai cible, par département", "en": "Within target, by department"},
    "delivery.by_department_caption": {
        "fr": "Titres délivrés sur la période, les départements les moins bien servis d'abord.",
        "en": "Titles delivered in the period, the worst-served departments first.",
    },
    "delivery.curves": {
        "fr": "Titres délivrés et cohortes de dépôt, en cours comprises",
        "en": "Titles delivered and submission cohorts, in-flight included",
    },
    "delivery.curves_gap": {
        "fr": "Les titres délivrés ne disent que le délai de ceux qui sont arrivés ; la cohorte suit toutes les demandes déposées le même jour, y compris celles qui attendent encore. Quand la courbe des cohortes passe au-dessus de celle des titres délivrés, l'écart est le retard que cache un stock qui grossit ; quand elle passe en dessous, le stock se résorbe.",
        "en": "Delivered titles only tell the wait of those that arrived; a cohort follows every application submitted that day, including those still waiting. When the cohort curve runs above the delivered-titles curve, the gap is the delay that a growing backlog hides; when it runs below, the backlog is draining.",
    },
    "delivery.grain": {
        "fr": "Un point par {grain} : la maille suit la longueur de la période (le jour jusqu'à trois semaines, la semaine jusqu'à deux ans, le mois au-delà) ; point clair : période coupée par la sélection. Pointillés : 90e centile ; lignes fines : délais cibles. Une cohorte sans point n'a pas encore atteint ce seuil de délivrances.",
        "en": "One point per {grain}: the grain follows the period's length (a day up to three weeks, a week up to two years, a month beyond); pale point: a period cut by the selection. Dotted: 90th percentile; thin lines: targets. A cohort without a point has not reached that share of deliveries yet.",
    },
    "delivery.line_delivery_days_p50": {
        "fr": "Titres délivrés : médiane (par date de délivrance)",
        "en": "Titles delivered: median (by delivery date)",
    },
    "delivery.line_cohort_days_p50": {
        "fr": "Cohortes de dépôt, en cours comprises : médiane (par date de dépôt)",
        "en": "Submission cohorts, in-flight included: median (by submission date)",
    },
    "delivery.line_delivery_days_p90": {
        "fr": "Titres délivrés : 90e centile",
        "en": "Titles delivered: 90th percentile",
    },
    "delivery.line_cohort_days_p90": {
        "fr": "Cohortes de dépôt : 90e centile",
        "en": "Submission cohorts: 90th percentile",
    },
    "delivery.cohorts": {"fr": "Cohortes hebdomadaires de dépôt", "en": "Weekly submission cohorts"},
    "delivery.cohorts_caption": {
        "fr": "Demandes déposées chaque semaine (refusées et annulées exclues) : part délivrée en 7, 15, 30 et 60 jours au plus, à la date des données ({as_of}). « — » : la cohorte n'a pas encore ce recul (sa dernière demande date de moins de jours que l'horizon).",
        "en": "Applications submitted each week (rejected and cancelled left out): share delivered within 7, 15, 30 and 60 days, as of the data's date ({as_of}). “—”: the cohort is not that old yet (its latest application is younger than the horizon).",
    },
    "delivery.stages": {"fr": "Où passent les jours", "en": "Where the days go"},
    "delivery.stages_caption": {
        "fr": "Titres délivrés sur la période : temps passé dans chaque étape, du dépôt à la délivrance (0 pour une étape jamais traversée). « Déposée » est l'attente avant instruction. Les médianes et 90e centiles des étapes ne s'additionnent pas exactement en délai total, mais l'étape qui a glissé se voit.",
        "en": "Titles delivered in the period: time spent in each stage, from submission to delivery (0 for a stage never entered). “Submitted” is the wait before review. The stages' medians and 90th percentiles do not add up exactly to the total, but the stage that slipped shows.",
    },
    "delivery.stages_over_time": {
        "fr": "Médiane par étape dans le temps, par type de titre",
        "en": "Median per stage over time, by title type",
    },
    "delivery.rework": {"fr": "Bon du premier coup et reprises", "en": "Right first time and rework"},
    "delivery.rework_caption": {
        "fr": "Demandes terminées (délivrées ou refusées) sur la période. Une reprise : la demande est renvoyée au demandeur comme incomplète, pièces à fournir.",
        "en": "Applications finished (delivered or rejected) in the period. A rework loop: the application is sent back to the citizen as incomplete, documents to provide.",
    },
    "delivery.empty": {
        "fr": "Aucun titre délivré sur cette période avec ces filtres.",
        "en": "No title delivered in this period with these filters.",
    },
    # Contacts ----------------------------------------------------------------------------
    "contacts.title": {"fr": "Contacts : réglé au premier contact", "en": "Contacts: once and done"},
    "contacts.once_and_done_help": {
        "fr": "Sollicitations ouvertes sur la période (contacts d'un usager sur un même sujet, à moins de {window} jours d'écart) réglées par un seul contact, noté résolu. Dont {provisional} encore provisoires (moins de {window} jours de recul). Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "Episodes opened in the period (a citizen's contacts on one subject, less than {window} days apart) settled by a single contact, logged resolved. Of which {provisional} still provisional (less than {window} days of hindsight). Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
    },
    "contacts.episodes_help": {
        "fr": "Une sollicitation regroupe les contacts d'un usager sur un même sujet, quel que soit leur nombre et leur canal. {unlinked} contacts sans usager identifié n'en font pas partie. Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "One demand gathers a citizen's contacts on one subject, however many and on whatever channel. {unlinked} contacts with no identified citizen are part of none. Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
    },
    "contacts.failure_help": {
        "fr": "Contacts causés par un manque ou une erreur de service ({reasons}) sur tous les contacts reçus. Les contacts sans demande de titre sont de la demande nationale\u202f: seuls les lecteurs au périmètre national (tous les types de titre de tous les départements) les voient.",
        "en": "Contacts caused by a failure to do something or to do it right ({reasons}), over every contact received. Contacts with no application are national demand: only readers whose scope is national (every title type of every department) see them.",
    },
    "contacts.per_title_help": {
        "fr": "Contacts reçus sur la période divisés par les titres délivrés sur la période.",
        "en": "Contacts received in the period divided by the titles delivered in the period.",
    },
    "contacts.once_and_done": {
        "fr": "Réglé au premier contact, par premier canal",
        "en": "Once and done, by first channel",
    },
    "contacts.once_and_done_caption": {
        "fr": "Trait plein : sollicitations réglées au premier contact ; pointillé : premier contact noté « résolu » par le canal. L'écart entre les deux est la fausse résolution : le canal croit avoir réglé la demande, l'usager revient.",
        "en": "Solid: demands settled at the first contact; dotted: first contact logged “resolved” by the channel. The gap between the two is false containment: the channel believes the demand settled, the citizen comes back.",
    },
    "contacts.by_first_contact": {
        "fr": "Par canal, équipe et motif du premier contact",
        "en": "By channel, team and reason of the first contact",
    },
    "contacts.tab_channel": {"fr": "Canal", "en": "Channel"},
    "contacts.tab_team": {"fr": "Équipe", "en": "Team"},
    "contacts.tab_reason": {"fr": "Motif", "en": "Reason"},
    "contacts.paths": {"fr": "Parcours entre canaux", "en": "Paths across channels"},
    "contacts.paths_caption": {
        "fr": "Canaux des trois premiers contacts de chaque sollicitation, dans l'ordre (« … » : plus de trois). Sur un parcours de deux contacts ou plus, un premier contact noté « résolu » est une fausse résolution : l'usager est revenu.",
        "en": "Channels of each demand's first three contacts, in order (“…”: more than three). On a path of two contacts or more, a first contact logged “resolved” is false containment: the citizen came back.",
    },
    "contacts.failure": {"fr": "Contacts évitables", "en": "Failure demand"},
    "contacts.failure_caption": {
        "fr": "Part de chaque motif évitable dans tous les contacts reçus ; le total des barres est la part des contacts évitables.",
        "en": "Each failure reason's share of every contact received; the bars add up to the failure demand rate.",
    },
    "contacts.inquiries": {
        "fr": "Relances « où en est ma demande ? » selon l'âge de la demande",
        "en": "Status inquiries by the application's age",
    },
    "contacts.inquiries_caption": {
        "fr": "Pour 1 000 demandes en cours à cet âge, combien d'usagers relancent chaque jour. Numérateur : contacts de motif « où en est ma demande ? » reçus sur la période et liés à une demande encore en cours à cet instant, selon l'âge de la demande ce jour-là (jours depuis le dépôt). Dénominateur : pour chaque jour de la période, les demandes en cours en fin de journée à cet âge, additionnées (demandes-jours). Barre claire : moins de {minimum} demandes-jours, trop peu pour conclure.",
        "en": "Per 1,000 applications waiting at that age, how many citizens ask each day. Numerator: contacts with reason “status inquiry” received in the period and linked to an application still open at that instant, by the application's age that day (days since submission). Denominator: for each day of the period, the applications open at its end at that age, summed (application-days). Pale bar: fewer than {minimum} application-days, too few to conclude.",
    },
    "contacts.load": {"fr": "Charge", "en": "Load"},
    "contacts.load_caption": {
        "fr": "Contacts reçus en moyenne par jour de la semaine et heure (heure de Paris), sur la période.",
        "en": "Contacts received on average per weekday and hour (Paris time), over the period.",
    },
    "contacts.volume_caption": {
        "fr": "Contacts reçus par canal et par {grain} ; barres claires : période coupée par la sélection.",
        "en": "Contacts received per channel and {grain}; pale bars: a period cut by the selection.",
    },
    "contacts.classic": {
        "fr": "Indicateurs classiques du centre de contacts",
        "en": "Classic contact-centre indicators",
    },
    "contacts.classic_caption": {
        "fr": "Montrés pour mémoire, jamais en titre : un appel décroché ou un courriel répondu vite n'est pas une demande réglée.",
        "en": "Shown for reference, never as the headline: a call picked up or a mail answered fast is not a demand settled.",
    },
    "contacts.pickup_help": {
        "fr": "Appels décrochés sur les appels reçus.",
        "en": "Calls answered over calls received.",
    },
    "contacts.mail_help": {
        "fr": "Délai de première réponse des courriels et formulaires web reçus sur la période et répondus.",
        "en": "Time to first answer of the emails and web forms received in the period and answered.",
    },
    "contacts.csat_help": {
        "fr": "Moyenne des notes de satisfaction (1 à 5) données : {count} réponses.",
        "en": "Mean of the satisfaction scores (1 to 5) given: {count} answers.",
    },
    "contacts.handle_time": {"fr": "Durée de traitement par canal", "en": "Handle time by channel"},
    "contacts.empty": {
        "fr": "Aucun contact sur cette période avec ces filtres.",
        "en": "No contact in this period with these filters.",
    },
    # Series and periods ------------------------------------------------------------------
    "series.all": {"fr": "Ensemble", "en": "All"},
    "series.grain": {"fr": "Un point par {grain}.", "en": "One point per {grain}."},
    "series.target": {"fr": "Cible {label}", "en": "Target {label}"},
    "grain.day": {"fr": "jour", "en": "day"},
    "grain.week": {"fr": "semaine (du lundi)", "en": "week (from Monday)"},
    "grain.month": {"fr": "mois", "en": "month"},
    # Backlog ----------------------------------------------------------------------------
    "nav.backlog": {"fr": "Stock", "en": "Backlog"},
    "backlog.title": {"fr": "Stock de demandes en cours", "en": "Backlog of open applications"},
    "backlog.caption": {
        "fr": "Stock à la fin du {day} (le jour affiché) ; tendances du {start} au {end}.",
        "en": "Backlog at the end of {day} (the day shown); trends from {start} to {end}.",
    },
    "backlog.drill": {"fr": "Zoom", "en": "Drill-down"},
    "backlog.drill_title": {"fr": "Type de titre", "en": "Title type"},
    "backlog.drill_stage": {"fr": "Étape", "en": "Stage"},
    "backlog.drill_age": {"fr": "Ancienneté", "en": "Age"},
    "backlog.all_titles": {"fr": "Tous les types", "en": "All title types"},
    "backlog.all_stages": {"fr": "Toutes les étapes", "en": "All stages"},
    "backlog.all_ages": {"fr": "Toutes les anciennetés", "en": "All ages"},
    "backlog.clear": {"fr": "Tout effacer", "en": "Clear all"},
    "backlog.drill_help": {
        "fr": "Cliquez sur une barre pour zoomer ; le lien de la page garde le zoom, pour l'envoyer à un collègue.",
        "en": "Click a bar to drill in; the page's link keeps the drill-down, to send it to a colleague.",
    },
    "backlog.cards_caption": {
        "fr": "{titles} à la fin du {day} ; jours pour résorber : le stock divisé par les sorties par jour des 7 derniers jours.",
        "en": "{titles} at the end of {day}; days to clear: the backlog divided by the throughput per day of the last 7 days.",
    },
    "backlog.by_title_type": {"fr": "Stock par type de titre", "en": "Backlog by title type"},
    "backlog.trend": {"fr": "Tendance : {titles}", "en": "Trend: {titles}"},
    "backlog.trend_backlog": {"fr": "Stock en fin de journée", "en": "Backlog at the end of the day"},
    "backlog.trend_flows": {
        "fr": "Entrées et sorties par jour (moyenne sur 7 jours)",
        "en": "Inflow and throughput per day (7-day mean)",
    },
    "backlog.trend_clear": {"fr": "Jours pour résorber le stock", "en": "Days to clear the backlog"},
    "backlog.pick_title": {
        "fr": "Cliquez sur la barre d'un type de titre pour voir ses étapes, ses anciennetés et ses délais par étape.",
        "en": "Click a title type's bar to see its stages, ages and time spent per stage.",
    },
    "backlog.by_stage_and_age": {
        "fr": "{title} : stock par étape et ancienneté",
        "en": "{title}: backlog by stage and age",
    },
    "backlog.oldest": {"fr": "Les plus anciennes", "en": "The oldest"},
    "backlog.durations": {
        "fr": "Où se perdent les jours : temps passé par étape",
        "en": "Where the days go: time spent per stage",
    },
    "backlog.durations_caption": {
        "fr": "Médiane et 90e centile du temps passé dans chaque étape, sur les passages terminés entre le {start} et le {end} ({count} passages).",
        "en": "Median and 90th percentile of the time spent in each stage, over the stays that ended between {start} and {end} ({count} stays).",
    },
    "backlog.durations_empty": {
        "fr": "Aucun passage d'étape terminé sur cette période.",
        "en": "No stage stay ended in this period.",
    },
    "backlog.rework": {"fr": "Renvois pour dossier incomplet", "en": "Sent back as incomplete"},
    "backlog.rework_caption": {
        "fr": "Demandes délivrées ou refusées entre le {start} et le {end} (comme pour le « bon du premier coup ») : {reworked} sur {finished} reprises au moins une fois, c'est-à-dire renvoyées à l'usager pour dossier incomplet. Combien de fois :",
        "en": "Applications delivered or rejected between {start} and {end} (as for right first time): {reworked} of {finished} reworked at least once, that is sent back to the citizen as incomplete. How many times:",
    },
    "backlog.origin": {"fr": "D'où vient le stock ?", "en": "Where does the backlog come from?"},
    "backlog.origin_caption": {
        "fr": "{selection} : {over} au-delà du délai cible au niveau national. Un département bien au-dessus signale un problème local.",
        "en": "{selection}: {over} over target nationwide. A department well above it points to a local problem.",
    },
    "backlog.by_department": {"fr": "Par département (les {count} plus gros stocks)", "en": "By department (the {count} largest backlogs)"},
    "backlog.by_channel": {"fr": "Par canal de dépôt", "en": "By submission channel"},
    "backlog.applications": {"fr": "Les demandes", "en": "The applications"},
    "backlog.applications_caption": {
        "fr": "{selection} — demandes en cours à la fin du {day} : {count}, les plus anciennes d'abord. Contacts : ceux reçus avant la fin du {day}.",
        "en": "{selection} — applications open at the end of {day}: {count}, oldest first. Contacts: those received before the end of {day}.",
    },
    "backlog.applications_capped": {
        "fr": "Seules les {shown} plus anciennes sont affichées et exportées : affinez la sélection pour voir les autres.",
        "en": "Only the {shown} oldest are shown and exported: narrow the selection to see the others.",
    },
    "backlog.empty": {"fr": "Aucune demande en cours pour cette sélection.", "en": "No open application in this selection."},
    "backlog.download_csv": {"fr": "Télécharger en CSV", "en": "Download as CSV"},
    "backlog.download_xlsx": {"fr": "Télécharger en Excel", "en": "Download as Excel"},
    "backlog.sheet_name": {"fr": "Demandes en cours", "en": "Open applications"},
    "backlog.everything": {"fr": "Toutes les demandes", "en": "All applications"},
    "backlog.unknown_department": {"fr": "Non renseigné", "en": "Not given"},
    "backlog.days_axis": {"fr": "Jours", "en": "Days"},
    "backlog.oldest_help": {
        "fr": "Ancienneté de la plus ancienne demande en cours : le jour du stock moins son jour de dépôt.",
        "en": "Age of the oldest open application: the backlog's day minus its submission day.",
    },
    "target_state.within": {"fr": "Dans le délai cible", "en": "Within target"},
    "target_state.over": {"fr": "Au-delà du délai cible", "en": "Over target"},
    "age_bucket.0-7": {"fr": "0 à 7 jours", "en": "0–7 days"},
    "age_bucket.8-15": {"fr": "8 à 15 jours", "en": "8–15 days"},
    "age_bucket.16-30": {"fr": "16 à 30 jours", "en": "16–30 days"},
    "age_bucket.31-60": {"fr": "31 à 60 jours", "en": "31–60 days"},
    "age_bucket.61+": {"fr": "61 jours et plus", "en": "61 days and more"},
    # Column labels: a dataset's column names, said for a person ----------------------------
    "column.submitted_count": {"fr": "Demandes déposées", "en": "Applications submitted"},
    "column.delivered_count": {"fr": "Titres délivrés", "en": "Titles delivered"},
    "column.open_count": {"fr": "Demandes en cours", "en": "Open applications"},
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
    "column.duration_seconds": {"fr": "Durée", "en": "Duration"},
    "column.file_names": {"fr": "Fichiers", "en": "Files"},
    "column.import_outcome": {"fr": "Résultat", "en": "Outcome"},
    "column.rows_released": {"fr": "Sorties de quarantaine", "en": "Left quarantine"},
    "column.first_example": {"fr": "Premier exemple", "en": "First example"},
    "column.measure": {"fr": "Mesure", "en": "Measure"},
    "column.affected_count": {"fr": "Concernés", "en": "Affected"},
    "column.population_count": {"fr": "Sur", "en": "Out of"},
    "column.share_rate": {"fr": "Part", "en": "Share"},
    "column.weakens": {"fr": "Indicateurs fragilisés", "en": "Indicators weakened"},
    "column.channel": {"fr": "Canal", "en": "Channel"},
    "column.missing_day_count": {"fr": "Jours sans données", "en": "Days without data"},
    "column.expected_day_count": {"fr": "Jours attendus", "en": "Days expected"},
    "column.missing_days": {"fr": "Lesquels", "en": "Which"},
    "column.original_values": {"fr": "Valeurs d'origine", "en": "Original values"},
    "column.target_days": {"fr": "Délai cible (jours)", "en": "Target (days)"},
    "column.within_target_count": {"fr": "Dans le délai cible", "en": "Within target"},
    "column.within_target_rate": {"fr": "Délivrés dans le délai", "en": "Delivered on time"},
    "column.delivery_days": {"fr": "Délai de délivrance (jours)", "en": "Delivery time (days)"},
    "column.delivery_days_p10": {"fr": "10e centile", "en": "10th percentile"},
    "column.delivery_days_p50": {"fr": "Délivrés, médiane", "en": "Delivered, median"},
    "column.delivery_days_p90": {"fr": "Délivrés, 90e centile", "en": "Delivered, 90th centile"},
    "column.delivery_days_mean": {"fr": "Délai moyen", "en": "Mean delivery time"},
    "column.cohort_days_p50": {"fr": "Délai réel, médiane", "en": "True delay, median"},
    "column.cohort_days_p90": {"fr": "Délai réel, 90e centile", "en": "True delay, 90th centile"},
    "column.right_first_time_rate": {"fr": "Bon du premier coup", "en": "Right first time"},
    "column.department": {"fr": "Département", "en": "Department"},
    "column.period_start_day": {"fr": "Jour (délivrance ou dépôt)", "en": "Day (delivery or submission)"},
    "column.is_partial_week": {"fr": "Semaine coupée", "en": "Cut week"},
    "column.cohort_count": {"fr": "Demandes de la cohorte", "en": "Cohort applications"},
    "column.in_flight_count": {"fr": "Encore en cours", "en": "Still open"},
    "column.within_7_days_rate": {"fr": "En 7 jours", "en": "Within 7 days"},
    "column.within_15_days_rate": {"fr": "En 15 jours", "en": "Within 15 days"},
    "column.within_30_days_rate": {"fr": "En 30 jours", "en": "Within 30 days"},
    "column.within_60_days_rate": {"fr": "En 60 jours", "en": "Within 60 days"},
    "column.min_followup_days": {"fr": "Recul", "en": "Follow-up"},
    "column.stage": {"fr": "Étape", "en": "Stage"},
    "column.stage_days_p50": {"fr": "Médiane", "en": "Median"},
    "column.stage_days_p90": {"fr": "90e centile", "en": "90th percentile"},
    "column.finished_count": {"fr": "Demandes terminées", "en": "Applications finished"},
    "column.loops": {"fr": "Reprises", "en": "Rework loops"},
    "column.application_share_rate": {"fr": "Part des demandes", "en": "Share of applications"},
    "column.application_count": {"fr": "Demandes", "en": "Applications"},
    "column.reworked_rate": {"fr": "Reprises au moins une fois", "en": "Reworked at least once"},
    "column.loop_count": {"fr": "Reprises en tout", "en": "Loops in all"},
    "column.episode_count": {"fr": "Sollicitations", "en": "Demands"},
    "column.once_and_done_count": {"fr": "Réglées au premier contact", "en": "Once and done"},
    "column.once_and_done_rate": {"fr": "Réglé au premier contact", "en": "Once and done"},
    "column.logged_resolved_count": {"fr": "Premier contact noté résolu", "en": "First contact logged resolved"},
    "column.logged_resolved_rate": {"fr": "Premier contact noté résolu", "en": "First contact logged resolved"},
    "column.failure_demand_rate": {"fr": "Contacts évitables", "en": "Failure demand"},
    "column.contacts_per_delivered_title": {"fr": "Contacts par titre délivré", "en": "Contacts per delivered title"},
    "column.team": {"fr": "Équipe", "en": "Team"},
    "column.channel_path": {"fr": "Parcours", "en": "Path"},
    "column.episode_share_rate": {"fr": "Part des sollicitations", "en": "Share of demands"},
    "column.contact_count": {"fr": "Contacts", "en": "Contacts"},
    "column.contact_share_rate": {"fr": "Part des contacts", "en": "Share of contacts"},
    "column.age_bucket": {"fr": "Âge de la demande (jours)", "en": "Application age (days)"},
    "column.status_inquiry_count": {"fr": "Relances", "en": "Status inquiries"},
    "column.backlog_day_count": {"fr": "Demandes-jours", "en": "Application-days"},
    "column.inquiries_per_1000_backlog": {"fr": "Relances par jour, pour 1 000", "en": "Inquiries a day, per 1,000"},
    "column.weekday_number": {"fr": "Jour de la semaine", "en": "Weekday"},
    "column.hour_number": {"fr": "Heure (Paris)", "en": "Hour (Paris)"},
    "column.false_containment_rate": {"fr": "Fausse résolution", "en": "False containment"},
    "column.mean_contact_count": {"fr": "Contacts par jour", "en": "Contacts per day"},
    "column.pickup_rate": {"fr": "Taux de décroché", "en": "Pickup rate"},
    "column.mail_response_hours_p50": {"fr": "Courriels, médiane", "en": "Mail reply, median"},
    "column.mail_response_hours_p90": {"fr": "Courriels, 90e centile", "en": "Mail reply, 90th centile"},
    "column.csat_avg": {"fr": "Satisfaction (1 à 5)", "en": "Satisfaction (1 to 5)"},
    "column.handled_count": {"fr": "Contacts traités", "en": "Contacts handled"},
    "column.handle_minutes_p50": {"fr": "Durée médiane", "en": "Median handle time"},
    "column.handle_minutes_p90": {"fr": "Durée, 90e centile", "en": "Handle time, 90th percentile"},
    "column.handle_minutes_mean": {"fr": "Durée moyenne", "en": "Mean handle time"},
    # Weekdays (ISO numbers), rework loops ------------------------------------------------
    "weekday.1": {"fr": "lundi", "en": "Monday"},
    "weekday.2": {"fr": "mardi", "en": "Tuesday"},
    "weekday.3": {"fr": "mercredi", "en": "Wednesday"},
    "weekday.4": {"fr": "jeudi", "en": "Thursday"},
    "weekday.5": {"fr": "vendredi", "en": "Friday"},
    "weekday.6": {"fr": "samedi", "en": "Saturday"},
    "weekday.7": {"fr": "dimanche", "en": "Sunday"},
    "loops.0": {"fr": "Aucune reprise", "en": "No loop"},
    "loops.1": {"fr": "1 reprise", "en": "1 loop"},
    "loops.2": {"fr": "2 reprises", "en": "2 loops"},
    "loops.3+": {"fr": "3 reprises ou plus", "en": "3 loops or more"},
    "column.backlog_count": {"fr": "Demandes en cours", "en": "Open applications"},
    "column.over_target_count": {"fr": "Au-delà du délai cible", "en": "Over target"},
    "column.over_target_rate": {"fr": "Part au-delà du délai cible", "en": "Share over target"},
    "column.days_to_clear": {"fr": "Jours pour résorber", "en": "Days to clear"},
    "column.throughput_per_day": {"fr": "Sorties par jour", "en": "Throughput per day"},
    "column.inflow_per_day": {"fr": "Entrées par jour", "en": "Inflow per day"},
    "column.oldest_age_days": {"fr": "Plus ancienne", "en": "Oldest"},
    "column.submission_channel": {"fr": "Canal de dépôt", "en": "Submission channel"},
    "column.request_id": {"fr": "Demande", "en": "Application"},
    "column.submitted_at": {"fr": "Déposée le", "en": "Submitted at"},
    "column.stage_days": {"fr": "Jours dans l'étape", "en": "Days in stage"},
    "column.age_days": {"fr": "Ancienneté (jours)", "en": "Age (days)"},
    "column.past_target_days": {"fr": "Jours de retard", "en": "Days past target"},
    "column.last_contact_day": {"fr": "Dernier contact", "en": "Last contact"},
    "column.incomplete_count": {"fr": "Nombre de renvois", "en": "Times sent back"},
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
    "channel.chatbot": {"fr": "Agent conversationnel", "en": "Chatbot"},
    "channel.webform": {"fr": "Formulaire web", "en": "Web form"},
    # Contact reasons ---------------------------------------------------------------------
    "reason.status_inquiry": {"fr": "Où en est ma demande ?", "en": "Status inquiry"},
    "reason.documents": {"fr": "Pièces justificatives", "en": "Documents"},
    "reason.technical_issue": {"fr": "Problème technique", "en": "Technical issue"},
    "reason.payment": {"fr": "Paiement", "en": "Payment"},
    "reason.correction": {"fr": "Correction", "en": "Correction"},
    "reason.identity_fraud": {"fr": "Usurpation d'identité", "en": "Identity fraud"},
    "reason.other": {"fr": "Autre", "en": "Other"},
    # Contact outcomes --------------------------------------------------------------------
    "outcome.resolved": {"fr": "Résolu", "en": "Resolved"},
    "outcome.escalated": {"fr": "Transmis au niveau 2", "en": "Escalated"},
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
    "quarantine_reason.implausible_instant": {"fr": "Date invraisemblable", "en": "Implausible date"},
    "quarantine_reason.too_long": {"fr": "Valeur trop longue", "en": "Value too long"},
    "quarantine_reason.wrong_field_count": {"fr": "Nombre de champs erroné", "en": "Wrong number of fields"},
    "quarantine_reason.conflicting_files": {
        "fr": "Doublon contradictoire entre fichiers", "en": "Conflicting duplicate across files",
    },
    # Quarantine details: what is wrong with a row, from its column and value --------------------
    "quarantine_detail.missing_value": {"fr": "{column} est vide", "en": "{column} is empty"},
    "quarantine_detail.bad_timestamp": {
        "fr": "{column} « {value} » n'est pas un horodatage reconnu",
        "en": "{column} “{value}” is not a timestamp",
    },
    "quarantine_detail.unknown_value": {
        "fr": "{column} « {value} » n'est pas une valeur prévue",
        "en": "{column} “{value}” is not an accepted value",
    },
    "quarantine_detail.unknown_request": {
        "fr": "la demande « {value} » est inconnue : importer la demande, puis ce fichier à nouveau",
        "en": "application “{value}” is unknown: import it, then this file again",
    },
    "quarantine_detail.before_submission": {
        "fr": "{column} {value} est antérieur au dépôt de la demande",
        "en": "{column} {value} is before the application was submitted",
    },
    "quarantine_detail.csat_out_of_range": {
        "fr": "{column} « {value} » n'est pas un entier de 1 à 5",
        "en": "{column} “{value}” is not a whole number from 1 to 5",
    },
    "quarantine_detail.bad_number": {
        "fr": "{column} « {value} » n'est pas un nombre entier de secondes",
        "en": "{column} “{value}” is not a whole number of seconds",
    },
    "quarantine_detail.answered_before_received": {
        "fr": "{column} {value} est antérieur à received_at",
        "en": "{column} {value} is before received_at",
    },
    "quarantine_detail.conflicting_duplicate": {
        "fr": "{column} « {value} » figure plusieurs fois dans ce fichier, avec des contenus différents",
        "en": "{column} “{value}” appears more than once in this file, with different content",
    },
    "quarantine_detail.implausible_instant": {
        "fr": "{column} {value} est invraisemblable (avant 2000, ou plus d'un jour après l'import)",
        "en": "{column} {value} is implausible (before 2000, or more than a day after the import)",
    },
    "quarantine_detail.too_long": {
        "fr": "{column} « {value} » est trop long (64 caractères au plus, 200 pour team)",
        "en": "{column} “{value}” is too long (64 characters at most, 200 for team)",
    },
    "quarantine_detail.wrong_field_count": {
        "fr": "la ligne a plus de champs que l'en-tête ; champs en trop : « {value} »",
        "en": "the line has more fields than the header; the extra fields: “{value}”",
    },
    "quarantine_detail.conflicting_files": {
        "fr": "{column} « {value} » figure dans un autre fichier de cet import avec un contenu différent",
        "en": "{column} “{value}” appears in another file of this import with different content",
    },
    # Import outcomes -----------------------------------------------------------------------
    "import_outcome.loaded": {"fr": "Tout chargé", "en": "All loaded"},
    "import_outcome.partly_loaded": {"fr": "En partie (quarantaine)", "en": "Partly (quarantine)"},
    "import_outcome.refused": {"fr": "Refusé, rien chargé", "en": "Refused, nothing loaded"},
    # Completeness measures and what each weakens ---------------------------------------------
    "completeness_measure.without_citizen": {
        "fr": "Contacts sans usager identifié",
        "en": "Contacts without an identified citizen",
    },
    "completeness_measure.unmatched_request": {
        "fr": "Contacts liés à une demande inconnue",
        "en": "Contacts naming an unknown application",
    },
    "completeness_measure.without_department": {"fr": "Demandes sans département", "en": "Applications without department"},
    "completeness_measure.missing_channel_days": {"fr": "Jours sans données d'un canal", "en": "Channel days without data"},
    "completeness_weakens.without_citizen": {
        "fr": "Réglé au premier contact (hors sollicitations)",
        "en": "Once and done (in no demand)",
    },
    "completeness_weakens.unmatched_request": {
        "fr": "Contacts filtrés par titre ou département (absents)",
        "en": "Contacts filtered by title or department (left out)",
    },
    "completeness_weakens.without_department": {
        "fr": "Vues par département : stock, délais (absentes)",
        "en": "Department views: backlog, delays (left out)",
    },
    "completeness_weakens.missing_channel_days": {
        "fr": "Contacts, contacts évitables, réglé au premier contact, décroché, délai de réponse",
        "en": "Contacts, failure demand, once and done, pickup, response time",
    },
    # The load page and emerging demand (issue 19) -------------------------------------------
    "nav.load": {"fr": "Charge des équipes", "en": "Team load"},
    "load.title": {"fr": "Charge des équipes : ce qu'elles encaissent", "en": "Team load: how much the teams can take"},
    "load.period": {
        "fr": "Du {start} au {end} ; point de rupture et rythme sur les {days} jours finissant le {end}.",
        "en": "From {start} to {end}; breaking point and rhythm over the {days} days ending {end}.",
    },
    "load.empty": {
        "fr": "Aucun contact traité par une équipe sur cette période.",
        "en": "No contact handled by a team in this period.",
    },
    "load.by_team": {"fr": "Par équipe et par canal", "en": "By team and channel"},
    "load.by_team_caption": {
        "fr": "Charge par agent : contacts offerts par agent en poste et par demi-heure. Agents en poste : agents distincts ayant "
              "traité un contact dans la demi-heure (moyenne des demi-heures travaillées). Occupation : temps de traitement sur "
              "le temps en poste (estimée ; au-delà de 100 %, des traitements débordent de la demi-heure où ils ont commencé).",
        "en": "Load per agent: contacts offered per agent on duty and half hour. Agents on duty: distinct agents who handled a "
              "contact in the half hour (mean over the half hours worked). Occupancy: handle time over the time on duty "
              "(estimated; above 100 %, handling spills over from the half hour it started in).",
    },
    "load.all_channels": {"fr": "Tous canaux", "en": "All channels"},
    "load.team": {"fr": "Équipe", "en": "Team"},
    "load.breaking": {"fr": "Point de rupture", "en": "Breaking point"},
    "load.breaking_caption": {
        "fr": "Le service se dégrade quand le taux tombe 5 points sous son niveau aux charges les plus faibles "
              "(courbe rendue décroissante, par régression isotone) ; intervalle à 90 % par rééchantillonnage des jours. "
              "Un point par demi-heure pour le taux de réponse, par jour pour le réglé au premier contact.",
        "en": "The service degrades when the rate falls 5 points below its level at the lowest loads (the curve made "
              "non-increasing, by isotonic regression); 90 % interval by resampling the days. One point per half hour for "
              "the answered share, per day for once and done.",
    },
    "load.breaking_found": {
        "fr": "**{team}** : le taux de réponse se dégrade à partir de **{load}** contacts offerts par agent en poste et "
              "par demi-heure (intervalle à 90 % : {low} à {high}){once}.",
        "en": "**{team}**: the answered share degrades from **{load}** contacts offered per agent on duty and half hour "
              "(90 % interval: {low} to {high}){once}.",
    },
    "load.breaking_once": {
        "fr": " ; le réglé au premier contact, à partir d'une charge du jour de {load} ({low} à {high})",
        "en": "; once and done, from a day's load of {load} ({low} to {high})",
    },
    "load.breaking_none": {
        "fr": "**{team}** : aucune dégradation du taux de réponse sur l'historique (charge maximale vue : {load}).",
        "en": "**{team}**: no fall of the answered share over the history (highest load seen: {load}).",
    },
    "load.breaking_too_few": {
        "fr": "**{team}** : pas assez de données pour dire à partir de quelle charge le service se dégrade "
              "({count} contacts offerts sur l'historique ; il en faut {minimum}).",
        "en": "**{team}**: not enough data to say from which load the service degrades "
              "({count} contacts offered over the history; it takes {minimum}).",
    },
    "load.breaking_once_too_few": {
        "fr": " ; pas assez de demandes pour le réglé au premier contact ({count} ; il en faut {minimum})",
        "en": "; not enough demands for once and done ({count}; it takes {minimum})",
    },
    "load.chart.history": {"fr": "Historique", "en": "History"},
    "load.chart.period": {"fr": "Période choisie", "en": "Chosen period"},
    "load.chart.limit": {"fr": "rupture : {load}", "en": "breaking point: {load}"},
    "load.chart.half_hour": {"fr": "Demi-heure (heure de Paris)", "en": "Half hour (Paris time)"},
    "load.chart.handled_in_slot": {"fr": "Contacts traités par un agent dans la demi-heure", "en": "Contacts an agent handled in the half hour"},
    "load.chart.agent_slot_share": {"fr": "Part des demi-heures travaillées", "en": "Share of the half hours worked"},
    "load.answered_against_load": {"fr": "Taux de réponse selon la charge", "en": "Answered share against the load"},
    "load.once_against_load": {"fr": "Réglé au premier contact selon la charge", "en": "Once and done against the load"},
    "load.half_hours": {"fr": "Par demi-heure", "en": "By half hour"},
    "load.half_hours_caption": {
        "fr": "Charge par agent en poste, chaque jour (lignes) et chaque demi-heure (colonnes) de la période ; case vide : "
              "aucun agent en poste.",
        "en": "Load per agent on duty, each day (rows) and half hour (columns) of the period; an empty cell: no agent on duty.",
    },
    "load.half_hours_too_long": {
        "fr": "La grille des demi-heures s'affiche pour 31 jours au plus : choisissez une période plus courte.",
        "en": "The half-hour grid is drawn for 31 days at most: choose a shorter period.",
    },
    "load.by_day": {"fr": "Par jour", "en": "By day"},
    "load.rhythm": {"fr": "Rythme", "en": "Rhythm"},
    "load.rhythm_caption": {
        "fr": "Par semaine sur l'historique (la période choisie en orange) : demi-heures au-dessus du point de rupture, "
              "part des contacts traités hors des heures de bureau ({open}–{close}, du lundi au vendredi hors jours fériés).",
        "en": "By week over the history (the chosen period in orange): half hours above the breaking point, share of the "
              "contacts handled outside office hours ({open}–{close}, Monday to Friday, public holidays excepted).",
    },
    "load.streak": {
        "fr": "**{team}** : {weeks} semaine(s) de suite au-dessus du point de rupture, jusqu'à la semaine du {week}.",
        "en": "**{team}**: {weeks} week(s) in a row above the breaking point, up to the week of {week}.",
    },
    "load.overloaded": {"fr": "Demi-heures en surcharge", "en": "Overloaded half hours"},
    "load.outside_office": {"fr": "Hors des heures de bureau", "en": "Outside office hours"},
    "load.distribution": {"fr": "Répartition de la charge entre agents", "en": "How the load spreads over agents"},
    "load.distribution_caption": {
        "fr": "Sur les demi-heures de la période où au moins {minimum} agents étaient en poste : combien de contacts un agent "
              "a traités dans la demi-heure. Aucun agent n'est nommé ni classé.",
        "en": "Over the period's half hours with at least {minimum} agents on duty: how many contacts an agent handled in the "
              "half hour. No agent is named or ranked.",
    },
    "load.distribution_none": {
        "fr": "Moins de {minimum} agents en poste dans chaque demi-heure de la période : la répartition n'est pas montrée.",
        "en": "Fewer than {minimum} agents on duty in every half hour of the period: the spread is not shown.",
    },
    "column.load_per_agent": {"fr": "Charge par agent", "en": "Load per agent"},
    "column.handled_per_agent": {"fr": "Traités par agent", "en": "Handled per agent"},
    "column.agents_on_duty": {"fr": "Agents en poste", "en": "Agents on duty"},
    "column.agents_on_duty_mean": {"fr": "Agents en poste (moyenne)", "en": "Agents on duty (mean)"},
    "column.offered_count": {"fr": "Contacts offerts", "en": "Contacts offered"},
    "column.answered_rate": {"fr": "Taux de réponse", "en": "Answered share"},
    "column.occupancy_rate": {"fr": "Occupation", "en": "Occupancy"},
    "column.handle_minutes_p50": {"fr": "Traitement, médiane", "en": "Handle time, median"},
    "column.handle_minutes_p90": {"fr": "Traitement, 9 sur 10 sous", "en": "Handle time, 9 in 10 under"},
    "column.overloaded_slot_count": {"fr": "Demi-heures en surcharge", "en": "Overloaded half hours"},
    "column.outside_office_rate": {"fr": "Traités hors heures de bureau", "en": "Handled outside office hours"},
    "emerging.title": {"fr": "Demandes émergentes", "en": "Emerging demand"},
    "emerging.caption": {
        "fr": "Segments dont les contacts montent anormalement, en nombre et en part, face aux mêmes jours de semaine des "
              "{weeks} semaines précédentes (deux tests exacts au seuil de {alpha} : sur des données stables, au plus "
              "{alpha} fausse alerte par segment et par jour). Excédent : contacts depuis le début moins les contacts attendus.",
        "en": "Segments whose contacts rise abnormally, in number and in share, against the same weekdays of the {weeks} weeks "
              "before (two exact tests at level {alpha}: on steady data, at most {alpha} false alarms per segment and day). "
              "Excess: contacts since the start minus those expected.",
    },
    "emerging.none": {"fr": "Aucune demande émergente sur la période.", "en": "No emerging demand in the period."},
    "emerging.finding": {
        "fr": ":orange-badge[**▲ émergent**] **{segment}** : {contacts} contacts depuis le {since} pour {expected} attendus "
              "(+{excess}) → Contacts",
        "en": ":orange-badge[**▲ emerging**] **{segment}**: {contacts} contacts since {since} against {expected} expected "
              "(+{excess}) → Contacts",
    },
    "emerging.incomplete": {
        "fr": ":orange-badge[**▲ incomplets**] **{title}** : {loops} dossiers renvoyés incomplets depuis le {since} pour "
              "{expected} attendus → Délivrance",
        "en": ":orange-badge[**▲ incomplete**] **{title}**: {loops} files sent back incomplete since {since} against {expected} "
              "expected → Delivery",
    },
    "emerging.department": {"fr": "département {code}", "en": "department {code}"},
    # Public-service conventions (issue 21): working time, events, publication ------------------
    "conventions.working_time": {"fr": "Courriels en temps ouvré", "en": "Mail in working time"},
    "conventions.working_time_caption": {
        "fr": "Temps ouvré : la part de l'attente comprise dans les horaires d'ouverture ({opens}–{closes}, heure de Paris) des jours ouvrés (lundi au vendredi, hors jours fériés et jours de fermeture de la configuration). Un jour ouvré compte {day_hours} heures.",
        "en": "Working time: the part of the wait inside office hours ({opens}–{closes}, Paris time) of working days (Monday to Friday, public holidays and the configuration's closed days left out). A working day counts {day_hours} hours.",
    },
    "conventions.within_target_label": {"fr": "Répondus sous {days} jours ouvrés", "en": "Answered in {days} working days"},
    "conventions.within_target_help": {
        "fr": "Courriels et formulaires web reçus sur la période et répondus en {days} jours ouvrés au plus ({hours} heures d'ouverture), sur ceux qui ont été répondus.",
        "en": "Emails and web forms received in the period and answered within {days} working days ({hours} office hours), over those answered.",
    },
    "conventions.working_hours_help": {
        "fr": "Délai de première réponse compté en heures d'ouverture des jours ouvrés : un courriel reçu le vendredi à 16 h et répondu le lundi à 10 h a attendu 2 heures ouvrées, 66 heures calendaires.",
        "en": "Time to first answer counted in office hours of working days: a mail received on Friday at 4 pm and answered on Monday at 10 am waited 2 working hours, 66 calendar hours.",
    },
    "column.mail_response_working_hours_p50": {"fr": "Médiane, heures ouvrées", "en": "Median, working hours"},
    "column.mail_response_working_hours_p90": {"fr": "90e centile, heures ouvrées", "en": "90th centile, working hours"},
    "column.mail_response_working_days_p50": {"fr": "Courriels, médiane en jours ouvrés", "en": "Mail reply, median working days"},
    "column.mail_answered_within_target_rate": {"fr": "Courriels répondus dans l'engagement", "en": "Mail answered within the commitment"},
    "column.answered_within_target_count": {"fr": "Répondus dans l'engagement", "en": "Answered within the commitment"},
    "column.answered_mail_count": {"fr": "Courriels répondus", "en": "Mails answered"},
    "events.story.staff_90": {"fr": "90 agents au centre de contacts", "en": "90 contact-centre agents"},
    "events.story.online_only": {"fr": "Immatriculation et permis : tout en ligne", "en": "Registration and licences online only"},
    "events.story.staff_175": {"fr": "175 agents au centre de contacts", "en": "175 contact-centre agents"},
    "events.story.chatbot": {"fr": "Ouverture de l'agent conversationnel", "en": "Chatbot opens"},
    "events.header": {"fr": "Événements des tendances", "en": "Events on the trends"},
    "events.caption": {
        "fr": "Chaque événement est tracé sur toutes les courbes de tendance dont la période contient son jour, par un trait vertical et son libellé ({max_chars} caractères au plus). Un type de titre ou un canal le limite aux vues qui les gardent. Modifiez le tableau puis enregistrez, ou importez un fichier CSV (colonnes event_day, label, title_type, channel) : les lignes erronées sont écartées avec leur motif, les autres sont enregistrées.",
        "en": "Each event is drawn on every trend chart whose period holds its day, as a vertical line with its label ({max_chars} characters at most). A title type or a channel limits it to the views that keep them. Edit the table then save, or import a CSV file (columns event_day, label, title_type, channel): wrong lines are set aside with their reason, the others are saved.",
    },
    "events.save": {"fr": "Enregistrer les événements", "en": "Save the events"},
    "events.file": {"fr": "Fichier d'événements (CSV)", "en": "Events file (CSV)"},
    "events.import": {"fr": "Importer le fichier", "en": "Import the file"},
    "events.done": {
        "fr": "{loaded} événement(s) enregistré(s), {refused} ligne(s) écartée(s).",
        "en": "{loaded} event(s) saved, {refused} line(s) set aside.",
    },
    "events.original": {"fr": "Valeurs d'origine", "en": "Original values"},
    "events.unusable.no_such_file": {"fr": "{file} : fichier introuvable", "en": "{file}: no such file"},
    "events.unusable.empty": {"fr": "{file} : le fichier est vide", "en": "{file}: the file is empty"},
    "events.unusable.missing_columns": {
        "fr": "{file} : un fichier d'événements doit avoir la ou les colonnes {columns} ; rien n'a été importé",
        "en": "{file}: an events file needs the column(s) {columns}; nothing was imported",
    },
    "events.unusable.ragged": {
        "fr": "{file} : la plupart des lignes ont plus de champs que l'en-tête (séparateur ou guillemets erronés) ; rien n'a été importé",
        "en": "{file}: most lines have more fields than the header (wrong separator or quoting); nothing was imported",
    },
    "column.event_day": {"fr": "Jour", "en": "Day"},
    "column.event_label": {"fr": "Libellé", "en": "Label"},
    "column.drawn_label": {"fr": "Libellé affiché", "en": "Label as drawn"},
    "publication.header": {"fr": "Publication par département et par mois", "en": "Publication by department and month"},
    "publication.caption": {
        "fr": "Demandes déposées, titres délivrés (dont dans le délai cible), demandes en cours en fin de mois (dont au-delà du délai cible), par département et par mois, du {start} au {end}, avec les filtres choisis. Pour publication, tout effectif de 1 à {k_minus} est masqué (« s »), avec les taux calculés sur lui, puis d'autres cases encore, pour qu'aucun effectif masqué ne puisse être retrouvé à partir des totaux publiés (secret secondaire, règle du Guide du secret statistique de l'Insee).",
        "en": "Applications submitted, titles delivered (of which within target), applications waiting at the end of the month (of which past target), by department and month, from {start} to {end}, with the chosen filters. For publication, every count from 1 to {k_minus} is masked (“s”), with the rates built on it, then further cells, so that no masked count can be worked out from the published totals (secondary suppression, the rule of INSEE's Guide du secret statistique).",
    },
    "publication.toggle": {"fr": "Pour publication (secret statistique)", "en": "For publication (statistical secrecy)"},
    "publication.toggle_help": {
        "fr": "Masque les effectifs inférieurs à {k} et les cases qui permettraient de les recalculer. Sans cette option, le fichier est à usage interne.",
        "en": "Masks the counts under {k} and the cells that would give them back. Without this option, the file is for internal use.",
    },
    "publication.backlog_help": {
        "fr": "Le fichier ne donne plus les demandes une à une, mais leur nombre par département et type de titre, effectifs inférieurs à {k} masqués avec les cases qui permettraient de les recalculer.",
        "en": "The file no longer lists the applications one by one, but counts them by department and title type, counts under {k} masked with the cells that would give them back.",
    },
    "publication.masked": {"fr": "{count} cases masquées.", "en": "{count} cells masked."},
    "publication.empty": {"fr": "Aucune demande sur cette période avec ces filtres.", "en": "No application in this period with these filters."},
    "publication.total": {"fr": "Ensemble", "en": "All"},
    "publication.no_department": {"fr": "Non renseigné", "en": "Not given"},
    "publication.all_month": {"fr": "Toute la période", "en": "Whole period"},
    "publication.all_title_type": {"fr": "Tous types de titre", "en": "All title types"},
    "publication.sheet": {"fr": "Publication", "en": "Publication"},
    "column.month": {"fr": "Mois", "en": "Month"},
    "column.delivered_within_target_count": {"fr": "Délivrés dans le délai cible", "en": "Delivered within target"},
    "column.backlog_over_target_count": {"fr": "En cours au-delà du délai cible", "en": "Waiting past target"},
    "column.backlog_over_target_rate": {"fr": "Part au-delà du délai cible", "en": "Share past target"},
    "charts.summary": {"fr": "Graphique de {count} série(s) : {series}.", "en": "Chart of {count} series: {series}."},
    "charts.summary_series": {"fr": "{name}, dernière valeur {value} ({at})", "en": "{name}, last value {value} ({at})"},
    "charts.summary_more": {"fr": "Et {count} autre(s).", "en": "And {count} more."},
    "charts.summary_peak": {"fr": "Carte de chaleur : au plus haut, {value} ({at}).", "en": "Heat map: at its highest, {value} ({at})."},
    "charts.summary_empty": {"fr": "Graphique sans donnée.", "en": "Chart with no data."},
    # Units -------------------------------------------------------------------------------
    "unit.day": {"fr": "jour", "en": "day"},
    "unit.days": {"fr": "jours", "en": "days"},
    "unit.hours": {"fr": "heures", "en": "hours"},
    # Quick wins (issue 20): the levers ranked by impact, the backlog's way back -------------------
    "quickwins.nav": {"fr": "Leviers", "en": "Quick wins"},
    "quickwins.title": {"fr": "Les leviers qui rapportent le plus", "en": "Quick wins: the levers that would bring the most"},
    "quickwins.caption": {
        "fr": "Du {start} au {end}, {scope}. Chaque levier dit sa taille, sa tendance et ce que sa réduction de "
              "moitié apporterait. Ils sont classés selon ce que cette moitié ferait gagner à leur indicateur, "
              "compté en largeurs de bande orange (l'écart entre le seuil vert et le seuil rouge de oncedone.toml)\u202f: "
              "des jours de délai et des contacts se comparent ainsi.",
        "en": "From {start} to {end}, {scope}. Each lever says its size, its trend and what removing half of it "
              "would bring. They are ranked by what that half would gain on their indicator, counted in widths of "
              "the amber band (the gap between the green and the red thresholds of oncedone.toml): days of delay "
              "and contacts then compare.",
    },
    "quickwins.scope_all": {"fr": "tous titres, tous départements, tous canaux", "en": "all title types, departments and channels"},
    "quickwins.reference.year_before": {
        "fr": "Niveau normal d'un stade\u202f: son 90e centile sur les mêmes semaines un an plus tôt, du {start} au {end}.",
        "en": "A stage's normal level: its 90th centile over the same weeks a year before, from {start} to {end}.",
    },
    "quickwins.reference.weeks_before": {
        "fr": "Niveau normal d'un stade\u202f: son 90e centile sur les 8 semaines avant la période, du {start} au {end} "
              "(les données ne remontent pas un an plus tôt).",
        "en": "A stage's normal level: its 90th centile over the 8 weeks before the period, from {start} to {end} "
              "(the data does not reach a year back).",
    },
    "quickwins.levers": {"fr": "Les leviers, du plus rentable au moins rentable", "en": "The levers, largest impact first"},
    "quickwins.none": {
        "fr": "Aucun levier sur cette période\u202f: ni contacts évitables, ni fausse résolution, ni renvoi, ni attente "
              "au-delà du niveau normal.",
        "en": "No lever in this period: no failure demand, false containment, incomplete loop or wait above its normal level.",
    },
    "quickwins.all_levers": {"fr": "Les {count} leviers, en tableau", "en": "All {count} levers, as a table"},
    "quickwins.name.failure_demand": {"fr": "Contacts évitables «\u202f{reason}\u202f», {title}",
                                      "en": "Failure demand “{reason}”, {title}"},
    "quickwins.name.false_containment": {"fr": "Fausse résolution, {channel}", "en": "False containment, {channel}"},
    "quickwins.name.incomplete_loops": {"fr": "Dossiers renvoyés pour pièces manquantes, {title}",
                                        "en": "Incomplete loops, {title}"},
    "quickwins.name.stage_wait": {"fr": "Attente au stade «\u202f{stage}\u202f», {title}", "en": "Wait in “{stage}”, {title}"},
    "quickwins.no_title": {"fr": "sans demande identifiée", "en": "no known application"},
    "quickwins.size.failure_demand": {
        "fr": "{contacts} contacts et {hours} d'agent par semaine\u202f; sans eux, {once} sollicitations auraient été "
              "réglées au premier contact.",
        "en": "{contacts} contacts and {hours} of agent time a week; without them, {once} demands would have been "
              "once and done.",
    },
    "quickwins.size.false_containment": {
        "fr": "{count} sollicitations sur {logged} notées «\u202frésolu\u202f» au premier contact ont eu une relance sous "
              "{window} jours ({rate})\u202f: {contacts} contacts de relance et {hours} d'agent par semaine.",
        "en": "{count} of {logged} demands logged resolved at the first contact had another contact within {window} "
              "days ({rate}): {contacts} repeat contacts and {hours} of agent time a week.",
    },
    "quickwins.size.incomplete_loops": {
        "fr": "{loops} renvois par semaine\u202f; chacun ajoute {days} en médiane (de la demande de pièces à la reprise "
              "en instruction)\u202f; {contacts} contacts «\u202fPièces justificatives\u202f» par semaine les suivent.",
        "en": "{loops} loops a week; each adds {days} at the median (from the request for documents until the file is "
              "back in review); {contacts} “Documents” contacts a week follow them.",
    },
    "quickwins.size.stage_wait": {
        "fr": "Son 90e centile\u202f: {stage} contre {reference} normalement, {excess} de trop. Chaque attente à ce "
              "stade raccourcie d'autant (sans descendre sous zéro), le 90e centile des titres délivrés passerait de "
              "{now} à {normal}\u202f: ce stade lui ajoute {added}.",
        "en": "Its 90th centile: {stage} against {reference} normally, {excess} too many. Every wait in this stage "
              "cut by as much (never below zero), the 90th centile of the titles delivered would go from {now} to "
              "{normal}: this stage adds {added} to it.",
    },
    "quickwins.trend": {"fr": "Tendance, 2e moitié de la période contre la 1re\u202f: {change}",
                        "en": "Trend, second half of the period against the first: {change}"},
    "quickwins.trend_stage": {"fr": "Tendance du 90e centile du stade\u202f: {first} puis {second} ({change})",
                              "en": "Trend of the stage's 90th centile: {first} then {second} ({change})"},
    "quickwins.halve.failure_demand": {
        "fr": "La moitié en moins\u202f: −{contacts} contacts et −{hours} d'agent par semaine\u202f; contacts évitables "
              "{now} → {halved}.",
        "en": "Half of it gone: −{contacts} contacts and −{hours} of agent time a week; failure demand {now} → {halved}.",
    },
    "quickwins.halve.false_containment": {
        "fr": "La moitié réglée du premier coup\u202f: −{contacts} contacts et −{hours} d'agent par semaine\u202f; réglé "
              "au premier contact {now} → {halved}.",
        "en": "Half of them solved the first time: −{contacts} contacts and −{hours} of agent time a week; once and "
              "done {now} → {halved}.",
    },
    "quickwins.halve.incomplete_loops": {
        "fr": "Moitié moins de renvois\u202f: −{days} au 90e centile ({now} → {halved}) et −{contacts} contacts par semaine.",
        "en": "Half the loops gone: −{days} at the 90th centile ({now} → {halved}) and −{contacts} contacts a week.",
    },
    "quickwins.halve.stage_wait": {
        "fr": "Chaque attente raccourcie de la moitié de cet excès\u202f: −{days} au 90e centile ({now} → {halved}).",
        "en": "Every wait cut by half that excess: −{days} at the 90th centile ({now} → {halved}).",
    },
    "quickwins.impact": {"fr": "Impact\u202f: {bands} × la bande orange de «\u202f{indicator}\u202f» ({width})",
                         "en": "Impact: {bands} × the amber band of “{indicator}” ({width})"},
    "quickwins.points": {"fr": "{value} points", "en": "{value} points"},
    "quickwins.link": {"fr": "Le détail\u202f: {page}, {what}, du {start} au {end}", "en": "The detail: {page}, {what}, {start} to {end}"},
    "quickwins.link_title_backlog": {"fr": "Le détail\u202f: les demandes en cours, {title}, le {day}",
                                     "en": "The detail: the open applications, {title}, on {day}"},
    "quickwins.link_backlog": {"fr": "Les demandes à ce stade le {day}", "en": "The applications in this stage on {day}"},
    "quickwins.column.lever": {"fr": "Levier", "en": "Lever"},
    "quickwins.column.rank": {"fr": "Rang", "en": "Rank"},
    "quickwins.column.gain": {"fr": "La moitié en moins", "en": "Half of it gone"},
    "quickwins.column.impact": {"fr": "Impact (bandes)", "en": "Impact (bands)"},
    "quickwins.column.trend": {"fr": "Tendance", "en": "Trend"},
    "quickwins.gain_contacts": {"fr": "−{contacts} contacts par semaine ({indicator}\u202f: {now} → {halved})",
                                "en": "−{contacts} contacts a week ({indicator}: {now} → {halved})"},
    "quickwins.gain_days": {"fr": "−{days} au 90e centile des délivrés ({now} → {halved})",
                            "en": "−{days} at the 90th centile of the titles delivered ({now} → {halved})"},
    # The way back
    "quickwins.way_back": {"fr": "Le retour sous la cible, par titre", "en": "The backlog's way back, per title type"},
    "quickwins.way_back.caption": {
        "fr": "Sur les 12 semaines après le {day}. La file est servie dans l'ordre d'arrivée. Entrées\u202f: les mêmes "
              "jours un an plus tôt quand les données les ont (ramenées au niveau de cette année quand elles "
              "remontent assez), sinon le niveau des 4 dernières semaines pour chaque jour de la semaine (un jour férié "
              "comme un dimanche). Capacité\u202f: les sorties des 4 dernières semaines, dans le même rapport aux "
              "entrées (des effectifs prévus pour la saison). Sous la cible\u202f: au plus {good} des demandes en cours "
              "au-delà de leur délai cible (le seuil vert). Une projection prolonge le passé\u202f: elle ne prévoit ni une "
              "réorganisation, ni un changement d'effectifs\u202f; la simulation sert à les chiffrer.",
        "en": "Over the 12 weeks after {day}. The queue is served oldest first. Inflow: the same days a year before "
              "where the data has them (scaled to this year's level when it reaches far enough back), else the level "
              "of the last 4 weeks for each weekday (a public holiday as a Sunday). Capacity: the throughput of the "
              "last 4 weeks, in the same ratio to inflow (staff planned for the season). Under target: at most "
              "{good} of the open applications past their target delay (the green threshold). A projection extends the "
              "past: it foresees neither a reorganisation nor a change of staffing; the what-if prices them.",
    },
    "quickwins.back_day": {"fr": "De retour sous la cible le {day}, dans {days} jours.",
                           "en": "Back under target on {day}, in {days} days."},
    "quickwins.back_day_one": {"fr": "De retour sous la cible le {day}, le lendemain.",
                               "en": "Back under target on {day}, the next day."},
    "quickwins.back_already": {"fr": "Déjà sous la cible le {day}.", "en": "Already under target on {day}."},
    "quickwins.back_never": {"fr": "Pas de retour sous la cible dans les 12 semaines.", "en": "Not back under target within 12 weeks."},
    "quickwins.little": {
        "fr": "Loi de Little\u202f: {backlog} demandes en cours ÷ {throughput} sorties par jour = {wait} d'attente pour une "
              "demande déposée ce jour-là, contre un délai réel de {median} en médiane et {ninetieth} au 90e centile pour les "
              "demandes déposées dans les 4 semaines précédentes.",
        "en": "Little's law: {backlog} open applications ÷ {throughput} a day out = {wait} of waiting for an "
              "application submitted that day, against a true delay of {median} at the median and {ninetieth} at the 90th "
              "centile for the applications submitted in the 4 weeks before.",
    },
    "quickwins.model.year_before": {
        "fr": "Entrées projetées\u202f: {days} jours sur 84 repris des mêmes jours un an plus tôt{level}{rest}. "
              "Capacité\u202f: {capacity} sorties par jour sur les 4 dernières semaines, soit {ratio} des entrées "
              "({recent} par jour).",
        "en": "Projected inflow: {days} days of 84 taken from the same days a year before{level}{rest}. Capacity: "
              "{capacity} a day out over the last 4 weeks, {ratio} of inflow ({recent} a day).",
    },
    "quickwins.model.recent": {
        "fr": "Entrées projetées\u202f: le niveau récent de chaque jour de la semaine, {recent} par jour en moyenne "
              "(pas de données un an plus tôt). Capacité\u202f: {capacity} sorties par jour sur les 4 dernières "
              "semaines, soit {ratio} des entrées.",
        "en": "Projected inflow: the recent level of each weekday, {recent} a day on average (no data a year "
              "before). Capacity: {capacity} a day out over the last 4 weeks, {ratio} of inflow.",
    },
    "quickwins.model.level": {"fr": " (× {ratio}, le niveau de cette année)", "en": " (× {ratio}, this year's level)"},
    "quickwins.model.unscaled": {
        "fr": ", tels quels (les données ne remontent pas assez pour les ramener au niveau de cette année)",
        "en": ", as they were (the data does not reach far enough back to scale them to this year's level)",
    },
    "quickwins.model.rest": {"fr": ", les autres au niveau récent de leur jour de la semaine",
                             "en": ", the others at the recent level of their weekday"},
    "quickwins.what_if": {"fr": "Et si…", "en": "What if…"},
    "quickwins.what_if.capacity": {"fr": "Capacité en plus (%)", "en": "Extra capacity (%)"},
    "quickwins.what_if.inflow": {"fr": "Entrées en moins (%), par exemple une page du site mieux rédigée",
                                 "en": "Less inflow (%), for example after fixing a misread web page"},
    "quickwins.what_if.result": {"fr": "Avec {capacity} de capacité en plus et {inflow} d'entrées en moins\u202f: {said}",
                                 "en": "With {capacity} more capacity and {inflow} less inflow: {said}"},
    "quickwins.what_if.little": {
        "fr": "À 12 semaines\u202f: {backlog} demandes en cours ÷ {throughput} sorties par jour = {wait} d'attente.",
        "en": "At 12 weeks: {backlog} open applications ÷ {throughput} a day out = {wait} of waiting.",
    },
    "quickwins.chart.backlog": {"fr": "Demandes en cours projetées", "en": "Projected open applications"},
    "quickwins.chart.flows": {"fr": "Entrées et sorties par jour", "en": "Inflow and throughput a day"},
    "quickwins.chart.wait": {"fr": "Attente selon la loi de Little (jours)", "en": "Wait by Little's law (days)"},
    "quickwins.column.week": {"fr": "Semaine", "en": "Week"},
    "quickwins.column.day": {"fr": "Jusqu'au", "en": "Up to"},
    "quickwins.column.wait": {"fr": "Attente (Little)", "en": "Wait (Little)"},
    # The backtest
    "quickwins.backtest": {"fr": "La projection à l'épreuve des faits", "en": "The projection against what happened"},
    "quickwins.backtest.caption": {
        "fr": "Projection faite le {day}, avec la capacité réellement observée ensuite (ce qui éprouve le modèle des "
              "entrées), comparée aux demandes en cours constatées. Erreur = (projeté − constaté) ÷ constaté.",
        "en": "A projection made on {day}, with the capacity actually observed afterwards (which tests the inflow "
              "model), compared with the open applications that followed. Error = (projected − actual) ÷ actual.",
    },
    "quickwins.backtest.line": {
        "fr": "{title}\u202f: erreur de {e4} à 4 semaines, {e8} à 8 semaines, {e12} à 12 semaines.",
        "en": "{title}: error of {e4} at 4 weeks, {e8} at 8 weeks, {e12} at 12 weeks.",
    },
    "quickwins.backtest.assumed": {
        "fr": "Avec la capacité supposée ce jour-là, la même projection se tromperait de {e4}, {e8} et {e12} pour "
              "{title}\u202f: les effectifs ont changé ensuite. La capacité est une décision, non une tendance\u202f; "
              "la simulation ci-dessus sert à la chiffrer.",
        "en": "With the capacity assumed that day, the same projection would be off by {e4}, {e8} and {e12} for "
              "{title}: staffing changed afterwards. Capacity is a decision, not a trend; the what-if above prices it.",
    },
    "quickwins.backtest.none": {
        "fr": "Le test sur le passé demande les 12 semaines après le {day}\u202f: les données ne les couvrent pas.",
        "en": "The backtest needs the 12 weeks after {day}: the data does not cover them.",
    },
    "quickwins.column.projected": {"fr": "Projeté", "en": "Projected"},
    "quickwins.column.actual": {"fr": "Constaté", "en": "Actual"},
    "quickwins.column.error": {"fr": "Erreur", "en": "Error"},
    "quickwins.column.assumed": {"fr": "Projeté, capacité supposée", "en": "Projected, capacity assumed"},
    "quickwins.column.assumed_error": {"fr": "Erreur, capacité supposée", "en": "Error, capacity assumed"},
    # On Today
    "quickwins.today.header": {"fr": "Les trois leviers les plus rentables", "en": "The three levers that would bring the most"},
    "quickwins.today.caption": {
        "fr": "Du {start} au {end}, ce que la moitié en moins de chacun apporterait.",
        "en": "From {start} to {end}, what removing half of each would bring.",
    },
    "quickwins.halve.same": {
        "fr": " Autant que tout l'excès\u202f: au-delà, le 90e centile tient à d'autres attentes.",
        "en": " As much as the whole excess: beyond it, the 90th centile rests on other waits.",
    },
    "quickwins.today.item": {"fr": "**{name}**\u202f: {gain}", "en": "**{name}**: {gain}"},
    "quickwins.today.more": {"fr": "Tous les leviers et le retour sous la cible", "en": "Every lever and the backlog's way back"},
    # The mailed brief and the threshold alerts ------------------------------------------------
    "brief.subject": {"fr": "Once & Done — le point du {day}", "en": "Once & Done — the brief of {day}"},
    "brief.title": {"fr": "Le point du matin", "en": "The morning brief"},
    "brief.scope": {"fr": "Périmètre\u202f: {scope}", "en": "Scope: {scope}"},
    "brief.scope_all": {"fr": "tous les titres, tous les départements", "en": "every title type, every department"},
    "brief.scope_every_title": {"fr": "tous les titres", "en": "every title type"},
    "brief.scope_every_department": {"fr": "tous les départements", "en": "every department"},
    "brief.open": {"fr": "Ouvrir cette vue dans le tableau de bord", "en": "Open this view in the dashboard"},
    "brief.charts_in_pdf": {
        "fr": "Les courbes des tendances sont dans le PDF joint.",
        "en": "The trends' charts are in the attached PDF.",
    },
    "brief.light_legend": {
        "fr": ":green-badge[**✓**] dans la cible · :orange-badge[**!**] à surveiller · :red-badge[**✕**] hors seuil · "
              ":gray-badge[**–**] sans seuil ou sans donnée. Écart (▲ ▼) avec le {day}, en rouge quand il va dans le "
              "mauvais sens.",
        "en": ":green-badge[**✓**] on target · :orange-badge[**!**] to watch · :red-badge[**✕**] beyond threshold · "
              ":gray-badge[**–**] no threshold or no data. Change (▲ ▼) from {day}, red when it goes the wrong way.",
    },
    "brief.chart.delivered_p90": {"fr": "Titres délivrés", "en": "Titles delivered"},
    "brief.chart.cohort_p90": {"fr": "Délai réel", "en": "True delay"},
    "brief.chart.inflow": {"fr": "Entrées par jour", "en": "Inflow a day"},
    "brief.chart.throughput": {"fr": "Sorties par jour", "en": "Finished a day"},
    "brief.file_name": {"fr": "point-{day}.pdf", "en": "brief-{day}.pdf"},
    "alert.subject.crossed": {
        "fr": "Once & Done — alerte\u202f: {label} {comparison} {threshold}",
        "en": "Once & Done — alert: {label} {comparison} {threshold}",
    },
    "alert.subject.cleared": {
        "fr": "Once & Done — fin d'alerte\u202f: {label} revenu à {value}",
        "en": "Once & Done — alert cleared: {label} back at {value}",
    },
    "alert.below": {"fr": "sous", "en": "below"},
    "alert.above": {"fr": "au-dessus de", "en": "above"},
    "alert.crossed": {
        "fr": "{label} est {comparison} {threshold} depuis le {since}\u202f: {value} le {day}, {gap} {comparison_short} le seuil.",
        "en": "{label} has been {comparison} {threshold} since {since}: {value} on {day}, {gap} {comparison_short} the threshold.",
    },
    "alert.since_at_least": {"fr": "{day} au moins", "en": "at least {day}"},
    "alert.below_short": {"fr": "sous", "en": "under"},
    "alert.above_short": {"fr": "au-dessus de", "en": "over"},
    "alert.cleared": {
        "fr": "{label} n'est plus {comparison} {threshold} depuis le {since}\u202f: {value} le {day}.",
        "en": "{label} is no longer {comparison} {threshold} since {since}: {value} on {day}.",
    },
    "alert.rule": {
        "fr": "Règle «\u202f{name}\u202f»\u202f: {label} {comparison} {threshold}, après {grace} jour(s) de grâce\u202f; périmètre\u202f: {scope}.",
        "en": "Rule “{name}”: {label} {comparison} {threshold}, after {grace} day(s) of grace; scope: {scope}.",
    },
    "alert.explain": {"fr": "Voir ce qui l'explique dans le tableau de bord", "en": "See what explains it in the dashboard"},
    "alert.card.once_and_done_rate_7d": {
        "fr": "Réglé au premier contact (moyenne sur 7 jours)",
        "en": "Once and done (7-day average)",
    },
    "alert.card.within_target_rate_7d": {"fr": "Délivrés dans le délai (moyenne sur 7 jours)", "en": "Delivered on time (7-day average)"},
    "alert.card.failure_demand_rate_7d": {"fr": "Contacts évitables (moyenne sur 7 jours)", "en": "Failure demand (7-day average)"},
    "alert.card.right_first_time_rate_7d": {"fr": "Bon du premier coup (moyenne sur 7 jours)", "en": "Right first time (7-day average)"},
    "alert.card.pickup_rate_7d": {"fr": "Taux de décroché (moyenne sur 7 jours)", "en": "Pickup rate (7-day average)"},
    # Who sees what (issue 17): the login, the reader's scope, the audit trail -------------------
    "access.open_banner": {
        "fr": "**Accès ouvert**\u202f: aucune connexion n'est demandée et chacun voit tout, y compris la quarantaine et "
              "l'import. Pour un poste personnel ou une démonstration seulement\u202f; sur l'intranet, réglez "
              "`[access] mode = \"oidc\"` dans oncedone.toml.",
        "en": "**Open access**: no login is asked and everyone sees everything, the quarantine and the upload included. "
              "For one person's laptop or a demo only; on the intranet, set `[access] mode = \"oidc\"` in oncedone.toml.",
    },
    "access.broken.title": {"fr": "Connexion mal configurée", "en": "The login is misconfigured"},
    "access.broken.body": {
        "fr": "Ce tableau de bord exige une connexion (`mode = \"oidc\"`), mais ses réglages ne le permettent pas\u202f: "
              "{problem}. Il reste fermé tant que ce n'est pas corrigé (modèle\u202f: `.streamlit/secrets.toml.example`, "
              "voir le README, section «\u202fQui voit quoi\u202f»).",
        "en": "This dashboard requires a login (`mode = \"oidc\"`), but its settings cannot provide one: {problem}. "
              "It stays closed until this is fixed (template: `.streamlit/secrets.toml.example`; see the README, "
              "section \"Who sees what\").",
    },
    "access.unreachable": {
        "fr": "le fournisseur d'identité ne répond pas à `{url}` ({error})",
        "en": "the identity provider does not answer at `{url}` ({error})",
    },
    "access.login.title": {"fr": "Connexion requise", "en": "Login required"},
    "access.login.body": {
        "fr": "Once & Done montre des données de service réservées aux agents habilités. Connectez-vous avec "
              "votre compte de l'agence\u202f: vous verrez les titres et les départements de vos groupes.",
        "en": "Once & Done shows service data for authorised staff only. Log in with your agency account: you will "
              "see the title types and departments of your groups.",
    },
    "access.login.button": {"fr": "Se connecter", "en": "Log in"},
    "access.logout": {"fr": "Se déconnecter", "en": "Log out"},
    "access.refused.title": {"fr": "Accès refusé", "en": "Access refused"},
    "access.refused.body": {
        "fr": "Vous êtes connecté en tant que **{who}**, mais aucun de vos groupes ({groups}) n'ouvre de droit "
              "sur ce tableau de bord\u202f: il ne vous montre donc rien.",
        "en": "You are logged in as **{who}**, but none of your groups ({groups}) grants anything on this "
              "dashboard, so it shows you nothing.",
    },
    "access.refused.ask": {"fr": "Pour obtenir un accès, adressez-vous à {contact}.", "en": "To get access, ask {contact}."},
    "access.refused.ask_default": {
        "fr": "Pour obtenir un accès, demandez à l'équipe des données de vous ajouter à un groupe autorisé "
              "chez le fournisseur d'identité de l'agence.",
        "en": "To get access, ask the data team to add you to an authorised group at the agency's identity provider.",
    },
    "access.no_groups": {"fr": "aucun groupe", "en": "no group"},
    "access.expired": {
        "fr": "Votre session a dépassé {hours}\u202fheures\u202f: reconnectez-vous.",
        "en": "Your session is older than {hours} hours: please log in again.",
    },
    "access.signed_in": {"fr": "Connecté\u202f: **{who}**", "en": "Logged in: **{who}**"},
    "access.scope": {"fr": "Périmètre\u202f: {scope}", "en": "Scope: {scope}"},
    "access.scope_all": {"fr": "tout", "en": "everything"},
    "access.all_title_types": {"fr": "tous les titres", "en": "every title type"},
    "access.all_departments": {"fr": "tous les départements", "en": "every department"},
    "access.departments": {"fr": "département {codes}", "en": "department {codes}"},
    "access.departments_many": {"fr": "départements {codes}", "en": "departments {codes}"},
    "access.data_team": {"fr": "équipe des données", "en": "data team"},
    "audit.header": {"fr": "Journal d'audit", "en": "Audit trail"},
    "audit.caption": {
        "fr": "Qui s'est connecté, qui a vu quelle page avec quels filtres, qui a exporté combien de lignes de quoi, "
              "qui a importé. Seuls l'identifiant (sub) et l'adresse e-mail donnés par le fournisseur d'identité sont "
              "gardés, {days}\u202fjours, puis effacés.",
        "en": "Who logged in, who viewed which page with which filters, who exported how many rows of what, who "
              "imported. Only the identity provider's subject (sub) and e-mail are kept, for {days} days, then erased.",
    },
    "audit.shown": {"fr": "Les {shown} dernières lignes sur {total}.", "en": "The latest {shown} rows of {total}."},
    "audit.empty": {"fr": "Rien n'est encore enregistré.", "en": "Nothing recorded yet."},
    "audit_action.login": {"fr": "Connexion", "en": "Login"},
    "audit_action.view": {"fr": "Consultation", "en": "View"},
    "audit_action.export": {"fr": "Export", "en": "Export"},
    "audit_action.import": {"fr": "Import", "en": "Import"},
    "column.recorded_at": {"fr": "Le", "en": "At"},
    "column.action": {"fr": "Action", "en": "Action"},
    "column.subject": {"fr": "Identifiant (sub)", "en": "Subject (sub)"},
    "column.email": {"fr": "E-mail", "en": "E-mail"},
    "column.page": {"fr": "Page", "en": "Page"},
}

# Enumerated kinds whose values have a label, as the catalogue prefixes them.
ENUM_KINDS = (
    "title_type", "status", "submission_channel", "channel", "reason", "outcome", "kind", "quarantine_reason",
    "import_outcome", "completeness_measure", "completeness_weakens", "weekday", "loops",
    "target_state", "age_bucket", "audit_action",
)
# A statistic's suffix after a column's unit (`delivery_days_p50`): the unit decides the format.
STATISTIC_SUFFIXES = ("_p10", "_p25", "_p50", "_p75", "_p90", "_mean", "_min", "_max")
# Durations in days whose names say so otherwise: the same unit on every page as the `_days` columns.
DAYS_COLUMNS = ("days_to_clear",)
PATH_SEPARATOR = ">"  # between the channels of a repeat path (queries/indicators/repeat_paths.sql)


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
    if kind == "channel_path":  # "chatbot>phone" -> "Chatbot → Phone"
        return " → ".join(label("channel", step, lang) for step in str(value).split(PATH_SEPARATOR))
    key = f"{kind}.{value}"
    return t(key, lang) if key in CATALOGUE else str(value)


def quarantine_detail(reason: str, column: str | None, value: str | None, fallback: str, lang: str | None) -> str:
    """What is wrong with a quarantined row, in the reader's language (the import's sentence otherwise)."""
    key = f"quarantine_detail.{reason}"
    if key not in CATALOGUE or column is None:
        return fallback  # a row quarantined before the column was recorded
    return t(key, lang, column=column, value=value if value is not None else "")


def unusable_file(file_name: str, code: str, params: dict, fallback: str, lang: str | None) -> str:
    """Why a file could not be imported at all, in the reader's language (the import's sentence
    when the catalogue does not know the code)."""
    key = f"unusable.{code}"
    if key not in CATALOGUE:
        return fallback
    said = {k: label("kind", v, lang) if k == "kind" else v for k, v in params.items()}
    return t(key, lang, file=file_name, **said)


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


def format_seconds(x, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A short duration: `42 s`, `3 min 05 s`, `1 h 02 min` (the same in both languages but for spaces)."""
    if x is None:
        return MISSING
    space = NNBSP if _language(lang) == "fr" else " "
    total = round(x)
    if x < 10:
        return f"{format_number(x, lang, 1)}{space}s"
    if total < 60:
        return f"{total}{space}s"
    if total < 3600:
        return f"{total // 60}{space}min {total % 60:02d}{space}s"
    return f"{total // 3600}{space}h {total % 3600 // 60:02d}{space}min"


def format_hours(x, lang: str | None = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A duration in hours: `2,5 h` / `2.5 h`."""
    return MISSING if x is None else f"{format_number(x, lang, decimals)}{NNBSP if _language(lang) == 'fr' else ' '}h"


def format_minutes(x, lang: str | None = DEFAULT_LANGUAGE, decimals: int = 1) -> str:
    """A duration in minutes: `4,2 min` / `4.2 min`."""
    return MISSING if x is None else f"{format_number(x, lang, decimals)}{NNBSP if _language(lang) == 'fr' else ' '}min"


def unit_column(column: str) -> str:
    """The column whose suffix carries the unit: `delivery_days_p50` -> `delivery_days`."""
    for suffix in STATISTIC_SUFFIXES:
        if column.endswith(suffix):
            return column[: -len(suffix)]
    return column


def format_value(column: str, value, lang: str | None = DEFAULT_LANGUAGE) -> str:
    """A value formatted as its column's suffix says (`_count`, `_rate`, `_days`, `_hours`,
    `_minutes`, `_seconds`, `_day`, `_at`), a statistic's suffix (`_p50`, `_mean`...) after the unit's."""
    if value is None:
        return MISSING
    column = unit_column(column)
    if column.endswith("_hours"):
        return format_hours(value, lang)
    if column.endswith("_minutes"):
        return format_minutes(value, lang)
    if column.endswith("_rate"):
        return format_rate(value, lang)
    if column.endswith("_seconds"):
        return format_seconds(value, lang)
    if column.endswith("_days") or column in DAYS_COLUMNS:
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
