"""Reading the OECD Creditor Reporting System (CRS) as the OECD publishes it (docs/crs.md).

Pure: no Django. ``reader.CRSReader`` detects the layout (Data Explorer CSV or bulk
``CRS YYYY data.txt``) and the encoding, then streams one frozen ``model.Row`` per CRS row, or a
``model.Rejected`` naming file, line and column for a row it cannot take.
"""
