#!/usr/bin/env bash
# Generates the certificates of the PostgreSQL fixture into DIR (created if needed):
#
#   root             self-signed root CA "dbtrust Test Root CA"
#   intA, intB       intermediate CAs under root (B is the rotation target)
#   leafA            server certificate (SAN localhost, 127.0.0.1) issued by intA
#   leafB            the same names, issued by intB (after the rotation)
#   leafW            server certificate for another host name (wrong.example.net), issued by intA
#   impRoot, impInt  an impostor: another root and intermediate with the SAME names as root and intA
#   leafI            the impostor's server certificate for localhost / 127.0.0.1
#   wrongRoot        an unrelated root CA
#   expiredRoot      root's name and key, but validity 2015-2020 (an expired copy of the root)
#
# Server files (certificate chain as the server sends it, and its key):
#   server-before.{crt,key}  leafA + intA      server-after.{crt,key}     leafB + intB
#   server-impostor.{crt,key} leafI + impInt   server-wronghost.{crt,key} leafW + intA
#
# Trust files a client may be given (trust/):
#   root.pem  intA.pem  leafA.pem  root-intA.pem  wrong-root.pem  expired-root.pem
#   root+intA.pem (the same bundle, with a '+' in its name)
#
# Usage: test/pg/pki.sh DIR     (needs openssl; EC P-256 keys, so it takes well under a second)
set -euo pipefail

dir=${1:?usage: pki.sh DIR}
mkdir -p "$dir/trust"
cd "$dir"

cat > openssl.cnf <<'EOF'
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[policy_any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_wrong]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:wrong.example.net
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
: > index.txt
echo 1000 > serial
mkdir -p newcerts
export OPENSSL_CONF="$PWD/openssl.cnf"

START=20200101000000Z
END=20991231000000Z

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null; }
csr() { openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr"; }
# sign NAME ISSUER EXTENSIONS [START END]
sign() {
  openssl ca -batch -notext -config openssl.cnf -cert "$2.pem" -keyfile "$2.key" -in "$1.csr" -out "$1.pem" \
    -extensions "$3" -startdate "${4:-$START}" -enddate "${5:-$END}" 2>/dev/null
}
# selfsign NAME KEY EXTENSIONS START END: a self-signed certificate with explicit dates
selfsign() {
  openssl ca -batch -notext -config openssl.cnf -selfsign -keyfile "$2.key" -in "$1.csr" -out "$1.pem" \
    -extensions "$3" -startdate "$4" -enddate "$5" 2>/dev/null
}

key root && csr root 'dbtrust Test Root CA' && selfsign root root v3_ca $START $END
cp root.csr expiredRoot.csr && selfsign expiredRoot root v3_ca 20150101000000Z 20200101000000Z
key intA && csr intA 'dbtrust Test Intermediate A' && sign intA root v3_ca
key intB && csr intB 'dbtrust Test Intermediate B' && sign intB root v3_ca
key leafA && csr leafA localhost && sign leafA intA v3_leaf
key leafB && csr leafB localhost && sign leafB intB v3_leaf
key leafW && csr leafW wrong.example.net && sign leafW intA v3_wrong
key impRoot && csr impRoot 'dbtrust Test Root CA' && selfsign impRoot impRoot v3_ca $START $END
key impInt && csr impInt 'dbtrust Test Intermediate A' && sign impInt impRoot v3_ca
key leafI && csr leafI localhost && sign leafI impInt v3_leaf
key wrongRoot && csr wrongRoot 'dbtrust Other Root CA' && selfsign wrongRoot wrongRoot v3_ca $START $END

chain() { # chain STATE LEAF INTERMEDIATE
  cat "$2.pem" "$3.pem" > "server-$1.crt"
  cp "$2.key" "server-$1.key"
}
chain before leafA intA
chain after leafB intB
chain impostor leafI impInt
chain wronghost leafW intA

cp root.pem trust/root.pem
cp intA.pem trust/intA.pem
cp leafA.pem trust/leafA.pem
cat root.pem intA.pem > trust/root-intA.pem
cp trust/root-intA.pem 'trust/root+intA.pem'   # a '+' in a JDBC URL is decoded as a space
cp wrongRoot.pem trust/wrong-root.pem
cp expiredRoot.pem trust/expired-root.pem
rm -f ./*.csr
