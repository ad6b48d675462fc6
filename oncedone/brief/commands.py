"""`python -m oncedone brief` and `python -m oncedone alerts`: one mail per recipient, each
failure said with its recipient and reason, the others still served; exit 1 when any failed."""

import sys
import time
from datetime import date
from pathlib import Path

import duckdb

from oncedone import config, i18n
from oncedone.brief import alerts, content, mail, render
from oncedone.kpi.indicators import Selection
from oncedone.store.warehouse import Warehouse, WarehouseError


def _setup(args):
    """The configuration, mail settings, recipients, warehouse and day of a run; SystemExit(2) says what is wrong."""
    cfg = config.load()
    try:
        chosen = mail.settings()
        people = mail.recipients(args.recipients, cfg) if args.recipients else mail.everyone(chosen)
    except mail.MailSettingsError as err:
        _fail(str(err))
    if not args.dry_run and any(not r.email for r in people):
        _fail("no recipient: give --recipients FILE, set [mail] to in oncedone.toml, or write a --dry-run DIR")
    if not args.warehouse.exists():
        _fail(f"no warehouse at {args.warehouse}")
    wh = Warehouse(args.warehouse)
    try:
        day = date.fromisoformat(args.day) if args.day else content.default_day(wh)
    except ValueError:
        _fail(f"--day {args.day!r} is not a date (YYYY-MM-DD)")
    except (content.BriefError, WarehouseError) as err:
        _fail(str(err))
    return cfg, chosen, people, wh, day


def _fail(said: str):
    print(f"Nothing sent: {said}.", file=sys.stderr)
    raise SystemExit(mail.EXIT_UNUSABLE)


def _deliver(chosen, recipient, message, attachment, dry_run: Path | None, stem: str) -> str | None:
    """Send (or write) one mail; the failure's sentence, or None when it left."""
    try:
        if dry_run is not None:
            for path in mail.write(dry_run, stem, message, attachment):
                print(f"written: {path}")
        else:
            mail.send(chosen, message)
            print(f"sent to {recipient.email}: {message['Subject']}")
    except Exception as err:  # every failure of one recipient is said, and the others still served
        return mail.reason(err, chosen)
    return None


def brief(args) -> int:
    cfg, chosen, people, wh, day = _setup(args)
    failed, made = [], {}
    for recipient in people:
        started = time.process_time()
        try:
            key = recipient.scope.cells, recipient.language  # one brief per scope and language, whoever reads it
            if key not in made:
                numbers = content.gather(wh, day, recipient.scope, cfg)
                document = render.page(numbers, cfg, chosen.base_url, recipient.language)
                body = render.page(numbers, cfg, chosen.base_url, recipient.language, with_charts=False)
                made[key] = (render.subject(numbers, recipient.language), render.text(numbers, cfg, chosen.base_url, recipient.language),
                             body, (render.file_name(day, recipient.language), render.pdf(document)))
            subject, text, body, attachment = made[key]
        except (content.BriefError, WarehouseError) as err:
            failed.append((recipient.email or "(everyone)", str(err)))
            continue
        message = mail.message(chosen, recipient.email or chosen.sender, subject, text, body, attachment)
        problem = _deliver(chosen, recipient, message, attachment, args.dry_run, f"{recipient.email or 'brief'}-{day}")
        if problem:
            failed.append((recipient.email, problem))
        elif args.verbose:
            print(f"  made in {time.process_time() - started:.1f} s of CPU", file=sys.stderr)
    return _summary(failed, len(people), "brief")


def alerts_command(args) -> int:
    cfg, chosen, people, wh, day = _setup(args)
    try:
        rules = alerts.load_rules(mail._config_path(), cfg)
        log = alerts.SentLog(alerts.state_path(args.warehouse))
    except alerts.AlertRuleError as err:
        _fail(str(err))
    except duckdb.Error as err:  # another run holds the sent log: it would mail the same alerts
        _fail(f"{alerts.state_path(args.warehouse)} cannot be opened ({err})")
    failed, standings, mailed = [], {}, 0
    try:
        for rule in rules:
            for recipient in (r for r in people if rule.applies_to(r.groups)):
                who = recipient.email or "(everyone)"
                try:
                    key = rule.name, recipient.scope.cells  # one reading per rule and scope
                    if key not in standings:
                        points = alerts.series(wh, day, lambda s: content.scoped(s, recipient.scope), rule, cfg)
                        standings[key] = alerts.standing(points, rule)
                except (content.BriefError, WarehouseError) as err:
                    failed.append((who, f"{rule.name}: {err}"))
                    continue
                kind = alerts.due(rule, standings[key], log.last_kind(rule.name, who, day))
                if kind is None:
                    continue
                problem = _alert(chosen, cfg, rule, kind, standings[key], recipient, day, args.dry_run)
                if problem:
                    failed.append((who, f"{rule.name}: {problem}"))
                    continue
                mailed += 1
                if args.dry_run is None:  # a dry run mails nobody: the next real run must still send
                    log.record(rule.name, who, kind, day, standings[key].since_day)
    finally:
        log.close()
    if not failed:
        print(f"{day}: {mailed} alert(s) mailed, {len(rules)} rule(s) read.")
    return _summary(failed, len(people), "alert")


def _alert(chosen, cfg, rule, kind: str, where, recipient, day: date, dry_run: Path | None) -> str | None:
    """Mail one alert: what crossed (or cleared), by how much, since when, and the view that explains it."""
    lang = recipient.language
    subject, said = alerts.text(rule, kind, where, content.scope_said(recipient.scope, cfg, lang), lang)
    # The view from the first day of the run to the day; the dashboard applies the reader's scope itself.
    url = content.link(chosen.base_url, alerts.page(rule), Selection(where.since_day or day, day, scope=content.LINK_ONLY), lang)
    body = f"{said}\n\n{i18n.t('alert.explain', lang)}{render.colon(lang)}{url}\n"
    message = mail.message(chosen, recipient.email or chosen.sender, subject, body)
    return _deliver(chosen, recipient, message, None, dry_run, f"{recipient.email or 'alert'}-{rule.name}-{kind}-{day}")


def _summary(failed: list[tuple[str, str]], count: int, what: str) -> int:
    for who, why in failed:
        print(f"FAILED {who}: {why}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} {what} mail(s) of {count} recipient(s) failed (see above).", file=sys.stderr)
        return mail.EXIT_SOME_FAILED
    return 0
