from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from spiegel.pipeline import Profile
from spiegel.report import render_pdf


def _pages(pdf: bytes, path: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def test_pdf_is_real_and_has_a_page_per_section(profile: Profile, tmp_path: Path) -> None:
    pdf = render_pdf(profile, "en")
    assert pdf.startswith(b"%PDF-")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    # overview + one page (at least) per competency + the method section
    assert _pages(pdf, path) >= 1 + 6 + 1
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Competency profile" in text and "How it is measured" in text and "Role-steadfast" in text
