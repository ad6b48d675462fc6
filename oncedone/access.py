"""Who sees what: the [access] table of oncedone.toml, and a user's scope (the union of their groups' grants).

A grant is a rectangle: title types × departments, each a list or "all". A user in several groups
sees the union of the rectangles, not the product of their lists: (passport, 75) and (id_card, 92)
never grant passports in 92. The scope reaches SQL as one bound list of cells "title_type|department",
with "*" for "all" (`in_scope` in queries/schema).

The login's own settings ([auth] of .streamlit/secrets.toml) and the session's age are checked here
too, as plain functions over dicts: the Streamlit side (oncedone/app/auth.py) only draws the outcome.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

ALL = "all"
WILDCARD = "*"
MODES = ("open", "oidc")


class AccessError(ValueError):
    """The [access] table holds a value the product cannot use; the app stops rather than open up."""


@dataclass(frozen=True)
class Grant:
    """What one identity-provider group may see: None means every value of that dimension."""

    title_types: tuple[str, ...] | None
    departments: tuple[str, ...] | None
    data_team: bool = False

    def cells(self) -> frozenset[str]:
        titles = self.title_types if self.title_types is not None else (WILDCARD,)
        departments = self.departments if self.departments is not None else (WILDCARD,)
        return frozenset(f"{t}|{d}" for t in titles for d in departments)


@dataclass(frozen=True)
class Scope:
    """The rows one reader may see: a union of grants. Every dataset and report call takes one."""

    grants: tuple[Grant, ...]
    data_team: bool = False

    @property
    def cells(self) -> tuple[str, ...]:
        """The bound list `$scope_cells`, sorted so that equal scopes share a cache key."""
        return tuple(sorted(set().union(*(g.cells() for g in self.grants))))

    @property
    def is_national(self) -> bool:
        """All title types of all departments: only then are contacts with no application shown."""
        return f"{WILDCARD}|{WILDCARD}" in self.cells

    @property
    def is_empty(self) -> bool:
        return not self.grants

    def title_types(self, known: Iterable[str]) -> list[str]:
        """The title types this scope shows at least in one department, in the order of `known`."""
        granted = {c.split("|", 1)[0] for c in self.cells}
        return [t for t in known if WILDCARD in granted or t in granted]

    def departments(self, known: Iterable[str]) -> list[str]:
        """The departments this scope shows at least for one title type, in the order of `known`."""
        granted = {c.split("|", 1)[1] for c in self.cells}
        return [d for d in known if WILDCARD in granted or d in granted]

    def allows(self, title_type: str | None, department: str | None) -> bool:
        """What `in_scope` says in SQL; a row with no application (None, None) needs a national scope."""
        if title_type is None or department is None:
            return self.is_national
        return bool({f"{title_type}|{department}", f"{title_type}|*", f"*|{department}", "*|*"} & set(self.cells))

    def params(self) -> dict:
        """The `$params` every scoped query takes."""
        return {"scope_cells": list(self.cells), "scope_national": self.is_national}


# The open mode, the command line and the import: no login, everything visible.
EVERYTHING = Scope((Grant(None, None, data_team=True),), data_team=True)


@dataclass(frozen=True)
class AccessSettings:
    """[access]: "open" (the demo, one laptop) or "oidc" (login required), and the groups' grants."""

    mode: str = "open"
    groups_claim: str = "groups"
    session_hours: float = 10.0
    groups: Mapping[str, Grant] = field(default_factory=dict)
    # A year of traceability (the CNIL's advice for access logs: six months to a year), then the
    # subjects and e-mails go: personal data kept no longer than its purpose needs (GDPR art. 5).
    audit_retention_days: int = 365
    contact: str = ""  # whom a refused reader asks for a grant (the access-refused page names them)

    def scope_for(self, groups: Iterable[str]) -> Scope:
        """The union of the grants of the groups that the identity provider sent; empty when none match."""
        grants = tuple(self.groups[g] for g in sorted(set(groups)) if g in self.groups)
        return Scope(grants, data_team=any(g.data_team for g in grants))


def parse(raw: dict, source: str = "oncedone.toml") -> AccessSettings:
    """The [access] table, checked: an unknown mode or a malformed grant stops the app."""
    mode = str(raw.get("mode", "open"))
    if mode not in MODES:
        raise AccessError(f"{source}: [access] mode must be one of {', '.join(MODES)}, not {mode!r}")
    hours = float(raw.get("session_hours", 10))
    if not 0 < hours <= 24 * 30:
        raise AccessError(f"{source}: [access] session_hours must be between 0 and 720, not {hours}")
    claim = str(raw.get("groups_claim", "groups"))
    groups = {str(name): _grant(name, table, source) for name, table in raw.get("groups", {}).items()}
    if mode == "oidc" and not groups:
        raise AccessError(f"{source}: [access] mode = \"oidc\" needs at least one [access.groups.<group>] table")
    retention = int(raw.get("audit_retention_days", 365))
    if not 1 <= retention <= 3650:
        raise AccessError(f"{source}: [access] audit_retention_days must be between 1 and 3650, not {retention}")
    return AccessSettings(mode, claim, hours, groups, retention, str(raw.get("contact", "")))


