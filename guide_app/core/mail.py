"""E-mail through SMTP, configured by GUIDE_SMTP_* (see README): the message a reminder becomes, and a mailer
that keeps one connection for a whole run. No database here (sending.py decides what to send)."""

from __future__ import annotations

import hashlib
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from typing import Literal, Protocol

from email_validator import EmailNotValidError, validate_email

from guide_app.core.settings import Settings, settings

_REASON_MAX = 300


class SendFailure(Exception):
    """A send that did not go through; `reason` is a short French sentence for the owner.

    `stop_run`: the server itself is unusable (unreachable, credentials refused): the run stops sending
    instead of charging a failed attempt to every action in turn.
    """

    def __init__(self, reason: str, *, stop_run: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:_REASON_MAX]
        self.stop_run = stop_run


class Mailer(Protocol):
    from_address: str

    def send(self, message: EmailMessage) -> None:
        """Hands the message to the server; raises SendFailure when it is not accepted."""

    def close(self) -> None:
        """Ends the connection, if any (the mailer can be used again afterwards)."""


@dataclass(frozen=True, slots=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    tls: Literal["none", "starttls", "ssl"] = "starttls"
    user: str = ""
    password: str = ""
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig | None:
        """None when no SMTP host is configured (every e-mail then goes to the outbox)."""
        if not settings.smtp_host:
            return None
        sender = settings.smtp_sender or settings.smtp_user
        if "@" not in sender:
            raise ValueError("GUIDE_SMTP_SENDER must be an e-mail address when GUIDE_SMTP_HOST is set")
        return cls(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=sender,
            tls=settings.smtp_tls,
            user=settings.smtp_user,
            password=settings.smtp_password.get_secret_value(),
            timeout=settings.smtp_timeout,
        )


def _server_says(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}".strip()


class SmtpMailer:
    """One SMTP connection, opened at the first send and checked (NOOP) before being used again."""

    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self.from_address = config.sender
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        smtp: smtplib.SMTP
        if config.tls == "ssl":
            smtp = smtplib.SMTP_SSL(
                config.host, config.port, timeout=config.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=config.timeout)
            if config.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if config.user:
            smtp.login(config.user, config.password)
        return smtp

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is not None:
            try:
                if self._smtp.noop()[0] == 250:
                    return self._smtp
            except (OSError, smtplib.SMTPException):
                pass
            self.close()
        self._smtp = self._connect()
        return self._smtp

    def send(self, message: EmailMessage) -> None:
        try:
            self._connection().send_message(message)
        except smtplib.SMTPRecipientsRefused as error:
            code, text = next(iter(error.recipients.values()), (550, b""))
            raise SendFailure(f"Adresse refusée par le serveur d'envoi ({_server_says(code, text)}).") from error
        except smtplib.SMTPDataError as error:
            raise SendFailure(
                f"Message refusé par le serveur d'envoi ({_server_says(error.smtp_code, error.smtp_error)})."
            ) from error
        except smtplib.SMTPAuthenticationError as error:
            self.close()
            raise SendFailure("Identifiants SMTP refusés : vérifiez la configuration.", stop_run=True) from error
        except smtplib.SMTPSenderRefused as error:
            self.close()
            reason = f"Adresse d'expédition refusée ({_server_says(error.smtp_code, error.smtp_error)})."
            raise SendFailure(reason, stop_run=True) from error
        except (OSError, smtplib.SMTPException) as error:  # unreachable, TLS, timeout, disconnected
            self.close()
            raise SendFailure(f"Serveur d'envoi injoignable ({type(error).__name__}).", stop_run=True) from error

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def valid_address(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def _one_line(text: str) -> str:
    return " ".join(text.split())


def message_id(action_id: int, created_at: datetime, from_address: str) -> str:
    """The same Message-ID every time this action is sent: should it ever be sent twice (see sending.py),
    mail clients that deduplicate on Message-ID show it once."""
    digest = hashlib.sha256(f"{action_id}:{created_at.isoformat()}".encode()).hexdigest()[:16]
    return f"<relance.{action_id}.{digest}@{sender_domain(from_address)}>"


def sender_domain(from_address: str) -> str:
    """The domain of Message-IDs: the sender's."""
    return from_address.rpartition("@")[2] or "localhost"


def build_message(
    *,
    from_address: str,
    from_name: str,
    to: str,
    subject: str,
    body: str,
    message_id: str,
    date: datetime,
    reply_to: str = "",
) -> EmailMessage:
    """A plain-text UTF-8 e-mail; header values are kept on one line (no header injection)."""
    message = EmailMessage()
    username, _, domain = from_address.partition("@")
    message["From"] = Address(display_name=_one_line(from_name), username=username, domain=domain)
    message["To"] = _one_line(to)
    if reply_to:
        message["Reply-To"] = formataddr((_one_line(from_name), _one_line(reply_to)))
    message["Subject"] = _one_line(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message.set_content(body)
    return message


def default_mailer() -> Mailer | None:
    """SMTP from GUIDE_SMTP_*; None without a host (live e-mails then go to the outbox too)."""
    config = SmtpConfig.from_settings(settings)
    return SmtpMailer(config) if config else None
