"""The Complaints page: the list with its filters and saved views, and one complaint's detail."""
