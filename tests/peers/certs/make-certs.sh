#!/bin/sh
# Makes the throwaway certificates the stand-in servers use: a CA and a
# server certificate for micropython.org (and localhost) signed by it; the
# server presents both (a chain of depth 2). Run from this directory.
set -e
openssl ecparam -name prime256v1 -genkey -noout -out ca.key
openssl req -new -x509 -key ca.key -out ca.pem -days 36500 -subj "/CN=PINT test CA"
openssl ecparam -name prime256v1 -genkey -noout -out server.key
openssl req -new -key server.key -out server.csr -subj "/CN=micropython.org"
printf "subjectAltName=DNS:micropython.org,DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n" > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 36500 -extfile server.ext
cat server.pem ca.pem > chain.pem
rm -f server.csr server.ext ca.srl
