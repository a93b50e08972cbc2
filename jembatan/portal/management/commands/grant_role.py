"""Bootstrap and operations: give a person a role from the command line (e.g. the first administrator)."""

from django.core.management.base import BaseCommand, CommandError

from jembatan.accounts import services
from jembatan.accounts.roles import AGENCY_ROLES, KIM_ROLES, Role
from jembatan.agencies.models import Agency
from jembatan.communities.models import Kim
from jembatan.core import tenancy
from jembatan.core.errors import DomainError
from jembatan.regions.models import Regency


class Command(BaseCommand):
    help = "Give EMAIL the role ROLE (creating the account and emailing a password link when needed)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=[r.value for r in Role])
        parser.add_argument("--name", default="", help="full name for a new account")
        parser.add_argument(
            "--regency", default=None, help="regency code for regency roles (default: the installation's regency)"
        )
        parser.add_argument(
            "--province", default=None, help="province code: the leadership role (pimpinan) for every regency of it"
        )
        parser.add_argument("--agency", default=None, help="agency short name, for petugas_opd")
        parser.add_argument("--kim", default=None, help="KIM slug, for pengurus_kim")

    def handle(self, *args, email, role, name, regency, province, agency, kim, **options):
        if province:
            from jembatan.regions.models import Province

            found = Province.objects.filter(code=province).first()
            if found is None:
                raise CommandError(f"Unknown province {province}: import the regions first.")
            try:
                services.role_grant(actor=None, user=_user(email, name), role=role, province=found)
            except DomainError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self.style.SUCCESS(f"{email} now holds {role} for every regency of {found}."))
            return

        regency_code = regency or tenancy.regency_code()
        scope = {}
        if role in AGENCY_ROLES:
            found = Agency.objects.filter(regency_id=regency_code, short_name__iexact=agency or "").first()
            if found is None:
                raise CommandError("Unknown agency: give --agency with its short name.")
            scope["agency"] = found
        elif role in KIM_ROLES:
            found = Kim.objects.filter(slug=kim or "").first()
            if found is None:
                raise CommandError("Unknown KIM: give --kim with its slug.")
            services.role_grant(actor=None, user=_user(email, name), role=role, kim=found)
            self.stdout.write(self.style.SUCCESS(f"{email} is now {role} of {found}."))
            return
        else:
            found = Regency.objects.filter(code=regency_code).first()
            if found is None:
                raise CommandError(f"Unknown regency {regency_code}: import the regions first.")
            scope["regency"] = found
        services.staff_invite(actor=None, email=email, full_name=name or email.split("@")[0], role=role, **scope)
        self.stdout.write(self.style.SUCCESS(f"{email} now holds {role}. A sign-in email has been sent."))


def _user(email, name):
    from jembatan.accounts.models import User

    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        raise CommandError("No account with that email: the person registers first.")
    return user
