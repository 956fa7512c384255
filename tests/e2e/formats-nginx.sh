#!/bin/sh
# formats-nginx.sh - --log-format nginx and detection on the access log of a real nginx
# (log_format ... escape=json with $time_iso8601, $request, $status, $request_time; run by
# this user under a prefix of its own on 127.0.0.1, hit by curl, slow answers by
# limit_rate), checked against formats-ref.py (formats-lib.sh). Skips (77) without nginx or
# curl.
. "$(dirname "$0")/formats-lib.sh"
if ! { command -v nginx >/dev/null 2>&1 && command -v curl >/dev/null 2>&1; }; then
	echo "nginx or curl not found: skipped"
	exit 77
fi

port=$(free_port)
n=$tmpdir/nginx
mkdir -p "$n/logs" "$n/www/big" "$n/tmp"
head -c 300000 /dev/zero >"$n/www/big/a"
head -c 900000 /dev/zero >"$n/www/big/b"
cat >"$n/nginx.conf" <<EOF
daemon off;
master_process off;
pid $n/nginx.pid;
error_log $n/logs/error.log;
events {}
http {
	client_body_temp_path $n/tmp/body;
	proxy_temp_path $n/tmp/proxy;
	fastcgi_temp_path $n/tmp/fastcgi;
	uwsgi_temp_path $n/tmp/uwsgi;
	scgi_temp_path $n/tmp/scgi;
	log_format perf escape=json '{"time_iso8601":"\$time_iso8601","request":"\$request",'
	    '"status":"\$status","request_time":"\$request_time","bytes":\$bytes_sent}';
	server {
		listen 127.0.0.1:$port;
		access_log $tmpdir/nginx.log perf;
		root $n/www;
		location = /ok { return 200 "ok\n"; }
		location = /fail { return 503; }
		location /big/ { limit_rate 4m; }
	}
}
EOF
nginx -p "$n" -c "$n/nginx.conf" -e "$n/logs/error.log" >"$tmpdir/nginx.out" 2>&1 &
nginx_pid=$!
if wait_up "http://127.0.0.1:$port/ok"; then
	hit "http://127.0.0.1:$port"
	kill "$nginx_pid"
	wait "$nginx_pid" || true
	check nginx "$tmpdir/nginx.log"
else
	kill "$nginx_pid" 2>/dev/null || true
	fail nginx "nginx did not start: $(tail -n 3 "$tmpdir/nginx.out" "$n/logs/error.log")"
fi

finish
