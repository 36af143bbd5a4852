"""Command line: python -m network ... (also installed as `antirumour`)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from network import database, demo, reference
from network.accounts import auth
from network.core import i18n, storage
from network.core.errors import NetworkError
from network.setup import initialize

db_option = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help=f"Database file (default: ${storage.DB_ENV} or data/antirumour.db).",
)


def fail(err: NetworkError) -> None:
    """Print a domain error in English and exit non-zero."""
    for line in i18n.describe_error(err, "en"):
        click.echo(f"Error: {line}", err=True)
    sys.exit(1)


def open_or_fail(db_path: Path | None):
    try:
        return database.connect(db_path)
    except Exception as exc:  # a bad path or a file that is not a database
        raise click.ClickException(f"cannot open database {storage.db_path(db_path)}: {exc}") from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Coordination app for a city's anti-rumour network."""


@cli.command()
@db_option
@click.option("--demo", "with_demo", is_flag=True, help="Also load the seeded, labelled demo data.")
@click.option("--city", "city_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              default=None, help="City reference data folder (default: data/cities/bilbao).")
def init(db_path: Path | None, with_demo: bool, city_dir: Path | None) -> None:
    """Create or upgrade the database and load reference (and demo) data."""
    db = open_or_fail(db_path)
    try:
        result = initialize(db, city_dir, with_demo)
    except NetworkError as err:
        fail(err)
    path = storage.db_path(db_path)
    click.echo(f"Database ready: {path}")
    click.echo("Reference data loaded." if result.city_loaded else "Reference data already present.")
    if with_demo:
        click.echo("Demo data loaded (accounts: demo-admin, demo-staff, demo-coordinator, "
                   f"demo-agent, demo-jury1-3; password {demo.DEMO_PASSWORD})." if result.demo_loaded
                   else "Demo data already present.")


@cli.command()
@db_option
def check(db_path: Path | None) -> None:
    """Integrity check and migration status."""
    db = open_or_fail(db_path)
    result = storage.integrity_check(db)
    applied = database.applied_migrations(db)
    pending = database.pending_migrations(db)
    click.echo(f"Database: {storage.db_path(db_path)}")
    click.echo(f"Integrity: {', '.join(result)}")
    click.echo(f"Migrations applied: {len(applied)}; pending: {len(pending)}")
    for name in applied:
        click.echo(f"  applied {name}")
    for name in pending:
        click.echo(f"  pending {name}")
    click.echo(f"Districts: {db['districts'].count}; demo data: {'yes' if demo.has_demo(db) else 'no'}")
    if result != ["ok"] or pending:
        sys.exit(1)


@cli.command()
@db_option
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
def backup(db_path: Path | None, dest: Path) -> None:
    """Online backup to DEST (consistent while the app runs)."""
    db = open_or_fail(db_path)
    if dest.resolve() == storage.db_path(db_path).resolve():
        raise click.ClickException("the backup must go to another file")
    storage.backup(db, dest)
    click.echo(f"Backup written: {dest}")


@cli.command(context_settings={"ignore_unknown_options": True})
@db_option
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
def serve(db_path: Path | None, streamlit_args: tuple[str, ...]) -> None:
    """Start the app (streamlit run), from a checkout or an installed wheel.

    Extra arguments go to Streamlit, e.g. `serve --server.port 8502`."""
    from network import APP_DIR

    os.environ[storage.DB_ENV] = str(storage.db_path(db_path).resolve())
    # Streamlit reads .streamlit/config.toml from the working folder: run it in the app's, as
    # this process (signals reach Streamlit itself).
    os.chdir(APP_DIR)
    os.execv(sys.executable, [sys.executable, "-m", "streamlit", "run", str(APP_DIR / "app.py"),
                              *streamlit_args])


@cli.group()
def user() -> None:
    """Manage accounts."""


@user.command("add")
@db_option
@click.argument("name")
@click.option("--role", type=click.Choice(list(auth.ROLES)), required=True)
@click.option("--district", "districts", multiple=True, type=str,
              help="District number or name (coordinators; repeat for several).")
@click.option("--agent", "agent_id", type=int, default=None, help="Agent record id (agents).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def user_add(db_path: Path | None, name: str, role: str, districts: tuple[str, ...],
             agent_id: int | None, password_stdin: bool) -> None:
    """Create account NAME; asks for the password without echo (or reads stdin)."""
    db = open_or_fail(db_path)
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        ids = [reference.resolve_district(db, d).id for d in districts]
        created = auth.create_user(db, None, name, password, role, ids, agent_id, system=True)
    except NetworkError as err:
        fail(err)
    click.echo(f"Created {created.role} account {created.username!r}.")


@user.command("list")
@db_option
def user_list(db_path: Path | None) -> None:
    """List accounts (no passwords)."""
    db = open_or_fail(db_path)
    rows = auth.list_users(db)
    if not rows:
        click.echo("No accounts yet. Create one with: python -m network user add NAME --role admin")
        return
    click.echo(f"{'username':24} {'role':12} {'districts':10} {'active':6} demo")
    for r in rows:
        click.echo(f"{r['username']:24} {r['role']:12} {r['districts'] or '-':10} "
                   f"{'yes' if r['active'] else 'no':6} {'yes' if r['demo'] else ''}")


@cli.group(name="demo")
def demo_group() -> None:
    """Demo data."""


@demo_group.command("remove")
@db_option
def demo_remove(db_path: Path | None) -> None:
    """Delete every demo row (agents, actions, accounts, ...)."""
    db = open_or_fail(db_path)
    click.echo(f"Removed {demo.remove(db)} demo rows.")


@cli.group(name="import")
def import_group() -> None:
    """Import CSV files (all-or-nothing: one bad row rejects the file)."""


@import_group.command("actions")
@db_option
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def import_actions(db_path: Path | None, csv_file: Path) -> None:
    """Import actions from CSV_FILE (columns in README: date,district,barrio,type,title,...)."""
    from network.actions import io as action_io

    db = open_or_fail(db_path)
    try:
        count = action_io.import_actions(db, None, csv_file.read_bytes(), system=True)
    except NetworkError as err:
        fail(err)
    click.echo(f"Imported {count} actions.")


@cli.group(name="export")
def export_group() -> None:
    """Export CSV files (UTF-8 with BOM, for Excel)."""


csv_output_option = click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="CSV file to write (default: standard output).")


