"""People across the dashboard: members, spot groups, versions, exports and spreadsheets."""
