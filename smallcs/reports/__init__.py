"""PDF output built with reportlab: survey cards and their QR codes (plain data in, no queries)."""
