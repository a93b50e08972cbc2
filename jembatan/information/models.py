"""Public information requests (PPID) under UU 14/2008 and Perki 1/2021.

A request is a case (``cases.models.CaseModel``) with the Perki 1/2021 form fields. The requester's
identity (NIK, address, contacts, an optional KTP scan, an organisation's deed) is encrypted and seen
only by the PPID and the atasan PPID; the public register shows the PPID's own wording of the subject,
the dates and the decision, never the requester.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from jembatan.cases.models import CaseModel, TimelineEventModel
from jembatan.core.crypto import decrypt_bytes, encrypt_bytes
from jembatan.core.privacy import EncryptedTextField


class RequestStatus(models.TextChoices):
    DITERIMA = "diterima", _("Received")
    KLARIFIKASI = "klarifikasi", _("Waiting for the requester's clarification")
    DIPERPANJANG = "diperpanjang", _("Extended")
    DIJAWAB = "dijawab", _("Answered in writing")
    DITERUSKAN = "diteruskan", _("Forwarded to the agency that holds it")
    DITARIK = "ditarik", _("Withdrawn by the requester")
    GUGUR = "gugur", _("Lapsed: no clarification received")


class Decision(models.TextChoices):
    DIKABULKAN = "dikabulkan", _("Granted in full")
    SEBAGIAN = "sebagian", _("Granted in part")
    DITOLAK = "ditolak", _("Refused (exempt information)")
    TIDAK_DIKUASAI = "tidak_dikuasai", _("Information not held")


class RequesterKind(models.TextChoices):
    PERORANGAN = "perorangan", _("A person")
    ORGANISASI = "organisasi", _("An organisation")


class ObtainMethod(models.TextChoices):
    """How the requester wants the information (the Perki 1/2021 form)."""

    MELIHAT = "melihat", _("See, read, listen or take notes")
    SALINAN_HARDCOPY = "salinan_hardcopy", _("A printed copy")
    SALINAN_SOFTCOPY = "salinan_softcopy", _("An electronic copy")


class DeliveryMethod(models.TextChoices):
    """How a copy reaches the requester (the Perki 1/2021 form)."""

    AMBIL_LANGSUNG = "ambil_langsung", _("Collect in person")
    KURIR = "kurir", _("Courier")
    POS = "pos", _("Post")
    FAKSIMILI = "faksimili", _("Fax")
    EMAIL = "email", _("Email")
    # Asked by chat (WhatsApp, Telegram, SMS): the answer and the link to the documents come back there.
    CHAT = "chat", _("In the chat the request came from")


class InformationRequest(CaseModel):
    CODE_PREFIX = "PPID"
    LINK_PURPOSE = "information-request"

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    # Who handles it: the PPID utama (no agency) or a PPID pelaksana in an agency it was routed to.
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="information_requests",
        verbose_name=_("agency (PPID pelaksana)"),
    )  # fmt: skip

    # The requester (Perki 1/2021): encrypted, never public.
    requester_kind = models.CharField(
        _("requester"), max_length=12, choices=RequesterKind.choices, default=RequesterKind.PERORANGAN
    )
    name = EncryptedTextField(_("name"))
    nik = EncryptedTextField(_("NIK"))
    address = EncryptedTextField(_("address"))
    occupation = EncryptedTextField(_("occupation"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    phone = EncryptedTextField(_("telephone"), blank=True)
    organisation = EncryptedTextField(_("organisation"), blank=True)
    # Asked by chat: the channel and the address the requester hears back on.
    requester_channel = models.CharField(_("requester's chat channel"), max_length=10, blank=True)
    requester_chat = EncryptedTextField(_("requester's chat address"), blank=True)
    # The KTP scan and an organisation's deed are ``RequestFile`` rows, their content encrypted.

    # What is asked.
    information = models.TextField(_("information requested"), max_length=5000)
    purpose = models.TextField(_("purpose"), max_length=2000)
    obtain = models.CharField(_("how to obtain it"), max_length=20, choices=ObtainMethod.choices)
    delivery = models.CharField(_("how to receive a copy"), max_length=20, choices=DeliveryMethod.choices)
    # The subject as the PPID words it for the public register (never the requester's own text).
    subject = models.CharField(_("subject (public)"), max_length=200, blank=True)
    consent_text = models.TextField(blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.DITERIMA, db_index=True
    )
    # The clock (``information.clocks``): 10 working days, once +7 with a written reason, paused while
    # a clarification is awaited.
    extension_days = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    clarification_question = models.TextField(_("clarification asked"), blank=True)
    clarification_answer = models.TextField(_("clarification given"), blank=True)
    clarification_asked_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("answer by"), null=True, blank=True, db_index=True)
    # The last reminder the PPID was sent (after 7, 9 or 10 working days), so each goes once.
    reminded_after_days = models.PositiveSmallIntegerField(default=0)
    clarification_due = models.DateField(_("clarification by"), null=True, blank=True)

    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    # For a refusal (in full or in part): the Art. 17 ground and the consequence test it rests on.
    exemption_ground = models.CharField(_("exemption (UU KIP Art. 17)"), max_length=200, blank=True)
    consequence_test = models.TextField(_("consequence test (uji konsekuensi)"), blank=True)
    fee = models.PositiveIntegerField(_("fee (rupiah)"), default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    # Forwarded to the public body that holds the information: a request of its own there when that body
    # is served by this installation (``forwarded_to``), and the body's name in any case.
    forwarded_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="forwarded_from"
    )
    forwarded_body = models.CharField(_("forwarded to"), max_length=200, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        indexes = [
            models.Index(fields=["regency", "status", "-received_at"], name="inforeq_regency_status"),
            models.Index(fields=["agency", "status"], name="inforeq_agency_status"),
        ]
        constraints = [
            models.CheckConstraint(name="inforeq_one_extension", condition=models.Q(extension_days__lte=7)),
        ]


class FileKind(models.TextChoices):
    KTP = "ktp", _("KTP scan")
    AKTA = "akta", _("Deed of the organisation")
    JAWABAN = "jawaban", _("Document given with the answer")


def request_file_path(instance, filename: str) -> str:
    """A random name under the request's regency: the stored name tells nothing about the person."""
    return f"informasi/{instance.request.regency_id}/{instance.kind}/{uuid.uuid4().hex}{Path(filename).suffix[:6]}"


