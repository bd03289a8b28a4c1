from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: str = "development"
    debug: bool = False
    secret_key: str
    database_url: str
    db_pool_size: int = 5
    stripe_secret_key: str
    stripe_publishable_key: str
    stripe_webhook_secret: str = ""
    allowed_origins: str = "http://localhost:3000"

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


settings = Settings()
