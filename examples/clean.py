import psycopg

# Every setting here verifies the server: dbtrust reports nothing for this file.
conn = psycopg.connect("host=orders.postgres.database.azure.com dbname=app user=app sslmode=verify-full sslrootcert=certs/azure-roots.pem")
url = "postgresql://app@db.prod.example.com/app?sslmode=verify-full&sslrootcert=system"