def lang_option(default: str):
    """The --lang option of an export, with its default language."""
    return click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default=default,
                        show_default=True, help="Language of the headers and labels.")


def emit_csv(data: bytes, output: Path | None, what: str) -> None:
    """Write an export (UTF-8 with BOM, for Excel) to FILE, or to standard output."""
    if output is None:
        click.echo(data, nl=False)  # bytes go out as they are, BOM included
        return
    output.write_bytes(data)
    click.echo(f"Wrote {what} to {output}", err=True)


@export_group.command("actions")
@db_option
@csv_output_option
@lang_option("es")
def export_actions(db_path: Path | None, output: Path | None, lang: str) -> None:
    """Export every action as CSV."""
    from network.actions import io as action_io

    db = open_or_fail(db_path)
    emit_csv(action_io.export_actions(db, None, lang, system=True), output, "actions")


@export_group.command("agents")
@db_option
@csv_output_option
@click.option("--no-contacts", is_flag=True, help="Leave out emails, phones and notes.")
@lang_option(i18n.DEFAULT_LANGUAGE)
def export_agents(db_path: Path | None, output: Path | None, no_contacts: bool, lang: str) -> None:
    """Export every agent and entity as CSV (UTF-8 with BOM); run by the server's operator."""
    from network import agents
    from network.core import csvio

    db = open_or_fail(db_path)
    from network.accounts import access

    headers, rows = agents.export_table(db, None, lang, include_contacts=not no_contacts,
                                        system=True)
    access.record(db, None, "export", "agents")
    emit_csv(csvio.to_csv_bytes(headers, rows), output, f"{len(rows)} agents")


@export_group.command("quiz")
@db_option
@csv_output_option
@lang_option("en")
def export_quiz(db_path: Path | None, output: Path | None, lang: str) -> None:
    """Quiz attempts and their answers, one row per answer with its source (no client hashes)."""
    from network.core import csvio
    from network.quiz import export

    db = open_or_fail(db_path)
    rows = export.export_rows(db, lang)
    emit_csv(csvio.to_csv_bytes(export.headers(lang), rows), output, f"{len(rows)} answers")


@cli.group("wave")
def wave_group() -> None:
    """Barometer waves: create one before importing its fieldwork, list them."""


@wave_group.command("create")
@db_option
@click.argument("label")
@click.option("--year", type=int, required=True, help="The wave's year.")
@click.option("--start", "fieldwork_start", default=None,
              help="First day of fieldwork, YYYY-MM-DD (default: 1 October of the year).")
@click.option("--end", "fieldwork_end", default=None,
              help="Last day of fieldwork, YYYY-MM-DD (default: 31 October of the year).")
@click.option("--mode", type=click.Choice(["face_to_face", "online"]), default="face_to_face",
              show_default=True)
@click.option("--target", "target_per_district", type=int, default=100, show_default=True,
              help="Interviews planned per district.")
