#!/usr/bin/env bash
# One-shot run by the `es-certs` compose service before Elasticsearch starts: makes a private CA
# and the node certificate with elasticsearch-certutil (the pattern of Elastic's own compose
# example). Keeps what exists, so certificates survive restarts.
#
#   /certs/ca      (volume es-ca)       the CA and its key: mounted by this service only
#   /certs/node    (volume es-node-certs) elasticsearch.crt/.key and ca.crt: Elasticsearch reads them
#   /certs/public  (volume es-ca-cert)  ca.crt alone: every client verifies the cluster with it
set -euo pipefail

cd /usr/share/elasticsearch
ca=/certs/ca node=/certs/node public=/certs/public

if [ ! -f "$ca/ca.crt" ]; then
  bin/elasticsearch-certutil ca --silent --pem --days 3650 --out /tmp/ca.zip
  unzip -o -j /tmp/ca.zip -d "$ca"
fi

if [ ! -f "$node/elasticsearch.crt" ]; then
  # The names clients use: the compose service name, and localhost for the healthcheck and for
  # the port published on the host's loopback.
  cat > /tmp/instances.yml <<'YAML'
instances:
  - name: elasticsearch
    dns: [elasticsearch, localhost]
    ip: [127.0.0.1]
YAML
  bin/elasticsearch-certutil cert --silent --pem --days 825 --in /tmp/instances.yml \
    --ca-cert "$ca/ca.crt" --ca-key "$ca/ca.key" --out /tmp/node.zip
  unzip -o -j /tmp/node.zip -d "$node"
fi
cp "$ca/ca.crt" "$node/ca.crt"
cp "$ca/ca.crt" "$public/ca.crt"

chmod 0700 "$ca" && chmod 0600 "$ca"/*
# Elasticsearch runs as uid 1000, group 0: the group may read its key, nobody else.
chown -R root:0 "$node" && chmod 0750 "$node" && chmod 0640 "$node"/*
chmod 0755 "$public" && chmod 0644 "$public/ca.crt"
echo "es-certs: done"
