import psycopg

orders = psycopg.connect("postgresql://api@orders.example.com/orders?sslmode=prefer")
users = psycopg.connect("host=users.example.com dbname=users user=api sslmode=require")
