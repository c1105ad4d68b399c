#!/usr/bin/env python3
"""Copies the error codes of Sources/CitasDomain/ErrorCode.swift, in order, into the OpenAPI document's Error schema.
Run it after adding a code; OfficesAPITests checks that the two agree."""
import json
import os
import re

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
codes = re.findall(r'case \w+ = "(\w+)"', open(os.path.join(root, "Sources/CitasDomain/ErrorCode.swift")).read())
path = os.path.join(root, "Sources/CitasServer/Resources/openapi.json")
document = json.load(open(path))
document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"] = codes
with open(path, "w") as out:
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")
print(f"{len(codes)} error codes written to {os.path.relpath(path, root)}")
