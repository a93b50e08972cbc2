"""Default texts of the trust pages, shown until the regency's administrators write their own.

They describe what Jembatan itself does with personal data (docs/adr/0012, UU 27/2022); a regency
adds its own data protection officer, addresses and retention schedule.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULTS = {
    "privasi": (
        _("Privacy"),
        _(
            "%(organisation)s runs this site. This page says which personal data it keeps, why, and what you can "
            "ask, as the Personal Data Protection Law (UU No. 27 of 2022) requires.\n\n"
            "## What we keep and why\n\n"
            "- **Reports (aspirations and complaints):** your report, and the name, email and phone you choose to "
            "give, so that we can send you its progress. Your name, email and phone are never published; emails and "
            "phones are stored encrypted. An anonymous report is published without your identity, with house "
            "numbers, RT/RW, phone numbers and emails in its text masked; a secret report is not published at all.\n"
            "- **KIM applications and members:** the names of the pengurus (published on the KIM's page) and the "
            "phones of members (never published), to register and coach the KIM.\n"
            "- **Staff accounts:** name, email and the sign-in record, for security.\n"
            "- **Opens of share links:** only a count; nothing about the reader is stored.\n\n"
            "## Your rights\n\n"
            "You may ask to see, correct or delete your data, or withdraw your consent. Write to us (see the Contact "
            "page); we answer within the time the law sets. A report that is already being handled may be kept as "
            "long as the law on public complaints requires, without your contact details once you withdraw consent.\n\n"
            "## Security\n\n"
            "Staff sign in with a second step; every change is recorded in an audit log. If personal data leaks, we "
            "tell the people concerned and the authority in writing within 3 × 24 hours."
        ),
    ),
    "tentang": (
        _("About this site"),
        _(
            "%(site)s is the site of the Komunitas Informasi Masyarakat (KIM) programme of %(organisation)s.\n\n"
            "KIMs are community groups in every kelurahan. They pass on accurate, easy-to-understand government "
            "information to their neighbours, and carry citizens' aspirations and complaints back to the "
            "government.\n\n"
            "Here you can read the city's news, find the KIM of your kelurahan, register a new KIM, and send an "
            "aspiration or complaint that you can follow until it is answered."
        ),
    ),
    "kontak": (
        _("Contact"),
        _(
            "%(organisation)s\n\n"
            "- For a report about a public service, use **Aspirasi** on this site: you get a tracking code and an "
            "answer within the legal deadlines.\n"
            "- To reach a KIM, open its page in the KIM directory and send its pengurus a message.\n"
            "- For questions about your personal data, or about this site, write to the office's email address "
            "or visit it during office hours."
        ),
    ),
    "aksesibilitas": (
        _("Accessibility"),
        _(
            "We want everyone to be able to use this site, on a phone as well as on a computer.\n\n"
            "- The pages follow the Web Content Accessibility Guidelines (WCAG) 2.2, level AA; every page is "
            "checked automatically with axe-core before each release.\n"
            "- Every page works without JavaScript and on a screen 360 pixels wide.\n"
            "- Images carry a text alternative; infographics carry their text written out.\n"
            "- The site is in Bahasa Indonesia, and also in English (the link at the top of every page).\n\n"
            "If something is hard to use, tell us through the Contact page: say which page and what you tried."
        ),
    ),
}
