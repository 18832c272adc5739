"""The dashboard in French and English: which language a request gets, the switch, formats."""
