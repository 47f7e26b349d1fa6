#!/usr/bin/env bash
# One-shot setup run by the `es-setup` compose service after Elasticsearch is healthy:
#  - sets the password of the built-in kibana_system user (Kibana 8 refuses the elastic superuser);
#  - creates the `leakscout` role (leakscout-* indices and their templates) and the user the
#    crawler and scheduler log in as. Safe to run again: every call is a create-or-update.
set -euo pipefail

: "${ELASTIC_PASSWORD:?}" "${KIBANA_PASSWORD:?}" "${LEAKSCOUT_ES_USER:?}" "${LEAKSCOUT_ES_PASSWORD:?}"
ES_URL="${ES_URL:-https://elasticsearch:9200}"
ES_CA="${ES_CA:-/certs/ca.crt}"   # made by the es-certs service

# The passwords are pasted into JSON below; refuse characters that would need escaping.
for value in "$KIBANA_PASSWORD" "$LEAKSCOUT_ES_PASSWORD"; do
  case "$value" in
    *'"'* | *'\'*) echo "es-setup: passwords must not contain \" or \\" >&2; exit 1 ;;
  esac
done

es() {
  local method="$1" path="$2" body="$3"
  curl -fsS --cacert "$ES_CA" -u "elastic:${ELASTIC_PASSWORD}" -X "$method" -H 'Content-Type: application/json' \
    "${ES_URL}${path}" -d "$body"
  echo
}

es POST /_security/user/kibana_system/_password "{\"password\": \"${KIBANA_PASSWORD}\"}"

es PUT /_security/role/leakscout '{
  "cluster": ["monitor", "manage_index_templates", "manage_ilm"],
  "indices": [
    {"names": ["leakscout-*"], "privileges": ["all"]}
  ]
}'

es PUT "/_security/user/${LEAKSCOUT_ES_USER}" "{
  \"password\": \"${LEAKSCOUT_ES_PASSWORD}\",
  \"roles\": [\"leakscout\"],
  \"full_name\": \"leakscout crawler and scheduler\"
}"

echo "es-setup: done"
