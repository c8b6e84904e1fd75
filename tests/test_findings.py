"""One Finding type, and report.json's two shapes of it unchanged."""

from __future__ import annotations

from pipeline.findings import ERROR, WARNING, Finding, has_errors


def test_a_page_finding_keeps_the_accessibility_shape():
    finding = Finding(ERROR, "img-alt", "describe the image", path="tr/a.html",
                      element="body/main/img")
    assert finding.as_dict() == {"page": "tr/a.html", "element": "body/main/img",
                                 "rule": "img-alt", "message": "describe the image",
                                 "severity": "error"}
    assert str(finding) == "tr/a.html: body/main/img: img-alt: describe the image"


def test_a_file_finding_keeps_the_qa_shape_with_or_without_a_line():
    at_line = Finding(WARNING, "length", "too long", "tr/x.po", 12, lang="tr")
    assert at_line.as_dict() == {"lang": "tr", "location": "tr/x.po:12", "code": "length",
                                 "message": "too long", "severity": "warning"}
    assert str(at_line) == "tr/x.po:12: warning: length: too long"
    assert Finding(WARNING, "interface-plural-forms", "x", "tr.po").location == "tr.po"


def test_only_errors_count_as_errors():
    assert not has_errors([Finding(WARNING, "a", "b")])
    assert has_errors([Finding(WARNING, "a", "b"), Finding(ERROR, "c", "d")])
