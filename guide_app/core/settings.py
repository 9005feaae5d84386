"""One Settings object, read from the environment (see README, "Configuration")."""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GUIDE_", extra="ignore")

    # SQLite next to the app by default; DATABASE_URL=postgresql+psycopg://… switches to PostgreSQL.
    database_url: str = Field(default="sqlite:///reflex.db", validation_alias="DATABASE_URL")
    # REDIS_URL=redis://… switches Reflex to its Redis state manager, needed with several workers.
    redis_url: str | None = Field(default=None, validation_alias="REDIS_URL")
    # Comma-separated origins allowed to open the websocket; "*" only for local use.
    allowed_origins: str = "*"
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

    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.allowed_origins.split(",") if origin.strip()]


settings = Settings()
