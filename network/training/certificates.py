"""Certificates of the basic course: one self-contained HTML page (A4 when printed) per agent,
in a language, every typed text escaped; a zip of them for a session's attendees."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from sqlite_utils import Database

from network.core import i18n
from network.core.permissions import User
from network.core.safe_html import escape_html as esc
from network.training import rules, service, store

CSS = """
@page { size: A4 portrait; margin: 18mm; }
html, body { margin: 0; padding: 0; }
body { font-family: Georgia, 'Times New Roman', serif; color: #1a1a1a; }
main { border: 3px double #2f4f6f; padding: 14mm 12mm; min-height: 230mm;
       box-sizing: border-box; page-break-inside: avoid; break-inside: avoid; }
h1 { font-size: 26pt; text-align: center; margin: 0 0 8mm; color: #2f4f6f; }
.name { font-size: 22pt; text-align: center; margin: 6mm 0; font-weight: bold; }
p { font-size: 12pt; line-height: 1.5; }
table { width: 100%; border-collapse: collapse; margin-top: 6mm; font-size: 11pt; }
th, td { border-bottom: 1px solid #999; text-align: left; padding: 2mm; }
.foot { margin-top: 14mm; font-size: 10pt; color: #444; }
"""


def certificate_html(db: Database, record: dict[str, Any], lang: str, city: str) -> str:
    """The certificate of one agent's completed course (record from service.agent_training)."""
    t = lambda key, **kw: i18n.translate(key, lang, **kw)  # noqa: E731
    agent = record["agent"]
    best: dict[int, dict[str, Any]] = {}
    for h in record["history"]:
        best.setdefault(h["module"], h)
    rows = []
    for m in rules.MODULES:
        h = best.get(m)
        how = (t("training.cert.before_calendar") if h and h["source"] == "prior"
               else (h["title"] if h else ""))
        rows.append(f"<tr><td>{m}</td><td>{esc(t(f'training.module.{m}'))}</td>"
                    f"<td>{esc(h['day'] if h else '')}</td><td>{esc(how)}</td></tr>")
    last = max((h["day"] for h in best.values()), default="")
    return (
        f"<!DOCTYPE html><html lang='{esc(lang)}'><head><meta charset='utf-8'>"
        f"<title>{esc(t('training.cert.title'))} · {esc(agent['name'])}</title>"
        f"<style>{CSS}</style></head><body><main>"
        f"<h1>{esc(t('training.cert.title'))}</h1>"
        f"<p>{esc(t('training.cert.intro', city=city))}</p>"
        f"<p class='name'>{esc(agent['name'])}</p>"
        f"<p>{esc(t('training.cert.body', hours=i18n.format_number(8, lang)))}</p>"
        f"<table><thead><tr><th>#</th><th>{esc(t('training.cert.module'))}</th>"
        f"<th>{esc(t('training.cert.date'))}</th><th>{esc(t('training.cert.how'))}</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p class='foot'>{esc(t('training.cert.completed', date=last))}</p>"
        f"</main></body></html>")


def _city(db: Database) -> str:
    from network import reference

    return reference.setting(db, "city.name", "")


def my_certificate(db: Database, user: User | None, lang: str,
                   agent_id: int | None = None) -> tuple[str, str]:
    """(file name, HTML) of the signed-in agent's certificate (or, for those who may view the
    agent, another's); CourseIncomplete until the four modules are done."""
    record = service.agent_training(db, user, agent_id)
    if not record["complete"]:
        raise service.CourseIncomplete(done=len(record["modules"]),
                                       total=len(rules.MODULES))
    return file_name(record["agent"]), certificate_html(db, record, lang, _city(db))


def file_name(agent: dict[str, Any]) -> str:
    """A safe file name: certificate-<id>-<name in ASCII letters>.html."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", agent["name"]).strip("-")[:40] or "agent"
    return f"certificate-{agent['id']}-{slug}.html"


def session_certificates(db: Database, user: User | None, event_id: int) -> tuple[bytes, int]:
    """A zip of the certificates of a session's attendees who completed the course, each in
    the agent's language; returns (zip bytes, how many)."""
    event = store.event_row(db, event_id)
    service.require_manage(user, event["district_id"])
    attendees = [s for s in store.signups(db, event_id) if s["attended"] == 1]
    history = store.training_history(db, [s["agent_id"] for s in attendees])
    city, buffer, count = _city(db), io.BytesIO(), 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for s in attendees:
            rows = history.get(s["agent_id"], [])
            modules = rules.modules_completed([], [r["module"] for r in rows])
            if not rules.course_complete(modules):
                continue
            agent = store.agent_row(db, s["agent_id"])
            record = {"agent": agent, "history": rows, "modules": modules, "complete": True}
            html = certificate_html(db, record, rules.agent_language(agent["languages"]), city)
            archive.writestr(file_name(agent), html.encode("utf-8"))
            count += 1
    return buffer.getvalue(), count
