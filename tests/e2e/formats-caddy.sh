#!/bin/sh
# formats-caddy.sh - --log-format caddy and detection on the JSON access log of a real
# Caddy (on 127.0.0.1, hit by curl: successes with query strings, 500s, 404s, files),
# checked against formats-ref.py (formats-lib.sh). Skips (77) without caddy or curl.
. "$(dirname "$0")/formats-lib.sh"
if ! { command -v caddy >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; }; then
	echo "caddy or curl not found: skipped"
	exit 77
fi

port=$(free_port)
mkdir -p "$tmpdir/caddy/www/big"
head -c 300000 /dev/zero >"$tmpdir/caddy/www/big/a"
head -c 900000 /dev/zero >"$tmpdir/caddy/www/big/b"
cat >"$tmpdir/caddy/Caddyfile" <<EOF
{
	admin off
	auto_https off
}
http://127.0.0.1:$port {
	log {
		output file $tmpdir/caddy.log
		format json
	}
	root * $tmpdir/caddy/www
	respond /ok "ok" 200
	respond /fail "boom" 500
	file_server /big/*
	respond "not here" 404
}
EOF
HOME=$tmpdir/caddy XDG_DATA_HOME=$tmpdir/caddy XDG_CONFIG_HOME=$tmpdir/caddy \
    caddy run --config "$tmpdir/caddy/Caddyfile" --adapter caddyfile \
    >"$tmpdir/caddy.out" 2>&1 &
caddy_pid=$!
if wait_up "http://127.0.0.1:$port/ok"; then
	hit "http://127.0.0.1:$port"
	kill "$caddy_pid"
	wait "$caddy_pid" || true
	check caddy "$tmpdir/caddy.log"
else
	kill "$caddy_pid" 2>/dev/null || true
	fail caddy "Caddy did not start: $(tail -n 3 "$tmpdir/caddy.out")"
fi

finish
