"""The scripts type the shared sample application (learning_city/applications/sample_answers.py) before
any settings exist: it loads in a fresh interpreter without Django, and many applicants do not share
a telephone number."""

import subprocess
import sys
from pathlib import Path

from tests.script_modules import script

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCRIPTS = PROJECT_DIR / "scripts"


def test_a_script_gets_the_sample_without_django():
    probe = (
        "import sys, servers; sample = servers.sample_answers(); "
        "assert sample.answers()[1]['city'] == sample.SUZHOU; "
        "assert not [name for name in sys.modules if name.split('.')[0] == 'django'], 'django imported'"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=SCRIPTS, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_each_applicant_of_a_run_has_telephone_numbers_of_its_own():
    sample = script("servers").sample_answers()
    phones = ("office_head_phone", "office_head_mobile", "contact_phone", "contact_mobile")
    numbers = [sample.answers(variant=number)[1][key] for number in range(0, 60) for key in phones]
    assert len(set(numbers)) == len(numbers)
    assert sample.answers()[1]["contact_mobile"] == "13812345678"  # the one sample office's own
