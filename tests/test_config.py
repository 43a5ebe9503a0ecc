"""Settings come from BRIEFING_ variables and bad values are refused with the variable's name."""

from __future__ import annotations

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_defaults_need_no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BRIEFING_DATABASE_URL")
    settings = load_settings()
    assert settings.database_url == "sqlite:///briefing.db"
    assert settings.telegram_api_url == "https://api.telegram.org/bot"
    assert settings.timezone == "UTC"


def test_admin_ids_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFING_ADMIN_IDS", "12345, 67890")
    assert load_settings().admin_ids == frozenset({12345, 67890})


@pytest.mark.parametrize(
    ("name", "value"),
    [("BRIEFING_ADMIN_IDS", "12,abc"), ("BRIEFING_TIMEZONE", "Mars/Base"), ("BRIEFING_LOG_LEVEL", "LOUD")],
)
def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


def test_token_required_only_when_asked() -> None:
    settings = load_settings()
    with pytest.raises(ConfigError, match="BRIEFING_TELEGRAM_TOKEN"):
        settings.require_token()
