"""One Settings object, read from the environment (see README, "Configuration")."""

from pydantic import Field
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

    def cors_origins(self) -> list[str]:
        return [origin.strip() for origin in self.allowed_origins.split(",") if origin.strip()]


settings = Settings()
