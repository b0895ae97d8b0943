"""Generated party documents (.docx): admission and confirmation forms 1-KNĐ … 16-KNĐ.

Pure Python + python-docx: no models, no Django, so everything here is testable without a database.
The public entry point is `ptdv.documents.admission_forms`.
"""
