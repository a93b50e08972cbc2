from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from jembatan.core.registry import Capability


class AccountsConfig(AppConfig):
    name = "jembatan.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    capability = Capability(label="accounts", priority=10, message_templates=("jembatan.accounts.messages.TEMPLATES",))
