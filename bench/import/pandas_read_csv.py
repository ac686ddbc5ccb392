# The peer of the import benchmark: pandas.read_csv with its defaults (C parser) on the same file; prints one JSON line.
import json
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1])
print(json.dumps({"rows": len(df), "columns": len(df.columns), "pandas": pd.__version__}))