def wave_create(db_path: Path | None, label: str, year: int, fieldwork_start: str | None,
                fieldwork_end: str | None, mode: str, target_per_district: int) -> None:
    """Create a barometer wave LABEL (as a draft), so a fieldwork file can be imported."""
    from network.barometer import waves

    db = open_or_fail(db_path)
    fields = {"label": label, "year": year, "mode": mode,
              "fieldwork_start": fieldwork_start or f"{year}-10-01",
              "fieldwork_end": fieldwork_end or f"{year}-10-31",
              "target_per_district": target_per_district}
    try:
        waves.create_wave(db, None, fields, system=True)
    except NetworkError as err:
        fail(err)
    click.echo(f"Created wave {label.strip()!r} ({year}, {mode}, draft).")


@wave_group.command("list")
@db_option
def wave_list(db_path: Path | None) -> None:
    """Every wave: label, year, fieldwork dates, mode, status, respondents, weighting."""
    from network.barometer import estimates, waves
    from network.barometer.weighting import read_weighting

    db = open_or_fail(db_path)
    counts = estimates.wave_counts(db)
    for w in waves.list_waves(db):
        info = read_weighting(w.weighting)
        n = (counts.get(w.id) or {}).get("valid") or 0
        state = "" if info.converged else ", margins not met within the weight bounds"
        click.echo(f"{w.label}\t{w.year}\t{w.fieldwork_start}..{w.fieldwork_end}\t{w.mode}\t"
                   f"{w.status}\t{n} respondents\t{info.method}{state}")


@import_group.command("barometer")
@db_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--wave", "wave_label", required=True,
              help="Label of the wave (created in the app or with `wave create`).")
def import_barometer(db_path: Path | None, file: Path, wave_label: str) -> None:
    """Import barometer fieldwork microdata FILE into a wave (see README for the columns)."""
    from network.barometer import io, waves

    db = open_or_fail(db_path)
    try:
        wave = waves.wave_by_label(db, wave_label)
        result = io.import_csv(db, None, wave, file.read_bytes(), file.name, system=True)
    except NetworkError as err:
        fail(err)
    click.echo(f"Imported {result.rows} respondents into wave {wave.label!r} "
               f"(weights: {result.weighting.method}).")


@export_group.command("barometer")
@db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("."),
              help="A folder for barometer_microdata.csv, barometer_estimates.csv and "
                   "barometer_changes.csv, or a .zip file holding them (default: the current "
                   "folder).")
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default="en",
              help="Language of the headers and labels.")
def export_barometer(db_path: Path | None, output: Path, lang: str) -> None:
    """Export barometer microdata (with weights), the estimates table (with standard errors)
    and the tests of change between waves."""
    import zipfile

    from network.barometer import io

    db = open_or_fail(db_path)
    files = {"barometer_microdata.csv": io.microdata_csv(db, lang),
             "barometer_estimates.csv": io.estimates_csv(db, lang),
             "barometer_changes.csv": io.changes_csv(db, lang)}
    if output.suffix.lower() == ".zip":
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        click.echo(f"Written {output}")
        return
    if output.suffix.lower() == ".csv" or output.is_file():
        raise click.ClickException("give a folder or a .zip file: the export is three CSV files")
    output.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (output / name).write_bytes(data)
        click.echo(f"Written {output / name}")


@cli.group("events")
def events_group() -> None:
    """The network's calendar: feeds (.ics) and reminders."""


@events_group.command("ics")
@db_option
@click.option("--district", "district_number", type=int, default=None,
              help="A district's number (default: the whole network's calendar).")
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default="es",
              help="Language of the feed's labels.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The .ics file to write.")
