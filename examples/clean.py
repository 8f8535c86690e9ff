import psycopg

# Every setting here verifies the server: dbtrust reports nothing for this file.
conn = psycopg.connect("host=db.prod.example.com dbname=app user=app sslmode=verify-full sslrootcert=/etc/ssl/certs/db-root.pem")
url = "postgresql://app@db.prod.example.com/app?sslmode=verify-full&sslrootcert=system"
