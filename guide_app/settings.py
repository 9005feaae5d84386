"""One Settings object, read from the environment (see README, "Configuration")."""

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GUIDE_", extra="ignore")

    # SQLite next to the app by default; a PostgreSQL URL switches database.
    database_url: str = "sqlite:///reflex.db"
    # Comma-separated origins allowed to open the websocket; "*" only for local use.
    allowed_origins: str = "*"
    # The address users reach the app at: debtor links in messages start with it.
    public_url: str = "http://localhost:3000"
    # How long a lead (contact details left after a diagnostic) is kept after its last activity; then purged.
    lead_retention_days: int = Field(default=1095, ge=1, le=3650)

    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.allowed_origins.split(",") if origin.strip()]


settings = Settings()
