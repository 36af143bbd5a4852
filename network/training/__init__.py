"""Training and the network's calendar: sessions of the basic course, district and annual
meetings, sign-ups with a waiting list, attendance, modules completed (derived), certificates,
coverage, calendar feeds and reminders.

Named `training` (not `events`, which readers know as network/core/events.py, the derived-data
announcements; not `calendar`, which would shadow the standard library module)."""

from network.training.certificates import my_certificate, session_certificates
from network.training.coverage import Coverage, city_table, dashboard_coverage, district_coverage
from network.training.feeds import agent_feed, district_feed
from network.training.reminders import outbox, reminders, write_outbox
from network.training.rules import AUDIENCES, KINDS, MODULE_HOURS, MODULES, now_local
from network.training.service import (
    AlreadySignedUp,
    CourseIncomplete,
    EventCancelled,
    EventClosed,
    NoAgentRecord,
    NotSignedUp,
    NotYetHeld,
    agent_calendar,
    agent_training,
    attendance_sheet,
    cancel_event,
    create_event,
    managed_events,
    record_attendance,
    sign_up,
    update_event,
    withdraw,
)
from network.training.store import event_row

__all__ = [
    "AUDIENCES", "KINDS", "MODULES", "MODULE_HOURS", "AlreadySignedUp", "CourseIncomplete",
    "Coverage", "EventCancelled", "EventClosed", "NoAgentRecord", "NotSignedUp", "NotYetHeld",
    "agent_calendar", "agent_feed", "agent_training", "attendance_sheet", "cancel_event",
    "city_table", "create_event", "dashboard_coverage", "district_coverage", "district_feed", "event_row",
    "managed_events", "my_certificate", "now_local", "outbox", "record_attendance",
    "reminders", "session_certificates", "sign_up", "update_event", "withdraw",
    "write_outbox",
]
