"""evalkit.fingerprint: the code version recorded in reports and keying cached results."""

from evalkit.fingerprint import code_fingerprint


def _package(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("x = 1\n")
    (tmp_path / "sub" / "labels.csv").write_text("kind,column,key,zh,en\n", encoding="utf-8")
    return tmp_path


def test_a_source_or_label_change_changes_the_fingerprint(tmp_path):
    package = _package(tmp_path)
    before = code_fingerprint(package)
    (package / "sub" / "labels.csv").write_text("kind,column,key,zh,en\ns,,a,甲,a\n", "utf-8")
    after_label = code_fingerprint.__wrapped__(package)
    (package / "a.py").write_text("x = 2\n")
    after_code = code_fingerprint.__wrapped__(package)
    assert len({before, after_label, after_code}) == 3


def test_other_files_do_not_count_and_the_order_is_fixed(tmp_path):
    package = _package(tmp_path)
    before = code_fingerprint.__wrapped__(package)
    (package / "notes.txt").write_text("scratch")
    (package / "a.cpython-311.pyc").write_bytes(b"\0")
    assert code_fingerprint.__wrapped__(package) == before


def test_a_renamed_file_changes_the_fingerprint(tmp_path):
    package = _package(tmp_path)
    before = code_fingerprint.__wrapped__(package)
    (package / "a.py").rename(package / "b.py")
    assert code_fingerprint.__wrapped__(package) != before
