"""Email through Django's mail backend (SMTP in production, the console in development)."""

from __future__ import annotations

import smtplib
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from jembatan.notifications.channels.base import ChannelAdapter, Outgoing, SendError, Sent


class EmailAdapter(ChannelAdapter):
    """Each message carries ``Message-ID: <delivery key@domain>``: if a worker dies between the mail
    server's acceptance and the outbox write, the second copy has the same id, which mail systems use
    to drop repeats. Plain SMTP gives no delivery receipt, so acceptance counts as delivered."""

    name = "email"

    def enabled(self) -> bool:
        return bool(settings.EMAIL_BACKEND)

    def normalise_recipient(self, value: str) -> str:
        value = (value or "").strip()
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter a valid email address."), code="invalid") from None
        return value

    def send(self, message: Outgoing) -> Sent:
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        headers = {"Message-ID": f"<{message.key}@{domain}>"}
        body = message.body
        if message.unsubscribe_url:  # RFC 8058: mail programs offer a one-click way out
            headers["List-Unsubscribe"] = f"<{message.unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
            with translation.override(message.language):
                body += "\n\n" + _("To stop these emails: %(url)s") % {"url": message.unsubscribe_url}
        email = EmailMessage(message.subject, body, settings.DEFAULT_FROM_EMAIL, [message.recipient], headers=headers)
        try:
            connection = get_connection(fail_silently=False)
            sent = connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _text in exc.recipients.values()]
            permanent = bool(codes) and all(500 <= code < 600 for code in codes)
            raise SendError(f"recipient refused: {codes}", permanent=permanent) from exc
        except smtplib.SMTPResponseException as exc:
            raise SendError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}"[:480], permanent=exc.smtp_code in (550, 551, 553)
            ) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise SendError(f"{type(exc).__name__}: {exc}") from exc
        if not sent:
            raise SendError("the mail backend sent nothing")
        return Sent(provider_id=headers["Message-ID"], delivered=True)
