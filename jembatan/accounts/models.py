from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jembatan.accounts.roles import AGENCY_ROLES, KIM_ROLES, PROVINCE_ROLES, REGENCY_ROLES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("email is required")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("email_confirmed_at", timezone.now())
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regency = models.ForeignKey(
        "regions.Regency", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("regency")
    )
    # A province instead of a regency: only for PROVINCE_ROLES (read-only), reading all its regencies.
    province = models.ForeignKey(
        "regions.Province", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("province")
    )
    kim = models.ForeignKey("communities.Kim", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("KIM"))
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("agency")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_scope_matches_role",
                condition=(
                    Q(
                        role__in=sorted(r.value for r in REGENCY_ROLES),
                        regency__isnull=False,
                        province__isnull=True,
                        kim__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in PROVINCE_ROLES),
                        province__isnull=False,
                        regency__isnull=True,
                        kim__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in KIM_ROLES),
                        kim__isnull=False,
                        regency__isnull=True,
                        province__isnull=True,
                        agency__isnull=True,
                    )
                    | Q(
                        role__in=sorted(r.value for r in AGENCY_ROLES),
                        agency__isnull=False,
                        regency__isnull=True,
                        province__isnull=True,
                        kim__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "regency"], condition=Q(regency__isnull=False), name="role_unique_per_regency"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="role_unique_per_province",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "kim"], condition=Q(kim__isnull=False), name="role_unique_per_kim"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "agency"], condition=Q(agency__isnull=False), name="role_unique_per_agency"
            ),
        ]

    def __str__(self) -> str:
        scope = self.regency or self.province or self.kim or self.agency
        return f"{self.user} — {self.get_role_display()} ({scope})"