class RequestFile(models.Model):
    """A file of a request: the requester's KTP scan or deed (content encrypted, PPID utama only), or a
    document given with the answer (the requester downloads it from their private page). Never served
    from a public address."""

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to=request_file_path, max_length=200)
    name = models.CharField(_("name"), max_length=150)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    encrypted = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("request file")
        verbose_name_plural = _("request files")

    def __str__(self) -> str:
        return f"{self.request} {self.kind} {self.pk}"

    def read(self) -> bytes:
        with self.file.open("rb") as stored:
            data = stored.read()
        return decrypt_bytes(data) if self.encrypted else data

    @classmethod
    def reencrypt_stored_files(cls) -> int:
        """Key rotation (``core.crypto.reencrypt_all``): every encrypted file under the newest key."""
        count = 0
        for item in cls.objects.filter(encrypted=True).iterator():
            data = item.read()
            with item.file.storage.open(item.file.name, "wb") as stored:
                stored.write(encrypt_bytes(data))
            count += 1
        return count


class RequestEvent(TimelineEventModel):
    """The timeline of a request; the public register shows the ``public`` ones."""

    CASE_FIELD = "request"
    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=RequestStatus.choices)

    class Meta(TimelineEventModel.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.request} {self.status}"


class ObjectionGround(models.TextChoices):
    """The grounds for an objection (UU KIP Art. 35(1))."""

    A = "a", _("(a) the request was refused under the exemptions of Art. 17")
    B = "b", _("(b) periodic (berkala) information was not provided")
    C = "c", _("(c) the request was not answered")
    D = "d", _("(d) the request was answered other than asked")
    E = "e", _("(e) the request was not fulfilled")
    F = "f", _("(f) an unreasonable fee was charged")
    G = "g", _("(g) the information was delivered later than the law allows")


class ObjectionStatus(models.TextChoices):
    DIAJUKAN = "diajukan", _("Filed with the atasan PPID")
    DIPUTUS = "diputus", _("Decided by the atasan PPID")
    SENGKETA = "sengketa", _("Taken to the Komisi Informasi")
    SELESAI = "selesai", _("Decided by the Komisi Informasi")


class ObjectionDecision(models.TextChoices):
    DITERIMA = "diterima", _("Upheld: the information is to be given")
    DITOLAK = "ditolak", _("Rejected: the PPID's answer stands")


