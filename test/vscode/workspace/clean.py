import psycopg

# Verifies the server against the system's roots: nothing to report.
conn = psycopg.connect("postgresql://app@db.prod.example.com/app?sslmode=verify-full&sslrootcert=system")
