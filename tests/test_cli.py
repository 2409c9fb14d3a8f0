import os
import subprocess
import sys


def _run(args, **env):
    return subprocess.run(
        [sys.executable, "-m", "evalkit", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_missing_data_directory_gives_one_line_and_no_traceback(tmp_path):
    missing = tmp_path / "nowhere"
    done = _run(["build-panel"], EVALKIT_DATA_DIR=str(missing))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(
        f"evalkit: raw data directory not found: {missing} (EVALKIT_DATA_DIR="
    )
    assert "set EVALKIT_DATA_DIR to the folder" in lines[0]


def test_missing_raw_file_names_the_file_and_the_variable(tmp_path):
    done = _run(["build-panel"], EVALKIT_DATA_DIR=str(tmp_path))
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("evalkit: csmar_regional/CRE_Eplwagct.csv: raw file missing from ")
    assert f"raw file missing from {tmp_path};" in line
    assert "fix: restore the file or point EVALKIT_DATA_DIR at a complete data directory" in line
