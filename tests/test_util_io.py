"""Tests of evalkit.util_io: atomic writes leave the old file on failure; hashes are SHA-256."""

from __future__ import annotations

import hashlib
import os

import pytest

from evalkit.util_io import atomic_path, sha256_file, write_text_atomic


def test_atomic_write_replaces_the_target_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    write_text_atomic(target, "第一\n")
    write_text_atomic(target, "second\n")
    assert target.read_text("utf-8") == "second\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_failure_inside_the_block_keeps_the_old_file_and_removes_the_temporary(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", "utf-8")
    with pytest.raises(RuntimeError, match="half way"), atomic_path(target) as temporary:
        temporary.write_text("half", "utf-8")
        raise RuntimeError("half way")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_written_file_gets_the_umask_permissions_not_mkstemps_0600(tmp_path):
    umask = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "out.txt", "x")
    finally:
        os.umask(umask)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644


def test_sha256_of_a_file_larger_than_one_read_block(tmp_path):
    data = os.urandom((1 << 20) + 123)
    (tmp_path / "blob").write_bytes(data)
    assert sha256_file(tmp_path / "blob") == hashlib.sha256(data).hexdigest()
    (tmp_path / "empty").write_bytes(b"")
    assert sha256_file(tmp_path / "empty") == hashlib.sha256(b"").hexdigest()
