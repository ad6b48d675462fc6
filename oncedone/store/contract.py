"""The data contract: the three kinds of export file, their columns and enumerated values."""

from dataclasses import dataclass

TITLE_TYPES = ("vehicle_registration", "driving_licence", "id_card", "passport")
SUBMISSION_CHANNELS = ("online", "assisted", "professional")
# The contract's order matters: it breaks ties between events at the same instant.
STATUSES = (
    "submitted",
    "incomplete",
    "resubmitted",
    "in_review",
    "approved",
    "in_production",
    "shipped",
    "delivered",
    "rejected",
    "cancelled",
)
TERMINAL_STATUSES = ("delivered", "rejected", "cancelled")
CHANNELS = ("phone", "email", "chatbot", "webform")
OUTCOMES = ("resolved", "escalated", "transferred", "callback", "abandoned", "pending")
REASONS = (
    "status_inquiry",
    "documents",
    "technical_issue",
    "payment",
    "correction",
    "identity_fraud",
    "other",
)


@dataclass(frozen=True)
class Kind:
    """One kind of export file: its canonical columns, the required ones, and its key."""

    name: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    key: tuple[str, ...]

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.required)


REQUESTS = Kind(
    name="requests",
    columns=("request_id", "title_type", "submitted_at", "department", "submission_channel", "citizen_id"),
    required=("request_id", "title_type", "submitted_at"),
    key=("request_id",),
)
REQUEST_EVENTS = Kind(
    name="request_events",
    columns=("request_id", "status", "occurred_at"),
    required=("request_id", "status", "occurred_at"),
    key=("request_id", "status", "occurred_at"),
)
CONTACTS = Kind(
    name="contacts",
    columns=(
        "contact_id",
        "channel",
        "received_at",
        "answered_at",
        "outcome",
        "reason",
        "citizen_id",
        "request_id",
        "team",
        "agent_id",
        "handle_seconds",
        "csat",
    ),
    required=("contact_id", "channel", "received_at", "outcome", "reason"),
    key=("contact_id",),
)

# Import order: applications first, so events and contacts can be matched to them.
KINDS = (REQUESTS, REQUEST_EVENTS, CONTACTS)


def recognise(columns: list[str]) -> Kind | None:
    """The kind whose required columns a file's header holds (the most specific one wins)."""
    present = set(columns)
    matches = [k for k in KINDS if set(k.required) <= present]
    # An events file has request_id too; prefer the kind that explains most of the header.
    matches.sort(key=lambda k: len(present & set(k.columns)), reverse=True)
    return matches[0] if matches else None
