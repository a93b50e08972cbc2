from jembatan.newsroom.readability import analyse, is_passive, syllables


def test_plain_text_gets_no_advice():
    report = analyse("Jalan di depan pasar ditutup besok. Warga bisa lewat Jalan Merdeka.")
    assert report.level in ("easy", "fair")
    assert report.sentences == 2 and report.words == 11
    assert report.long_sentences == [] and report.jargon == [] and report.abbreviations == []


def test_long_sentences_jargon_passive_and_abbreviations_are_named():
    text = (
        "Dalam rangka implementasi program pemeliharaan jaringan yang dilaksanakan oleh PLN bersama OPD terkait, "
        "pemadaman dilakukan secara bergilir di beberapa kelurahan sehingga masyarakat diharapkan dapat melakukan "
        "penyesuaian terhadap aktivitas sehari-hari yang berkaitan dengan penggunaan listrik."
    )
    report = analyse(text, {"implementasi": "pelaksanaan", "dalam rangka": "untuk"})
    assert report.level == "hard"
    assert len(report.long_sentences) == 1
    assert ("implementasi", "pelaksanaan") in report.jargon and ("dalam rangka", "untuk") in report.jargon
    assert {"dilaksanakan", "dilakukan", "diharapkan"} <= set(report.passive_words)
    assert report.abbreviations == ["PLN", "OPD"]


def test_an_abbreviation_written_out_at_first_use_is_fine():
    report = analyse("Dinas Pekerjaan Umum (PU) memperbaiki jalan. PU bekerja sampai sore.", {})
    assert report.abbreviations == []


def test_helpers():
    assert syllables("pemberdayaan") == 5 and syllables("penyelenggaraan") == 6
    assert is_passive("diperbaiki") and not is_passive("dinas") and not is_passive("digital")
    assert analyse("").level == "empty"