def _grant(name: str, table: dict, source: str) -> Grant:
    unknown = sorted(set(table) - {"title_types", "departments", "data_team"})
    if unknown:
        raise AccessError(f"{source}: [access.groups.{name}] has unknown key(s) {', '.join(unknown)}")
    return Grant(_values(name, table, "title_types", source), _values(name, table, "departments", source),
                 bool(table.get("data_team", False)))


def _values(name: str, table: dict, key: str, source: str) -> tuple[str, ...] | None:
    value = table.get(key, [])
    if value == ALL:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v and "|" not in v and v != WILDCARD for v in value):
        raise AccessError(f"{source}: [access.groups.{name}] {key} must be \"all\" or a list of codes")
    return tuple(value)


# The login ([auth] of .streamlit/secrets.toml, read by st.login) ---------------------------------

AUTH_SHARED = ("redirect_uri", "cookie_secret")
AUTH_PROVIDER = ("client_id", "client_secret", "server_metadata_url")
SECRETS_SOURCE = ".streamlit/secrets.toml"
MIN_COOKIE_SECRET_CHARS = 32  # Streamlit signs the identity cookie with it: a guessable one forges any user


@dataclass(frozen=True)
class Login:
    """The identity provider st.login() uses: its name (None for a flat [auth]) and its discovery URL."""

    provider: str | None
    server_metadata_url: str


def login_settings(secrets: Mapping, source: str = SECRETS_SOURCE) -> Login:
    """The [auth] table checked as st.login() needs it; AccessError says what is missing or wrong,
    so that a broken login stops the app instead of opening it."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not auth:
        raise AccessError(f"{source}: [access] mode = \"oidc\" needs an [auth] table (see .streamlit/secrets.toml.example)")
    named = {k: v for k, v in auth.items() if isinstance(v, Mapping) and k != "client_kwargs"}
    if any(k in auth for k in AUTH_PROVIDER) or not named:
        provider, table, where = None, auth, "[auth]"
    elif len(named) == 1:
        ((provider, table),) = named.items()
        where = f"[auth.{provider}]"
    else:
        raise AccessError(f"{source}: [auth] names several providers ({', '.join(sorted(named))}); keep one")
    missing = [f"[auth] {k}" for k in AUTH_SHARED if not _filled(auth.get(k))]
    missing += [f"{where} {k}" for k in AUTH_PROVIDER if not _filled(table.get(k))]
    if missing:
        raise AccessError(f"{source}: the login needs {', '.join(missing)}")
    redirect = str(auth["redirect_uri"])
    if not _absolute(redirect) or not urlparse(redirect).path.endswith("/oauth2callback"):
        raise AccessError(f"{source}: [auth] redirect_uri must be the app's absolute address ending in "
                          f"/oauth2callback (http://host:port/oauth2callback), not {redirect!r}")
    if len(str(auth["cookie_secret"])) < MIN_COOKIE_SECRET_CHARS:
        raise AccessError(f"{source}: [auth] cookie_secret must be a random text of at least {MIN_COOKIE_SECRET_CHARS} "
                          "characters (python -c 'import secrets; print(secrets.token_hex(32))')")
    metadata = str(table["server_metadata_url"])
    if not _absolute(metadata):
        raise AccessError(f"{source}: {where} server_metadata_url must be an absolute http(s) address, not {metadata!r}")
    return Login(provider, metadata)


def metadata_problem(document: object) -> str | None:
    """What is wrong with a provider's discovery document (None when st.login can use it)."""
    if not isinstance(document, Mapping):
        return "its discovery document is not a JSON object"
    missing = [k for k in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(k)]
    return f"its discovery document lacks {', '.join(missing)}" if missing else None


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _absolute(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


# The session ---------------------------------------------------------------------------------


def session_expired(claims: Mapping, hours: float, now_seconds: float) -> bool:
    """Whether a login is older than `hours`, from the ID token's `iat` (Streamlit never checks `exp`,
    and its cookie lasts 30 days); a token without `iat` proves no age, so it has expired."""
    issued = claims.get("iat")
    if isinstance(issued, bool) or not isinstance(issued, int | float):
        return True
    return now_seconds - issued > hours * 3600


def groups_of(claims: Mapping, claim: str) -> list[str]:
    """The groups an ID token names under `claim`: a list, or one text (some providers send one group bare)."""
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []
