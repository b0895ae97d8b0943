"""The admission rule engine: pure Python (standard library only), no Django, no database."""
