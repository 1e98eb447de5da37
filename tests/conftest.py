import sys
from pathlib import Path

# claim_cases.py is shared by the tests and bench/accuracy.py
sys.path.insert(0, str(Path(__file__).resolve().parent))