def events_ics(db_path: Path | None, district_number: int | None, lang: str,
               output: Path) -> None:
    """Write an iCalendar feed (Europe/Madrid times) of a district's events and the city's."""
    from network import training

    db = open_or_fail(db_path)
    district_id = None
    if district_number is not None:
        district_id = next((d.id for d in reference.districts(db)
                            if d.number == district_number), None)
        if district_id is None:
            raise click.ClickException(f"no district number {district_number}")
    data = training.district_feed(db, district_id, lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    click.echo(f"Written {output} ({data.count(b'BEGIN:VEVENT')} events)")


@events_group.command("remind")
@db_option
@click.option("--days", type=click.IntRange(1, 60), default=2, show_default=True,
              help="Remind of events starting from tomorrow up to this many days ahead.")
@click.option("--write-outbox", "outbox_file", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the messages (JSON lines) to this file; without it, "
                                 "a dry run lists them.")
def events_remind(db_path: Path | None, days: int, outbox_file: Path | None) -> None:
    """List (dry run) or write to an outbox file the reminders of upcoming events and the
    pending notices of cancelled or moved events, each in the agent's language."""
    from datetime import date

    from network import training

    db = open_or_fail(db_path)
    today = date.today()
    if outbox_file is None:
        messages = training.outbox(db, today, days)
        for m in messages:
            click.echo(f"{m['kind']}\t{m['lang']}\t{m['recipient'] or '-'}\t{m['subject']}")
        click.echo(f"Dry run: {len(messages)} messages (nothing written).")
        return
    count = training.write_outbox(db, outbox_file, today, days)
    click.echo(f"Written {count} messages to {outbox_file}")


@cli.command()
@db_option
@click.option("--year", type=int, required=True, help="The report's year.")
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default="es",
              help="Language of the report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
def report(db_path: Path | None, year: int, lang: str, output: Path) -> None:
    """Write the annual report for a year as one self-contained HTML file."""
    from network.report import build_report

    if not 2000 <= year <= 2100:
        raise click.ClickException(f"year {year} is out of range (2000-2100)")
    db = open_or_fail(db_path)
    html = build_report(db, year, lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    click.echo(f"Written {output} ({len(html.encode('utf-8')) // 1024} kB)")

@export_group.command("rumours")
@db_option
@csv_output_option
@lang_option("es")
def export_rumours(db_path: Path | None, output: Path | None, lang: str) -> None:
    """The rumour catalogue with heard and answered counts per district (small counts hidden)."""
    from network.rumours import export

    db = open_or_fail(db_path)
    emit_csv(export.export_csv(db, None, lang, system=True), output, "rumours")


@cli.command()
@db_option
@click.option("--district", "district", default=None,
              help="District number or name (default: the whole city).")
@click.option("--lang", type=click.Choice(list(i18n.LANGUAGES)), default="es",
              help="Language of the diagnosis.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
def diagnosis(db_path: Path | None, district: str | None, lang: str, output: Path) -> None:
    """Write the anti-rumour diagnosis (population, perceptions, rumours) as one HTML file."""
    from network.rumours.diagnosis import build_diagnosis

    db = open_or_fail(db_path)
    try:
        district_id = reference.resolve_district(db, district).id if district else None
    except NetworkError as err:
        fail(err)
    html = build_diagnosis(db, district_id, lang)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(html, encoding="utf-8")
    click.echo(f"Written {output} ({len(html.encode('utf-8')) // 1024} kB)")


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="python -m network")


@cli.group(name="privacy")
def privacy_group() -> None:
    """Agents' rights over their data and retention (run by the server's operator)."""


@privacy_group.command("export")
@db_option
@click.option("--agent", "agent_id", type=int, required=True, help="The agent record's id.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file to write (default: standard output).")
@lang_option("es")
def privacy_export(db_path: Path | None, agent_id: int, output: Path | None, lang: str) -> None:
    """Everything the app holds about one agent, as JSON."""
    from network.accounts import rights, store

    db = open_or_fail(db_path)
    if store.agent_row(db, agent_id) is None:
        fail(NetworkError("accounts.error.no_agent", agent_id=agent_id))
    try:
        data = rights.export_json(db, None, agent_id, lang, system=True)
    except NetworkError as err:
        fail(err)
    if output is None:
        click.echo(data.decode("utf-8"))
        return
    output.write_bytes(data)
    click.echo(f"Wrote the data of agent {agent_id} to {output}", err=True)


@privacy_group.command("erase")
@db_option
@click.option("--agent", "agent_id", type=int, required=True, help="The agent record's id.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def privacy_erase(db_path: Path | None, agent_id: int, yes: bool) -> None:
    """Erase an agent: name, contacts, notes, consents and accounts (their actions keep counting,
    anonymously). Cannot be undone."""
    from network.accounts import rights, store

    db = open_or_fail(db_path)
    if store.agent_row(db, agent_id) is None:
        fail(NetworkError("accounts.error.no_agent", agent_id=agent_id))
    if not yes:
        click.confirm(f"Erase agent {agent_id}? This cannot be undone", abort=True)
    try:
        rights.erase(db, None, agent_id, system=True)
    except NetworkError as err:
        fail(err)
    click.echo(f"Erased agent {agent_id}.")


@privacy_group.command("purge")
@db_option
@click.option("--years", type=click.IntRange(min=1), default=3, show_default=True,
              help="Contacts and notes of agents inactive for longer than this are deleted.")
@click.option("--apply", "apply_", is_flag=True,
              help="Delete (without it: a dry run that only says what would go).")
def privacy_purge(db_path: Path | None, years: int, apply_: bool) -> None:
    """Retention: delete old contacts and notes, and old client fingerprints (daily cron)."""
    from network.accounts import retention

    db = open_or_fail(db_path)
    result = retention.purge(db, years=years, apply=apply_)
    verb = "Deleted" if result.applied else "Would delete (dry run; --apply to do it)"
    click.echo(f"{verb}: contacts and notes of {len(result.agents)} agents inactive since before "
               f"{result.cutoff}; {result.quiz_fingerprints} quiz client fingerprints; "
               f"{result.submission_log} throttle entries; {result.sessions} ended sessions.")
