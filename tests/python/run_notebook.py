#!/usr/bin/env python3
"""Executes a notebook headless (nbclient, ipykernel); fails on the first cell error."""
import os
import sys

import nbclient
import nbformat

path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                 resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
client.execute()
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
if errors:
    sys.exit(f"{path}: {errors[0].ename}: {errors[0].evalue}")
print(f"{path}: {sum(c.cell_type == 'code' for c in nb.cells)} code cells ran")
