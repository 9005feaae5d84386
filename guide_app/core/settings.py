"""One Settings object, read from the environment (see README, "Configuration")."""

from typing import Literal, Self
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GUIDE_", extra="ignore")

    # SQLite next to the app by default; DATABASE_URL=postgresql+psycopg://… switches to PostgreSQL.
    database_url: str = Field(default="sqlite:///reflex.db", validation_alias="DATABASE_URL")
    # REDIS_URL=redis://… switches Reflex to its Redis state manager, needed with several workers.
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    # Backend worker processes (Granian reads the same variable). Without Redis each one would keep its own copy of
    # the browsers' states: a file sent to one would not find its sender signed in, a workshop's question pushed from
    # one would not reach the phones connected to the other. Refused at start-up.
    workers: int = Field(default=1, ge=1, validation_alias="GRANIAN_WORKERS")
    # Comma-separated origins allowed to call the backend and open the websocket (CORS). Empty: the origin of
    # public_url only (and its twin, localhost ↔ 127.0.0.1, for a local run). "*" is refused: with credentials
    # allowed, it would let any site talk to the backend in its visitors' name.
    allowed_origins: str = ""
    # The address users reach the app at: debtor links in messages start with it.
    public_url: str = "http://localhost:3000"
    # How long a lead (contact details left after a diagnostic) is kept after its last activity; then purged.
    lead_retention_days: int = Field(default=1095, ge=1, le=3650)

    # Sending reminders. Without a host, every e-mail goes to the in-app outbox (as in test mode).
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_sender: str = ""  # the From address; the creditor's company name is shown as its display name
    smtp_tls: Literal["none", "starttls", "ssl"] = "starttls"
    smtp_timeout: float = Field(default=30.0, gt=0)
    # Seconds between two runs of the in-app scheduler; 0 turns it off (use `python -m guide_app.jobs run-due`).
    scheduler_interval: int = Field(default=60, ge=0)
    # Messages to clients leave from this hour (Paris time) on; the owners' morning digests come before it, so that
    # each planned message can still be held (reminders/digest.py). 0: at any hour (the browser tests).
    send_from_hour: int = Field(default=10, ge=0, le=23)

    @model_validator(mode="after")
    def _several_workers_share_redis(self) -> Self:
        if self.workers > 1 and not self.redis_url:
            raise ValueError(f"GRANIAN_WORKERS={self.workers} needs REDIS_URL: the workers share states through Redis")
        return self

    def cors_origins(self) -> list[str]:
        listed = [origin.strip().rstrip("/") for origin in self.allowed_origins.split(",") if origin.strip()]
        if "*" in listed:
            raise ValueError("GUIDE_ALLOWED_ORIGINS: list the origins (https://app.example.fr), not *")
        if listed:
            return listed
        url = urlsplit(self.public_url)
        origin = f"{url.scheme}://{url.netloc}"
        twins = {"localhost": "127.0.0.1", "127.0.0.1": "localhost"}
        twin = twins.get(url.hostname or "")
        return [origin, *([origin.replace(url.hostname or "", twin, 1)] if twin else [])]


settings = Settings()