class Objection(CaseModel):
    """An objection (keberatan) to the atasan PPID, then possibly a dispute at the Komisi Informasi."""

    CODE_PREFIX = "KEB"
    LINK_PURPOSE = "information-objection"

    request = models.ForeignKey(InformationRequest, on_delete=models.PROTECT, related_name="objections")
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    grounds = models.JSONField(_("grounds (UU KIP Art. 35)"), default=list)
    reason = models.TextField(_("the objection"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.DIAJUKAN, db_index=True
    )
    decision_due = models.DateField(_("atasan PPID answers by"), null=True, blank=True, db_index=True)
    decision = models.CharField(_("decision"), max_length=20, choices=ObjectionDecision.choices, blank=True)
    decision_text = models.TextField(_("the atasan PPID's answer"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    dispute_due = models.DateField(_("may be taken to the Komisi Informasi until"), null=True, blank=True)
    # The Komisi Informasi's steps, as the PPID records them (dates of the KI's own letters).
    dispute_filed_at = models.DateTimeField(null=True, blank=True)
    ki_registered_on = models.DateField(_("dispute registered by the KI"), null=True, blank=True)
    ki_mediation_on = models.DateField(_("mediation"), null=True, blank=True)
    ki_adjudication_on = models.DateField(_("adjudication"), null=True, blank=True)
    ki_decided_on = models.DateField(_("KI decision"), null=True, blank=True)
    ki_decision = models.TextField(_("the KI's decision"), blank=True)

    def ground_labels(self) -> list[str]:
        """The grounds in words, as UU KIP Art. 35 gives them."""
        return [str(ObjectionGround(g).label) for g in self.grounds if g in ObjectionGround.values]

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")


class ObjectionEvent(TimelineEventModel):
    CASE_FIELD = "objection"
    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=ObjectionStatus.choices)

    class Meta(TimelineEventModel.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.objection} {self.status}"


class InformationCategory(models.TextChoices):
    """The categories of public information (UU KIP Art. 9–11 and 17)."""

    BERKALA = "berkala", _("Periodic (berkala): published at least every 6 months")
    SERTA_MERTA = "serta_merta", _("Immediate (serta-merta): threatens lives or public order")
    SETIAP_SAAT = "setiap_saat", _("Available at any time (setiap saat)")
    DIKECUALIKAN = "dikecualikan", _("Exempt (dikecualikan), after a consequence test")


def register_document_path(entry, filename: str) -> str:
    return f"dip/{entry.regency_id}/{filename}"


class RegisterEntry(models.Model):
    """One line of the Daftar Informasi Publik (DOMAIN.md §3.4)."""

    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary of the content"), max_length=3000)
    holder = models.CharField(_("official or unit that holds it"), max_length=200)
    responsible = models.CharField(_("responsible for making or publishing it"), max_length=200)
    made = models.CharField(_("when and where it was made"), max_length=200)
    form = models.CharField(_("form (printed, electronic)"), max_length=100)
    retention = models.CharField(_("retention period (JRA)"), max_length=100)
    category = models.CharField(_("category"), max_length=20, choices=InformationCategory.choices)
    consequence_test = models.TextField(_("consequence test (uji konsekuensi)"), blank=True)
    document = models.FileField(_("document"), upload_to=register_document_path, blank=True)
    published_on = models.DateField(_("published or last updated on"))
    # Periodic information: when it must be published again (at most 6 months after the last time).
    next_due = models.DateField(_("to be published again by"), null=True, blank=True, db_index=True)
    source_request = models.ForeignKey(
        InformationRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="register_entries"
    )
    # The number, title and summary in capitals: what the list's search matches (a trigram index on
    # PostgreSQL keeps it fast at tens of thousands of entries).
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "number"]
        verbose_name = _("public information list entry")
        verbose_name_plural = _("public information list")
        constraints = [
            models.UniqueConstraint(fields=["regency", "number"], name="dip_number_once"),
            models.CheckConstraint(
                name="dip_exempt_has_consequence_test",
                condition=~models.Q(category="dikecualikan") | ~models.Q(consequence_test=""),
            ),
        ]
        indexes = [models.Index(fields=["regency", "category", "number"], name="dip_regency_category")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        self.search_text = self.searchable(self.number, self.title, self.summary)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @staticmethod
    def searchable(number: str, title: str, summary: str) -> str:
        return " ".join((number, title, summary)).upper()
