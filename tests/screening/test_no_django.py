"""harbour.screening is plain Python: importing it and screening a text must not import Django."""

import json
import subprocess
import sys

SCRIPT = """
import json, sys
import harbour.screening
from harbour.screening import screen, Context
v = screen("you absolute bellend, add me on snap", Context(direction="incoming", author="a"))
print(json.dumps({"django": sorted(m for m in sys.modules if m == "django" or m.startswith("django.")),
                  "action": str(v.action)}))
"""


def test_screening_never_imports_django():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["django"] == []
    assert result["action"] != "allow"  # it really screened
